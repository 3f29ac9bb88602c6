// The -wal file beside a SQLite database (wtmpdb, lastlog2): read when there is
// one, and the warning that says its committed transactions were applied.
import type { SqliteDatabase } from "../sqlite/database.ts";
import type { UtmpWarning } from "../util/errors.ts";
import { fileSystem } from "../sources/fileAccess.ts";

/** The -wal file beside `path`, or undefined when there is none (or it is empty). */
export function walBeside(path: string): Uint8Array | undefined {
  const walPath = `${path}-wal`;
  let size: number;
  try {
    size = fileSystem().size(walPath);
  } catch {
    return undefined;
  }
  if (size === 0) return undefined;
  const bytes = new Uint8Array(size);
  return bytes.subarray(0, fileSystem().read(walPath, 0, bytes));
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
