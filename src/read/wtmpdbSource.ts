// A wtmpdb database read as a history of records (layouts/wtmpdb.ts), so that
// iteration, filters, count(), sessions(), dump, json and last work on it as
// on any wtmp. Each row gives its events: a session its login (USER_PROCESS)
// and, once closed, its logout (DEAD_PROCESS); a boot row its boot (BOOT_TIME)
// and, once the system went down, its shutdown (RUN_LVL "shutdown" on "~", as
// systemd writes it to wtmp). Events are ordered by time, then row ID, so the
// history reads as the wtmp the same logins would have written. The rows are
// held as columns and strings once each; records are encoded only when read.
import { SqliteDatabase } from "../sqlite/database.ts";
import type { DatabaseBytes } from "../sqlite/pager.ts";
import { WTMPDB_TYPE, wtmpdbTable } from "../sqlite/wtmpdb.ts";
import { NULL_STRING, wtmpdbColumns, WtmpdbColumns } from "../sqlite/wtmpdbColumns.ts";
import type { TextIds } from "../sqlite/textIds.ts";
import { SourceBlocks } from "../sqlite/blocks.ts";
import { DamageLog } from "../sqlite/damage.ts";
import { namingFile } from "../sqlite/bytes.ts";
import { secondsAndMicros } from "../time/microseconds.ts";
import { WTMPDB_FIELDS, WTMPDB_LAYOUT } from "../layouts/wtmpdb.ts";
import { putRowAddress } from "../layouts/rowAddress.ts";
import { linuxTypeNumber } from "../layouts/entryType.ts";
import { parseAddress } from "../util/parseAddress.ts";
import { cutUtf8, utf8CutLength } from "../util/text.ts";
import { grown } from "../util/grown.ts";
import { eventsInTimeOrder } from "./wtmpdbEventOrder.ts";
import { UtmpError, UtmpErrorCode, type UtmpWarning } from "../util/errors.ts";
import { walWarnings } from "./wal.ts";
import type { ByteSource } from "../sources/sources.ts";
import type { SqliteTable } from "../sqlite/table.ts";


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
 * The history of the wtmpdb database in `source` (its -wal's committed frames
 * applied when `wal` is given), read as sourceColumns() reads it.
 * @throws UtmpError BAD_INPUT for a damaged database, UNSUPPORTED_FORMAT for SQLite without wtmpdb's table
 */
export function wtmpdbHistory(source: ByteSource, wal?: Uint8Array): WtmpdbHistory {
  const { columns, warnings } = sourceColumns(source, wal);
  return { source: new RowColumns(columns).source(source.name), rows: columns.count, warnings: [...warnings, ...cutTexts(columns, source.name)] };
}

/**
 * A warning when a row's text is longer than its field in the records rows
 * are read as (WTMPDB_FIELDS: User 64 bytes, RemoteHost 256, TTY 64, Service
 * 24): dump, json and export show it cut there, where the rows and `last -f`
 * keep it whole. Once said it was not. One warning for all columns (a reader
 * keeps one warning of a code per offset).
 */
function cutTexts(c: WtmpdbColumns, name: string): UtmpWarning[] {
  const said: string[] = [];
  let rows = 0, first = -1;
  const columns = [["User", c.user, "user"], ["TTY", c.tty, "line"], ["RemoteHost", c.host, "host"], ["Service", c.service, "id"]] as const;
  const cut = new Uint8Array(c.count);
  for (const [column, ids, field] of columns) {
    const width = WTMPDB_FIELDS[field].length;
    let longest = 0;
    for (let r = 0; r < c.count; r++) {
      const id = ids[r]!;
      if (id === NULL_STRING || c.texts.byteLength(id) <= width) continue;
      longest = Math.max(longest, c.texts.byteLength(id));
      if (cut[r]) continue;
      cut[r] = 1;
      rows++;
      if (first < 0 || r < first) first = r;
    }
    if (longest > 0) said.push(`${column} (up to ${longest} bytes, of ${width})`);
  }
  if (rows === 0) return [];
  return [{
    code: "TEXT_CUT", offset: c.id[first]!, length: rows,
    message: `${name}: ${rows} row(s), the first row ${c.id[first]}, hold text longer than the records rows are read as: ${said.join(", ")}; ` +
      "dump, json and export show it cut there, the rows and last -f keep it whole",
  }];
}

/**
 * The rows of the wtmpdb database in `source` as columns (appended to `into`
 * when given), its warnings (WAL_APPLIED) returned. Pages are read as the walk
 * reaches them (no copy of the whole file), and the source is checked
 * afterwards not to have been written meanwhile (its size and the change
 * counter every write transaction bumps): if it was, the rows may mix two
 * states of the file, and it is read again whole, as one snapshot.
 */
export function sourceColumns(source: ByteSource, wal: Uint8Array | undefined, into = new WtmpdbColumns()): { columns: WtmpdbColumns; warnings: UtmpWarning[] } {
  refuseCutDatabase(source);
  return namingFile(source.name, () => readColumns(source, wal, into));
}

