// A wtmpdb database as its rows (each a session or a boot, as wtmpdb stores
// them): for readers that want wtmpdb's own view rather than the history of
// records open() gives (see wtmpdbSessions for the rows as Sessions).
import { wtmpdbRows, type WtmpdbRow } from "../sqlite/wtmpdb.ts";
import { wtmpdbColumns, WtmpdbColumns } from "../sqlite/wtmpdbColumns.ts";
import { SourceBlocks } from "../sqlite/blocks.ts";
import type { UtmpWarning } from "../util/errors.ts";
import { fileSource, memorySource, type ByteSource } from "../sources/sources.ts";
import { blobBytes } from "../sources/gzip.ts";
import { openWtmpdbTable } from "./wtmpdbSource.ts";
import { walBeside } from "./wal.ts";

export interface WtmpdbContents {
  /** In ID order. */
  readonly rows: WtmpdbRow[];
  /** WAL_APPLIED when a -wal's transactions were applied. */
  readonly warnings: UtmpWarning[];
}

export interface WtmpdbOptions {
  /** The bytes of the database's -wal file (openWtmpdb reads the one beside the path itself). */
  readonly wal?: Uint8Array | undefined;
}

/** The rows of the wtmpdb database at `path` (a .gz decompressed), with the -wal beside it applied. */
export function openWtmpdb(path: string): WtmpdbContents {
  return contents(fileBytes(path), path, walBeside(path));
}

/**
 * The rows of the database at `path` as columns (appended to `into` when
 * given), for readers of many rows; its warnings (WAL_APPLIED) returned.
 */
export function openWtmpdbColumns(path: string, into = new WtmpdbColumns()): { columns: WtmpdbColumns; warnings: UtmpWarning[] } {
  return sourceColumns(fileSource(path), walBeside(path), into);
}

/**
 * openWtmpdbColumns() of any source. Pages are read as the walk reaches them
 * (no copy of the whole file), and the source is checked afterwards not to
 * have been written meanwhile (its size and the change counter every write
 * transaction bumps): if it was, the rows may mix two states of the file, and
 * it is read again whole, as one snapshot.
 */
export function sourceColumns(source: ByteSource, wal: Uint8Array | undefined, into = new WtmpdbColumns()): { columns: WtmpdbColumns; warnings: UtmpWarning[] } {
  const from = into.count;
  const before = writeStamp(source);
  try {
    const { table, warnings } = openWtmpdbTable(new SourceBlocks(source), source.name, wal);
    wtmpdbColumns(table, into);
    if (writeStamp(source) === before) return { columns: into, warnings };
  } catch (err) {
    if (writeStamp(source) === before) throw err;
  }
  into.truncate(from);
  const { table, warnings } = openWtmpdbTable(sourceBytes(source), source.name, wal);
  return { columns: wtmpdbColumns(table, into), warnings };
}

/** The file's size and SQLite change counter (header bytes 24-27), as one string to compare. */
function writeStamp(source: ByteSource): string {
  const counter = new Uint8Array(4);
  const got = source.readInto(24, counter);
  return `${source.size()}:${got === 4 ? counter.join(".") : "short"}`;
}

function fileBytes(path: string): Uint8Array {
  return sourceBytes(fileSource(path));
}

function sourceBytes(source: ByteSource): Uint8Array {
  const bytes = new Uint8Array(source.size());
  return bytes.subarray(0, source.readInto(0, bytes));
}

/** The rows of a wtmpdb database in memory (gzip decompressed where the runtime can). */
export function wtmpdbFromBytes(bytes: Uint8Array, options: WtmpdbOptions = {}): WtmpdbContents {
  const source = memorySource(bytes);
  const plain = new Uint8Array(source.size());
  source.readInto(0, plain);
  return contents(plain, source.name, options.wal);
}

/** The rows of a wtmpdb database in a Blob or an uploaded File. */
export async function wtmpdbFromBlob(blob: Blob, options: WtmpdbOptions = {}): Promise<WtmpdbContents> {
  const name = (blob as { name?: string }).name ?? `<blob of ${blob.size} bytes>`;
  return contents(await blobBytes(blob, name), name, options.wal);
}

function contents(bytes: Uint8Array, name: string, wal: Uint8Array | undefined): WtmpdbContents {
  const { table, warnings } = openWtmpdbTable(bytes, name, wal);
  return { rows: [...wtmpdbRows(table)], warnings };
}
