// utmpx: read the Unix user-accounting databases of any system, anywhere.
import { Database, type OpenOptions } from "./read/database.ts";
import { Lastlog } from "./read/lastlog.ts";
import { defaultPaths } from "./sources/defaultPaths.ts";
import { fileSource, memorySource } from "./sources/sources.ts";
import { systemSource } from "./sources/systemSource.ts";
import { blobBytes } from "./sources/gzip.ts";

export { Database, type OpenOptions } from "./read/database.ts";
export { Lastlog } from "./read/lastlog.ts";
export { stream, type StreamOptions, type StreamSource } from "./read/stream.ts";
export { openAll, inTimeOrder } from "./read/openAll.ts";
export type { EntryFilter } from "./core/filter.ts";
export { Entry, type ExitStatus, type RawFields, type EntryObject } from "./core/entry.ts";
export { EntryBatch } from "./core/batch.ts";
export { RECORD_FLAGS, type EntryColumns, type RecordBatch } from "./core/recordBatch.ts";
export * from "./layouts/entryType.ts";
export { LAYOUTS, findLayout, type Layout, type LayoutFields } from "./layouts/table.ts";
export { detect, type Detection, type Candidate, type DetectOptions } from "./detect/detect.ts";
export { UtmpError, UtmpErrorCode, type UtmpWarning } from "./util/errors.ts";
export { init } from "./core/core.ts";
export { defaultPaths } from "./sources/defaultPaths.ts";
export { formatIPv4, formatIPv6 } from "./util/address.ts";
export { utmpdumpLine, utmpdumpBatch } from "./format/utmpdump.ts";
export { encode, type EntryInput } from "./write/encode.ts";
export { sessions, type Session, type SessionRecord, type SessionStatus, type SessionKind, type SessionTime, type SessionsOptions, type RecordRef } from "./sessions/sessions.ts";
export { formatLast, LastFormatter, lastAddress, type LastFormatOptions, type LastTimeFormat } from "./format/last.ts";
export { parseTimestamp } from "./time/timestamp.ts";
export { login, logout, boot, shutdown, type AccountingFiles, type LoginInfo } from "./sessions/accounting.ts";
export type { AppendOptions } from "./write/write.ts";
export { parseAddress } from "./util/parseAddress.ts";

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

const paths = defaultPaths();
// the system's files: one that is missing reads as empty (see systemSource)
/** Who is logged in now: the system's utmp. */
export const utmp: Database = new Database(systemSource(paths.utmp));
/** Login, logout and boot history: the system's wtmp. */
export const wtmp: Database = new Database(systemSource(paths.wtmp));
/** Failed logins: the system's btmp. */
export const btmp: Database = new Database(systemSource(paths.btmp));
/** Last login of each user: the system's lastlog. */
export const lastlog: Lastlog = new Lastlog(systemSource(paths.lastlog));
