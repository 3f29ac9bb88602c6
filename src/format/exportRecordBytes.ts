// Rows of the record schema (exportSchema.ts) as JSON lines or CSV bytes, a
// batch at a time, straight from its columns: per batch each column becomes
// either one constant cell (host, source, layout; a field the layout lacks) or a
// writer of a row's cell (digits, cached bytes of interned strings), and the
// constants and keys between writers are joined into one snippet. A string per
// row, the way ExportText builds it, made the export spend most of its time
// encoding strings and collecting them. The text is the same as ExportText's,
// byte for byte; a cell the writers here leave (a value past 2^53) is that text.
import { Entry } from "../core/entry.ts";
import { RECORD_FLAGS, TypeSource, type RecordBatch, type StringField } from "../core/recordBatch.ts";
import type { StringTable } from "../core/stringTable.ts";
import { UNKNOWN } from "../layouts/entryType.ts";
import { writeAddressText } from "./addressText.ts";
import type { ByteWriter } from "./byteWriter.ts";
import { cellSyntax, writeTimestamp, type CellSyntax } from "./exportCells.ts";
import type { ExportColumn, RecordOrigin, RecordRow } from "./exportSchema.ts";
import { cellText, type ExportTextFormat } from "./exportText.ts";

const utf8 = new TextEncoder();
/** A boolean is the same word in JSON and CSV. */
const TRUE = utf8.encode("true"), FALSE = utf8.encode("false");

/** Writes row `i`'s cell; false (having written nothing) leaves it to the column's value() and cellText(). */
type CellWriter = (w: ByteWriter, i: number) => boolean;
/** A column of one batch: the same cell in every row, or a writer per row. */
type BatchCell = Uint8Array | CellWriter;
type ColumnPlan = (b: RecordBatch, origin: RecordOrigin, s: CellSyntax, cache: CellCache) => BatchCell;

/** Cells of interned strings by id (texts and addresses), per string table: each distinct string encoded once. */
interface CellCache { texts: Uint8Array[]; addresses: Uint8Array[] }

/** A writer of a safe integer column; a value past 2^53 goes to the column's value(). */
const integer = (column: ArrayLike<number>, unsigned = false): CellWriter => (w, i) => {
  const v = unsigned ? column[i]! >>> 0 : column[i]!;
  if (!Number.isSafeInteger(v)) return false;
  w.signedDigits(v, 1);
  return true;
};

function stringField(field: StringField): ColumnPlan {
  return (b, _origin, s, cache) => {
    if (!b.layout.fields[field]) return s.nullCell;
    if (b.isRaw(field)) return (w, i) => { s.textBytes(w, b.fieldBytes(field, i)!); return true; };
    const ids = b.columns[field], strings = b.strings, texts = cache.texts;
    return (w, i) => {
      const id = ids[i]!;
      w.bytes(texts[id] ??= s.encode(strings.text(id)));
      return true;
    };
  };
}

/** The canonical type's cell: by raw type where the layout's table decides it, else (from strings, lastlog times) as Entry.type says. */
const typeCell: ColumnPlan = (b, _origin, s) => {
  const raw = b.columns.rawType;
  if (b.typeSource === TypeSource.Table) {
    const byRaw: Uint8Array[] = [];
    const cellOf = (t: number) => s.encode(b.layout.types[t] ?? UNKNOWN);
    return (w, i) => {
      const t = raw[i]!;
      // cached for the numbers a type field holds; any other (garbage) encoded as met
      w.bytes(t >= 0 && t < 256 ? (byRaw[t] ??= cellOf(t)) : cellOf(t));
      return true;
    };
  }
  const byType = new Map<string, Uint8Array>();
  return (w, i) => {
    const type = new Entry(b, i).type;
    let cell = byType.get(type);
    if (!cell) byType.set(type, (cell = s.encode(type)));
    w.bytes(cell);
    return true;
  };
};

