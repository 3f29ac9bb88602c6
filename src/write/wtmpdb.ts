// Writing a wtmpdb database as libwtmpdb 0.75 does (lib/sqlite.c): the table
// created with its exact statement when missing, a login inserted (its row ID
// returned to close it later), a logout setting Logout of one ID, a boot a
// row of Type 1 on TTY "~", a shutdown closing the newest open "~" row. Each
// is one transaction on the file, written back whole (sqliteFile.ts).
// Times are microseconds since the epoch, stored exactly.
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { WTMPDB_COLUMNS, WTMPDB_TYPE } from "../sqlite/wtmpdb.ts";
import { SqliteImage } from "./sqliteImage.ts";
import { editSqliteFile } from "./sqliteFile.ts";
import type { SqlDatabase, SqlValue } from "./sqliteLibrary.ts";
import { optionalText, requiredText, type SqliteText } from "./sqliteText.ts";
import { valueKind } from "../util/valueKind.ts";

/** libwtmpdb's CREATE TABLE, character for character: SQLite keeps the text, and `sqlite3 .schema` shows it. */
export const WTMPDB_SCHEMA =
  "CREATE TABLE IF NOT EXISTS wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, User TEXT NOT NULL, Login INTEGER, Logout INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT) STRICT;";

/** Microseconds since the epoch (a number, exact below 2^53, or a bigint), or a Date (whole milliseconds). */
export type WtmpdbTime = number | bigint | Date;

/** Text, or its exact bytes (stored as TEXT unchanged, as C's wtmpdb stores whatever bytes it is given). */
export type WtmpdbText = SqliteText;

export interface WtmpdbLogin {
  /** wtmpdb's Type: 3 USER_PROCESS (the default), 1 BOOT_TIME. */
  type?: number;
  user: WtmpdbText;
  /** Default: now. */
  login?: WtmpdbTime;
  tty?: WtmpdbText | null;
  remoteHost?: WtmpdbText | null;
  /** The PAM service (pam_wtmpdb fills it; `wtmpdb import` leaves it NULL). */
  service?: WtmpdbText | null;
}

export interface WtmpdbBoot {
  /** "reboot" (the default) or "soft-reboot", as `wtmpdb boot` names them. */
  user?: "reboot" | "soft-reboot";
  /** Default: now. */
  login?: WtmpdbTime;
  /** The kernel release, stored as RemoteHost (default: this system's, where the runtime tells it). */
  kernel?: string;
}

/** A whole row, for writing many at once (`utmpx convert`): Logout is set by the insert itself; a NULL Login stays NULL. */
export interface WtmpdbRowInput extends Omit<WtmpdbLogin, "login"> {
  login: WtmpdbTime | null;
  logout?: WtmpdbTime | null;
}

/** Microseconds as SQLite stores them, checked: an integer, within SQLite's 64 bits. */
function micros(time: WtmpdbTime | undefined | null, what: string): number | bigint | null {
  if (time === null) return null;
  if (time === undefined) return Date.now() * 1000;
  if (time instanceof Date) {
    const ms = time.getTime();
    if (Number.isNaN(ms)) throw new UtmpError(UtmpErrorCode.OUT_OF_RANGE, `utmpx: wtmpdb ${what}: an Invalid Date`);
    return ms * 1000;
  }
  const ok = typeof time === "bigint" ? time >= -(2n ** 63n) && time < 2n ** 63n : Number.isSafeInteger(time);
  if (!ok) throw new UtmpError(UtmpErrorCode.OUT_OF_RANGE, `utmpx: wtmpdb ${what}: ${time} is not a whole number of microseconds SQLite can store exactly`);
  return typeof time === "bigint" && time >= -(2n ** 53n) && time <= 2n ** 53n ? Number(time) : time;
}

/** Type: a whole number (wtmpdb's 0 to 3), USER_PROCESS when left out. */
function rowType(type: unknown): number {
  if (type === undefined) return WTMPDB_TYPE.USER_PROCESS;
  if (typeof type === "number" && Number.isSafeInteger(type)) return type;
  throw new UtmpError(UtmpErrorCode.BAD_INPUT, `utmpx: wtmpdb type is ${valueKind(type)}, not a whole number (3 USER_PROCESS, 1 BOOT_TIME); nothing written`);
}

