// wtmpdb's rows as columns: typed arrays of numbers and ids of distinct strings,
// for readers of a million rows (last, the history of records) that would
// otherwise hold a million row objects and four million strings. Times are
// exact: a µs count past 2^53 (no real clock gives one) is kept aside as a bigint.
import type { RecordCells } from "./record.ts";
import type { SqliteTable } from "./table.ts";
import { TextIds } from "./textIds.ts";
import { grown } from "../util/grown.ts";
import { WTMPDB_COLUMNS, type WtmpdbRow } from "./wtmpdb.ts";
import { sqliteText, timeCell, typeCell, wrongKindMessage, wrongKindOf, type WrongKind, type WrongKinds } from "./wtmpdbValues.ts";
import type { UtmpWarning } from "../util/errors.ts";
import { DamageLog } from "./damage.ts";
import { NULL_ORDER, StoredTimes, WideTimes, type StoredOrder } from "./asideValues.ts";

/** The string id of a NULL. */
export const NULL_STRING = -1;

/** Warnings of values of the wrong kind kept, one per value; then one saying how many more. */
const WRONG_KINDS_TOLD = 100;

export class WtmpdbColumns implements WrongKinds {
  count = 0;
  id: Float64Array = new Float64Array(1024);
  type: Int32Array = new Int32Array(1024);
  /** µs; NaN for NULL (Login) or an open row (Logout); a time past 2^53 is in `wide`. */
  login: Float64Array = new Float64Array(1024);
  logout: Float64Array = new Float64Array(1024);
  user: Int32Array = new Int32Array(1024);
  tty: Int32Array = new Int32Array(1024);
  host: Int32Array = new Int32Array(1024);
  service: Int32Array = new Int32Array(1024);
  /** Ids of the distinct strings, found by their bytes. */
  readonly texts = new TextIds();
  /** Exact login (key 2·row) and logout (2·row + 1) times that are not safe integers. */
  readonly wide = new WideTimes();
  /** Logins and logouts stored as another kind than an integer (keys as `wide`): how SQLite orders them. */
  readonly stored = new StoredTimes();
  /** Values of another kind than wtmpdb writes, read as wtmpdb reads them (the first WRONG_KINDS_TOLD), and their VALUE_KIND warnings (then one more with the count). */
  readonly wrong: WrongKind[] = [];
  readonly warnings: UtmpWarning[] = [];
  /** How many such values, told or not. */
  wrongKinds = 0;

  /** Drops the rows from `count` on, and the warnings from `told` on (a read started again). */
  truncate(count: number, told = this.warnings.length): void {
    if (told < this.warnings.length) {
      this.warnings.length = told;
      // the count of values told goes back with them (past the cap, the next database's are not told either)
      if (told <= WRONG_KINDS_TOLD) this.wrongKinds = this.wrong.length = told;
    }
    this.count = Math.min(count, this.count);
    this.wide.truncate(2 * this.count);
    this.stored.truncate(2 * this.count);
  }

  /** The time at `row` (`end`: Logout) exactly, or null. */
  timeAt(row: number, end: boolean): number | bigint | null {
    const v = (end ? this.logout : this.login)[row]!;
    if (!Number.isNaN(v)) return v;
    return this.wide.get(2 * row + (end ? 1 : 0)) ?? null;
  }

  /**
   * Every row as an object, in row order: each distinct text made a string
   * once, and shared by the rows that hold it (a million rows of a few hundred
   * users, ttys and services made four million strings: a third of audit's time).
   */
  rows(): WtmpdbRow[] {
    const made: (string | undefined)[] = new Array(this.texts.count);
    const text = (id: number): string | null => id === NULL_STRING ? null : (made[id] ??= this.texts.text(id));
    return Array.from({ length: this.count }, (_, i) => ({
      id: this.id[i]!, type: this.type[i]!, user: text(this.user[i]!) ?? "",
      login: this.timeAt(i, false), logout: this.timeAt(i, true),
      tty: text(this.tty[i]!), remoteHost: text(this.host[i]!), service: text(this.service[i]!),
    }));
  }