const PLANS: Record<string, ColumnPlan> = {
  host: (_b, origin, s) => s.encode(origin.host),
  source: (_b, origin, s) => s.encode(origin.source),
  layout: (b, _origin, s) => s.encode(b.layout.id),
  offset: (b) => (w, i) => {
    const offset = b.offsetOf(i);
    if (!Number.isSafeInteger(offset)) return false;
    w.signedDigits(offset, 1);
    return true;
  },
  type: typeCell,
  raw_type: (b, _origin, s) => (b.hasType ? integer(b.columns.rawType) : s.nullCell),
  user: stringField("user"),
  line: stringField("line"),
  id: stringField("id"),
  ut_host: stringField("host"),
  addr: (b, _origin, s, cache) => {
    if (!b.hasAddr) return s.nullCell;
    const c = b.columns, strings = b.strings, addresses = cache.addresses;
    return (w, i) => {
      const family = c.addrFamily[i]!;
      const id = c.addrId[i]!;
      // no address ("") is NULL, as addrText(i) || null
      if (family === 0) w.bytes(s.nullCell);
      else if (id !== 0) w.bytes(addresses[id] ??= s.encode(strings.address(id)));
      else {
        // inet_ntop's text: digits, dots, colons and hex, nothing to escape
        if (s.quoted) w.byte(0x22);
        writeAddressText(w, c.addr, i * 16, family);
        if (s.quoted) w.byte(0x22);
      }
      return true;
    };
  },
  pid: (b, _origin, s) => (b.hasPid ? integer(b.columns.pid, b.unsignedPid) : s.nullCell),
  session: (b, _origin, s) => {
    if (!b.hasSession) return s.nullCell;
    const c = b.columns;
    return (w, i) => {
      // the exact value of a wide row is the schema's to read
      if (c.flags[i]! & RECORD_FLAGS.WIDE) return false;
      const v = c.session[i]!;
      if (Number.isSafeInteger(v)) w.signedDigits(v, 1);
      else w.bytes(s.nullCell);
      return true;
    };
  },
  exit_termination: (b, _origin, s) => (b.hasExit ? integer(b.columns.exitTermination) : s.nullCell),
  exit_status: (b, _origin, s) => (b.hasExit ? integer(b.columns.exitCode) : s.nullCell),
  time: (b, _origin, s) => {
    const c = b.columns;
    return (w, i) => {
      if (c.flags[i]! & RECORD_FLAGS.WIDE) return false;
      const us = c.seconds[i]! * 1e6 + c.microseconds[i]!;
      // beyond 2^53 µs (after 2255) the schema's BigInt arithmetic is exact and this is not
      if (!Number.isSafeInteger(us)) return false;
      writeTimestamp(w, us, s.quoted);
      return true;
    };
  },
  zeroed: (b) => {
    const flags = b.columns.flags;
    return (w, i) => { w.bytes(flags[i]! & RECORD_FLAGS.ZERO ? TRUE : FALSE); return true; };
  },
};

/** What a row is written from in one batch: snippets[k], then writers[k]'s cell, ..., then the last snippet. */
interface BatchPlan { snippets: Uint8Array[]; writers: CellWriter[]; columns: number[] }

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** Writes the rows of record batches (RECORD_COLUMNS or a selection of them) as JSON lines or CSV bytes. */
export class ExportRecordBytes {
  private readonly syntax: CellSyntax;
  private readonly caches = new WeakMap<StringTable, CellCache>();
  private readonly keys: Uint8Array[];

  constructor(private readonly columns: readonly ExportColumn<RecordRow>[], readonly format: ExportTextFormat) {
    this.syntax = cellSyntax(format);
    this.keys = columns.map((c, k) => utf8.encode((k > 0 ? "," : "") + (format === "ndjson" ? JSON.stringify(c.name) + ":" : "")));
  }

  /** The CSV header, or nothing for JSON lines. */
  start(): string {
    return this.format === "csv" ? this.columns.map((c) => c.name).join(",") + "\r\n" : "";
  }

  /** Appends every row of `batch` to `w`. */
  writeBatch(w: ByteWriter, batch: RecordBatch, origin: RecordOrigin): void {
    const { snippets, writers, columns } = this.plan(batch, origin);
    const row: RecordRow = { batch, i: 0, origin };
    const n = writers.length;
    const last = snippets[n]!;
    for (let i = 0; i < batch.length; i++) {
      for (let k = 0; k < n; k++) {
        w.bytes(snippets[k]!);
        if (!writers[k]!(w, i)) {
          row.i = i;
          this.cellText(w, this.columns[columns[k]!]!, row);
        }
      }
      w.bytes(last);
    }
  }

  /** The cell as ExportText writes it, from the schema's value. */
  private cellText(w: ByteWriter, c: ExportColumn<RecordRow>, row: RecordRow): void {
    w.bytes(utf8.encode(cellText(c as ExportColumn<unknown>, c.value(row), this.format)));
  }

  private plan(batch: RecordBatch, origin: RecordOrigin): BatchPlan {
    let cache = this.caches.get(batch.strings);
    if (!cache) this.caches.set(batch.strings, (cache = { texts: [], addresses: [] }));
    const snippets: Uint8Array[] = [], writers: CellWriter[] = [], columns: number[] = [];
    let pending: Uint8Array[] = [this.format === "ndjson" ? Uint8Array.of(0x7b) : new Uint8Array(0)];
    const row: RecordRow = { batch, i: 0, origin };
    this.columns.forEach((c, k) => {
      pending.push(this.keys[k]!);
      const plan = PLANS[c.name];
      // a column without a writer here (one added to the schema since) is written as ExportText writes it
      const cell: BatchCell = plan ? plan(batch, origin, this.syntax, cache) : (w, i) => {
        row.i = i;
        this.cellText(w, c, row);
        return true;
      };
      if (cell instanceof Uint8Array) { pending.push(cell); return; }
      snippets.push(concat(pending));
      writers.push(cell);
      columns.push(k);
      pending = [];
    });
    pending.push(this.format === "ndjson" ? Uint8Array.of(0x7d, 0x0a) : Uint8Array.of(0x0d, 0x0a));
    snippets.push(concat(pending));
    return { snippets, writers, columns };
  }
}
