// The ways to a database: a path, bytes in memory, a Blob or an uploaded File
// (a gzip archive decompressed), for wtmp-like files and for lastlog (a
// lastlog file or a lastlog2 database, told apart by their bytes).
import { bytesView, walOption } from "../util/bytesView.ts";
import { checkOptions } from "../util/optionsObject.ts";
import { Database, type OpenOptions } from "./database.ts";
import { Lastlog } from "./lastlog.ts";
import { refuseCutDatabase } from "./wtmpdbSource.ts";
import { Lastlog2 } from "./lastlog2.ts";
import { walBeside } from "./wal.ts";
import { isSqlite } from "../sqlite/header.ts";
import { fileSource, memorySource, type ByteSource } from "../sources/sources.ts";
import { blobBytes } from "../sources/gzip.ts";
import { blobName } from "../sources/blobName.ts";

/** A database over the file at `path` (read lazily: nothing happens until it is used). */
export function open(path: string, options: OpenOptions = {}): Database {
  checkOptions(options, "open() options");
  return new Database(fileSource(path), options);
}

/** The options of lastlogFromBytes(): OpenOptions, whose `wal` applies to a lastlog2 database. */
export type LastlogOptions = OpenOptions;

/** The options of the Blob openers: OpenOptions, with a SQLite database's -wal file given as a Blob (an uploaded File) or bytes. */
export interface BlobOptions extends Omit<OpenOptions, "wal"> {
  wal?: Blob | Uint8Array | undefined;
}

/** The options of lastlogFromBlob(). */
export type LastlogBlobOptions = BlobOptions;

/** Whether the source's first bytes are SQLite's magic; a source that cannot be read yet is left to fail when used. */
function holdsSqlite(source: ByteSource): boolean {
  const head = new Uint8Array(16);
  try {
    return isSqlite(head.subarray(0, source.readInto(0, head)));
  } catch {
    return false;
  }
}

/**
 * The last logins at `path`: a lastlog file (per-uid slots, a Lastlog) or a
 * lastlog2 database (per-name rows, a Lastlog2, with `options.wal` or else the
 * `-wal` beside it applied). Reads the first 16 bytes to tell which (unless `layout` is given:
 * then it is a lastlog file of that layout, as open() takes a given layout
 * over what the bytes say); the rest is read when used.
 */
export function openLastlog(path: string, options: OpenOptions = {}): Lastlog {
  checkOptions(options, "openLastlog() options");
  return lastlogOf(fileSource(path), options, () => walBeside(path));
}

/** The last logins in bytes already in memory: a lastlog file or a lastlog2 database (with `options.wal` applied). */
export function lastlogFromBytes(bytes: Uint8Array | ArrayBufferView | ArrayBuffer, options: LastlogOptions = {}): Lastlog {
  checkOptions(options, "lastlogFromBytes() options");
  return lastlogOf(memorySource(bytesView(bytes, "lastlogFromBytes(bytes)")), options);
}

/**
 * The last logins in a Blob or an uploaded File (browsers, and Node/Deno
 * Blobs), a gzip archive decompressed: a lastlog file or a lastlog2 database,
 * with `options.wal` (the -wal file, as a Blob or bytes) applied.
 */
export async function lastlogFromBlob(blob: Blob, options: LastlogBlobOptions = {}): Promise<Lastlog> {
  const name = blobName(blob, "lastlogFromBlob(blob)", "lastlogFromBytes()");
  checkOptions(options, "lastlogFromBlob() options");
  return lastlogOf(memorySource(await blobBytes(blob, name), name), { ...options, wal: await walBytes(options.wal) });
}

/**
 * A Lastlog2 for a SQLite source, else a Lastlog. Its -wal is `options.wal`
 * (checked as bytes now: a null one was passed over for the -wal beside a
 * file), else the one `beside()` finds; it is for a Lastlog2 only.
 */
function lastlogOf(source: ByteSource, options: OpenOptions, beside?: () => Uint8Array | undefined): Lastlog {
  const given = walOption(options.wal);
  const { wal: _, ...rest } = options;
  if (!isLastlog2(source, options)) return new Lastlog(source, rest);
  refuseCutDatabase(source);
  return new Lastlog2(source, () => given ?? beside?.(), rest);
}

const isLastlog2 = (source: ByteSource, options: OpenOptions) => options.layout === undefined && holdsSqlite(source);

/** A database over bytes already in memory (any runtime). */
export function fromBytes(bytes: Uint8Array | ArrayBufferView | ArrayBuffer, options: OpenOptions = {}): Database {
  checkOptions(options, "fromBytes() options");
  return new Database(memorySource(bytesView(bytes, "fromBytes(bytes)")), options);
}

/**
 * A database over a Blob or an uploaded File (browsers, and Node/Deno Blobs); a
 * gzip archive is decompressed; a wtmpdb database has `options.wal` (its -wal
 * file, as a Blob or bytes) applied.
 */
export async function fromBlob(blob: Blob, options: BlobOptions = {}): Promise<Database> {
  const name = blobName(blob, "fromBlob(blob)", "fromBytes()");
  checkOptions(options, "fromBlob() options");
  return new Database(memorySource(await blobBytes(blob, name), name), { ...options, wal: await walBytes(options.wal) });
}

const walBytes = async (wal: Blob | Uint8Array | undefined) => (wal instanceof Blob ? new Uint8Array(await wal.arrayBuffer()) : wal);