  /**
   * Appends a row of the table, each value read as wtmpdb reads it (a value of
   * another kind than wtmpdb writes with a warning); `at`: the table's index of
   * each of WTMPDB_COLUMNS.
   */
  addRecord(id: number, r: RecordCells, at: readonly number[]): void {
    if (this.count === this.id.length) this.grow();
    const i = this.count++;
    this.id[i] = id;
    this.type[i] = typeCell(r, at[1]!, id, this);
    this.login[i] = this.time(r, at[3]!, id, "Login", 2 * i);
    this.logout[i] = this.time(r, at[4]!, id, "Logout", 2 * i + 1);
    const user = this.textId(r, at[2]!, id, "User");
    this.user[i] = user === NULL_STRING ? this.texts.idOf("") : user;
    this.tty[i] = this.textId(r, at[5]!, id, "TTY");
    this.host[i] = this.textId(r, at[6]!, id, "RemoteHost");
    this.service[i] = this.textId(r, at[7]!, id, "Service");
  }

  /** Tells of value `k` of `cells`, read as `read` (see WrongKinds). */
  wrongKind(id: number, column: string, cells: RecordCells, k: number, read: string): void {
    const n = ++this.wrongKinds;
    if (n <= WRONG_KINDS_TOLD) {
      const w = wrongKindOf(id, column, cells, k, read);
      this.wrong.push(w);
      this.warnings.push({ code: "VALUE_KIND", message: wrongKindMessage(w), offset: w.offset, length: w.length });
    } else if (n === WRONG_KINDS_TOLD + 1) {
      const message = `more values of the wrong kind after the first ${WRONG_KINDS_TOLD}, read as wtmpdb reads them (not each told)`;
      this.warnings.push({ code: "VALUE_KIND", message, offset: cells.offset, length: 0 });
    }
  }

  /** Login or Logout of the row at `key` (see `wide`): NaN for NULL; a value of another kind also ordered as stored. */
  private time(r: RecordCells, k: number, id: number, column: string, key: number): number {
    const t = timeCell(r, k, id, column, this);
    if (t !== null && !r.isInteger(k)) {
      // a real by its value; text and blobs by their bytes as stored, as SQLite compares them
      if (r.isReal(k)) this.stored.setReal(key, r.value(k) as number);
      else this.stored.setBytes(key, r.isText(k) ? 2 : 3, r.payload, r.starts[k]!, r.byteLength(k));
    }
    return this.exact(t, key);
  }

  /** The id of value `k`'s text, NULL_STRING for NULL; another kind read as its text, as SQLite hands it back (a blob: its bytes to a NUL). */
  private textId(r: RecordCells, k: number, id: number, column: string): number {
    if (r.isText(k)) return this.texts.idOfBytes(r.payload, r.starts[k]!, r.textLength(k));
    if (r.isNull(k)) return NULL_STRING;
    const v = r.value(k);
    let textId: number;
    if (v instanceof Uint8Array) {
      const nul = v.indexOf(0);
      textId = this.texts.idOfBytes(v, 0, nul < 0 ? v.length : nul);
    } else textId = this.texts.idOf(sqliteText(v, r.isReal(k))!);
    this.wrongKind(id, column, r, k, JSON.stringify(this.texts.text(textId)));
    return textId;
  }

