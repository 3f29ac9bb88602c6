// The record columns (RECORD_COLUMNS) filled straight from a batch's columns,
// a run of rows at a time: strings by the string table's ids (each id's text
// looked up once per row group), numbers from the typed arrays. Each column
// gives the same value its ExportColumn.value would; the rare rows that need
// more (wide values, a canonical type that is not a table lookup, raw
// strings) ask that function.
import type { RecordBatch } from "../core/recordBatch.ts";
import { RECORD_FLAGS, TypeSource } from "../core/recordBatch.ts";
import { RAW_BITS } from "../core/internPolicy.ts";
import { RECORD_COLUMNS, type ExportColumn, type RecordOrigin, type RecordRow } from "./exportSchema.ts";
import { BooleanValues, Int32Values, Int64Values, StringValues, type ColumnValues } from "./parquetColumns.ts";

type Fill = (v: ColumnValues, b: RecordBatch, from: number, to: number, row: RecordRow) => void;

const column = (name: string): ExportColumn<RecordRow> => RECORD_COLUMNS.find((c) => c.name === name)!;

/** Rows `from`..`to` through the column's own value function. */
function generic(c: ExportColumn<RecordRow>): Fill {
  return (v, _b, from, to, row) => {
    for (let i = from; i < to; i++) {
      row.i = i;
      addCell(v, c.value(row));
    }
  };
}

/** Adds one cell as its column's kind takes it. */
export function addCell(v: ColumnValues, cell: string | number | bigint | boolean | null): void {
  if (cell === null) v.addNull();
  else if (v instanceof StringValues) v.add(String(cell));
  else if (v instanceof Int64Values) {
    if (typeof cell === "bigint") v.addBig(cell);
    else v.addNumber(Number(cell));
  } else if (v instanceof Int32Values) v.add(Number(cell));
  else (v as BooleanValues).add(cell === true);
}

function constant(text: (b: RecordBatch, o: RecordOrigin) => string): Fill {
  return (v, b, from, to, row) => {
    const s = v as StringValues;
    s.fill(s.intern(text(b, row.origin)), to - from);
  };
}

/** The order of a record's raw fields' bytes in RawStrings.bytes (see its doc). */
const RAW_ORDER = ["user", "line", "host", "id"] as const;

/**
 * A field the batch holds raw: each value's dictionary index found by its
 * bytes (their text depends on them and the layout only), the text made once
 * per distinct bytes.
 */
function rawField(s: StringValues, b: RecordBatch, field: "user" | "line" | "id" | "host", from: number, to: number): void {
  const raw = b.raw!;
  const lengths = b.columns[field];
  const before = RAW_ORDER.slice(0, RAW_ORDER.indexOf(field)).filter((f) => (raw.fields & RAW_BITS[f]) !== 0).map((f) => b.columns[f]);
  const bytes = raw.bytes;
  const plain = s.plainText;
  for (let i = from; i < to; i++) {
    let at = raw.starts[i]!;
    for (let j = 0; j < before.length; j++) at += before[j]![i]!;
    const len = lengths[i]!;
    let k: number;
    if (!isAscii(bytes, at, len)) {
      k = s.bytesIndex(b.layout, bytes, at, len, 0);
      if (k < 0) k = s.internBytes(bytes, at, len, 0, b.fieldText(field, i)!);
    } else if (plain) {
      s.addPlainUtf8(bytes, at, len); // its own text's UTF-8
      continue;
    } else k = s.internUtf8(bytes, at, len);
    s.addIndex(k);
  }
}

/** Whether the bytes are ASCII without NUL: then a field's text is they, one char each (binary ids included). */
function isAscii(src: Uint8Array, at: number, len: number): boolean {
  for (let j = at; j < at + len; j++) {
    const c = src[j]!;
    if (c === 0 || c > 0x7f) return false;
  }
  return true;
}

/** The owner of addresses' bytes: their text depends on nothing else. */
const ADDRESSES = {};

