// The -wal file beside a SQLite database (wtmpdb, lastlog2): read when there is
// one, and the warning that says its committed transactions were applied.
import type { SqliteDatabase } from "../sqlite/database.ts";
import { isWalMagic, WAL_HEADER } from "../sqlite/wal.ts";
import { u32 } from "../sqlite/bytes.ts";
import { UtmpError, UtmpErrorCode, type UtmpWarning } from "../util/errors.ts";
import { fileSystem } from "../sources/fileAccess.ts";

/**
 * The most of a -wal file read: its committed pages are applied from memory.
 * SQLite checkpoints a log at 1,000 pages (4 MB) unless a reader holds it back.
 */
export const WAL_MAX_BYTES = 256 * 2 ** 20;

/**
 * The -wal file beside `path`, or undefined when there is none (or it is
 * empty). One past WAL_MAX_BYTES is read only as far as its header: a log
 * SQLite would not take (another magic) is ignored as before, a real one is
 * refused (UNSUPPORTED) rather than read into memory whole (a 3 GB sparse
 * -wal overflowed a buffer's length: an internal error). It is named in its
 * errors (a -wal that is a directory was "cannot read wtmp.db").
 */
export function walBeside(path: string): Uint8Array | undefined {
  const walPath = `${path}-wal`;
  let size: number;
  try {
    size = fileSystem().size(walPath);
  } catch {
    return undefined;
  }
  if (size === 0) return undefined;
  if (size > WAL_MAX_BYTES) {
    const header = readWal(walPath, new Uint8Array(WAL_HEADER));
    if (header.length < WAL_HEADER || !isWalMagic(u32(header, 0))) return header;
    throw new UtmpError(UtmpErrorCode.UNSUPPORTED, `utmpx: ${walPath} is ${size} bytes, past the ${WAL_MAX_BYTES / 2 ** 20} MiB of log this reads: ` +
      `let SQLite checkpoint it first (sqlite3 ${path} 'PRAGMA wal_checkpoint'), or copy the database without it`, { path: walPath });
  }
  return readWal(walPath, new Uint8Array(size));
}

/** `target` filled from the start of `walPath` (as far as it goes); an error names the log. */
function readWal(walPath: string, target: Uint8Array): Uint8Array {
  try {
    return target.subarray(0, fileSystem().read(walPath, 0, target));
  } catch (err) {
    throw new UtmpError(UtmpErrorCode.IO, `utmpx: cannot read ${walPath}: ${(err as Error).message}`, { path: walPath, cause: err });
  }
}

/** WAL_APPLIED when opening `db` applied frames of its -wal, WAL_IGNORED when it ignored the log, else nothing. */
export function walWarnings(db: SqliteDatabase, name: string): UtmpWarning[] {
  const w = db.wal;
  if (w?.ignored) {
    return [{ code: "WAL_IGNORED", offset: 0, length: w.framesIgnored,
      message: `${name}: its -wal file was ignored, as SQLite ignores it: ${w.ignored}; the database is read as it is` }];
  }
  if (!w || w.framesApplied === 0) return [];
  return [{
    code: "WAL_APPLIED", offset: 0, length: w.framesApplied,
    message: `${name}: ${w.transactionsApplied} committed transaction(s) (${w.framesApplied} pages) of its -wal file applied, as SQLite applies them on opening` +
      (w.framesIgnored > 0 ? `; ${w.framesIgnored} uncommitted or stale pages left out` : ""),
  }];
}
