// What is said when gzip input decompresses past what is held in memory whole.
// Its advice follows what the bytes are: records can be streamed (stream(),
// utmpx dump), but a SQLite database is read by page number, so every reader
// gathers it whole; it is read within bounds only as a file, page by page
// (audit also keeps every row, and says so: DatabaseReader). Here, below
// sqlite/ and read/, so that open() and fromBytes() (gzip.ts) say the same of a
// database as stream() (read/gatherSqlite.ts) does, and audit its variant.
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { startsAsSqlite } from "../util/sqliteMagic.ts";

/** Most bytes a whole-input decompression produces before it is refused (stream() has no limit for records). */
export const GUNZIP_LIMIT = 1 << 30;

/** How a database came: its name, its path when it was opened by one, whether it was gzip-compressed. */
export interface DatabaseOrigin {
  readonly name: string;
  readonly path: string | undefined;
  readonly compressed: boolean;
}

/**
 * Which reader refuses: open(), stream() and the commands built on them read a
 * database file page by page; audit does too, but keeps every row (its checks
 * compare rows across the table: ~260 bytes a row, 0.32 GB of RSS for a 69 MB
 * wtmpdb of 1M rows), so it is told what auditing the file takes.
 */
export type DatabaseReader = "pages" | "audit";

/**
 * Refuses a database too large to gather (past GUNZIP_LIMIT), with the advice
 * that fits how it came and what reads it (see DatabaseReader): an archive by
 * path is decompressed to a file, which is read page by page, never whole
 * (audit keeps its rows too); any other archive or stream is saved to a file first.
 */
export function databaseTooLarge(from: DatabaseOrigin, reader: DatabaseReader = "pages"): UtmpError {
  const what = from.compressed
    ? `utmpx: ${from.name} is a gzip-compressed SQLite database of more than ${GUNZIP_LIMIT} bytes decompressed`
    : `utmpx: ${from.name} is a SQLite database streamed past ${GUNZIP_LIMIT} bytes`;
  const gathered = from.compressed ? "as a database read from an archive is" : "as a database read from a stream is";
  const [read, open] = reader === "audit" ? ["audit", "audit"] : ["read", "open"];
  const advice = from.compressed && from.path !== undefined ? `decompress it first (gunzip -k ${from.path}) and ${read} the file it gives`
    : from.compressed ? `decompress it to a file first and ${open} that by its path` : `save it to a file and ${open} that by its path`;
  const how = reader === "audit" ? "which audit reads page by page, keeping its rows in memory (a few hundred bytes each)" : "which is read page by page";
  return new UtmpError(UtmpErrorCode.UNSUPPORTED, `${what}: too large to gather into memory, ${gathered}; ${advice}, ${how}`, { path: from.path });
}

/**
 * Refuses gzip input that decompresses past GUNZIP_LIMIT: as a database when
 * `head` (its first decompressed bytes) says it is one, else as records, which
 * stream() reads a window at a time (the CLI names its commands instead: cli/errorText.ts).
 * `path`: the archive's, when it was opened by one.
 */
export function gunzipTooLarge(name: string, head: Uint8Array, path?: string): UtmpError {
  if (startsAsSqlite(head)) return databaseTooLarge({ name, path, compressed: true });
  return new UtmpError(UtmpErrorCode.UNSUPPORTED,
    `utmpx: ${name} is gzip-compressed and decompresses to more than ${GUNZIP_LIMIT} bytes: read it with stream(), which holds one window at a time`, { path });
}
