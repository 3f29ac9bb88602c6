// The ways to a database: a path, bytes in memory, a Blob or an uploaded File
// (a gzip archive decompressed), for wtmp-like files and for lastlog.
import { Database, type OpenOptions } from "./database.ts";
import { Lastlog } from "./lastlog.ts";
import { fileSource, memorySource } from "../sources/sources.ts";
import { blobBytes } from "../sources/gzip.ts";

/** A database over the file at `path` (read lazily: nothing happens until it is used). */
export function open(path: string, options: OpenOptions = {}): Database {
  return new Database(fileSource(path), options);
}

/** A lastlog database over the file at `path`: per-uid last logins. */
export function openLastlog(path: string, options: OpenOptions = {}): Lastlog {
  return new Lastlog(fileSource(path), options);
}

/** A lastlog database over bytes in memory. */
export function lastlogFromBytes(bytes: Uint8Array, options: OpenOptions = {}): Lastlog {
  return new Lastlog(memorySource(bytes), options);
}

/** A database over bytes already in memory (any runtime). */
export function fromBytes(bytes: Uint8Array, options: OpenOptions = {}): Database {
  return new Database(memorySource(bytes), options);
}

/** A database over a Blob or an uploaded File (browsers, and Node/Deno Blobs); a gzip archive is decompressed. */
export async function fromBlob(blob: Blob, options: OpenOptions = {}): Promise<Database> {
  const name = (blob as { name?: string }).name ?? `<blob of ${blob.size} bytes>`;
  return new Database(memorySource(await blobBytes(blob, name), name), options);
}
