// Rows of an export schema as JSON lines or CSV: the Parquet columns under the
// same names, for shippers and engines that read text (DuckDB's
// read_json/read_csv). Times are ISO-8601 UTC with microseconds; 64-bit
// integers are JSON numbers while exact, else strings.
import { isoMicrosBig } from "../core/wide.ts";
import { isoMicros } from "../time/calendar.ts";
import { csvCell } from "./csv.ts";
import type { Cell, ExportColumn } from "./exportSchema.ts";

export type ExportTextFormat = "ndjson" | "csv";

function timestampText(us: bigint): string {
  // within ±2^53 µs (years 1685-2255) the double path is exact and needs no BigInt arithmetic
  if (us >= -MAX_SAFE && us <= MAX_SAFE) {
    const n = Number(us);
    const seconds = Math.floor(n / 1e6);
    return isoMicros(seconds, n - seconds * 1e6);
  }
  let seconds = us / 1_000_000n;
  let micros = us % 1_000_000n;
  if (micros < 0n) { micros += 1_000_000n; seconds -= 1n; }
  return isoMicrosBig(seconds, Number(micros));
}
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function jsonValue(c: ExportColumn<unknown>, v: Cell): string | number | boolean | null {
  if (v === null) return null;
  if (typeof v === "bigint") {
    if (c.kind === "timestamp") return timestampText(v);
    return v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : String(v);
  }
  return v;
}

/** A cell's text: JSON (numbers, strings, null) or a CSV field (NULL an empty one, "" a quoted empty string). */
export function cellText(c: ExportColumn<unknown>, cell: Cell, format: ExportTextFormat): string {
  const v = jsonValue(c, cell);
  if (format === "ndjson") return typeof v === "string" ? JSON.stringify(v) : String(v);
  // NULL is an empty cell, as DuckDB and Spark read CSV; "" stays a quoted empty string
  return v === null ? "" : v === "" ? '""' : csvCell(typeof v === "boolean" ? String(v) : v);
}

/**
 * Writes rows of `columns` as text, a string a row; `start()` is the header
 * (CSV) or nothing. For the few rows of sessions, and the rare record
 * exportRecordBytes.ts leaves to it: records go as bytes, a batch at a time.
 */
export class ExportText<R> {
  /** Each column's `"name":` (after a comma but for the first), for JSON lines; a comma but for the first, for CSV. */
  private readonly keys: string[];

  constructor(private readonly columns: readonly ExportColumn<R>[], readonly format: ExportTextFormat) {
    this.keys = columns.map((c, k) => (k > 0 ? "," : "") + (format === "ndjson" ? JSON.stringify(c.name) + ":" : ""));
  }

  start(): string {
    return this.format === "csv" ? this.columns.map((c) => c.name).join(",") + "\r\n" : "";
  }

  row(row: R): string {
    // the row's text built directly (for JSON, what JSON.stringify of its object gives): no object per row
    let line = this.format === "ndjson" ? "{" : "";
    for (let k = 0; k < this.columns.length; k++) {
      const c = this.columns[k]!;
      line += this.keys[k]! + cellText(c as ExportColumn<unknown>, c.value(row), this.format);
    }
    return line + (this.format === "ndjson" ? "}\n" : "\r\n");
  }
}