  private exact(v: number | bigint | null, key: number): number {
    if (v === null) return NaN;
    if (typeof v === "number") return v;
    if (v >= -BigInt(Number.MAX_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
    this.wide.set(key, v);
    return NaN;
  }

  /** Room for `rows` more rows without growing (an estimate: more rows still fit, a doubling at a time). */
  reserve(rows: number): void {
    if (this.count + rows > this.id.length) this.resize(this.count + rows);
  }

  private grow(): void {
    this.resize(this.id.length * 2);
  }

  /** Every column to hold at least `n` rows. */
  private resize(n: number): void {
    this.id = grown(this.id, n); this.type = grown(this.type, n); this.login = grown(this.login, n); this.logout = grown(this.logout, n);
    this.user = grown(this.user, n); this.tty = grown(this.tty, n); this.host = grown(this.host, n); this.service = grown(this.service, n);
  }
}

/** Rows reserve() makes room for at most on an estimate (~640 MB of columns): more still fit, grown as they come. */
const RESERVE_LIMIT = 1 << 24;

/**
 * The table's rows as columns, in ID order (appended to `c` when given: several
 * databases read as one); values of another kind read as wtmpdb reads them (c.warnings);
 * damage below the root passed over and noted in `damage` when given, else thrown.
 */
export function wtmpdbColumns(table: SqliteTable, c = new WtmpdbColumns(), damage?: DamageLog): WtmpdbColumns {
  const at = WTMPDB_COLUMNS.map((col) => table.column(col));
  c.reserve(table.estimateRows(RESERVE_LIMIT));
  table.eachRecord((rowid, r) => c.addRecord(Number(rowid), r, at), damage);
  return c;
}

/**
 * The table's rows as objects, in ID order; warnings of values of another kind,
 * and of damage passed over (the file named `name`), pushed to `warnings`.
 */
export function wtmpdbRows(table: SqliteTable, name: string, warnings?: UtmpWarning[]): WtmpdbRow[] {
  const damage = new DamageLog(name);
  const c = wtmpdbColumns(table, undefined, damage);
  warnings?.push(...c.warnings, ...damage.warnings());
  return c.rows();
}

/**
 * Row numbers in the order wtmpdb last reads them: Login DESC, Logout ASC (NULL
 * first), then ID. wtmpdb adds a row as its session begins, so the rows are
 * nearly always in login order already: the rows reversed are checked first
 * (n - 1 comparisons), and sorted only when they are not (a clock set back, rows
 * imported out of order). On 1M rows the sort took 0.3-0.5 s, the check 25 ms.
 */
export function newestLoginOrder(c: WtmpdbColumns): Uint32Array {
  const n = c.count;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = n - 1 - i;
  const compare = c.stored.size > 0 || c.wide.size > 0 ? storedOrder(c) : numberOrder(c);
  // a tie (rows of two databases read as one) falls back too: the sort keeps tied rows in row order
  for (let k = 1; k < n; k++) {
    if (compare(order[k - 1]!, order[k]!) >= 0) {
      for (let i = 0; i < n; i++) order[i] = i;
      return order.sort(compare);
    }
  }
  return order;
}

/** wtmpdb last's order of rows whose times are all safe integers or NULL (NULL: before every number). */
function numberOrder(c: WtmpdbColumns): (a: number, b: number) => number {
  const key = (a: Float64Array, i: number) => { const v = a[i]!; return Number.isNaN(v) ? -Infinity : v; };
  return (a, b) => key(c.login, b) - key(c.login, a) || key(c.logout, a) - key(c.logout, b) || c.id[a]! - c.id[b]!;
}

/** wtmpdb last's order when some times are stored otherwise (SQLite's: NULL, numbers, text, blobs), or past 2^53. */
function storedOrder(c: WtmpdbColumns): (a: number, b: number) => number {
  const of = (column: Float64Array, i: number, key: number): StoredOrder => {
    const s = c.stored.get(key);
    if (s) return s;
    const v = column[i]!;
    if (!Number.isNaN(v)) return { rank: 1, real: v, bytes: NULL_ORDER.bytes };
    const wide = c.wide.get(key);
    return wide === undefined ? NULL_ORDER : { rank: 1, real: Number(wide), bytes: NULL_ORDER.bytes };
  };
  const cmp = (x: StoredOrder, y: StoredOrder) => x.rank - y.rank || (x.rank === 1 ? Math.sign(x.real - y.real) : compareBytes(x.bytes, y.bytes));
  return (a, b) => cmp(of(c.login, b, 2 * b), of(c.login, a, 2 * a)) || cmp(of(c.logout, a, 2 * a + 1), of(c.logout, b, 2 * b + 1)) || c.id[a]! - c.id[b]!;
}

/** memcmp, then the shorter first: SQLite's BINARY order of text and blobs. */
function compareBytes(x: Uint8Array, y: Uint8Array): number {
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}
