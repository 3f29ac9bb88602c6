// The export's API: records (and sessions) as Parquet, in Node, Deno, Bun and
// the browser. Batches are written as they come; only one row group is held.
import { RecordBatch } from "../core/recordBatch.ts";
import { Entry } from "../core/entry.ts";
import { valueKind } from "../util/valueKind.ts";
import type { Session } from "../sessions/sessions.ts";
import { concatBytes } from "../util/concatBytes.ts";
import { RECORD_COLUMNS, type RecordOrigin, type RecordRow } from "./exportSchema.ts";
import { SESSION_COLUMNS, type SessionRow } from "./exportSessionSchema.ts";
import { ParquetTable, type ByteSink, type ParquetOptions } from "./parquetTable.ts";

export type { ByteSink, ParquetOptions } from "./parquetTable.ts";
export type { ParquetCodec, Compressor } from "./parquetCodecs.ts";

export interface RecordsParquetOptions extends ParquetOptions {
  /** The `source` and `host` columns of every row (default: "" and ""). */
  origin?: Partial<RecordOrigin> | undefined;
  /** The `source` and `host` of a batch's rows, where they differ from batch to batch (records of several files); wins over `origin`. */
  originOf?: ((batch: RecordBatch) => Partial<RecordOrigin>) | undefined;
}

type Batches = AsyncIterable<RecordBatch> | Iterable<RecordBatch>;

/**
 * Refuses `items` that cannot be iterated, before the file is begun: toParquet(undefined)
 * failed as "Cannot read properties of undefined (reading 'Symbol(Symbol.asyncIterator)')".
 */
function checkIterable(items: unknown, what: string): void {
  const iterable = typeof items === "object" && items !== null && (Symbol.asyncIterator in items || Symbol.iterator in items);
  if (!iterable) throw new TypeError(`utmpx: ${what} are ${valueKind(items)}, not an iterable`);
}

/** Adds every row of `batch` to `table`, read from the batch's columns a run at a time, waiting whenever a row group is written. */
export function addBatch(table: ParquetTable<RecordRow>, batch: RecordBatch, origin: RecordOrigin): Promise<void> {
  return table.addRecords(batch, origin);
}

/**
 * Writes the records of `batches` (stream(), openAll(), a Database's
 * batches()) as one Parquet file to `sink`, chunk by chunk; resolves to the
 * number of rows. Columns: see RECORD_COLUMNS (README "Export schema").
 * @throws UtmpError BAD_INPUT for an unknown codec, UNSUPPORTED for a codec this runtime cannot compress
 */
export async function writeParquet(batches: Batches, sink: ByteSink, options: RecordsParquetOptions = {}): Promise<number> {
  checkIterable(batches, "the batches to write as Parquet (db.batches(), stream(), openAll())");
  const table = await ParquetTable.create(RECORD_COLUMNS, sink, options);
  const origin = { source: options.origin?.source ?? "", host: options.origin?.host ?? "" };
  const originOf = options.originOf;
  let k = 0;
  for await (const batch of batches) {
    // an Entry (or anything else) has no rows to add: it made a file of none, without a word
    if (!((batch as unknown) instanceof RecordBatch)) {
      const what: unknown = batch;
      throw new TypeError(`utmpx: Parquet rows come from batches (db.batches(), stream(), openAll()), and item ${k} is ${what instanceof Entry ? "an Entry" : valueKind(what)}`);
    }
    k++;
    if (!originOf) await addBatch(table, batch, origin);
    else {
      const o = originOf(batch);
      await addBatch(table, batch, { source: o.source ?? origin.source, host: o.host ?? origin.host });
    }
  }
  await table.close();
  return table.rows;
}

/** The records of `batches` as the bytes of one Parquet file (see writeParquet; for a download, wrap them in a Blob). */
export async function toParquet(batches: Batches, options: RecordsParquetOptions = {}): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  await writeParquet(batches, (chunk) => void parts.push(chunk), options);
  return concatBytes(parts);
}

/**
 * Sessions (sessions() rows) as the bytes of one Parquet file: see
 * SESSION_COLUMNS. `source` names the file their evidence offsets are in.
 */
export async function sessionsToParquet(sessions: Iterable<Session> | AsyncIterable<Session>,
  options: ParquetOptions & { host?: string; source?: string } = {}): Promise<Uint8Array> {
  checkIterable(sessions, "the sessions to write as Parquet (sessions())");
  const parts: Uint8Array[] = [];
  const table = await ParquetTable.create(SESSION_COLUMNS, (chunk) => void parts.push(chunk), options);
  for await (const session of sessions) {
    const row: SessionRow = { session, host: options.host ?? "", openSource: options.source ?? "", closeSource: session.evidence.close ? options.source ?? "" : undefined };
    const wait = table.add(row);
    if (wait) await wait;
  }
  await table.close();
  return concatBytes(parts);
}