/** user, line, id, ut_host: by string id where the batch interned them. */
function stringField(field: "user" | "line" | "id" | "host"): Fill {
  return (v, b, from, to) => {
    if (!b.layout.fields[field]) {
      for (let i = from; i < to; i++) v.addNull();
      return;
    }
    const s = v as StringValues;
    if (b.isRaw(field)) return rawField(s, b, field, from, to);
    const strings = b.strings;
    s.addKeys(strings, b.columns[field], from, to, (id) => strings.text(id));
  };
}

const byName: Record<string, Fill> = {
  host: constant((_b, o) => o.host),
  source: constant((_b, o) => o.source),
  layout: constant((b) => b.layout.id),
  offset: (v, b, from, to) => {
    const c = v as Int64Values;
    const offsets = b.recordOffsets;
    const size = b.layout.recordSize;
    for (let i = from; i < to; i++) c.addNumber(offsets ? offsets[i]! : b.offset + i * size);
  },
  type: (() => {
    const slow = generic(column("type"));
    return (v, b, from, to, row) => {
      if (b.typeSource !== TypeSource.Table) return slow(v, b, from, to, row);
      const s = v as StringValues;
      const raw = b.columns.rawType;
      const types = b.layout.types;
      for (let i = from; i < to; i++) {
        const t = raw[i]!;
        if (t < 0 || t > 0xffff) {
          s.add(types[t] ?? "UNKNOWN");
          continue;
        }
        let k = s.keyedIndex(types, t);
        if (k < 0) k = s.internKeyed(t, types[t] ?? "UNKNOWN");
        s.addIndex(k);
      }
    };
  })(),
  raw_type: (v, b, from, to) => {
    const c = v as Int32Values;
    if (!b.hasType) for (let i = from; i < to; i++) c.addNull();
    else for (let i = from; i < to; i++) c.add(b.columns.rawType[i]!);
  },
  user: stringField("user"),
  line: stringField("line"),
  id: stringField("id"),
  ut_host: stringField("host"),
  addr: (() => {
    return (v, b, from, to) => {
      if (!b.hasAddr) {
        for (let i = from; i < to; i++) v.addNull();
        return;
      }
      const s = v as StringValues;
      const c = b.columns;
      const strings = b.strings;
      for (let i = from; i < to; i++) {
        const id = c.addrId[i]!;
        if (c.addrFamily[i] === 0) v.addNull();
        else if (id === 0 && s.plainText) s.addPlainAddress(c.addr, i * 16, c.addrFamily[i]!); // mostly distinct: no dictionary
        else if (id === 0) {
          let k = s.bytesIndex(ADDRESSES, c.addr, i * 16, 16, c.addrFamily[i]!);
          if (k < 0) k = s.internBytes(c.addr, i * 16, 16, c.addrFamily[i]!, b.addrText(i)!);
          s.addIndex(k);
        }
        else {
          let k = s.keyedIndex(strings, id);
          if (k < 0) k = s.internKeyed(id, strings.address(id));
          s.addIndex(k);
        }
      }
    };
  })(),
  pid: (v, b, from, to) => {
    const c = v as Int64Values;
    if (!b.hasPid) for (let i = from; i < to; i++) c.addNull();
    else if (b.unsignedPid) for (let i = from; i < to; i++) c.addNumber(b.columns.pid[i]! >>> 0);
    else for (let i = from; i < to; i++) c.addNumber(b.columns.pid[i]!);
  },
  session: (() => {
    const slow = generic(column("session"));
    return (v, b, from, to, row) => {
      const c = v as Int64Values;
      if (!b.hasSession) {
        for (let i = from; i < to; i++) c.addNull();
        return;
      }
      const flags = b.columns.flags;
      const session = b.columns.session;
      for (let i = from; i < to; i++) {
        const s = session[i]!;
        if ((flags[i]! & RECORD_FLAGS.WIDE) !== 0) slow(v, b, i, i + 1, row);
        else if (Number.isSafeInteger(s)) c.addNumber(s);
        else c.addNull();
      }
    };
  })(),
  exit_termination: (v, b, from, to) => {
    const c = v as Int32Values;
    if (!b.hasExit) for (let i = from; i < to; i++) c.addNull();
    else for (let i = from; i < to; i++) c.add(b.columns.exitTermination[i]!);
  },
  exit_status: (v, b, from, to) => {
    const c = v as Int32Values;
    if (!b.hasExit) for (let i = from; i < to; i++) c.addNull();
    else for (let i = from; i < to; i++) c.add(b.columns.exitCode[i]!);
  },
  time: (() => {
    const slow = generic(column("time"));
    return (v, b, from, to, row) => {
      const c = v as Int64Values;
      const { flags, seconds, microseconds } = b.columns;
      for (let i = from; i < to; i++) {
        const us = seconds[i]! * 1e6 + microseconds[i]!;
        // a double holds it exactly below 2^53 µs: else (and for wide values) the schema's exact arithmetic
        if ((flags[i]! & RECORD_FLAGS.WIDE) === 0 && Number.isSafeInteger(us)) c.addNumber(us);
        else slow(v, b, i, i + 1, row);
      }
    };
  })(),
  zeroed: (v, b, from, to) => {
    const c = v as BooleanValues;
    const flags = b.columns.flags;
    for (let i = from; i < to; i++) c.add((flags[i]! & RECORD_FLAGS.ZERO) !== 0);
  },
};
const fills = new Map<ExportColumn<RecordRow>, Fill>(Object.entries(byName).map(([name, fill]) => [column(name), fill]));

