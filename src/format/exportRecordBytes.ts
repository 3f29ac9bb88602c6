// Rows of the record schema (exportSchema.ts) as JSON lines or CSV bytes, a
// batch at a time, straight from its columns: per batch each column becomes
// either one constant cell (host, source, layout; a field the layout lacks) or a
// writer of a row's cell (digits, cached bytes of interned strings), and the
// constants and keys between writers are joined into one snippet. A string per
// row, the way ExportText builds it, made the export spend most of its time
// encoding strings and collecting them. The text is the same as ExportText's,
// byte for byte; a cell the writers here leave (a value past 2^53) is that text.
import { Entry } from "../core/entry.ts";
import { RECORD_FLAGS, TypeSource, type ExportProgram, type RecordBatch, type StringField } from "../core/recordBatch.ts";
import type { StringTable } from "../core/stringTable.ts";
import { UNKNOWN } from "../layouts/entryType.ts";
import { writeAddressText } from "./addressText.ts";
import type { ByteWriter } from "./byteWriter.ts";
import { cellSyntax, writeInteger, writeTimestamp, type CellSyntax } from "./exportCells.ts";
import type { ExportColumn, RecordOrigin, RecordRow } from "./exportSchema.ts";
import { cellText, type ExportTextFormat } from "./exportText.ts";
import { exportProgram } from "./exportProgram.ts";
import type { Layout } from "../layouts/table.ts";
import { writeRows } from "./coreRows.ts";
import { concatBytes } from "../util/concatBytes.ts";

const utf8 = new TextEncoder();

/**
 * Appends `bytes`: with TypedArray.set but for a piece of a few bytes (a CSV
 * comma), copied by hand. Measured on 1M rows, faster than ByteWriter.bytes,
 * which copies up to 31 bytes by hand: ndjson's writer took about a fifth less
 * CPU time, csv's the same (its pieces are shorter).
 */
function append(w: ByteWriter, bytes: Uint8Array): void {
  const n = bytes.length;
  if (w.length + n > w.buffer.length) w.reserve(n);
  if (n < 4) {
    const out = w.buffer;
    for (let i = 0; i < n; i++) out[w.length + i] = bytes[i]!;
  } else {
    w.buffer.set(bytes, w.length);
  }
  w.length += n;
}

/** A boolean is the same word in JSON and CSV. */
const TRUE = utf8.encode("true"), FALSE = utf8.encode("false");

/** Writes row `i`'s cell; false (having written nothing) leaves it to the column's value() and cellText(). */
type CellWriter = (w: ByteWriter, i: number) => boolean;

/** What a column's plan is given for one batch. */
interface PlanContext {
  readonly batch: RecordBatch;
  readonly origin: RecordOrigin;
  readonly syntax: CellSyntax;
  /** What the row holds before this column's cell: its key, after any constant cells before it. */
  readonly prefix: Uint8Array;
  /** The prefix and cell of each interned string (by id), of this batch's string table, kept for the next batches. */
  interned(kind: "text" | "address"): Uint8Array[];
}

/**
 * A column of one batch: the same cell in every row (a constant), a writer of
 * a row's cell, or (`prefixed`) a writer of the prefix and the cell, which
 * copies them as one cached piece: fewer, longer copies, which is where the
 * time of these rows goes.
 */
type ColumnPlan = (p: PlanContext) => Uint8Array | CellWriter | { prefixed: CellWriter };

/** A writer of a safe integer column; a value past 2^53 goes to the column's value(). */
const integer = (column: ArrayLike<number>, unsigned = false): CellWriter => (w, i) => {
  const v = unsigned ? column[i]! >>> 0 : column[i]!;
  if (!Number.isSafeInteger(v)) return false;
  writeInteger(w, v);
  return true;
};

function stringField(field: StringField): ColumnPlan {
  return ({ batch: b, syntax: s, prefix, interned }) => {
    if (!b.layout.fields[field]) return s.nullCell;
    if (b.isRaw(field)) return (w, i) => { s.textBytes(w, b.fieldBytes(field, i)!); return true; };
    const ids = b.columns[field], strings = b.strings, cells = interned("text");
    return {
      prefixed: (w, i) => {
        const id = ids[i]!;
        append(w, cells[id] ??= concatBytes([prefix, s.encode(strings.text(id))]));
        return true;
      },
    };
  };
}

