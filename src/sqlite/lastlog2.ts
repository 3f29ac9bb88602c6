// lastlog2's one table (FORMATS.md §3.2): a row per user name, Time in seconds
// since the epoch (pam_lastlog2 stores time()), the rest text that may be NULL.
// Columns are found by name, so util-linux's schema (Time INTEGER), the older
// one (Time INTEGER NOT NULL) and STRICT copies read alike. A value of another
// kind is read as util-linux lastlog2 reads it (lastlog2Values.ts), with a
// VALUE_KIND warning.
import type { UtmpWarning } from "../util/errors.ts";
import type { DamageLog } from "./damage.ts";
import type { SqliteDatabase } from "./database.ts";
import { exact } from "./bytes.ts";
import type { RecordCells } from "./record.ts";
import type { SqliteTable } from "./table.ts";
import { cText, columnInt64, strtoll } from "./lastlog2Values.ts";
import { sqliteText, wrongKindOf, type WrongKind } from "./wtmpdbValues.ts";

export const LASTLOG2_COLUMNS = ["Name", "Time", "TTY", "RemoteHost", "Service"] as const;

export interface Lastlog2Row {
  /** SQLite's rowid: where the row lies, for messages (Name is the key, not an alias of it). */
  readonly rowid: number | bigint;
  /** The user name: lastlog2 keys rows by name, not by uid ("" for a NULL Name, which liblastlog2 never writes). */
  readonly name: string;
  /**
   * Seconds since the epoch, exact (a bigint only past 2^53). 0, or NULL
   * (which liblastlog2 reads as 0), means the user never logged in. A value
   * of another kind is what lastlog2's listing reads (its leading number).
   */
  readonly time: number | bigint | null;
  readonly tty: string | null;
  readonly remoteHost: string | null;
  /** The PAM service that logged the user in (sshd, login, gdm-password...). */
  readonly service: string | null;
}

/**
 * A row as util-linux lastlog2 prints it: C strings, as byte strings (one
 * character per byte, up to the first NUL; null for NULL), and Time as each of
 * its two readers reads it.
 */
export interface Lastlog2Listed {
  readonly name: string | null;
  /** Time as lastlog2's listing reads it: strtoll of its text. */
  readonly time: bigint;
  /** The text of a Time the listing calls an "Invalid numeric time entry" (it prints an Error line after the row); else undefined. */
  readonly invalidTime: string | undefined;
  /** Time as `lastlog2 -u` reads it (ll2_read_entry: sqlite3_column_int64). */
  readonly entryTime: bigint;
  /** Whether `lastlog2 -u NAME` can find the row: its Name is text (WHERE Name = ? matches text only). */
  readonly named: boolean;
  readonly tty: string | null;
  readonly remoteHost: string | null;
  readonly service: string | null;
}

/** A lastlog2 table read: its rows in lastlog2's order (ORDER BY Name), each with how lastlog2 prints it. */
export interface Lastlog2Read {
  readonly rows: readonly Lastlog2Row[];
  /** Parallel to rows. */
  readonly listed: readonly Lastlog2Listed[];
  /** Values of another kind than liblastlog2 writes (the first WRONG_KINDS_TOLD), and how many there were. */
  readonly wrong: readonly WrongKind[];
  readonly wrongCount: number;
  /** A VALUE_KIND warning for each of `wrong`, then one with the count of the rest. */
  readonly warnings: readonly UtmpWarning[];
}

const WRONG_KINDS_TOLD = 100;

/** The Lastlog2 table when the database has one with lastlog2's columns (by name, any order), else undefined. */
export function lastlog2Table(db: SqliteDatabase): SqliteTable | undefined {
  const table = db.table("Lastlog2");
  if (table === undefined) return undefined;
  return LASTLOG2_COLUMNS.every((c) => table.column(c) >= 0) ? table : undefined;
}

/**
 * The rows, ordered as lastlog2 lists them (ORDER BY Name; equal names in
 * rowid order). Damage below the root throws, or with `damage` is passed over
 * there (see SqliteTable.eachRecord).
 */
export function readLastlog2Table(table: SqliteTable, damage?: DamageLog): Lastlog2Read {
  const at = LASTLOG2_COLUMNS.map((c) => table.column(c));
  const reader = new RowReader();
  const read: { row: Lastlog2Row; listed: Lastlog2Listed; key: NameKey }[] = [];
  table.eachRecord((rowid, cells) => read.push(reader.row(rowid, cells, at)), damage);
  read.sort((a, b) => compareNames(a.key, b.key) || (a.row.rowid < b.row.rowid ? -1 : a.row.rowid > b.row.rowid ? 1 : 0));
  return { rows: read.map((r) => r.row), listed: read.map((r) => r.listed), wrong: reader.wrong, wrongCount: reader.wrongCount, warnings: reader.warnings };
}