/** Refuses a database in a gzip archive cut short (see cutDatabase). */
export function refuseCutDatabase(source: ByteSource): void {
  source.size(); // a .gz is decompressed by it: then its notes say whether it was cut
  if (source.notes?.().some((n) => n.code === "GZIP_TRUNCATED")) throw cutDatabase(source.name);
}

/** A database in a gzip archive cut short: its pages are read by number, and those past the cut are missing, so none is read. */
export function cutDatabase(name: string, cause?: unknown): UtmpError {
  return new UtmpError(UtmpErrorCode.IO, `utmpx: cannot read ${name}: the gzip archive is cut short, and a database is not read from part of one`, { cause });
}

function readColumns(source: ByteSource, wal: Uint8Array | undefined, into: WtmpdbColumns): { columns: WtmpdbColumns; warnings: UtmpWarning[] } {
  const from = into.count, told = into.warnings.length;
  // the WAL's warnings, then those of values of the wrong kind in the rows read now, then the damage passed over
  const read = (bytes: DatabaseBytes) => {
    const damage = new DamageLog(source.name);
    const { table, warnings } = openWtmpdbTable(bytes, source.name, wal);
    wtmpdbColumns(table, into, damage);
    return { columns: into, warnings: [...warnings, ...into.warnings.slice(told), ...damage.warnings()] };
  };
  const before = writeStamp(source);
  try {
    const columns = read(new SourceBlocks(source));
    if (writeStamp(source) === before) return columns;
  } catch (err) {
    if (writeStamp(source) === before) throw err;
  }
  into.truncate(from, told);
  return read(sourceBytes(source));
}

/** The file's size and SQLite change counter (header bytes 24-27), as one string to compare (audit's database files too). */
export function writeStamp(source: ByteSource): string {
  const counter = new Uint8Array(4);
  const got = source.readInto(24, counter);
  return `${source.size()}:${got === 4 ? counter.join(".") : "short"}`;
}

/** All of `source`'s bytes, in one buffer. */
export function sourceBytes(source: ByteSource): Uint8Array {
  const bytes = new Uint8Array(source.size());
  return bytes.subarray(0, source.readInto(0, bytes));
}

/**
 * The wtmp table of the wtmpdb database `bytes`, its -wal's committed frames
 * applied when `wal` is given (and a WAL_APPLIED warning saying so).
 * @throws UtmpError BAD_INPUT for a damaged database, UNSUPPORTED_FORMAT for SQLite without wtmpdb's table
 */
export function openWtmpdbTable(bytes: DatabaseBytes, name: string, wal?: Uint8Array): { table: SqliteTable; warnings: UtmpWarning[] } {
  const db = new SqliteDatabase(bytes, { wal });
  const table = wtmpdbTable(db);
  if (!table) {
    const lastlog2 = db.table("Lastlog2") !== undefined;
    throw new UtmpError(UtmpErrorCode.UNSUPPORTED_FORMAT, lastlog2
      ? `utmpx: ${name} is a lastlog2 database: read it with openLastlog() or utmpx lastlog`
      : `utmpx: ${name} is a SQLite database without wtmpdb's wtmp table`);
  }
  return { table, warnings: walWarnings(db, name) };
}

/** The events of the rows (login and logout, boot and shutdown) as records; each distinct string encoded once per field. */
class RowColumns {
  private readonly fields: FieldBytes;

  constructor(private readonly c: WtmpdbColumns) {
    this.fields = new FieldBytes(c.texts);
  }

  /** The events in time order, each `row << 1 | END?`. */
  private events(): Uint32Array {
    const c = this.c;
    // each event's time, by event number, read once
    const time = new Float64Array(2 * c.count);
    for (let r = 0; r < c.count; r++) {
      time[r * 2] = this.micros(r, false);
      if (this.hasEnd(r)) time[r * 2 + END] = this.micros(r, true);
    }
    // rows are in ID order: ties in time keep a row's start before its end and lower IDs first
    return eventsInTimeOrder(c.count, (r) => this.hasEnd(r), time);
  }

  /** The row's Login or Logout in µs, for ordering (a NULL Login as 0; one past 2^53, which no clock gives, rounded: the records hold it exactly). */
  private micros(r: number, end: boolean): number {
    return Number(this.c.timeAt(r, end) ?? 0);
  }

  private hasEnd(r: number): boolean {
    const type = this.c.type[r];
    return this.c.timeAt(r, true) !== null && (type === WTMPDB_TYPE.USER_PROCESS || type === WTMPDB_TYPE.BOOT_TIME);
  }

  source(name: string): ByteSource {
    const events = this.events();
    const size = events.length * SIZE;
    const scratch = new Uint8Array(SIZE);
    const scratchView = new DataView(scratch.buffer);
    return {
      name, path: undefined,
      size: () => size,
      readInto: (offset, target) => {
        const stop = Math.min(size, offset + target.length);
        // one DataView a read, not one a record
        const view = new DataView(target.buffer, target.byteOffset, target.byteLength);
        for (let at = offset; at < stop;) {
          const k = Math.floor(at / SIZE);
          const skip = at - k * SIZE;
          const take = Math.min(SIZE - skip, stop - at);
          if (skip === 0 && take === SIZE) this.encode(events[k]!, target, view, at - offset);
          else {
            this.encode(events[k]!, scratch, scratchView, 0);
            target.set(scratch.subarray(skip, skip + take), at - offset);
          }
          at += take;
        }
        return Math.max(0, stop - offset);
      },
    };
  }

