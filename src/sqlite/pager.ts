// Pages by number, from the WAL's latest committed version or the database
// file, each with the file offset its errors should name.
import { corrupt, type SqliteFile } from "./bytes.ts";
import { HEADER_SIZE, parseHeader, type SqliteHeader } from "./header.ts";
import { readWal, type WalState } from "./wal.ts";

export interface Page {
  readonly number: number;
  /** The whole page (pageSize bytes); B-tree content stops at usableSize. */
  readonly bytes: Uint8Array;
  /** Offset of the page's first byte in `file`. */
  readonly base: number;
  readonly file: SqliteFile;
}

/**
 * The database file's bytes: in memory (a Uint8Array), or read as pages are
 * asked for (SourceBlocks in blocks.ts).
 */
export interface DatabaseBytes {
  readonly length: number;
  subarray(begin: number, end: number): Uint8Array;
}

export class Pager {
  readonly header: SqliteHeader;
  readonly pageSize: number;
  readonly usableSize: number;
  /** Pages in the database as read (after the WAL when one was applied). */
  readonly pageCount: number;
  readonly wal: WalState | undefined;
  /**
   * Pages the bytes can actually supply (at most pageCount): what bounds a
   * payload's size, so a lying page count cannot make us allocate more than
   * the input holds.
   */
  readonly storedPages: number;
  private readonly db: DatabaseBytes;
  private readonly walBytes: Uint8Array | undefined;

  constructor(db: DatabaseBytes, wal?: Uint8Array) {
    const fileHeader = parseHeader(db.subarray(0, HEADER_SIZE));
    this.db = db;
    this.pageSize = fileHeader.pageSize;
    const filePages = Math.floor(db.length / this.pageSize);
    let count = fileHeader.headerPageCount || filePages;
    if (wal !== undefined && wal.length > 0) {
      this.wal = readWal(wal, this.pageSize);
      this.walBytes = wal;
      if (this.wal.dbSize > 0) count = this.wal.dbSize;
    }
    if (count < 1) throw corrupt(`file of ${db.length} bytes holds no whole page of ${this.pageSize}`, db.length);
    // SQLite refuses a database whose header counts more pages than the file holds (unless a
    // committed log says its size): a file cut short, or a page size changed, whose pages would
    // be read from the wrong places and give some rows, silently, where SQLite gives none
    if (!(this.wal && this.wal.dbSize > 0) && fileHeader.headerPageCount > filePages) {
      throw corrupt(`the header counts ${fileHeader.headerPageCount} pages of ${this.pageSize} bytes, but the file of ${db.length} bytes holds ${filePages}: `
        + "it was cut short, or its page size (at offset 16) changed", 28);
    }
    this.pageCount = count;
    this.storedPages = Math.min(count, filePages + (this.wal?.pages.size ?? 0));
    // page 1 may have a newer version in the WAL: its header is the one that counts
    this.header = this.wal?.pages.has(1) ? parseHeader(this.page(1).bytes) : fileHeader;
    if (this.header.pageSize !== this.pageSize) throw corrupt("page size changed in the WAL's page 1", 16, "WAL");
    this.usableSize = this.header.usableSize;
  }

  /** Page `n` (1-based); `from` names the pointer's offset for the error when `n` is out of range. */
  page(n: number, from?: { offset: number; file: SqliteFile }): Page {
    if (!Number.isInteger(n) || n < 1 || n > this.pageCount) {
      throw corrupt(`page number ${n} is out of range (1..${this.pageCount})`, from?.offset ?? 0, from?.file ?? "database");
    }
    const inWal = this.wal?.pages.get(n);
    if (inWal !== undefined) return { number: n, bytes: this.walBytes!.subarray(inWal, inWal + this.pageSize), base: inWal, file: "WAL" };
    const base = (n - 1) * this.pageSize;
    if (base + this.pageSize > this.db.length) {
      throw corrupt(`page ${n} lies past the end of the file (${this.db.length} bytes): truncated`, this.db.length);
    }
    const bytes = this.db.subarray(base, base + this.pageSize);
    // a file read as it is walked that shrank under us
    if (bytes.length < this.pageSize) throw corrupt(`page ${n} lies past the end of the file: truncated while read`, base + bytes.length);
    return { number: n, bytes, base, file: "database" };
  }
}
