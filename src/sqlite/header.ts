// The 100-byte header at the start of a SQLite database (sqlite.org/fileformat.html, 1.3).
import { corrupt, u16, u32 } from "./bytes.ts";
import { startsAsSqlite } from "../util/sqliteMagic.ts";

export const HEADER_SIZE = 100;

export interface SqliteHeader {
  /** Bytes per page, 512..65536 (stored as 1 for 65536). */
  readonly pageSize: number;
  /** 1 legacy (rollback journal), 2 WAL. */
  readonly writeVersion: number;
  readonly readVersion: number;
  /** Bytes at the end of each page that the B-tree does not use. */
  readonly reservedBytes: number;
  /** pageSize - reservedBytes: what the cell rules call U. */
  readonly usableSize: number;
  readonly changeCounter: number;
  /** Pages in the database per the header, or 0 when the header's count is stale (see pageCount in pager.ts). */
  readonly headerPageCount: number;
  readonly freelistTrunk: number;
  readonly freelistCount: number;
  readonly schemaCookie: number;
  readonly schemaFormat: number;
  /** 1 UTF-8 (the only one read here). */
  readonly textEncoding: number;
  readonly userVersion: number;
  readonly applicationId: number;
  readonly sqliteVersion: number;
}

/** True when the bytes start with SQLite's magic: how detection can tell a database from a utmp file. */
export function isSqlite(bytes: Uint8Array): boolean {
  return startsAsSqlite(bytes);
}

/** Whether `n` is a page size a database can have: a power of two in 512..65536 (the database header and a WAL's alike). */
export function isPageSize(n: number): boolean {
  return n >= 512 && n <= 65536 && (n & (n - 1)) === 0;
}

/** Parses and checks the header; throws BAD_INPUT (with the offset) on anything SQLite would refuse. */
export function parseHeader(bytes: Uint8Array): SqliteHeader {
  if (!isSqlite(bytes)) throw corrupt('no "SQLite format 3" magic', 0);
  if (bytes.length < HEADER_SIZE) throw corrupt(`header truncated: ${bytes.length} of ${HEADER_SIZE} bytes`, bytes.length);
  const raw = u16(bytes, 16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (!isPageSize(pageSize)) throw corrupt(`page size ${raw} is not a power of two in 512..65536`, 16);
  const writeVersion = bytes[18]!;
  const readVersion = bytes[19]!;
  // a read version above 2 means a format this reader (like SQLite itself) must not read
  if (readVersion < 1 || readVersion > 2) throw corrupt(`read version ${readVersion} is not 1 (legacy) or 2 (WAL)`, 19);
  const reservedBytes = bytes[20]!;
  const usableSize = pageSize - reservedBytes;
  // the cell rules need U >= 480 (fileformat 1.3.4)
  if (usableSize < 480) throw corrupt(`usable page size ${usableSize} is below 480`, 20);
  if (bytes[21] !== 64 || bytes[22] !== 32 || bytes[23] !== 32) throw corrupt("payload fractions are not 64/32/32", 21);
  const changeCounter = u32(bytes, 24);
  const count = u32(bytes, 28);
  const validFor = u32(bytes, 92);
  const schemaFormat = u32(bytes, 44);
  if (schemaFormat > 4) throw corrupt(`schema format ${schemaFormat} is not 0..4`, 44);
  const textEncoding = u32(bytes, 56);
  if (textEncoding === 2 || textEncoding === 3) {
    throw corrupt(`text encoding is UTF-16${textEncoding === 2 ? "le" : "be"}; only UTF-8 databases are read`, 56);
  }
  // 0 is allowed: a database with no schema yet has not chosen an encoding
  if (textEncoding > 3) throw corrupt(`text encoding ${textEncoding} is not 1 (UTF-8), 2 or 3 (UTF-16)`, 56);
  return {
    pageSize, writeVersion, readVersion, reservedBytes, usableSize, changeCounter,
    // the count is trusted only when written by a version that keeps it (fileformat 1.3.7)
    headerPageCount: count !== 0 && changeCounter === validFor ? count : 0,
    freelistTrunk: u32(bytes, 32),
    freelistCount: u32(bytes, 36),
    schemaCookie: u32(bytes, 40),
    schemaFormat,
    textEncoding,
    userVersion: u32(bytes, 60),
    applicationId: u32(bytes, 68),
    sqliteVersion: u32(bytes, 96),
  };
}