  /** The record of event `e` at `at` in `out` (`view`: a DataView of all of `out`). */
  private encode(e: number, out: Uint8Array, view: DataView, at: number): void {
    const r = e >>> 1;
    const end = (e & END) !== 0;
    const f = WTMPDB_FIELDS;
    const c = this.c;
    out.fill(0, at, at + SIZE);
    const type = c.type[r]!;
    const boot = type === WTMPDB_TYPE.BOOT_TIME;
    view.setInt16(at + f.type.offset, type === WTMPDB_TYPE.USER_PROCESS ? (end ? DEAD_PROCESS : USER_PROCESS)
      : boot ? (end ? RUN_LVL : BOOT_TIME) : type === WTMPDB_TYPE.RUNLEVEL ? RUN_LVL : type === WTMPDB_TYPE.EMPTY ? 0 : UNKNOWN_TYPE, true);
    setInt64(view, at + f.session.offset, c.id[r]!);
    // exact: a µs count past 2^53 (kept as a bigint) is split as one, not rounded to a double first
    const { seconds, microseconds } = secondsAndMicros(c.timeAt(r, end) ?? 0);
    setInt64(view, at + f.seconds.offset, seconds);
    view.setInt32(at + f.microseconds.offset, microseconds, true);
    const b = this.fields;
    // a logout carries its line (and service) as wtmp's DEAD_PROCESS does, not the user; a shutdown is named as systemd names it
    if (!end) b.write("user", c.user[r]!, out, at);
    else if (boot) b.writeText("user", "shutdown", out, at);
    b.write("line", c.tty[r]!, out, at);
    if (!end || boot) b.write("host", c.host[r]!, out, at);
    if (boot) b.writeText("id", "~~", out, at);
    else b.write("id", c.service[r]!, out, at);
    if (!end) b.writeAddress(c.host[r]!, out, at + f.addr.offset);
  }
}

/** A little-endian i64 from a safe integer. */
function setInt64(view: DataView, offset: number, value: number): void {
  const high = Math.floor(value / 2 ** 32);
  view.setUint32(offset, value - high * 2 ** 32, true);
  view.setInt32(offset + 4, high, true);
}

type TextField = "user" | "line" | "host" | "id";

/** Address states per string id in FieldBytes: not parsed yet, no address, else the family (4 or 6). */
const ADDRESS_UNKNOWN = 0, ADDRESS_NONE = 1;
/** Per string id: its state, then 16 address bytes. */
const ADDRESS_SLOT = 17;

/**
 * What each distinct string writes into a record: its bytes as read (TextIds
 * holds them, one after another), cut to a field's width at a character
 * boundary, and the address it names, if any, worked out once per string and
 * held in a flat array. (A Uint8Array per string and field held a million-row
 * database's hosts in ~120 MB; a second copy of the bytes, encoded again from
 * their strings, ~30 MB more.)
 */
class FieldBytes {
  private addresses = new Uint8Array(ADDRESS_SLOT << 10);
  private readonly encoder = new TextEncoder();
  /** Where the string being written lies (filled by TextIds.utf8Into). */
  private readonly text = { bytes: new Uint8Array(0), start: 0, length: 0 };

  constructor(private readonly texts: TextIds) {}

  /** String `id` (NULL_STRING writes nothing) into `field` of the record at `at`. */
  write(field: TextField, id: number, out: Uint8Array, at: number): void {
    if (id === NULL_STRING) return;
    const t = this.text;
    this.texts.utf8Into(id, t);
    const { offset, length: width } = WTMPDB_FIELDS[field];
    // cutUtf8's cut, without a view per write
    const n = utf8CutLength(t.bytes, t.start, t.length, width);
    for (let i = 0; i < n; i++) out[at + offset + i] = t.bytes[t.start + i]!;
  }

  writeText(field: TextField, text: string, out: Uint8Array, at: number): void {
    out.set(cutUtf8(this.encoder.encode(text), WTMPDB_FIELDS[field].length), at + WTMPDB_FIELDS[field].offset);
  }

  writeAddress(id: number, out: Uint8Array, at: number): void {
    if (id === NULL_STRING) return;
    if ((id + 1) * ADDRESS_SLOT > this.addresses.length) this.addresses = grown(this.addresses, (id + 1) * ADDRESS_SLOT);
    const slot = id * ADDRESS_SLOT;
    if (this.addresses[slot] === ADDRESS_UNKNOWN) {
      const parsed = parseAddress(this.texts.text(id));
      this.addresses[slot] = parsed ? parsed.family : ADDRESS_NONE;
      if (parsed) this.addresses.set(parsed.bytes, slot + 1);
    }
    const family = this.addresses[slot];
    if (family === 4 || family === 6) putRowAddress(out, at, { family, bytes: this.addresses.subarray(slot + 1, slot + ADDRESS_SLOT) });
  }
}
