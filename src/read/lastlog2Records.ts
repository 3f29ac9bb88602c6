// A lastlog2 database read as records, so that its rows come out as Entry
// objects like a lastlog's slots (iteration, filters, toJSON). A row becomes
// one record of LASTLOG2_LAYOUT: never a file on disk, never detected. Rows are
// in name order, as lastlog2 lists them; a row whose Time is 0 (or NULL) is an
// EMPTY record: that user never logged in, as liblastlog2 reads it.
import { walWarnings } from "./wal.ts";
import { SqliteDatabase } from "../sqlite/database.ts";
import { namingFile } from "../sqlite/bytes.ts";
import { isSqlite } from "../sqlite/header.ts";
import { DamageLog } from "../sqlite/damage.ts";
import { lastlog2Table, readLastlog2Table, type Lastlog2Listed, type Lastlog2Row } from "../sqlite/lastlog2.ts";
import { linuxTypeNumber } from "../layouts/entryType.ts";
import { LASTLOG2_FIELDS, LASTLOG2_LAYOUT } from "../layouts/lastlog2.ts";
import { putRowAddress } from "../layouts/rowAddress.ts";
import { parseAddress } from "../util/parseAddress.ts";
import { cutUtf8 } from "../util/text.ts";
import { UtmpError, UtmpErrorCode, type UtmpWarning } from "../util/errors.ts";
import type { ByteSource } from "../sources/sources.ts";

const USER_PROCESS = linuxTypeNumber("USER_PROCESS")!;
const EMPTY = linuxTypeNumber("EMPTY")!;

/** A lastlog2 database as read once: its rows in name order and their records. */
export interface Lastlog2Contents {
  readonly rows: readonly Lastlog2Row[];
  /** Parallel to rows: each as util-linux lastlog2 prints it. */
  readonly listed: readonly Lastlog2Listed[];
  readonly records: Uint8Array;
  /** WAL_APPLIED when a -wal file added committed transactions; VALUE_KIND for each value of another kind than liblastlog2 writes; SQLITE_DAMAGED for each damaged place passed over. */
  readonly warnings: readonly UtmpWarning[];
}

/**
 * Reads the lastlog2 database `bytes`, applying the committed frames of `wal`
 * (its -wal file) when given.
 * @throws UtmpError BAD_INPUT for a database damaged in its header, schema or table root,
 *   UNSUPPORTED_FORMAT for bytes that are not SQLite or SQLite without lastlog2's table
 */
export function readLastlog2(bytes: Uint8Array, name: string, wal?: Uint8Array): Lastlog2Contents {
  return namingFile(name, () => readNamed(bytes, name, wal));
}

function readNamed(bytes: Uint8Array, name: string, wal: Uint8Array | undefined): Lastlog2Contents {
  if (!isSqlite(bytes)) throw new UtmpError(UtmpErrorCode.UNSUPPORTED_FORMAT, `utmpx: ${name} is not a SQLite database: not a lastlog2.db`);
  const db = new SqliteDatabase(bytes, { wal });
  const table = lastlog2Table(db);
  if (!table) {
    throw new UtmpError(UtmpErrorCode.UNSUPPORTED_FORMAT, db.table("wtmp") !== undefined
      ? `utmpx: ${name} is a wtmpdb database, not a lastlog2 one: read it with open() or utmpx last`
      : `utmpx: ${name} is a SQLite database without lastlog2's Lastlog2(Name, Time, TTY, RemoteHost, Service) table`);
  }
  const damage = new DamageLog(name);
  const { rows, listed, warnings } = readLastlog2Table(table, damage);
  return { rows, listed, records: encodeRows(rows), warnings: [...walWarnings(db, name), ...warnings, ...damage.warnings()] };
}

const encoder = new TextEncoder();

function encodeRows(rows: readonly Lastlog2Row[]): Uint8Array {
  const size = LASTLOG2_LAYOUT.recordSize;
  const out = new Uint8Array(rows.length * size);
  const view = new DataView(out.buffer);
  rows.forEach((row, i) => {
    const at = i * size;
    const time = row.time === null ? 0n : BigInt(row.time);
    view.setInt16(at + LASTLOG2_FIELDS.type.offset, time === 0n ? EMPTY : USER_PROCESS, true);
    view.setBigInt64(at + LASTLOG2_FIELDS.seconds.offset, BigInt.asIntN(64, time), true);
    put(out, at + LASTLOG2_FIELDS.user.offset, row.name, LASTLOG2_FIELDS.user.length);
    put(out, at + LASTLOG2_FIELDS.line.offset, row.tty ?? "", LASTLOG2_FIELDS.line.length);
    put(out, at + LASTLOG2_FIELDS.host.offset, row.remoteHost ?? "", LASTLOG2_FIELDS.host.length);
    put(out, at + LASTLOG2_FIELDS.id.offset, row.service ?? "", LASTLOG2_FIELDS.id.length);
    const addr = row.remoteHost ? parseAddress(row.remoteHost) : undefined;
    if (addr) putRowAddress(out, at + LASTLOG2_FIELDS.addr.offset, addr);
  });
  return out;
}

/** UTF-8 of `text` at `at`, cut to `width` bytes, never inside a character. */
function put(out: Uint8Array, at: number, text: string, width: number): void {
  if (text === "") return;
  out.set(cutUtf8(encoder.encode(text), width), at);
}

/**
 * The records of a lastlog2 database as a ByteSource, read from `origin` (and
 * its -wal, from `wal()`) on first use and again after `forget()`: the file
 * may change between two passes, as any other does. Its `path` is undefined,
 * so nothing can write records into the SQLite file through it.
 */
export class Lastlog2Records implements ByteSource {
  readonly path = undefined;
  /** Hears of each read of the database (its warnings are the reader's to give). */
  onLoad: ((contents: Lastlog2Contents) => void) | undefined;
  private contents: Lastlog2Contents | undefined;

  constructor(private origin: ByteSource, private wal: () => Uint8Array | undefined) {}

  get name(): string {
    return this.origin.name;
  }

  /** The file or bytes read. */
  get originPath(): string | undefined {
    return this.origin.path;
  }

  /** Reads another database from now on. */
  retarget(origin: ByteSource, wal: () => Uint8Array | undefined): void {
    this.origin = origin;
    this.wal = wal;
    this.contents = undefined;
  }

  /** Drops what was read: the next use reads the database again. */
  forget(): void {
    this.contents = undefined;
  }

  load(): Lastlog2Contents {
    if (this.contents) return this.contents;
    const bytes = new Uint8Array(this.origin.size());
    const got = this.origin.readInto(0, bytes);
    this.contents = readLastlog2(bytes.subarray(0, got), this.origin.name, this.wal());
    this.onLoad?.(this.contents);
    return this.contents;
  }

  size(): number {
    return this.load().records.length;
  }

  readInto(offset: number, target: Uint8Array): number {
    const all = this.load().records;
    const part = all.subarray(Math.min(offset, all.length), Math.min(offset + target.length, all.length));
    target.set(part);
    return part.length;
  }
}

export { LASTLOG2_LAYOUT };
