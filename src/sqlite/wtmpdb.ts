// wtmpdb's one table (FORMATS.md §3.3): a row per session or boot, times in
// microseconds since the epoch, Logout NULL while open. Columns are found by
// name, so the STRICT and non-STRICT schemas read alike.
import type { SqliteDatabase } from "./database.ts";
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

/** The order wtmpdb last reads rows in: ORDER BY Login DESC, Logout ASC (NULL first), then ID (SQLite's sorter keeps scan order). */
export function newestLoginFirst(rows: WtmpdbRow[]): WtmpdbRow[] {
  const key = (v: number | bigint | null) => (v === null ? -Infinity : Number(v));
  return rows.sort((a, b) => key(b.login) - key(a.login) || key(a.logout) - key(b.logout) || a.id - b.id);
}
