// The package's batches, appended into the viewer's columns. Numbers are
// copied column by column (TypedArray.set); strings become dictionary ids
// without a string per record (batchIds.ts). The columns are allocated once
// for the records the file's size promises, and grow only for layouts whose
// size does not tell.
import { Entry, type EntryBatch, type Layout, type LayoutFields } from "../../src/index.ts";
import { TYPE_CODE } from "../types.ts";
import { OUT_OF_ORDER, type RecordColumns } from "../protocol.ts";
import { outsideDates } from "../time.ts";
import type { Dictionary } from "./dictionary.ts";
import { BatchIds } from "./batchIds.ts";

type Writable<T> = { -readonly [K in keyof T]: T[K] };
type NumberKind = NonNullable<LayoutFields["pid"]>["kind"];

const UNKNOWN = TYPE_CODE.get("UNKNOWN")!;
/** Rows touched per touchAhead() step: ~1 MB of columns or less, a few milliseconds. */
const TOUCH_ROWS = 16384;

/** The typed array kinds of the columns whose width follows the layout (see widths()). */
interface Widths {
  readonly offset: Uint32ArrayConstructor | Float64ArrayConstructor;
  readonly seconds: Int32ArrayConstructor | Uint32ArrayConstructor | Float64ArrayConstructor;
  readonly rawType: Int16ArrayConstructor | Int32ArrayConstructor;
  readonly pid: Int32ArrayConstructor | Float64ArrayConstructor;
  readonly micros: Int32ArrayConstructor | Float64ArrayConstructor;
  readonly session: Int32ArrayConstructor | Float64ArrayConstructor;
  readonly exit: Int16ArrayConstructor | Int32ArrayConstructor;
}

const WIDE: Widths = { offset: Float64Array, seconds: Float64Array, rawType: Int32Array, pid: Float64Array, micros: Float64Array, session: Float64Array, exit: Int32Array };
const fits16 = (kind: NumberKind) => kind === "u8" || kind === "i16";
const fits32 = (kind: NumberKind) => fits16(kind) || kind === "u16" || kind === "i32";

/**
 * Columns as narrow as the layout's fields allow: a glibc record's type and
 * exit status are 16-bit, its pid, session, seconds and microseconds 32-bit,
 * and a file under 4 GiB has 32-bit offsets, so a million rows take 48 MB, not
 * 74. Why it matters: fresh memory costs ~5 ms per MB to touch on this
 * machine, on the cores the decoding needs (18 MB less brought a 1M-record
 * file on screen 56-378 ms sooner in 4 paired runs). What is absent or wider
 * (no pid: NaN; an unsigned 32-bit pid; 64-bit values) stays in the wide
 * kinds; so does anything but plain records (databases, lastlog).
 * `fileBytes`: the file's size, when known (its offsets' bound).
 */
function widths(layout: Layout | undefined, fileBytes: number | undefined): Widths {
  if (!layout || layout.kind !== "records" || layout.id === "wtmpdb") return WIDE;
  const f = layout.fields;
  const seconds = f.seconds?.kind;
  return {
    offset: fileBytes !== undefined && fileBytes <= 0xffffffff ? Uint32Array : Float64Array,
    seconds: seconds === "u32" ? Uint32Array : seconds !== undefined && fits32(seconds) ? Int32Array : Float64Array,
    rawType: !f.type || fits16(f.type.kind) ? Int16Array : Int32Array,
    pid: f.pid && fits32(f.pid.kind) ? Int32Array : Float64Array,
    // absent, they read 0; u64-micros seconds give microseconds 0-999,999
    micros: !f.microseconds || fits32(f.microseconds.kind) ? Int32Array : Float64Array,
    session: f.session && fits32(f.session.kind) ? Int32Array : Float64Array,
    exit: !f.exit || fits16(f.exit.kind) ? Int16Array : Int32Array,
  };
}

function allocate(n: number, w: Widths): Writable<RecordColumns> {
  return {
    offset: new w.offset(n), type: new Uint8Array(n), rawType: new w.rawType(n), pid: new w.pid(n),
    seconds: new w.seconds(n), micros: new w.micros(n), user: new Uint32Array(n), line: new Uint32Array(n),
    host: new Uint32Array(n), id: new Uint32Array(n), addr: new Uint32Array(n), session: new w.session(n),
    exitTerm: new w.exit(n), exitCode: new w.exit(n), flags: new Uint8Array(n),
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

  private widths: Widths;

  /** `layout`: the file's, when known before its first batch, and `fileBytes`, its size if known: they pick the columns' widths. */
  constructor(expected: number, dict: Dictionary, private readonly layout?: Layout, fileBytes?: number) {
    this.widths = widths(layout, fileBytes);
    this.c = allocate(Math.max(16, expected), this.widths);
    this.ids = new BatchIds(dict);
  }

  private reserve(n: number, layout: Layout): void {
    const capacity = this.c.offset.length;
    // a batch of another layout than the one the widths were chosen for (not expected): wide columns from here
    const widen = this.widths !== WIDE && layout.id !== this.layout?.id;
    if (widen) this.widths = WIDE;
    if (this.length + n <= capacity && !widen) return;
    const bigger = allocate(Math.max(capacity * (widen ? 1 : 2), this.length + n), this.widths);
    for (const key of Object.keys(bigger) as (keyof RecordColumns)[]) (bigger[key] as Float64Array).set(this.c[key] as Float64Array);
    this.c = bigger;
  }

  /**
   * Writes zeros into the next rows of the columns not yet used, a step of
   * them; false once every row is. Why: the first write to a page of fresh
   * memory costs ~5 ms per MB on this machine (the columns of a million records
   * are 48-74 MB), and the decoder spends up to half a second waiting for the
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
    this.reserve(n, batch.layout);
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
    this.ids.addresses(batch, c.addr, at, c.host);
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
