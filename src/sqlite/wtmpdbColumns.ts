// wtmpdb's rows as columns: typed arrays of numbers and ids of distinct strings,
// for readers of a million rows (last, the history of records) that would
// otherwise hold a million row objects and four million strings. Times are
// exact: a µs count past 2^53 (no real clock gives one) is kept aside as a bigint.
import type { SqliteValue } from "./record.ts";
import type { SqliteTable } from "./table.ts";
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
  /** Distinct strings, by id. */
  readonly strings: string[] = [];
  /** Exact login (key 2·row) and logout (2·row + 1) times that are not safe integers. */
  readonly wide = new Map<number, bigint>();
  private readonly ids = new Map<string, number>();

  /** The time at `row` (`end`: Logout) exactly, or null. */
  timeAt(row: number, end: boolean): number | bigint | null {
    const v = (end ? this.logout : this.login)[row]!;
    if (!Number.isNaN(v)) return v;
    return this.wide.get(2 * row + (end ? 1 : 0)) ?? null;
  }

  stringAt(id: number): string | null {
    return id === NULL_STRING ? null : this.strings[id]!;
  }

  /** Row `i` as an object. */
  row(i: number): WtmpdbRow {
    return {
      id: this.id[i]!, type: this.type[i]!, user: this.stringAt(this.user[i]!) ?? "",
      login: this.timeAt(i, false), logout: this.timeAt(i, true),
      tty: this.stringAt(this.tty[i]!), remoteHost: this.stringAt(this.host[i]!), service: this.stringAt(this.service[i]!),
    };
  }

  add(id: number, type: number, user: string, login: number | bigint | null, logout: number | bigint | null, tty: string | null, host: string | null, service: string | null): void {
    if (this.count === this.id.length) this.grow();
    const i = this.count++;
    this.id[i] = id;
    this.type[i] = type;
    this.login[i] = this.exact(login, 2 * i);
    this.logout[i] = this.exact(logout, 2 * i + 1);
    this.user[i] = this.intern(user);
    this.tty[i] = this.intern(tty);
    this.host[i] = this.intern(host);
    this.service[i] = this.intern(service);
  }

  private exact(v: number | bigint | null, key: number): number {
    if (v === null) return NaN;
    if (typeof v === "number") return v;
    if (v >= -BigInt(Number.MAX_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
    this.wide.set(key, v);
    return NaN;
  }

  private intern(s: string | null): number {
    if (s === null) return NULL_STRING;
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, id);
    }
    return id;
  }

  private grow(): void {
    const n = this.id.length * 2;
    const more = <T extends Float64Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.id = more(this.id); this.type = more(this.type); this.login = more(this.login); this.logout = more(this.logout);
    this.user = more(this.user); this.tty = more(this.tty); this.host = more(this.host); this.service = more(this.service);
  }
}

/**
 * The table's rows as columns, in ID order (appended to `c` when given: several
 * databases read as one); wrong value kinds refused as wtmpdbRows refuses them.
 */
export function wtmpdbColumns(table: SqliteTable, c = new WtmpdbColumns()): WtmpdbColumns {
  const at = WTMPDB_COLUMNS.map((col) => table.column(col));
  for (const { rowid, values } of table.rows()) {
    const v = (k: number): SqliteValue => values[at[k]!]!;
    const id = Number(rowid);
    c.add(id, integer(v(1), id, "Type") ?? 0, text(v(2), id, "User") ?? "", time(v(3), id, "Login"), time(v(4), id, "Logout"),
      text(v(5), id, "TTY"), text(v(6), id, "RemoteHost"), text(v(7), id, "Service"));
  }
  return c;
}

/** Row numbers in the order wtmpdb last reads them: Login DESC, Logout ASC (NULL first), then ID. */
export function newestLoginOrder(c: WtmpdbColumns): Uint32Array {
  const order = new Uint32Array(c.count);
  for (let i = 0; i < c.count; i++) order[i] = i;
  const key = (a: Float64Array, i: number) => { const v = a[i]!; return Number.isNaN(v) ? -Infinity : v; };
  return order.sort((a, b) => key(c.login, b) - key(c.login, a) || key(c.logout, a) - key(c.logout, b) || c.id[a]! - c.id[b]!);
}
