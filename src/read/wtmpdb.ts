// A wtmpdb database as its rows (each a session or a boot, as wtmpdb stores
// them): for readers that want wtmpdb's own view rather than the history of
// records open() gives (see wtmpdbSessions for the rows as Sessions).
import { bytesView, walOption } from "../util/bytesView.ts";
import { checkOptions } from "../util/optionsObject.ts";
import type { WtmpdbRow } from "../sqlite/wtmpdb.ts";
import { WtmpdbColumns, wtmpdbRows } from "../sqlite/wtmpdbColumns.ts";
import { namingFile } from "../sqlite/bytes.ts";
import type { UtmpWarning } from "../util/errors.ts";
import { fileSource, memorySource } from "../sources/sources.ts";
import { blobBytes } from "../sources/gzip.ts";
import { blobName } from "../sources/blobName.ts";
import { cutDatabase, openWtmpdbTable, sourceBytes, sourceColumns } from "./wtmpdbSource.ts";
import { walBeside } from "./wal.ts";

export interface WtmpdbContents {
  /** In ID order. */
  readonly rows: WtmpdbRow[];
  /** WAL_APPLIED when a -wal's transactions were applied; VALUE_KIND for each value of another kind than wtmpdb writes, read as wtmpdb reads it; SQLITE_DAMAGED for each damaged place of the table passed over. */
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
 * given), for readers of many rows; its warnings (WAL_APPLIED, VALUE_KIND) returned.
 */
export function openWtmpdbColumns(path: string, into = new WtmpdbColumns()): { columns: WtmpdbColumns; warnings: UtmpWarning[] } {
  return sourceColumns(fileSource(path), walBeside(path), into);
}

function fileBytes(path: string): Uint8Array {
  return sourceBytes(fileSource(path));
}

/** The rows of a wtmpdb database in memory (gzip decompressed where the runtime can). */
export function wtmpdbFromBytes(bytes: Uint8Array | ArrayBufferView | ArrayBuffer, options: WtmpdbOptions = {}): WtmpdbContents {
  const source = memorySource(bytesView(bytes, "wtmpdbFromBytes(bytes)"));
  checkOptions(options, "wtmpdbFromBytes() options");
  const wal = walOption(options.wal);
  return contents(sourceBytes(source), source.name, wal);
}

/** The rows of a wtmpdb database in a Blob or an uploaded File. */
export async function wtmpdbFromBlob(blob: Blob, options: WtmpdbOptions = {}): Promise<WtmpdbContents> {
  const name = blobName(blob, "wtmpdbFromBlob(blob)", "wtmpdbFromBytes()");
  checkOptions(options, "wtmpdbFromBlob() options");
  const wal = walOption(options.wal);
  const { bytes, truncated } = await blobBytes(blob, name);
  if (truncated) throw cutDatabase(name, truncated);
  return contents(bytes, name, wal);
}


function contents(bytes: Uint8Array, name: string, wal: Uint8Array | undefined): WtmpdbContents {
  return namingFile(name, () => {
    const { table, warnings } = openWtmpdbTable(bytes, name, wal);
    return { rows: wtmpdbRows(table, name, warnings), warnings };
  });
}
