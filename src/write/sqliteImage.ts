// A SQLite database held in memory while it is changed: opened from a file's
// bytes (or created empty), checked before anything is written, changed in
// transactions, and turned back into bytes. The file itself is never touched
// here (sqliteFileWrite.ts replaces it whole), so a failure at any step leaves
// it as it was.
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { isSqlite } from "../sqlite/header.ts";
import { parseCreateTable } from "../sqlite/createTable.ts";
import { sqliteLibrary, type SqlDatabase, type SqlLibrary } from "./sqliteLibrary.ts";

/** Header bytes 18 and 19: the file format versions, 2 for a database in WAL mode. */
const WRITE_VERSION = 18;
const READ_VERSION = 19;
const WAL_MODE = 2;

/** What SQLite says of a file that is not a sound database (its error messages). */
const DAMAGE = /not a database|malformed|corrupt|disk image|file is encrypted/i;

/** A SQLite error as a UtmpError: BAD_INPUT when it says the file is damaged, INTERNAL otherwise (a statement of ours that failed). */
export function sqliteError(err: unknown, name: string, doing: string): UtmpError {
  if (err instanceof UtmpError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const damaged = DAMAGE.test(message);
  return new UtmpError(damaged ? UtmpErrorCode.BAD_INPUT : UtmpErrorCode.INTERNAL,
    `utmpx: ${name}: ${doing}: SQLite says "${message}"${damaged ? "; nothing written" : ""}`, { cause: err });
}

/**
 * Whether the header's page count is the database's size and the bytes hold
 * exactly those pages: then pages appended after them are free room SQLite
 * will not count as database (it trusts the count when the change counter
 * matches version-valid-for, as every SQLite since 3.7.0 keeps it).
 */
function sizedByHeader(bytes: Uint8Array): boolean {
  if (bytes.length < 100) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const raw = view.getUint16(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const pages = view.getUint32(28);
  return pages > 0 && view.getUint32(24) === view.getUint32(92) && pages * pageSize === bytes.length;
}

export class SqliteImage {
  private constructor(
    private readonly library: SqlLibrary,
    private database: SqlDatabase,
    readonly name: string,
    /** The file was in WAL mode: its bytes say so again when exported (sql.js exports a rollback-journal header). */
    private readonly walMode: boolean,
  ) {}

  /** The database, for statements; in a transaction() for changes. */
  get db(): SqlDatabase {
    return this.database;
  }

  /**
   * The database in `bytes`, or a new empty one for none (or an empty file, as
   * SQLite takes it). A file that is not SQLite, or fails SQLite's quick_check
   * (a truncated file, damaged pages), is refused: a change must not be
   * written on top of damage it would hide.
   * @throws UtmpError BAD_INPUT for a file that is not a sound SQLite database; UNSUPPORTED when sql.js cannot be loaded
   */
  static async open(bytes: Uint8Array | undefined, name: string): Promise<SqliteImage> {
    const empty = bytes === undefined || bytes.length === 0;
    if (!empty && !isSqlite(bytes)) {
      throw new UtmpError(UtmpErrorCode.BAD_INPUT, `utmpx: ${name} is not a SQLite database (no "SQLite format 3" header); nothing written`);
    }
    const library = await sqliteLibrary();
    let db: SqlDatabase;
    try {
      db = new library.Database(empty ? null : bytes);
    } catch (err) {
      throw sqliteError(err, name, "opening it");
    }
    const walMode = !empty && bytes[WRITE_VERSION] === WAL_MODE;
    const image = new SqliteImage(library, db, name, walMode);
    try {
      if (!empty) image.check();
      // changes go to the one file sql.js holds in memory, not to a WAL beside it (the mode is put back on export)
      if (walMode) db.run("PRAGMA journal_mode = DELETE");
    } catch (err) {
      db.close();
      throw sqliteError(err, name, "checking it");
    }
    return image;
  }

  /** SQLite's quick_check (every page and record reachable and well formed, without comparing indexes to tables). */
  private check(): void {
    const result = this.db.exec("PRAGMA quick_check")[0]?.values.map((row) => String(row[0])) ?? [];
    if (result.length !== 1 || result[0] !== "ok") {
      const shown = result.slice(0, 3).join("; ") + (result.length > 3 ? `; and ${result.length - 3} more` : "");
      throw new UtmpError(UtmpErrorCode.BAD_INPUT, `utmpx: ${this.name} is damaged (SQLite's quick_check: ${shown}); nothing written`);
    }
  }

  /**
   * Makes room for about `bytes` more of database before a large insert.
   * sql.js keeps the file in an Emscripten MEMFS array, which it regrows by
   * an eighth (a new array, the old one copied) as pages are written past
   * its end: for a database of tens of megabytes that is some nine times its
   * size in fresh memory, and fresh memory is what costs here (page faults:
   * about 30 ms a megabyte on this machine). A commit of 470,000 rows took
   * 1.5 s that way, 25 ms into room made beforehand. So the bytes are given
   * zeroed room after the last page; SQLite, which sizes the database by its
   * header, writes its new pages there and truncates the file to the
   * database's size at commit. Nothing is reserved when the header does not
   * give the size (an ancient writer's file): SQLite would take the room for pages.
   */
  reserve(bytes: number): void {
    const current = this.database.export();
    if (!sizedByHeader(current) || !(bytes > 0)) return;
    const roomy = new Uint8Array(current.length + Math.ceil(bytes));
    roomy.set(current);
    this.database.close();
    this.database = new this.library.Database(roomy);
    if (this.walMode) this.database.run("PRAGMA journal_mode = DELETE");
  }

  /**
   * Makes sure the database has table `name` with (at least) `columns`, by
   * name in any case: an existing one is checked, a missing one created with
   * `create` (the writer's own CREATE TABLE, so the schema is the one its
   * tools write). A database holding other tables but not this one is refused
   * rather than given a second purpose: it is some other program's file.
   * @throws UtmpError BAD_INPUT naming what the database holds instead
   */
  ensureTable(name: string, columns: readonly string[], create: string, what: string): void {
    const tables = (this.db.exec("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")[0]?.values ?? [])
      .map(([table, sql]) => ({ table: String(table), sql: typeof sql === "string" ? sql : "" }));
    const ours = tables.find((t) => t.table.toLowerCase() === name.toLowerCase());
    if (ours === undefined) {
      if (tables.length > 0) {
        throw new UtmpError(UtmpErrorCode.BAD_INPUT,
          `utmpx: ${this.name} is not a ${what} database: it has table(s) ${tables.map((t) => t.table).join(", ")} and no ${name}; nothing written`);
      }
      this.db.run(create);
      return;
    }
    const have = new Set(parseCreateTable(ours.sql)?.columns.map((c) => c.toLowerCase()) ?? []);
    const missing = columns.filter((c) => !have.has(c.toLowerCase()));
    if (missing.length > 0) {
      throw new UtmpError(UtmpErrorCode.BAD_INPUT,
        `utmpx: ${this.name}: its ${ours.table} table is not ${what}'s (no column ${missing.join(", ")}); nothing written`);
    }
  }

  /**
   * Runs `change` as one transaction: committed when it returns, rolled back
   * when it throws (then its error is thrown, SQLite's as a UtmpError).
   */
  transaction<T>(doing: string, change: (db: SqlDatabase) => T): T {
    this.db.run("BEGIN IMMEDIATE");
    let result: T;
    try {
      result = change(this.db);
      this.db.run("COMMIT");
    } catch (err) {
      try {
        this.db.run("ROLLBACK");
      } catch {
        // SQLite rolls back by itself after some errors; nothing is left to undo
      }
      throw sqliteError(err, this.name, doing);
    }
    return result;
  }

  /** The database's bytes as a file holds them. */
  export(): Uint8Array {
    const bytes = this.db.export();
    if (this.walMode) bytes[WRITE_VERSION] = bytes[READ_VERSION] = WAL_MODE;
    return bytes;
  }

  close(): void {
    this.db.close();
  }
}
