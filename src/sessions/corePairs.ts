// `utmpx last`'s records paired by the core (assembly/lastPairs.ts) while it
// can, its rows described there and written by it: the host's pairer
// (pairer.ts) spent about 0.2 s of the 0.5 a million records took, a call and
// a few strings per record. The core does what that pairer does for a Linux
// layout typed by its type table, when the rows are last's text (no operands,
// no -p, not lastb: the caller asks the formatter); on the live system, the
// logins it lists as gone are checked here, as the host's pairer checks them.
// At a batch it cannot read (another layout, a batch the core no longer holds)
// or a record it does not pair (see lastPairs.ts), the host's pairer takes its
// state over, once and for all, and goes on from there.
import { engine } from "../core/engine.ts";
import type { LastPairs, PairOptions } from "../core/lastPairs.ts";
import { TypeSource, type RecordBatch } from "../core/recordBatch.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import type { Layout } from "../layouts/table.ts";
import {
  ACCOUNTING, BOOT_TIME, DEAD_PROCESS, EMPTY, INIT_PROCESS, kindOf, LOGIN_PROCESS, NEW_TIME, OLD_TIME, OTHER, RUN_LVL, SHUTDOWN_TIME, USER_PROCESS,
} from "./kinds.ts";
import type { SessionPairer } from "./pairer.ts";
import type { RecordSource } from "./recordSource.ts";
import { R_NOW, R_PHANTOM, type SessionsOptions } from "./session.ts";
import { FIXED, ROW, ROW_I32 } from "../core/lastRowSlots.ts";

/** Where the core's rows go: the formatter writes them (LastFormatter.writeCorePaired). */
export type PairedRows = (batch: RecordBatch, rows: number, described: { f64: Float64Array; i32: Int32Array }) => void;

/** The core's options (-x, -n and the texts from LastFormatter.corePairing()), and the live system's check. */
export interface CorePairsOptions extends PairOptions {
  /**
   * The live system's check of a login never closed before every boot (as
   * SessionsOptions.isPhantom): false makes the row "still logged in". Absent:
   * a file, where such a login is "gone".
   */
  readonly isPhantom?: SessionsOptions["isPhantom"];
}

/** kinds.ts's numbers, which the core's must be. */
const KINDS: Record<string, number> = {
  EMPTY, RUN_LVL, BOOT_TIME, NEW_TIME, OLD_TIME, INIT_PROCESS, LOGIN_PROCESS, USER_PROCESS, DEAD_PROCESS, ACCOUNTING, SHUTDOWN_TIME, OTHER,
};

export class CorePairs {
  /** The core's pairing, until the host's pairer takes over. */
  private pairs: LastPairs | undefined;
  private readonly kinds = new WeakMap<Layout, number[]>();
  private readonly isPhantom: SessionsOptions["isPhantom"];

  /** Pairs for `pairer` (the same options) from the first record on; `rows` writes the rows the core describes. */
  constructor(private readonly pairer: SessionPairer, options: CorePairsOptions, private readonly rows: PairedRows) {
    this.isPhantom = options.isPhantom;
    const pairs = engine().lastPairs();
    for (const [name, kind] of Object.entries(KINDS)) {
      if (pairs.kindNumber(name) !== kind) throw new UtmpError(UtmpErrorCode.INTERNAL, `utmpx core: last's ${name} is ${pairs.kindNumber(name)} there, ${kind} here`);
    }
    pairs.start(options);
    this.pairs = pairs;
  }

  /** Whether the core still pairs: the records it reads need no strings decoded. */
  get pairing(): boolean {
    return this.pairs !== undefined;
  }

  /**
   * Pairs `batch`'s records in the core, newest first, while it can, and has
   * their rows written. Returns the record the host's pairer goes on from
   * (-1: none is left; -n may be met).
   */
  pair(batch: RecordBatch, source: RecordSource): number {
    const pairs = this.pairs;
    if (!pairs) return batch.length - 1;
    if (!this.readable(batch, pairs)) {
      this.handOver(pairs, 0);
      return batch.length - 1;
    }
    pairs.setKinds(this.kindsOf(batch.layout));
    const { rows, stop, taken } = pairs.pair(batch.length);
    if (rows > 0) {
      const described = pairs.described(rows);
      if (this.isPhantom) this.checkLive(described.i32, rows, source);
      this.rows(batch, rows, described);
    }
    if (stop < 0) {
      this.pairer.records += taken;
      return -1;
    }
    this.handOver(pairs, taken);
    return stop;
  }

  /**
   * The live system's logins never closed before every boot, which the core
   * lists as gone: still logged in where the check says so (source: the batch's
   * records, read as the host's pairer reads them).
   */
  private checkLive(described: Int32Array, rows: number, source: RecordSource): void {
    for (let k = 0; k < rows; k++) {
      const at = k * ROW_I32;
      if (described[at + FIXED] !== R_PHANTOM) continue;
      const i = described[at + ROW]!;
      if (!this.isPhantom!({ user: source.user(i), line: source.line(i), pid: source.pid(i), seconds: source.seconds(i) })) described[at + FIXED] = R_NOW;
    }
  }

  /** Whether the core pairs this batch: of the last decode, of a Linux layout typed by its table, lines it keeps. */
  private readable(batch: RecordBatch, pairs: LastPairs): boolean {
    const layout = batch.layout;
    return batch.coreText() !== undefined && layout.os === "Linux" && batch.typeSource === TypeSource.Table && !layout.framing &&
      (layout.fields.line?.length ?? 0) <= pairs.lineBytes;
  }

  /** The host's pairer goes on from the core's state, `taken` records of this batch later. */
  private handOver(pairs: LastPairs, taken: number): void {
    this.pairer.takeOver(pairs.marks(), pairs.waiting(), taken);
    this.pairs = undefined;
  }

  private kindsOf(layout: Layout): number[] {
    let kinds = this.kinds.get(layout);
    if (!kinds) this.kinds.set(layout, (kinds = layout.types.map(kindOf)));
    return kinds;
  }
}