/**
 * A login row's values as INSERT binds them (Type, User, Login, TTY,
 * RemoteHost, Service), each checked first: SQLite's own refusals of them
 * (User NOT NULL, STRICT's types, an object it cannot bind) came back as our
 * bug (INTERNAL), not as the caller's bad argument.
 */
function loginValues(row: WtmpdbLogin | WtmpdbRowInput): SqlValue[] {
  return [rowType(row.type), requiredText(row.user, "wtmpdb user"), micros(row.login, "login time"),
    optionalText(row.tty, "wtmpdb tty"), optionalText(row.remoteHost, "wtmpdb remoteHost"), optionalText(row.service, "wtmpdb service")];
}

// CAST(? AS TEXT): a Uint8Array is bound as a BLOB; the cast makes it TEXT with its bytes unchanged (a string is TEXT already)
const INSERT =
  "INSERT INTO wtmp (Type,User,Login,TTY,RemoteHost,Service) VALUES(?,CAST(? AS TEXT),?,CAST(? AS TEXT),CAST(? AS TEXT),CAST(? AS TEXT))";
const INSERT_ROW =
  "INSERT INTO wtmp (Type,User,Login,Logout,TTY,RemoteHost,Service) VALUES(?,CAST(? AS TEXT),?,?,CAST(? AS TEXT),CAST(? AS TEXT),CAST(? AS TEXT))";
/** libwtmpdb's search_id(): the newest open row of a TTY. */
const OPEN_ROW_OF_TTY = "SELECT ID FROM wtmp WHERE TTY = ? AND Logout IS NULL ORDER BY Login DESC LIMIT 1";

/** The row `wtmpdb boot` adds: Type 1 on TTY "~", the kernel release as RemoteHost. */
function bootLogin(boot: WtmpdbBoot): WtmpdbLogin {
  return { type: WTMPDB_TYPE.BOOT_TIME, user: boot.user ?? "reboot", ...(boot.login === undefined ? {} : { login: boot.login }), tty: "~", remoteHost: boot.kernel ?? kernelRelease(), service: null };
}

function kernelRelease(): string {
  const os = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.("node:os") as
    { release(): string } | undefined;
  return os?.release() ?? "";
}

/** The wtmp table of a database open in memory; each method one transaction. */
export class WtmpdbWriter {
  /** Takes the database as it is, creating wtmpdb's table when it has none. */
  constructor(private readonly image: SqliteImage) {
    image.ensureTable("wtmp", WTMPDB_COLUMNS, WTMPDB_SCHEMA, "wtmpdb");
  }

  /** Inserts a session (or, with type 1, a boot) row; returns its ID. */
  login(row: WtmpdbLogin): number {
    const values = loginValues(row);
    return this.image.transaction("adding a login", (db) => {
      db.run(INSERT, values);
      return lastRowId(db);
    });
  }

  /**
   * Sets Logout of row `id` (whatever it held, as libwtmpdb does).
   * @throws UtmpError BAD_INPUT when there is no row `id`
   */
  logout(id: number, time?: WtmpdbTime): void {
    if (!Number.isSafeInteger(id)) throw new UtmpError(UtmpErrorCode.BAD_INPUT, `utmpx: wtmpdb logout: ${id} is not a row ID`);
    const logout = micros(time, "logout time");
    this.image.transaction("setting a logout", (db) => {
      db.run("UPDATE wtmp SET Logout = ? WHERE ID = ?", [logout, id]);
      const changed = db.getRowsModified();
      if (changed !== 1) throw new UtmpError(UtmpErrorCode.BAD_INPUT, `utmpx: ${this.image.name}: no row with ID ${id} to log out; nothing written`);
    });
  }

  /** A boot row, as `wtmpdb boot` writes it; returns its ID. */
  boot(boot: WtmpdbBoot = {}): number {
    return this.login(bootLogin(boot));
  }

  /**
   * Closes the newest open row on TTY "~" (the running boot), as `wtmpdb
   * shutdown` does; returns its ID.
   * @throws UtmpError BAD_INPUT when no boot row is open
   */
  shutdown(time?: WtmpdbTime): number {
    const logout = micros(time, "shutdown time");
    return this.image.transaction("writing a shutdown", (db) => {
      const id = db.exec(OPEN_ROW_OF_TTY, ["~"])[0]?.values[0]?.[0];
      if (typeof id !== "number") throw new UtmpError(UtmpErrorCode.BAD_INPUT, `utmpx: ${this.image.name}: no open boot row (TTY "~") to close; nothing written`);
      db.run("UPDATE wtmp SET Logout = ? WHERE ID = ?", [logout, id]);
      return id;
    });
  }

