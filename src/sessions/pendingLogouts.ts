// The records waiting for an earlier login on their line (last's list of
// "utmplist" entries), kept so that a login finds its end in constant time
// however many logins are open.
//
// last keeps one list, newest pushed first, and for each login takes the first
// entry whose line is the login's (or, for a logout with no line, FreeBSD's,
// whose id is the login's), then drops every entry that would have matched.
// All entries of one line are dropped together, and only the most recently
// pushed of them can ever be taken: so one entry per line is enough, and one
// per id for the lineless ones. A sequence number says which of the line's and
// the id's entry was pushed last, as the list order did. Every operation is a
// map lookup, so pairing stays linear in the records.
import { grown } from "../util/grown.ts";
import { LargeMap } from "../util/largeMap.ts";

/** A record waiting for its login: when it happened, and where it is. */
export interface Waiting {
  seconds: number;
  microseconds: number;
  index: number;
  offset: number;
}

/**
 * The waiting records' fields, one slot each, in typed arrays rather than an
 * object per record: a hostile file with tens of millions of distinct lines
 * waiting keeps about 45 bytes a record outside the JS heap, where objects took
 * some 130 inside it and ran into its 4 GB limit. Freed slots are reused.
 */
class Slots {
  seconds = new Float64Array(64);
  microseconds = new Float64Array(64);
  index = new Float64Array(64);
  offset = new Float64Array(64);
  /** Push order: higher is newer (nearer the front of last's list). */
  seq = new Float64Array(64);
  /** A line's slot is live while this is the table's `epoch` (clear() moves the epoch on). */
  epoch = new Int32Array(64);
  /** An id's slot: 0 once dropped (it may still sit in the lineless order). */
  live = new Uint8Array(64);
  private used = 0;
  private free: number[] = [];

  alloc(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    const s = this.used++;
    if (s === this.seconds.length) {
      const n = s + 1;
      this.seconds = grown(this.seconds, n);
      this.microseconds = grown(this.microseconds, n);
      this.index = grown(this.index, n);
      this.offset = grown(this.offset, n);
      this.seq = grown(this.seq, n);
      this.epoch = grown(this.epoch, n);
      this.live = grown(this.live, n);
    }
    return s;
  }

  release(s: number): void {
    this.free.push(s);
  }

  /** Copies slot `s` into `to`. */
  read(s: number, to: Waiting): Waiting {
    to.seconds = this.seconds[s]!;
    to.microseconds = this.microseconds[s]!;
    to.index = this.index[s]!;
    to.offset = this.offset[s]!;
    return to;
  }
}

export class PendingLogouts {
  /**
   * Work done so far: one per push or take, one per entry a loop visits. Tests
   * check it grows linearly with the records, whatever the number of open logins.
   */
  steps = 0;
  private seq = 0;
  private readonly slots = new Slots();
  /**
   * The slot of each line seen. A taken line's slot stays, dead, to be reused
   * by the line's next push, and clear() kills them all by moving the epoch
   * on: deleting from a Map and adding again reallocates its table over and
   * over (it was most of the time pairing took). Dead slots are swept when
   * they outnumber the live ones. A LargeMap: a Map stops at 2^24 keys.
   */
  private readonly byLine: LargeMap<string, number>;
  /** Live slots in byLine: those of this epoch (slots of an earlier one are dead). */
  private liveLines = 0;
  private epoch = 1;
  /** Slots of records without a line, by id. */
  private readonly byId: LargeMap<string, number>;
  /**
   * The lineless slots in push order, with the seq each had when pushed: a
   * login with an empty line takes the newest lineless record of any id.
   * Places left behind by a newer push of the same id, or by a drop, are
   * skipped (and compacted away when they outnumber the live ones).
   */
  private order = new Int32Array(64);
  private orderSeq = new Float64Array(64);
  private orderLength = 0;
  /** What take() returns, refilled every time. */
  private readonly found: Waiting = { seconds: 0, microseconds: 0, index: 0, offset: 0 };

  /** `partSize`: keys per Map of the LargeMaps (tests make it small). */
  constructor(partSize?: number) {
    this.byLine = new LargeMap(partSize);
    this.byId = new LargeMap(partSize);
  }

  /** A record with a line: it ends the next earlier login on that line. */
  pushLine(line: string, seconds: number, microseconds: number, index: number, offset: number): void {
    this.steps++;
    const slots = this.slots;
    let s = this.byLine.get(line);
    if (s === undefined) {
      if (this.byLine.size >= 2 * this.liveLines + 1024) this.sweepLines();
      s = slots.alloc();
      slots.epoch[s] = 0;
      this.byLine.set(line, s);
    }
    if (slots.epoch[s] !== this.epoch) {
      slots.epoch[s] = this.epoch;
      this.liveLines++;
    }
    // an older record of the line can never be taken again: its slot is reused
    this.fill(s, seconds, microseconds, index, offset);
  }