/** The canonical type's cell: by raw type where the layout's table decides it, else (from strings, lastlog times) as Entry.type says. */
const typeCell: ColumnPlan = ({ batch: b, syntax: s, prefix }) => {
  const raw = b.columns.rawType;
  const cellOf = (type: string) => concatBytes([prefix, s.encode(type)]);
  if (b.typeSource === TypeSource.Table) {
    const byRaw: Uint8Array[] = [];
    return {
      prefixed: (w, i) => {
        const t = raw[i]!;
        // cached for the numbers a type field holds; any other (garbage) encoded as met
        append(w, t >= 0 && t < 256 ? (byRaw[t] ??= cellOf(b.layout.types[t] ?? UNKNOWN)) : cellOf(b.layout.types[t] ?? UNKNOWN));
        return true;
      },
    };
  }
  const byType = new Map<string, Uint8Array>();
  return {
    prefixed: (w, i) => {
      const type = new Entry(b, i).type;
      let cell = byType.get(type);
      if (!cell) byType.set(type, (cell = cellOf(type)));
      append(w, cell);
      return true;
    },
  };
};

const PLANS: Record<string, ColumnPlan> = {
  host: ({ origin, syntax }) => syntax.encode(origin.host),
  source: ({ origin, syntax }) => syntax.encode(origin.source),
  layout: ({ batch, syntax }) => syntax.encode(batch.layout.id),
  offset: ({ batch: b }) => (w, i) => {
    const offset = b.offsetOf(i);
    if (!Number.isSafeInteger(offset)) return false;
    writeInteger(w, offset);
    return true;
  },
  type: typeCell,
  raw_type: ({ batch: b, syntax: s }) => (b.hasType ? integer(b.columns.rawType) : s.nullCell),
  user: stringField("user"),
  line: stringField("line"),
  id: stringField("id"),
  ut_host: stringField("host"),
  addr: ({ batch: b, syntax: s, prefix, interned }) => {
    if (!b.hasAddr) return s.nullCell;
    const c = b.columns, strings = b.strings, cells = interned("address");
    // no address ("") is NULL, as addrText(i) || null
    const none = concatBytes([prefix, s.nullCell]);
    return {
      prefixed: (w, i) => {
        const family = c.addrFamily[i]!;
        const id = c.addrId[i]!;
        if (family === 0) append(w, none);
        else if (id !== 0) append(w, cells[id] ??= concatBytes([prefix, s.encode(strings.address(id))]));
        else {
          // inet_ntop's text: digits, dots, colons and hex, nothing to escape
          append(w, prefix);
          if (s.quoted) w.byte(0x22);
          writeAddressText(w, c.addr, i * 16, family);
          if (s.quoted) w.byte(0x22);
        }
        return true;
      },
    };
  },
  pid: ({ batch: b, syntax: s }) => (b.hasPid ? integer(b.columns.pid, b.unsignedPid) : s.nullCell),
  session: ({ batch: b, syntax: s }) => {
    if (!b.hasSession) return s.nullCell;
    const c = b.columns;
    return (w, i) => {
      // the exact value of a wide row is the schema's to read
      if (c.flags[i]! & RECORD_FLAGS.WIDE) return false;
      const v = c.session[i]!;
      if (Number.isSafeInteger(v)) writeInteger(w, v);
      else append(w, s.nullCell);
      return true;
    };
  },
  exit_termination: ({ batch: b, syntax: s }) => (b.hasExit ? integer(b.columns.exitTermination) : s.nullCell),
  exit_status: ({ batch: b, syntax: s }) => (b.hasExit ? integer(b.columns.exitCode) : s.nullCell),
  time: ({ batch: b, syntax: s }) => {
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
  zeroed: ({ batch: b, prefix }) => {
    const flags = b.columns.flags;
    const yes = concatBytes([prefix, TRUE]), no = concatBytes([prefix, FALSE]);
    return { prefixed: (w, i) => { append(w, flags[i]! & RECORD_FLAGS.ZERO ? yes : no); return true; } };
  },
};

/**
 * What a row is written from in one batch: snippets[k], then writers[k]'s
 * cell, ..., then the last snippet. A prefixed writer's snippet is empty (it
 * writes it itself), and kept in prefixes[k] for a cell left to the schema.
 */
interface BatchPlan { snippets: Uint8Array[]; writers: CellWriter[]; prefixes: (Uint8Array | undefined)[]; columns: number[] }

/** Interned strings' cells by kind and prefix, per string table. */
type InternedCells = Map<string, Uint8Array[]>;
const latin1 = new TextDecoder("latin1");

/** Writes the rows of record batches (RECORD_COLUMNS or a selection of them) as JSON lines or CSV bytes. */
export class ExportRecordBytes {
  private readonly syntax: CellSyntax;
  private readonly caches = new WeakMap<StringTable, InternedCells>();
  private readonly keys: Uint8Array[];

  constructor(private readonly columns: readonly ExportColumn<RecordRow>[], readonly format: ExportTextFormat) {
    this.syntax = cellSyntax(format);
    this.keys = columns.map((c, k) => utf8.encode((k > 0 ? "," : "") + (format === "ndjson" ? JSON.stringify(c.name) + ":" : "")));
  }

  /** The CSV header, or nothing for JSON lines. */
  start(): string {
    return this.format === "csv" ? this.columns.map((c) => c.name).join(",") + "\r\n" : "";
  }

  /**
   * Appends every row of `batch` to `w`: written by the core while it holds the
   * batch (exportProgram.ts), but a row it leaves, which is written here. A
   * batch may come without its strings (a transient one, see withStrings).
   */
  writeBatch(w: ByteWriter, batch: RecordBatch, origin: RecordOrigin): void {
    const core = batch.coreText();
    const program = core && this.programFor(batch, origin);
    if (!core || !program || !core.setExportProgram(program)) {
      const whole = batch.withStrings();
      return this.writePlanned(w, whole, origin, this.plan(whole, origin), 0, batch.length);
    }
    // the rows the core leaves read strings: the batch with them (decoded again where it came
    // without), planned at the first such row
    let js: { batch: RecordBatch; plan: BatchPlan } | undefined;
    writeRows(batch.length, (from) => core.exportText(from, batch.length, batch.offset), (text) => w.bytes(text), (i) => {
      if (!js) {
        const whole = batch.withStrings();
        js = { batch: whole, plan: this.plan(whole, origin) };
      }
      this.writePlanned(w, js.batch, origin, js.plan, i, i + 1);
    });
  }

  /** The core's program for `batch`'s layout and `origin`, made once (undefined: none). */
  private programFor(batch: RecordBatch, origin: RecordOrigin): ExportProgram | undefined {
    // by the layout itself, not its id: a layout given as a row of the caller's may reuse one
    if (batch.layout !== this.programLayout) {
      this.programLayout = batch.layout;
      this.programs.clear();
    }
    const key = `${batch.typeSource}\0${origin.host}\0${origin.source}`;
    if (this.programs.has(key)) return this.programs.get(key);
    // one origin per file: a collection of thousands is not kept whole
    if (this.programs.size >= 64) this.programs.clear();
    const program = exportProgram(this.columns, this.keys, this.syntax, batch, origin);
    this.programs.set(key, program);
    return program;
  }

  private programLayout: Layout | undefined;
  private readonly programs = new Map<string, ExportProgram | undefined>();

  /** Writes rows `from`..`to` of `batch` by its plan. */
  private writePlanned(w: ByteWriter, batch: RecordBatch, origin: RecordOrigin, { snippets, writers, prefixes, columns }: BatchPlan, from: number, to: number): void {
    const row: RecordRow = { batch, i: 0, origin };
    const n = writers.length;
    const last = snippets[n]!;
    for (let i = from; i < to; i++) {
      for (let k = 0; k < n; k++) {
        const snippet = snippets[k]!;
        if (snippet.length > 0) append(w, snippet);
        if (!writers[k]!(w, i)) {
          const prefix = prefixes[k];
          if (prefix) append(w, prefix);
          row.i = i;
          this.cellText(w, this.columns[columns[k]!]!, row);
        }
      }
      append(w, last);
    }
  }

  /** The cell as ExportText writes it, from the schema's value. */
  private cellText(w: ByteWriter, c: ExportColumn<RecordRow>, row: RecordRow): void {
    append(w, utf8.encode(cellText(c as ExportColumn<unknown>, c.value(row), this.format)));
  }

  private plan(batch: RecordBatch, origin: RecordOrigin): BatchPlan {
    let cache = this.caches.get(batch.strings);
    if (!cache) this.caches.set(batch.strings, (cache = new Map()));
    const table = cache;
    const plan: BatchPlan = { snippets: [], writers: [], prefixes: [], columns: [] };
    const empty = new Uint8Array(0);
    let pending: Uint8Array[] = [this.format === "ndjson" ? Uint8Array.of(0x7b) : empty];
    const row: RecordRow = { batch, i: 0, origin };
    this.columns.forEach((c, k) => {
      pending.push(this.keys[k]!);
      const prefix = concatBytes(pending);
      const interned = (kind: string) => {
        const key = `${kind}\0${latin1.decode(prefix)}`;
        let cells = table.get(key);
        if (!cells) table.set(key, (cells = []));
        return cells;
      };
      const columnPlan = PLANS[c.name];
      // a column without a writer here (one added to the schema since) is written as ExportText writes it
      const cell = columnPlan ? columnPlan({ batch, origin, syntax: this.syntax, prefix, interned }) : (w: ByteWriter, i: number) => {
        row.i = i;
        this.cellText(w, c, row);
        return true;
      };
      if (cell instanceof Uint8Array) { pending.push(cell); return; }
      const prefixed = typeof cell !== "function";
      plan.snippets.push(prefixed ? empty : prefix);
      plan.writers.push(prefixed ? cell.prefixed : cell);
      plan.prefixes.push(prefixed ? prefix : undefined);
      plan.columns.push(k);
      pending = [];
    });
    pending.push(this.format === "ndjson" ? Uint8Array.of(0x7d, 0x0a) : Uint8Array.of(0x0d, 0x0a));
    plan.snippets.push(concatBytes(pending));
    return plan;
  }
}