  /** Inserts `rows` in order, in one transaction; returns the ID of the first (the others follow it). */
  insertRows(rows: readonly WtmpdbRowInput[]): { first: number; count: number } {
    if (rows.length === 0) return { first: 0, count: 0 };
    // room made beforehand spares sql.js regrowing its copy of the file page by page (SqliteImage.reserve)
    if (rows.length > 1000) this.image.reserve(estimatedBytes(rows));
    return this.image.transaction("adding rows", (db) => {
      const statement = db.prepare(INSERT_ROW);
      let count = 0, first = 0;
      try {
        for (const row of rows) {
          const [type, user, login, tty, remoteHost, service] = loginValues(row);
          statement.bind([type!, user!, login!, row.logout === undefined ? null : micros(row.logout, "logout time"), tty!, remoteHost!, service!]);
          statement.step();
          statement.reset();
          if (count++ === 0) first = lastRowId(db);
        }
      } finally {
        statement.free();
      }
      return { first, count };
    });
  }
}

/**
 * About the bytes the rows take in the table: each one's text, its numbers
 * and its cell's overhead (about 40 bytes), and a tenth more for the space
 * pages leave and the interior pages.
 */
function estimatedBytes(rows: readonly WtmpdbRowInput[]): number {
  let bytes = 0;
  for (const r of rows) bytes += 40 + r.user.length + (r.tty?.length ?? 0) + (r.remoteHost?.length ?? 0) + (r.service?.length ?? 0);
  return bytes * 1.1 + 65536;
}

function lastRowId(db: SqlDatabase): number {
  return Number(db.exec("SELECT last_insert_rowid()")[0]!.values[0]![0]);
}

/**
 * Changes the wtmpdb database in `bytes` (undefined: a new one) in memory and
 * returns its new bytes: for a browser, or bytes already in hand.
 */
export async function editWtmpdbBytes<T>(bytes: Uint8Array | undefined, change: (writer: WtmpdbWriter) => T, name = "wtmpdb database"): Promise<{ bytes: Uint8Array; result: T }> {
  const image = await SqliteImage.open(bytes, name);
  try {
    const result = change(new WtmpdbWriter(image));
    return { bytes: image.export(), result };
  } finally {
    image.close();
  }
}

/** Changes the wtmpdb database at `path` (created when missing, if `create`), written back whole. */
export function editWtmpdbFile<T>(path: string, change: (writer: WtmpdbWriter) => T, create = true): Promise<T> {
  return editSqliteFile(path, { create }, (image) => change(new WtmpdbWriter(image)));
}

// The file verbs take their time (now, by default) and check their values before
// they wait for the write guard: a refused value never creates or touches the file.

/** Adds a login to the wtmpdb database at `path` (created as wtmpdb creates it if missing); returns the row's ID. */
export async function wtmpdbLogin(path: string, login: WtmpdbLogin): Promise<number> {
  const row = { ...login, login: micros(login.login, "login time")! };
  loginValues(row);
  return editWtmpdbFile(path, (w) => w.login(row));
}

/** Sets the logout time of row `id` of the wtmpdb database at `path`. */
export async function wtmpdbLogout(path: string, id: number, time?: WtmpdbTime): Promise<void> {
  const logout = micros(time, "logout time")!;
  return editWtmpdbFile(path, (w) => w.logout(id, logout), false);
}

/** Adds a boot row; returns its ID. */
export async function wtmpdbBoot(path: string, boot: WtmpdbBoot = {}): Promise<number> {
  const row = { ...boot, login: micros(boot.login, "boot time")! };
  loginValues(bootLogin(row));
  return editWtmpdbFile(path, (w) => w.boot(row));
}

/** Closes the open boot row; returns its ID. */
export async function wtmpdbShutdown(path: string, time?: WtmpdbTime): Promise<number> {
  const logout = micros(time, "shutdown time")!;
  return editWtmpdbFile(path, (w) => w.shutdown(logout), false);
}
