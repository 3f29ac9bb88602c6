// Changing a SQLite database file (wtmpdb, lastlog2): under the write guard
// every writer of this package takes (`<file>.lock`, and the fcntl lock where
// the runtime has one), read whole, changed in memory in one transaction, and
// written back whole (sqliteFileWrite.ts). The file is never written in place,
// so a crash leaves the old database or the new one.
//
// A database with a -wal file beside it is refused, not checkpointed. The WAL
// may belong to a connection that is open right now (a system's wtmpdb in WAL
// mode keeps it while it runs), and SQLite applies any -wal it finds to the
// database it sits beside, whatever that database now holds: writing a new
// file under it would have SQLite lay the old WAL's pages over our rows. Only
// SQLite, holding the database's own locks, can checkpoint it safely: the
// message says how. A hot rollback journal (-journal) is refused for the same
// reason: SQLite would "restore" its pages over the new file.
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { withFileAsync } from "../sources/fileAccess.ts";
import { withWriteGuardAsync } from "../sources/writeGuard.ts";
import { SqliteImage } from "./sqliteImage.ts";
import { fileSize, makeParentDirectory, readHead, readSnapshot, writeWholeFile } from "./sqliteFileWrite.ts";

export interface EditOptions {
  /** Create the database (and its directory) when there is no file: what wtmpdb and pam_lastlog2 do. */
  readonly create: boolean;
}

/** Refuses a database whose -wal or hot -journal SQLite would apply to whatever file we leave. */
async function refuseJournals(path: string): Promise<void> {
  const wal = fileSize(`${path}-wal`);
  if (wal !== undefined && wal > 0) {
    throw new UtmpError(UtmpErrorCode.UNSUPPORTED,
      `utmpx: ${path} has a write-ahead log beside it (${path}-wal, ${wal} bytes): a connection may have it open, ` +
      `or its last one did not checkpoint it. Nothing written: let SQLite fold it in first ` +
      `(sqlite3 ${path} 'PRAGMA wal_checkpoint(TRUNCATE)'), then write again`, { path });
  }
  const journal = readHead(`${path}-journal`, 28);
  // SQLite's test for a hot journal: present, non-empty, and its header not zeroed
  if (journal !== undefined && journal.length > 0 && journal.some((b) => b !== 0)) {
    throw new UtmpError(UtmpErrorCode.UNSUPPORTED,
      `utmpx: ${path} has a rollback journal beside it (${path}-journal): a transaction is under way, or one was ` +
      `interrupted and SQLite will roll it back when the database is next opened. Nothing written: open it with ` +
      `sqlite3 once (sqlite3 ${path} 'PRAGMA quick_check'), then write again`, { path });
  }
}

/**
 * Runs `change` on the database at `path` (opened as SqliteImage.open does) and
 * writes the result back whole; returns what `change` returned. Nothing is
 * written when anything fails.
 * @throws UtmpError BAD_INPUT (not SQLite, damaged, not the expected tables), UNSUPPORTED (a -wal or hot journal beside it), IO
 */
export function editSqliteFile<T>(path: string, options: EditOptions, change: (image: SqliteImage) => T): Promise<T> {
  return withFileAsync(path, "write", async () => {
    if (options.create) makeParentDirectory(path);
    // before the guard, whose fcntl part creates the file it locks (Deno, Bun)
    else if (fileSize(path) === undefined) throw new UtmpError(UtmpErrorCode.IO, `utmpx: cannot write ${path}: no such file`, { path });
    return withWriteGuardAsync(path, async () => {
      await refuseJournals(path);
      const original = await readSnapshot(path);
      const image = await SqliteImage.open(original?.bytes, path);
      try {
        const result = change(image);
        await writeWholeFile(path, original?.stamp, image.export());
        return result;
      } finally {
        image.close();
      }
    });
  });
}
