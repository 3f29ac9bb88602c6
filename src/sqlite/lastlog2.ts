// lastlog2's one table (FORMATS.md §3.2): a row per user name, Time in seconds
// since the epoch (pam_lastlog2 stores time()), the rest text that may be NULL.
// Columns are found by name, so util-linux's schema (Time INTEGER), the older
// one (Time INTEGER NOT NULL) and STRICT copies read alike.
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import type { DamageLog } from "./damage.ts";
import type { SqliteDatabase } from "./database.ts";
import type { SqliteValue } from "./record.ts";
import type { SqliteTable } from "./table.ts";

export const LASTLOG2_COLUMNS = ["Name", "Time", "TTY", "RemoteHost", "Service"] as const;

export interface Lastlog2Row {
  /** SQLite's rowid: where the row lies, for messages (Name is the key, not an alias of it). */
  readonly rowid: number | bigint;
  /** The user name: lastlog2 keys rows by name, not by uid. */
  readonly name: string;
  /**
   * Seconds since the epoch, exact (a bigint only past 2^53). 0, or NULL
   * (which liblastlog2 reads as 0), means the user never logged in.
   */
  readonly time: number | bigint | null;
  readonly tty: string | null;
  readonly remoteHost: string | null;
  /** The PAM service that logged the user in (sshd, login, gdm-password...). */
  readonly service: string | null;
}

/** The Lastlog2 table when the database has one with lastlog2's columns (by name, any order), else undefined. */
export function lastlog2Table(db: SqliteDatabase): SqliteTable | undefined {
  const table = db.table("Lastlog2");
  if (table === undefined) return undefined;
  return LASTLOG2_COLUMNS.every((c) => table.column(c) >= 0) ? table : undefined;
}

/**
 * The rows in rowid order (lastlog2 prints them ordered by name: the caller
 * sorts). A value of a kind liblastlog2 never writes (a blob anywhere, text or
 * a fraction in Time, a NULL Name: possible in a non-STRICT table written by
 * hand) is a BAD_INPUT naming the row, not a guess. Damage below the root
 * throws too, or with `damage` is passed over there (see SqliteTable.rows).
 */
export function* lastlog2Rows(table: SqliteTable, damage?: DamageLog): Generator<Lastlog2Row> {
  const at = LASTLOG2_COLUMNS.map((c) => table.column(c));
  for (const { rowid, values } of table.rows(damage)) {
    const v = (k: number): SqliteValue => values[at[k]!]!;
    const name = text(v(0), rowid, "Name");
    if (name === null) throw new UtmpError(UtmpErrorCode.BAD_INPUT, `lastlog2 row ${rowid}: Name is NULL: a row without a user name`);
    yield { rowid, name, time: seconds(v(1), rowid), tty: text(v(2), rowid, "TTY"), remoteHost: text(v(3), rowid, "RemoteHost"), service: text(v(4), rowid, "Service") };
  }
}

function wrong(rowid: number | bigint, column: string, value: SqliteValue): UtmpError {
  const kind = value instanceof Uint8Array ? "a blob" : typeof value === "string" ? `text ${JSON.stringify(value.slice(0, 40))}` : `the number ${value}`;
  return new UtmpError(UtmpErrorCode.BAD_INPUT, `lastlog2 row ${rowid}: ${column} holds ${kind}, not what liblastlog2 writes there`);
}

function seconds(value: SqliteValue, rowid: number | bigint): number | bigint | null {
  if (value === null || typeof value === "bigint") return value;
  // a REAL of whole seconds (1700000000.0) is a time; one past 2^53 (1e300) is no second a clock gives, and read as 1970
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  // INTEGER affinity already turned numeric text into integers: what is left is not a time
  throw wrong(rowid, "Time", value);
}

function text(value: SqliteValue, rowid: number | bigint, column: string): string | null {
  if (value === null || typeof value === "string") return value;
  // SQLite itself hands a number back as text from a TEXT column of a non-STRICT table
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  throw wrong(rowid, column, value);
}
