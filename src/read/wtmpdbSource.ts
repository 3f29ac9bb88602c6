// A wtmpdb database read as a history of records (layouts/wtmpdb.ts), so that
// iteration, filters, count(), sessions(), dump, json and last work on it as
// on any wtmp. Each row gives its events: a session its login (USER_PROCESS)
// and, once closed, its logout (DEAD_PROCESS); a boot row its boot (BOOT_TIME)
// and, once the system went down, its shutdown (RUN_LVL "shutdown" on "~", as
// systemd writes it to wtmp). Events are ordered by time, then row ID, so the
// history reads as the wtmp the same logins would have written. The rows are
// held as columns and strings once each; records are encoded only when read.
import { SqliteDatabase } from "../sqlite/database.ts";
import { isSqlite } from "../sqlite/header.ts";
import { WTMPDB_TYPE, wtmpdbRows, wtmpdbTable } from "../sqlite/wtmpdb.ts";
import { WTMPDB_FIELDS, WTMPDB_LAYOUT } from "../layouts/wtmpdb.ts";
import { linuxTypeNumber } from "../layouts/entryType.ts";
import { parseAddress } from "../util/parseAddress.ts";
import { UtmpError, UtmpErrorCode, type UtmpWarning } from "../util/errors.ts";
import { fileSystem } from "../sources/fileAccess.ts";
import type { ByteSource } from "../sources/sources.ts";
import type { SqliteTable } from "../sqlite/table.ts";

export { isSqlite };

const SIZE = WTMPDB_LAYOUT.recordSize;
const USER_PROCESS = linuxTypeNumber("USER_PROCESS")!;
const DEAD_PROCESS = linuxTypeNumber("DEAD_PROCESS")!;
const BOOT_TIME = linuxTypeNumber("BOOT_TIME")!;
const RUN_LVL = linuxTypeNumber("RUN_LVL")!;
/** wtmpdb types it does not define read as this raw type: UNKNOWN, flagged BAD_TYPE. */
const UNKNOWN_TYPE = 255;
/** An event's end bit: 0 the row's start (Login), 1 its end (Logout). */
const END = 1;

export interface WtmpdbHistory {
  readonly source: ByteSource;
  readonly rows: number;
  readonly warnings: readonly UtmpWarning[];
}

/**
 * The history of the wtmpdb database `bytes` (its -wal's committed frames
 * applied when `wal` is given).
 * @throws UtmpError BAD_INPUT for a damaged database, UNSUPPORTED_FORMAT for SQLite without wtmpdb's table
 */
export function wtmpdbHistory(bytes: Uint8Array, name: string, wal?: Uint8Array): WtmpdbHistory {
  const { table, warnings } = openWtmpdbTable(bytes, name, wal);
  const rows = new RowColumns();
  for (const row of wtmpdbRows(table)) rows.add(row);
  return { source: rows.source(name), rows: rows.count, warnings };
}

/**
 * The wtmp table of the wtmpdb database `bytes`, its -wal's committed frames
 * applied when `wal` is given (and a WAL_APPLIED warning saying so).
 * @throws UtmpError BAD_INPUT for a damaged database, UNSUPPORTED_FORMAT for SQLite without wtmpdb's table
 */
export function openWtmpdbTable(bytes: Uint8Array, name: string, wal?: Uint8Array): { table: SqliteTable; warnings: UtmpWarning[] } {
  const db = new SqliteDatabase(bytes, { wal });
  const table = wtmpdbTable(db);
  if (!table) {
    const lastlog2 = db.table("Lastlog2") !== undefined;
    throw new UtmpError(UtmpErrorCode.UNSUPPORTED_FORMAT, lastlog2
      ? `utmpx: ${name} is a lastlog2 database: read it with openLastlog() or utmpx lastlog`
      : `utmpx: ${name} is a SQLite database without wtmpdb's wtmp table`);
  }
  const warnings: UtmpWarning[] = [];
  if (db.wal && db.wal.framesApplied > 0) {
    warnings.push({
      code: "WAL_APPLIED", offset: 0, length: db.wal.framesApplied,
      message: `${name}: ${db.wal.transactionsApplied} committed transaction(s) (${db.wal.framesApplied} pages) of its -wal file applied, as SQLite applies them on opening` +
        (db.wal.framesIgnored > 0 ? `; ${db.wal.framesIgnored} uncommitted or stale pages left out` : ""),
    });
  }
  return { table, warnings };
}

/** The -wal file beside `path`, or undefined when there is none (or it is empty). */
export function readWal(path: string): Uint8Array | undefined {
  const walPath = `${path}-wal`;
  let size: number;
  try {
    size = fileSystem().size(walPath);
  } catch {
    return undefined;
  }
  if (size === 0) return undefined;
  const bytes = new Uint8Array(size);
  return bytes.subarray(0, fileSystem().read(walPath, 0, bytes));
}

/** The rows as columns; each distinct string encoded once. */
class RowColumns {
  count = 0;
  private ids: number[] = [];
  private types: number[] = [];
  private starts: number[] = [];
  private ends: number[] = []; // NaN: open
  private strings: number[] = []; // user, tty, host, service per row
  private readonly table = new StringBytes();

  add(row: { id: number; type: number; user: string; login: number | bigint | null; logout: number | bigint | null; tty: string | null; remoteHost: string | null; service: string | null }): void {
    this.ids.push(row.id);
    this.types.push(row.type);
    this.starts.push(row.login === null ? 0 : Number(row.login));
    this.ends.push(row.logout === null ? NaN : Number(row.logout));
    const t = this.table;
    this.strings.push(t.id(row.user, WTMPDB_FIELDS.user.length), t.id(row.tty ?? "", WTMPDB_FIELDS.line.length),
      t.id(row.remoteHost ?? "", WTMPDB_FIELDS.host.length), t.id(row.service ?? "", WTMPDB_FIELDS.id.length));
    this.count++;
  }