/** How SQLite orders a Name: NULL, then numbers by value, then text, then blobs, each by its bytes (BINARY collation: memcmp). */
interface NameKey {
  readonly rank: number;
  readonly number: number;
  readonly bytes: Uint8Array | undefined;
}

function compareNames(a: NameKey, b: NameKey): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.bytes === undefined || b.bytes === undefined) return a.number - b.number;
  const x = a.bytes, y = b.bytes;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

function nameKey(cells: RecordCells, k: number): NameKey {
  if (cells.isNull(k)) return { rank: 0, number: 0, bytes: undefined };
  if (cells.isInteger(k) || cells.isReal(k)) return { rank: 1, number: Number(cells.value(k)), bytes: undefined };
  const start = cells.starts[k]!;
  return { rank: cells.isText(k) ? 2 : 3, number: 0, bytes: cells.payload.slice(start, start + cells.byteLength(k)) };
}

/** Reads rows, telling of the values of another kind than liblastlog2 writes. */
class RowReader {
  readonly wrong: WrongKind[] = [];
  readonly warnings: UtmpWarning[] = [];
  wrongCount = 0;

  row(rowid: number | bigint, cells: RecordCells, at: readonly number[]): { row: Lastlog2Row; listed: Lastlog2Listed; key: NameKey } {
    const [name, time, tty, host, service] = at as [number, number, number, number, number];
    const id = Number(rowid);
    const listedTime = this.time(id, cells, time);
    const row: Lastlog2Row = {
      rowid, name: this.text(id, cells, name, "Name") ?? "", time: cells.isNull(time) ? null : exact(listedTime.value),
      tty: this.text(id, cells, tty, "TTY"), remoteHost: this.text(id, cells, host, "RemoteHost"), service: this.text(id, cells, service, "Service"),
    };
    const listed: Lastlog2Listed = {
      name: cText(cells, name), time: listedTime.value, invalidTime: listedTime.invalid, entryTime: columnInt64(cells, time),
      named: cells.isText(name), tty: cText(cells, tty), remoteHost: cText(cells, host), service: cText(cells, service),
    };
    return { row, listed, key: nameKey(cells, name) };
  }

  /** Time as the listing reads it (NULL: 0, as `lastlog2 -u` reads it; the listing's strtoll of a NULL crashes). */
  private time(id: number, cells: RecordCells, k: number): { value: bigint; invalid: string | undefined } {
    if (cells.isInteger(k)) return { value: BigInt(cells.value(k) as number | bigint), invalid: undefined };
    if (cells.isNull(k)) {
      this.tell(id, "Time", cells, k, "0, never logged in, as lastlog2 -u reads it; its listing crashes on a NULL Time");
      return { value: 0n, invalid: undefined };
    }
    const text = cText(cells, k)!;
    const { value, clean } = strtoll(text);
    const entry = columnInt64(cells, k);
    const also = entry === value ? "" : `; lastlog2 -u reads ${entry}`;
    this.tell(id, "Time", cells, k, `${value}${clean ? "" : ', with lastlog2\'s "Invalid numeric time entry" error'}${also}`);
    return { value, invalid: clean ? undefined : text };
  }

  /** A text column's value: text as stored, NULL as null, another kind as SQLite hands it back as text (a blob: its bytes to a NUL). */
  private text(id: number, cells: RecordCells, k: number, column: string): string | null {
    const value = cells.value(k);
    if (typeof value === "string") return value;
    if (value === null && column !== "Name") return null;
    const text = sqliteText(value, cells.isReal(k));
    if (column === "Name") {
      this.tell(id, column, cells, k, value === null ? `"", printed "(null)"; lastlog2 -u finds no such row` : `${JSON.stringify(text)}; lastlog2 -u finds no row by that name`);
      return text;
    }
    this.tell(id, column, cells, k, JSON.stringify(text));
    return text;
  }

  private tell(id: number, column: string, cells: RecordCells, k: number, read: string): void {
    const n = ++this.wrongCount;
    if (n <= WRONG_KINDS_TOLD) {
      const w = wrongKindOf(id, column, cells, k, read);
      this.wrong.push(w);
      const holds = w.kind === "NULL" ? "is NULL" : `holds ${w.kind} ${JSON.stringify(w.text)}`;
      this.warnings.push({ code: "VALUE_KIND", offset: w.offset, length: w.length,
        message: `lastlog2 row ${id}: ${column} ${holds}, not what liblastlog2 writes there: read as lastlog2 reads it (${read})` });
    } else if (n === WRONG_KINDS_TOLD + 1) {
      this.warnings.push({ code: "VALUE_KIND", offset: cells.offset, length: 0,
        message: `more values of the wrong kind after the first ${WRONG_KINDS_TOLD}, read as lastlog2 reads them (not each told)` });
    }
  }
}