/** The fast fill of each of `columns`, when all are record columns; else undefined. */
export function recordFills(columns: readonly ExportColumn<unknown>[]): Fill[] | undefined {
  const out: Fill[] = [];
  for (const c of columns) {
    const f = fills.get(c as ExportColumn<RecordRow>);
    if (!f) return undefined;
    out.push(f);
  }
  return out;
}

/**
 * Rows per run at most: the fills are called often enough to be optimised
 * early (a run of a whole row group would run its loops unoptimised until
 * on-stack replacement), and seldom enough to cost nothing per row.
 */
const RUN = 2048;

/**
 * Rows of record batches gathered as runs (a batch, an origin, rows from..to)
 * and filled column by column when a run ends: at a batch's last row, a change
 * of batch or a full row group. A batch whose columns are views of the
 * decoder's memory (transient) is read before its last row's add returns.
 */
export class RecordRuns {
  private batch: RecordBatch | undefined;
  private origin: RecordOrigin | undefined;
  private from = 0;
  private to = 0;
  private readonly row: RecordRow = { batch: undefined as unknown as RecordBatch, i: 0, origin: { source: "", host: "" } };

  constructor(private readonly fills: readonly Fill[], private readonly values: readonly ColumnValues[]) {}

  add(r: RecordRow): void {
    if (r.batch !== this.batch || r.origin !== this.origin || r.i !== this.to) {
      this.flush();
      this.batch = r.batch;
      this.origin = r.origin;
      this.from = r.i;
    }
    this.to = r.i + 1;
    if (this.to === r.batch.length || this.to - this.from === RUN) this.flush();
  }

  /** Adds rows `from`..`to` of `batch` at once. */
  addRun(batch: RecordBatch, from: number, to: number, origin: RecordOrigin): void {
    this.flush();
    this.batch = batch;
    this.origin = origin;
    for (this.from = from; this.from < to;) {
      this.to = Math.min(to, this.from + RUN);
      this.flush();
    }
  }

  /** Fills the columns with the gathered run. */
  flush(): void {
    const b = this.batch;
    if (!b || this.to <= this.from) return;
    const row = this.row;
    row.batch = b;
    row.origin = this.origin!;
    for (let k = 0; k < this.fills.length; k++) this.fills[k]!(this.values[k]!, b, this.from, this.to, row);
    this.from = this.to;
  }
}