  /** The events in time order, each `row << 1 | END?`. */
  private events(): Uint32Array {
    let n = 0;
    for (let r = 0; r < this.count; r++) n += this.hasEnd(r) ? 2 : 1;
    const events = new Uint32Array(n);
    let k = 0;
    for (let r = 0; r < this.count; r++) {
      events[k++] = r * 2;
      if (this.hasEnd(r)) events[k++] = r * 2 + END;
    }
    const time = (e: number) => ((e & END) ? this.ends[e >>> 1]! : this.starts[e >>> 1]!);
    // rows are in ID order, so ties in time keep a row's start before its end and lower IDs first
    return events.sort((a, b) => time(a) - time(b) || a - b);
  }

  private hasEnd(r: number): boolean {
    const type = this.types[r];
    return !Number.isNaN(this.ends[r]!) && (type === WTMPDB_TYPE.USER_PROCESS || type === WTMPDB_TYPE.BOOT_TIME);
  }

  source(name: string): ByteSource {
    const events = this.events();
    const size = events.length * SIZE;
    const scratch = new Uint8Array(SIZE);
    return {
      name, path: undefined,
      size: () => size,
      readInto: (offset, target) => {
        const stop = Math.min(size, offset + target.length);
        for (let at = offset; at < stop;) {
          const k = Math.floor(at / SIZE);
          const skip = at - k * SIZE;
          const take = Math.min(SIZE - skip, stop - at);
          if (skip === 0 && take === SIZE) this.encode(events[k]!, target, at - offset);
          else {
            this.encode(events[k]!, scratch, 0);
            target.set(scratch.subarray(skip, skip + take), at - offset);
          }
          at += take;
        }
        return Math.max(0, stop - offset);
      },
    };
  }

  /** The record of event `e` at `at` in `out`. */
  private encode(e: number, out: Uint8Array, at: number): void {
    const r = e >>> 1;
    const end = (e & END) !== 0;
    const f = WTMPDB_FIELDS;
    const view = new DataView(out.buffer, out.byteOffset + at, SIZE);
    out.fill(0, at, at + SIZE);
    const type = this.types[r]!;
    const boot = type === WTMPDB_TYPE.BOOT_TIME;
    view.setInt16(f.type.offset, type === WTMPDB_TYPE.USER_PROCESS ? (end ? DEAD_PROCESS : USER_PROCESS)
      : boot ? (end ? RUN_LVL : BOOT_TIME) : type === WTMPDB_TYPE.RUNLEVEL ? RUN_LVL : type === WTMPDB_TYPE.EMPTY ? 0 : UNKNOWN_TYPE, true);
    setInt64(view, f.session.offset, this.ids[r]!);
    const us = end ? this.ends[r]! : this.starts[r]!;
    const seconds = Math.floor(us / 1e6);
    setInt64(view, f.seconds.offset, seconds);
    view.setInt32(f.microseconds.offset, us - seconds * 1e6, true);
    const s = r * 4;
    const t = this.table;
    // a logout carries its line (and service) as wtmp's DEAD_PROCESS does, not the user; a shutdown is named as systemd names it
    if (!end) t.write(this.strings[s]!, out, at + f.user.offset);
    else if (boot) t.write(t.id("shutdown", f.user.length), out, at + f.user.offset);
    t.write(this.strings[s + 1]!, out, at + f.line.offset);
    if (!end || boot) t.write(this.strings[s + 2]!, out, at + f.host.offset);
    if (boot) t.write(t.id("~~", f.id.length), out, at + f.id.offset);
    else t.write(this.strings[s + 3]!, out, at + f.id.offset);
    if (!end) t.writeAddress(this.strings[s + 2]!, out, at + f.addr.offset);
  }
}

/** A little-endian i64 from a safe integer. */
function setInt64(view: DataView, offset: number, value: number): void {
  const high = Math.floor(value / 2 ** 32);
  view.setUint32(offset, value - high * 2 ** 32, true);
  view.setInt32(offset + 4, high, true);
}

/** Distinct strings by id: their UTF-8 bytes cut to the field (at a character boundary), and the address each names, if any. */
class StringBytes {
  private readonly ids = new Map<string, number>();
  private readonly bytes: Uint8Array[] = [];
  private readonly addresses = new Map<number, Uint8Array | null>();
  private readonly texts: string[] = [];
  private readonly encoder = new TextEncoder();

  id(text: string, width: number): number {
    const key = `${width}\0${text}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.bytes.length;
      this.ids.set(key, id);
      this.bytes.push(cut(this.encoder.encode(text), width));
      this.texts.push(text);
    }
    return id;
  }

  write(id: number, out: Uint8Array, at: number): void {
    out.set(this.bytes[id]!, at);
  }

  writeAddress(id: number, out: Uint8Array, at: number): void {
    let a = this.addresses.get(id);
    if (a === undefined) this.addresses.set(id, (a = parseAddress(this.texts[id]!)?.bytes ?? null));
    if (a) out.set(a, at);
  }
}

/** UTF-8 bytes cut to at most `width`, never inside a character. */
function cut(bytes: Uint8Array, width: number): Uint8Array {
  if (bytes.length <= width) return bytes;
  let end = width;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

export { WTMPDB_LAYOUT };
