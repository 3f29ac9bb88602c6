// The documented schema of exported records: one row per record of every
// input, the same columns in Parquet, JSON lines and CSV. Values are read
// from a batch's columns (no Entry per row). Changing a column is a change of
// the published dataset: test/format/parquetSchema.test.ts pins the list.
import type { RecordBatch } from "../core/recordBatch.ts";
import { RECORD_FLAGS, TypeSource } from "../core/recordBatch.ts";
import { Entry } from "../core/entry.ts";

/** Where a batch's records came from: written with every row. */
export interface RecordOrigin {
  /** The file as given (or found under a collection folder). */
  readonly source: string;
  /** The machine the file belongs to (a collection tree's top folder, or --host). */
  readonly host: string;
}

/** The kinds a column's values take: each format writes them its own way. */
export type ColumnKind = "string" | "int32" | "int64" | "boolean" | "timestamp";

/** A cell: null where the layout has no such field. Timestamps are microseconds since 1970 UTC, int64 as bigint. */
export type Cell = string | number | bigint | boolean | null;

export interface ExportColumn<R> {
  readonly name: string;
  readonly kind: ColumnKind;
  /** Whether the value may be null (a field some layouts lack). */
  readonly nullable: boolean;
  /**
   * Min/max statistics in each row group, so engines skip row groups a filter
   * excludes (WHERE time BETWEEN ...). Only for columns queries filter on:
   * they cost a comparison per value while writing.
   */
  readonly statistics?: boolean;
  readonly value: (row: R) => Cell;
}

/** A record as the schema reads it: a row of a batch, and where the batch came from. */
export interface RecordRow {
  batch: RecordBatch;
  i: number;
  origin: RecordOrigin;
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** Microseconds since 1970 of a record, exact (from the wide values past 2^53); null when beyond int64. */
function recordMicros(b: RecordBatch, i: number): bigint | null {
  const c = b.columns;
  let total: bigint;
  if ((c.flags[i]! & RECORD_FLAGS.WIDE) === 0) {
    const us = c.seconds[i]! * 1e6 + c.microseconds[i]!;
    // a double holds it exactly below 2^53 µs (the year 2255): the common case without BigInt arithmetic per part
    if (Number.isSafeInteger(us)) return BigInt(us);
    // seconds that are safe integers reach past int64 in microseconds (from 2^63 / 10^6, about 9.2e12 s)
    total = BigInt(c.seconds[i]!) * 1_000_000n + BigInt(c.microseconds[i]!);
  } else {
    const wide = b.wide?.get(i);
    total = (wide?.seconds ?? BigInt(c.seconds[i]!)) * 1_000_000n + (wide?.microseconds ?? BigInt(c.microseconds[i]!));
  }
  return total > INT64_MAX || total < INT64_MIN ? null : total;
}

/** The canonical type (USER_PROCESS, ...): from the layout's table where it has one, else as Entry.type decides. */
function canonicalType(b: RecordBatch, i: number): string {
  if (b.typeSource === TypeSource.Table) return b.layout.types[b.columns.rawType[i]!] ?? "UNKNOWN";
  return new Entry(b, i).type;
}

const text = (field: "user" | "line" | "id" | "host") => (r: RecordRow): Cell => r.batch.fieldText(field, r.i) ?? null;

/** The record columns, in file order. `host` is left out of Hive-partitioned Parquet, whose folder names carry it. */
export const RECORD_COLUMNS: readonly ExportColumn<RecordRow>[] = [
  { name: "host", kind: "string", nullable: false, value: (r) => r.origin.host },
  { name: "source", kind: "string", nullable: false, statistics: true, value: (r) => r.origin.source },
  { name: "layout", kind: "string", nullable: false, statistics: true, value: (r) => r.batch.layout.id },
  { name: "offset", kind: "int64", nullable: false, statistics: true, value: (r) => BigInt(r.batch.offsetOf(r.i)) },
  { name: "type", kind: "string", nullable: false, statistics: true, value: (r) => canonicalType(r.batch, r.i) },
  { name: "raw_type", kind: "int32", nullable: true, value: (r) => (r.batch.hasType ? r.batch.columns.rawType[r.i]! : null) },
  { name: "user", kind: "string", nullable: true, statistics: true, value: text("user") },
  { name: "line", kind: "string", nullable: true, value: text("line") },
  { name: "id", kind: "string", nullable: true, value: text("id") },
  { name: "ut_host", kind: "string", nullable: true, value: text("host") },
  { name: "addr", kind: "string", nullable: true, value: (r) => r.batch.addrText(r.i) || null },
  { name: "pid", kind: "int64", nullable: true, value: (r) => (r.batch.hasPid ? BigInt(pidOf(r.batch, r.i)) : null) },
  { name: "session", kind: "int64", nullable: true, value: (r) => (r.batch.hasSession ? sessionOf(r.batch, r.i) : null) },
  { name: "exit_termination", kind: "int32", nullable: true, value: (r) => (r.batch.hasExit ? r.batch.columns.exitTermination[r.i]! : null) },
  { name: "exit_status", kind: "int32", nullable: true, value: (r) => (r.batch.hasExit ? r.batch.columns.exitCode[r.i]! : null) },
  { name: "time", kind: "timestamp", nullable: true, statistics: true, value: (r) => recordMicros(r.batch, r.i) },
  { name: "zeroed", kind: "boolean", nullable: false, value: (r) => (r.batch.columns.flags[r.i]! & RECORD_FLAGS.ZERO) !== 0 },
];

/** A pid as the layout stores it: an unsigned 32-bit field read as such (int64 holds both kinds). */
function pidOf(b: RecordBatch, i: number): number {
  const pid = b.columns.pid[i]!;
  return b.unsignedPid ? pid >>> 0 : pid;
}

/** ut_session (or a wtmpdb row ID), exact past 2^53 from the wide values. */
function sessionOf(b: RecordBatch, i: number): bigint | null {
  const wide = (b.columns.flags[i]! & RECORD_FLAGS.WIDE) !== 0 ? b.wide?.get(i)?.session : undefined;
  if (wide !== undefined) return wide;
  const v = b.columns.session[i]!;
  return Number.isSafeInteger(v) ? BigInt(v) : null;
}

/** The record columns without `host`: the files of a Hive-partitioned dataset, whose folders say the host. */
export const PARTITIONED_RECORD_COLUMNS = RECORD_COLUMNS.filter((c) => c.name !== "host");
