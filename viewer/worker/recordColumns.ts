// The package's batches, appended into the viewer's columns. Numbers are
// copied column by column (TypedArray.set); strings become dictionary ids
// without a string per record (batchIds.ts). The columns are allocated once
// for the records the file's size promises, and grow only for layouts whose
// size does not tell.
import { Entry, type EntryBatch } from "../../src/index.ts";
import { TYPE_CODE } from "../types.ts";
import { OUT_OF_ORDER, type RecordColumns } from "../protocol.ts";
import { outsideDates } from "../time.ts";
import type { Dictionary } from "./dictionary.ts";
import { BatchIds } from "./batchIds.ts";

type Writable<T> = { -readonly [K in keyof T]: T[K] };

const UNKNOWN = TYPE_CODE.get("UNKNOWN")!;
/** Rows touched per touchAhead() step: ~1 MB of columns, a few milliseconds. */
const TOUCH_ROWS = 16384;

function allocate(n: number): Writable<RecordColumns> {
  return {
    offset: new Float64Array(n), type: new Uint8Array(n), rawType: new Int32Array(n), pid: new Float64Array(n),
    seconds: new Float64Array(n), micros: new Float64Array(n), user: new Uint32Array(n), line: new Uint32Array(n),
    host: new Uint32Array(n), id: new Uint32Array(n), addr: new Uint32Array(n), session: new Float64Array(n),
    exitTerm: new Int32Array(n), exitCode: new Int32Array(n), flags: new Uint8Array(n),
  };
}

export class ColumnsBuilder {
  private c: Writable<RecordColumns>;
  length = 0;
  /** The previous record's time (µs), to flag records that go back in time. */
  private last = -Infinity;
  /** The package's text of the times no Date holds, by row (see TimeTexts). */
  readonly timeTexts: [number, string][] = [];

  private readonly ids: BatchIds;
  /** Rows of the columns written to ahead of use (see touchAhead()). */
  private touched = 0;

  constructor(expected: number, dict: Dictionary) {
    this.c = allocate(Math.max(16, expected));
    this.ids = new BatchIds(dict);
  }

  private reserve(n: number): void {
    const capacity = this.c.offset.length;
    if (this.length + n <= capacity) return;
    const bigger = allocate(Math.max(capacity * 2, this.length + n));
    for (const key of Object.keys(bigger) as (keyof RecordColumns)[]) (bigger[key] as Float64Array).set(this.c[key] as Float64Array);
    this.c = bigger;
  }

  /**
   * Writes zeros into the next rows of the columns not yet used, a step of
   * them; false once every row is. Why: the first write to a page of fresh
   * memory costs ~5 ms per MB on this machine (the columns of a million records
   * are 74 MB), and the decoder spends up to half a second waiting for the
   * browser's bytes: touched then, the columns cost nothing when filled.
   */
  touchAhead(): boolean {
    const c = this.c, capacity = c.offset.length;
    const from = Math.max(this.touched, this.length);
    if (from >= capacity) return false;
    const to = Math.min(capacity, from + TOUCH_ROWS);
    for (const key of Object.keys(c) as (keyof RecordColumns)[]) c[key].fill(0, from, to);
    this.touched = to;
    return true;
  }

  /** Appends `batch`'s rows; `base`: where the bytes it was decoded from begin in the file (a slice's start). */
  add(batch: EntryBatch, base = 0): void {
    const n = batch.length, at = this.length;
    this.reserve(n);
    const c = this.c, b = batch.columns;
    if (batch.recordOffsets) for (let i = 0; i < n; i++) c.offset[at + i] = base + batch.recordOffsets[i]!;
    else for (let i = 0; i < n; i++) c.offset[at + i] = base + batch.offset + i * batch.layout.recordSize;
    c.seconds.set(b.seconds, at);
    c.micros.set(b.microseconds, at);
    c.exitTerm.set(b.exitTermination, at);
    c.exitCode.set(b.exitCode, at);
    if (batch.hasType) c.rawType.set(b.rawType, at); else c.rawType.fill(-1, at, at + n);
    if (batch.hasSession) c.session.set(b.session, at); else c.session.fill(NaN, at, at + n);
    if (!batch.hasPid) c.pid.fill(NaN, at, at + n);
    else if (batch.unsignedPid) for (let i = 0; i < n; i++) c.pid[at + i] = b.pid[i]! >>> 0;
    else c.pid.set(b.pid, at);
    this.types(batch, at);
    for (let i = 0; i < n; i++) if (outsideDates(b.seconds[i]!)) this.timeTexts.push([at + i, new Entry(batch, i).toJSON().date]);
    for (let i = 0; i < n; i++) {
      const f = b.flags[i]! & 15;
      c.flags[at + i] = f;
      if (f & 1) continue; // a zeroed record has no time to compare
      const t = b.seconds[i]! * 1e6 + b.microseconds[i]!;
      if (t < this.last) c.flags[at + i] = f | OUT_OF_ORDER;
      this.last = t;
    }
    for (const field of ["user", "line", "host", "id"] as const) this.ids.field(batch, field, c[field], at);
    this.ids.addresses(batch, c.addr, at);
    this.length += n;
  }

  /** Canonical types: straight from the layout's table where the number alone decides, else as Entry reads them. */
  private types(batch: EntryBatch, at: number): void {
    const layout = batch.layout;
    const out = this.c.type;
    if (layout.kind === "records" && !layout.untyped && !layout.namedEvents) {
      const codes = layout.types.map((t) => TYPE_CODE.get(t) ?? UNKNOWN);
      const raw = batch.columns.rawType;
      for (let i = 0; i < batch.length; i++) out[at + i] = codes[raw[i]!] ?? UNKNOWN;
      return;
    }
    for (let i = 0; i < batch.length; i++) out[at + i] = TYPE_CODE.get(new Entry(batch, i).type) ?? UNKNOWN;
  }

  /** Copies of the columns so far, to show the first rows while the builder goes on. */
  snapshot(): RecordColumns {
    const out = {} as Writable<RecordColumns>;
    for (const key of Object.keys(this.c) as (keyof RecordColumns)[]) (out as Record<string, unknown>)[key] = this.c[key].slice(0, this.length);
    return out;
  }

  /** The columns, trimmed to the records added. */
  finish(): RecordColumns {
    const out = {} as Writable<RecordColumns>;
    for (const key of Object.keys(this.c) as (keyof RecordColumns)[]) {
      const column = this.c[key];
      (out as Record<string, unknown>)[key] = column.length === this.length ? column : column.slice(0, this.length);
    }
    return out;
  }
}


/** The columns' buffers, to transfer rather than copy. */
export function buffersOf(columns: object): ArrayBuffer[] {
  return Object.values(columns).map((a: ArrayBufferView) => a.buffer as ArrayBuffer);
}