  /** A logout without a line (FreeBSD's): it ends the next earlier login of its id. */
  pushLineless(id: string, seconds: number, microseconds: number, index: number, offset: number): void {
    this.steps++;
    let s = this.byId.get(id);
    if (s === undefined) {
      s = this.slots.alloc();
      this.slots.live[s] = 1;
      this.byId.set(id, s);
    }
    this.fill(s, seconds, microseconds, index, offset);
    const k = this.orderLength++;
    this.order = grown(this.order, k + 1);
    this.orderSeq = grown(this.orderSeq, k + 1);
    this.order[k] = s;
    this.orderSeq[k] = this.seq;
    if (this.orderLength > 2 * this.byId.size + 64) this.compact();
  }

  /** Whether a lineless record waits: only then does a login's id matter. */
  get linelessWaiting(): boolean {
    return this.byId.size > 0;
  }

  /**
   * The record that ends a login on `line` with id `id` (needed only when
   * linelessWaiting): the most recently pushed record of the line, or lineless
   * of the id. Every record that could have matched is dropped. A login with
   * an empty line matches every lineless record, as last's string compare
   * does. Read the result before the next call: its object is reused.
   */
  take(line: string, id: string): Waiting | undefined {
    this.steps++;
    const slots = this.slots;
    if (line === "") {
      const newest = this.newestLineless();
      if (newest < 0) return undefined;
      slots.read(newest, this.found);
      this.dropLineless();
      return this.found;
    }
    let byLine = this.byLine.get(line);
    if (byLine !== undefined && slots.epoch[byLine] !== this.epoch) byLine = undefined;
    let byId: number | undefined;
    if (id !== "" && this.byId.size > 0) byId = this.byId.get(id);
    if (byLine !== undefined) {
      slots.epoch[byLine] = 0;
      this.liveLines--;
    }
    if (byId !== undefined) {
      this.byId.delete(id);
      slots.live[byId] = 0;
      slots.release(byId);
    }
    // the slot freed for byId is read before anything can reuse it
    const newest = byLine !== undefined && byId !== undefined ? (slots.seq[byLine]! > slots.seq[byId]! ? byLine : byId) : byLine ?? byId;
    return newest === undefined ? undefined : slots.read(newest, this.found);
  }

  /** A boot or shutdown: nothing before it ends a login after it. */
  clear(): void {
    // every line's slot dies at once; the slots stay, to be reused as their lines come back
    // (emptying the map made each boot rebuild it, an insertion per line)
    this.epoch++;
    this.liveLines = 0;
    if (this.byId.size > 0) this.dropLineless();
  }

  /** Records waiting (one per line, and one per id of the lineless ones). */
  get size(): number {
    return this.liveLines + this.byId.size;
  }

  private fill(s: number, seconds: number, microseconds: number, index: number, offset: number): void {
    const slots = this.slots;
    slots.seq[s] = ++this.seq;
    slots.seconds[s] = seconds;
    slots.microseconds[s] = microseconds;
    slots.index[s] = index;
    slots.offset[s] = offset;
  }

  /** Drops the dead slots of byLine (their lines may never come back). */
  private sweepLines(): void {
    this.steps += this.byLine.size;
    for (const [line, s] of this.byLine) {
      if (this.slots.epoch[s] !== this.epoch) {
        this.byLine.delete(line);
        this.slots.release(s);
      }
    }
  }

  /** Whether place `k` of the lineless order still holds its slot's record. */
  private current(k: number): boolean {
    const s = this.order[k]!;
    return this.slots.live[s] === 1 && this.slots.seq[s] === this.orderSeq[k];
  }

  /** The newest live lineless slot, or -1. */
  private newestLineless(): number {
    for (let k = this.orderLength - 1; k >= 0; k--) {
      this.steps++;
      if (this.current(k)) return this.order[k]!;
      this.orderLength--;
    }
    return -1;
  }

  private dropLineless(): void {
    this.steps += this.byId.size;
    for (const s of this.byId.values()) {
      this.slots.live[s] = 0;
      this.slots.release(s);
    }
    this.byId.clear();
    this.orderLength = 0;
  }

  private compact(): void {
    this.steps += this.orderLength;
    let kept = 0;
    for (let k = 0; k < this.orderLength; k++) {
      if (!this.current(k)) continue;
      this.order[kept] = this.order[k]!;
      this.orderSeq[kept++] = this.orderSeq[k]!;
    }
    this.orderLength = kept;
  }
}
