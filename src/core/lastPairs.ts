// The host's side of last's pairing in the core (assembly/lastPairs.ts): its
// start, the type table of a layout, a call per batch, and, for the hand-over
// to the host's pairer, last's marks and the lines waiting.
import type { Core } from "./core.ts";

/** The texts (offset << 8 | length in the last texts region) the core names the rows that are not sessions by. */
export interface PairTexts {
  readonly boot: number;
  readonly down: number;
  readonly newTime: number;
  readonly oldTime: number;
  /** "(to lvl " (a level byte of 0). */
  readonly levelZero: number;
  /** "(to lvl X)" for X = 0x20: the one of X is ten bytes further per X up to 0x7e. */
  readonly levels: number;
}

export interface PairOptions {
  readonly now: number;
  /** 0: none (as SessionPairer takes them). */
  readonly since: number;
  readonly until: number;
  /** -x: shutdown, runlevel and clock-change rows are listed. */
  readonly extended: boolean;
  /** -n: rows at most (0: no limit). */
  readonly limit: number;
  readonly texts: PairTexts;
}

/** last's state the host's pairer takes over (SessionPairer.takeOver). */
export interface PairMarks {
  readonly lastboot: number;
  readonly lastrch: number;
  readonly lastdown: number;
  readonly whydown: number;
}

/** What one pairRecords() did. */
export interface Paired {
  /** Rows described from the start of the last rows region. */
  readonly rows: number;
  /** The record left to the host's pairer, or -1. */
  readonly stop: number;
  /** Records taken (the host's pairer counts them as pushed). */
  readonly taken: number;
}

export class LastPairs {
  private kinds: readonly number[] | undefined;

  constructor(private readonly core: Core) {}

  /** The core's number of last's type `name` (EMPTY, USER_PROCESS, ..., OTHER): the host's must be the same. */
  kindNumber(name: string): number {
    return this.core.value(`PK_${name}`);
  }

  /** Lines the core keeps waiting at most bytes of: a layout with longer lines is paired by the host. */
  get lineBytes(): number {
    return this.core.value("PAIR_KEY_BYTES");
  }

  start(o: PairOptions): void {
    const t = o.texts;
    this.core.exports.pairStart(o.now, o.since, o.until, o.extended, o.limit, t.boot, t.down, t.newTime, t.oldTime, t.levelZero, t.levels);
    this.kinds = undefined;
  }

  /** last's type of each raw type 0-255 (others: OTHER), of the layout whose records come next. */
  setKinds(kinds: readonly number[]): void {
    if (kinds === this.kinds) return;
    const table = new Uint8Array(this.core.exports.memory.buffer, this.core.value("pairKindsPtr"), this.core.value("PAIR_KINDS"));
    const other = this.kindNumber("OTHER");
    for (let r = 0; r < table.length; r++) table[r] = kinds[r] ?? other;
    this.kinds = kinds;
  }

  /** Pairs records count - 1 down to 0 of the last decode. */
  pair(count: number): Paired {
    const rows = this.core.exports.pairRecords(count);
    return { rows, stop: this.core.live("pairStop"), taken: this.core.live("pairTaken") };
  }

  /** The first `count` row descriptions (views, valid until the core's next call), for the zone offsets. */
  described(count: number): { f64: Float64Array; i32: Int32Array } {
    const buffer = this.core.exports.memory.buffer;
    const at = this.core.value("lastRowsPtr");
    const bytes = count * this.core.value("LAST_ROW_BYTES");
    return { f64: new Float64Array(buffer, at, bytes / 8), i32: new Int32Array(buffer, at, bytes / 4) };
  }

  /** Slots of the waiting lines' table looked at since start(): a few per record (tests). */
  get steps(): number {
    return this.core.live("pairSteps");
  }

  marks(): PairMarks {
    const live = this.core.live;
    return { lastboot: live("pairLastboot"), lastrch: live("pairLastrch"), lastdown: live("pairLastdown"), whydown: live("pairWhydown") };
  }

  /** The lines waiting, as byte strings (one char per byte), with their records' times. */
  waiting(): [line: string, seconds: number][] {
    const v = this.core.value;
    const slotBytes = v("PAIR_SLOT_BYTES");
    const table = new DataView(this.core.exports.memory.buffer, v("pairTablePtr"), v("PAIR_SLOTS") * slotBytes);
    const epoch = this.core.live("pairEpoch");
    const epochAt = v("PAIR_EPOCH_AT"), lengthAt = v("PAIR_LENGTH_AT"), secondsAt = v("PAIR_SECONDS_AT");
    const out: [string, number][] = [];
    for (let at = 0; at < table.byteLength; at += slotBytes) {
      if (table.getInt32(at + epochAt, true) !== epoch) continue;
      let line = "";
      for (let k = 0, n = table.getInt32(at + lengthAt, true); k < n; k++) line += String.fromCharCode(table.getUint8(at + k));
      out.push([line, table.getFloat64(at + secondsAt, true)]);
    }
    return out;
  }
}
