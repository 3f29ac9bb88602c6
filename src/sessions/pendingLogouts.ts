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

/** A record waiting for its login: when it happened, and where it is. */
export interface Waiting {
  seconds: number;
  microseconds: number;
  index: number;
  offset: number;
}

interface Entry extends Waiting {
  /** Push order: higher is newer (nearer the front of last's list). */
  seq: number;
  /** False once dropped (a lineless entry may still sit in `order`). */
  live: boolean;
  /** A line's entry is live while this is the table's `epoch` (clear() moves the epoch on). */
  epoch: number;
  readonly id: string;
}

export class PendingLogouts {
  /**
   * Work done so far: one per push or take, one per entry a loop visits. Tests
   * check it grows linearly with the records, whatever the number of open logins.
   */
  steps = 0;
  private seq = 0;
  /**
   * The entry of each line seen. A taken entry stays, marked dead, to be
   * reused by the line's next push, and clear() kills them all by moving the
   * epoch on: deleting from a Map and adding again reallocates its table over
   * and over (it was most of the time pairing took). Dead entries are swept
   * when they outnumber the live ones.
   */
  private readonly byLine = new Map<string, Entry>();
  /** Live entries in byLine: those of this epoch (entries of an earlier one are dead). */
  private liveLines = 0;
  private epoch = 1;
  /** Entries without a line, by id. */
  private readonly byId = new Map<string, Entry>();
  /**
   * The lineless entries in push order, with the seq each had when pushed: a
   * login with an empty line takes the newest lineless entry of any id. Slots
   * left behind by a newer push of the same id, or by a drop, are skipped (and
   * compacted away when they outnumber the live ones).
   */
  private order: Entry[] = [];
  private orderSeq: number[] = [];

  /** A record with a line: it ends the next earlier login on that line. */
  pushLine(line: string, seconds: number, microseconds: number, index: number, offset: number): void {
    this.steps++;
    let e = this.byLine.get(line);
    if (e === undefined) {
      if (this.byLine.size >= 2 * this.liveLines + 1024) this.sweepLines();
      e = { seconds, microseconds, index, offset, seq: 0, live: false, epoch: 0, id: "" };
      this.byLine.set(line, e);
    }
    if (e.epoch !== this.epoch) {
      e.epoch = this.epoch;
      this.liveLines++;
    }
    // an older entry of the line can never be taken again: reuse it
    this.fill(e, seconds, microseconds, index, offset);
  }

  /** A logout without a line (FreeBSD's): it ends the next earlier login of its id. */
  pushLineless(id: string, seconds: number, microseconds: number, index: number, offset: number): void {
    this.steps++;
    let e = this.byId.get(id);
    if (e === undefined) {
      e = { seconds, microseconds, index, offset, seq: 0, live: true, epoch: 0, id };
      this.byId.set(id, e);
    }
    this.fill(e, seconds, microseconds, index, offset);
    this.order.push(e);
    this.orderSeq.push(e.seq);
    if (this.order.length > 2 * this.byId.size + 64) this.compact();
  }

  /** Whether a lineless record waits: only then does a login's id matter. */
  get linelessWaiting(): boolean {
    return this.byId.size > 0;
  }

  /**
   * The record that ends a login on `line` with id `id` (needed only when
   * linelessWaiting): the most recently pushed entry of the line, or lineless
   * of the id. Every entry that could have matched is dropped. A login with an
   * empty line matches every lineless entry, as last's string compare does.
   * Read the record before the next push: its object is reused.
   */
  take(line: string, id: string): Waiting | undefined {
    this.steps++;
    if (line === "") {
      const newest = this.newestLineless();
      if (newest) this.dropLineless();
      return newest;
    }
    let byLine = this.byLine.get(line);
    if (byLine !== undefined && byLine.epoch !== this.epoch) byLine = undefined;
    let byId: Entry | undefined;
    if (id !== "" && this.byId.size > 0) byId = this.byId.get(id);
    if (byLine) {
      byLine.epoch = 0;
      this.liveLines--;
    }
    if (byId) {
      this.byId.delete(byId.id);
      byId.live = false;
    }
    if (byLine && byId) return byLine.seq > byId.seq ? byLine : byId;
    return byLine ?? byId;
  }

  /** A boot or shutdown: nothing before it ends a login after it. */
  clear(): void {
    // every line's entry dies at once; the entries stay, to be reused as their lines come back
    // (emptying the map made each boot rebuild it, an object and an insertion per line)
    this.epoch++;
    this.liveLines = 0;
    if (this.byId.size > 0) this.dropLineless();
  }

  /** Entries waiting (one per line, and one per id of the lineless ones). */
  get size(): number {
    return this.liveLines + this.byId.size;
  }

  private fill(e: Entry, seconds: number, microseconds: number, index: number, offset: number): void {
    e.seq = ++this.seq;
    e.seconds = seconds;
    e.microseconds = microseconds;
    e.index = index;
    e.offset = offset;
  }

  /** Drops the dead entries of byLine (their lines may never come back). */
  private sweepLines(): void {
    this.steps += this.byLine.size;
    for (const [line, e] of this.byLine) if (e.epoch !== this.epoch) this.byLine.delete(line);
  }

  private newestLineless(): Entry | undefined {
    for (let k = this.order.length - 1; k >= 0; k--) {
      const e = this.order[k]!;
      this.steps++;
      if (e.live && e.seq === this.orderSeq[k]) return e;
      this.order.pop();
      this.orderSeq.pop();
    }
    return undefined;
  }

  private dropLineless(): void {
    this.steps += this.byId.size;
    for (const e of this.byId.values()) e.live = false;
    this.byId.clear();
    this.order = [];
    this.orderSeq = [];
  }

  private compact(): void {
    const order: Entry[] = [], orderSeq: number[] = [];
    this.steps += this.order.length;
    for (let k = 0; k < this.order.length; k++) {
      const e = this.order[k]!;
      if (e.live && e.seq === this.orderSeq[k]) { order.push(e); orderSeq.push(e.seq); }
    }
    this.order = order;
    this.orderSeq = orderSeq;
  }
}
