// wtmpdb's rows as columns: typed arrays of numbers and ids of distinct strings,
// for readers of a million rows (last, the history of records) that would
// otherwise hold a million row objects and four million strings. Times are
// exact: a µs count past 2^53 (no real clock gives one) is kept aside as a bigint.
import type { RecordCells } from "./record.ts";
import type { SqliteTable } from "./table.ts";
import { TextIds } from "./textIds.ts";
import { grown } from "../util/grown.ts";
import { integer, text, time, WTMPDB_COLUMNS, type WtmpdbRow } from "./wtmpdb.ts";

/** The string id of a NULL. */
export const NULL_STRING = -1;

export class WtmpdbColumns {
  count = 0;
  id = new Float64Array(1024);
  type = new Int32Array(1024);
  /** µs; NaN for NULL (Login) or an open row (Logout); a time past 2^53 is in `wide`. */
  login = new Float64Array(1024);
  logout = new Float64Array(1024);
  user = new Int32Array(1024);
  tty = new Int32Array(1024);
  host = new Int32Array(1024);
  service = new Int32Array(1024);
  /** Ids of the distinct strings, found by their bytes. */
  readonly texts = new TextIds();
  /** Exact login (key 2·row) and logout (2·row + 1) times that are not safe integers. */
  readonly wide = new Map<number, bigint>();

  /** Drops the rows from `count` on (a read started again). */
  truncate(count: number): void {
    this.count = Math.min(count, this.count);
    for (const key of [...this.wide.keys()]) if (key >= 2 * this.count) this.wide.delete(key);
  }

  /** The time at `row` (`end`: Logout) exactly, or null. */
  timeAt(row: number, end: boolean): number | bigint | null {
    const v = (end ? this.logout : this.login)[row]!;
    if (!Number.isNaN(v)) return v;
    return this.wide.get(2 * row + (end ? 1 : 0)) ?? null;
  }

  stringAt(id: number): string | null {
    return id === NULL_STRING ? null : this.texts.text(id);
  }

  /** Row `i` as an object. */
  row(i: number): WtmpdbRow {
    return {
      id: this.id[i]!, type: this.type[i]!, user: this.stringAt(this.user[i]!) ?? "",
      login: this.timeAt(i, false), logout: this.timeAt(i, true),
      tty: this.stringAt(this.tty[i]!), remoteHost: this.stringAt(this.host[i]!), service: this.stringAt(this.service[i]!),
    };
  }

  /** Appends a row of the table (its values refused as wtmpdbRows refuses them); `at`: the table's index of each of WTMPDB_COLUMNS. */
  addRecord(id: number, r: RecordCells, at: readonly number[]): void {
    if (this.count === this.id.length) this.grow();
    const i = this.count++;
    this.id[i] = id;
    this.type[i] = integer(r.value(at[1]!), id, "Type") ?? 0;
    this.login[i] = this.exact(time(r.value(at[3]!), id, "Login"), 2 * i);
    this.logout[i] = this.exact(time(r.value(at[4]!), id, "Logout"), 2 * i + 1);
    const user = this.textId(r, at[2]!, id, "User");
    this.user[i] = user === NULL_STRING ? this.texts.idOf("") : user;
    this.tty[i] = this.textId(r, at[5]!, id, "TTY");
    this.host[i] = this.textId(r, at[6]!, id, "RemoteHost");
    this.service[i] = this.textId(r, at[7]!, id, "Service");
  }

  /** The id of value `k`'s text, NULL_STRING for NULL; a number reads as its text, as SQLite hands it back. */
  private textId(r: RecordCells, k: number, id: number, column: string): number {
    if (r.isText(k)) return this.texts.idOfBytes(r.payload, r.starts[k]!, r.textLength(k));
    const s = text(r.value(k), id, column);
    return s === null ? NULL_STRING : this.texts.idOf(s);
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
 * databases read as one); wrong value kinds refused as wtmpdbRows refuses them.
 */
export function wtmpdbColumns(table: SqliteTable, c = new WtmpdbColumns()): WtmpdbColumns {
  const at = WTMPDB_COLUMNS.map((col) => table.column(col));
  c.reserve(table.estimateRows(RESERVE_LIMIT));
  table.eachRecord((rowid, r) => c.addRecord(Number(rowid), r, at));
  return c;
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
  const key = (a: Float64Array, i: number) => { const v = a[i]!; return Number.isNaN(v) ? -Infinity : v; };
  const compare = (a: number, b: number) => key(c.login, b) - key(c.login, a) || key(c.logout, a) - key(c.logout, b) || c.id[a]! - c.id[b]!;
  // a tie (rows of two databases read as one) falls back too: the sort keeps tied rows in row order
  for (let k = 1; k < n; k++) {
    if (compare(order[k - 1]!, order[k]!) >= 0) {
      for (let i = 0; i < n; i++) order[i] = i;
      return order.sort(compare);
    }
  }
  return order;
}
