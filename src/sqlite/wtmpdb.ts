// wtmpdb's one table (FORMATS.md §3.3): a row per session or boot, times in
// microseconds since the epoch, Logout NULL while open. Columns are found by
// name, so the STRICT and non-STRICT schemas read alike.
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import type { SqliteDatabase } from "./database.ts";
import type { SqliteValue } from "./record.ts";
import type { SqliteTable } from "./table.ts";

/** wtmpdb's Type numbers (its own, not utmp's). */
export const WTMPDB_TYPE = { EMPTY: 0, BOOT_TIME: 1, RUNLEVEL: 2, USER_PROCESS: 3 } as const;

export const WTMPDB_COLUMNS = ["ID", "Type", "User", "Login", "Logout", "TTY", "RemoteHost", "Service"] as const;

export interface WtmpdbRow {
  /** The row ID: what libwtmpdb hands the writer to close the session later. */
  readonly id: number;
  readonly type: number;
  readonly user: string;
  /** Microseconds since the epoch, exact (a bigint only past 2^53, which no real time reaches). */
  readonly login: number | bigint | null;
  /** Null while the session is open (or the boot's shutdown not yet written). */
  readonly logout: number | bigint | null;
  readonly tty: string | null;
  readonly remoteHost: string | null;
  readonly service: string | null;
}

/** The wtmp table when the database has one with wtmpdb's columns (by name, any order), else undefined. */
export function wtmpdbTable(db: SqliteDatabase): SqliteTable | undefined {
  const table = db.table("wtmp");
  if (table === undefined) return undefined;
  return WTMPDB_COLUMNS.every((c) => table.column(c) >= 0) ? table : undefined;
}

/**
 * The rows in ID order. A value of the wrong kind (text in Login, a number in
 * User: possible in a non-STRICT table written by hand) is a BAD_INPUT naming
 * the row, not a guess.
 */
export function* wtmpdbRows(table: SqliteTable): Generator<WtmpdbRow> {
  const at = WTMPDB_COLUMNS.map((c) => table.column(c));
  for (const { rowid, values } of table.rows()) {
    const v = (k: number): SqliteValue => values[at[k]!]!;
    const id = Number(rowid);
    yield {
      id,
      type: integer(v(1), id, "Type") ?? 0,
      user: text(v(2), id, "User") ?? "",
      login: time(v(3), id, "Login"),
      logout: time(v(4), id, "Logout"),
      tty: text(v(5), id, "TTY"),
      remoteHost: text(v(6), id, "RemoteHost"),
      service: text(v(7), id, "Service"),
    };
  }
}

function wrong(id: number, column: string, value: SqliteValue): UtmpError {
  const kind = value instanceof Uint8Array ? "a blob" : typeof value === "string" ? "text" : "a number";
  return new UtmpError(UtmpErrorCode.BAD_INPUT, `wtmpdb row ID ${id}: ${column} holds ${kind}, not what wtmpdb writes there`);
}

export function integer(value: SqliteValue, id: number, column: string): number | null {
  if (value === null) return null;
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "bigint") return Number(value);
  throw wrong(id, column, value);
}

export function time(value: SqliteValue, id: number, column: string): number | bigint | null {
  if (value === null || typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isInteger(value)) return value;
  throw wrong(id, column, value);
}

export function text(value: SqliteValue, id: number, column: string): string | null {
  if (value === null || typeof value === "string") return value;
  // SQLite itself would hand a number back as text in a TEXT column of a non-STRICT table
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  throw wrong(id, column, value);
}

/** The order wtmpdb last reads rows in: ORDER BY Login DESC, Logout ASC (NULL first), then ID (SQLite's sorter keeps scan order). */
export function newestLoginFirst(rows: WtmpdbRow[]): WtmpdbRow[] {
  const key = (v: number | bigint | null) => (v === null ? -Infinity : Number(v));
  return rows.sort((a, b) => key(b.login) - key(a.login) || key(a.logout) - key(b.logout) || a.id - b.id);
}
