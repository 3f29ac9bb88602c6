// The text util-linux 2.38 `utmpdump` prints for a record (FORMATS.md §8.1),
// byte for byte: its printf widths, its `?` cleansing, inet_ntop, and its
// ISO time with the raw microseconds. Records are written as bytes into a
// ByteWriter from snippets cached per interned string, per day and per address.
import { Entry } from "../core/entry.ts";
import { DOWN_TIME, LINUX_TYPES, RUN_LVL, SHUTDOWN_TIME, linuxTypeNumber } from "../layouts/entryType.ts";
import { RecordBatch } from "../core/recordBatch.ts";
import { valueKind } from "../util/valueKind.ts";
import type { StringTable } from "../core/stringTable.ts";
import { formatIPv4 } from "../util/address.ts";
import { writeAddressText } from "./addressText.ts";
import { civilFromSeconds, pad2 } from "../time/calendar.ts";
import { ByteWriter, writerText } from "./byteWriter.ts";
import { writeRows } from "./coreRows.ts";
import { int32Of } from "../util/typedArrays.ts";
import { stringBytes } from "../util/text.ts";

const QUESTION = 0x3f;
const SPACE = 0x20;

/**
 * printf("%-W.Ps") of a field after utmpdump's xcleanse, written into `w`: bytes
 * that are not printable ASCII, and `[` `]`, become `?`; cut at P bytes (or a
 * NUL: printf's %s stops there, and a binary id may hold one), padded to W.
 */
function writeCleansed(w: ByteWriter, bytes: Uint8Array, precision: number, width: number): void {
  const nul = bytes.indexOf(0);
  const n = Math.min(nul < 0 ? bytes.length : nul, precision);
  const total = n > width ? n : width;
  w.reserve(total);
  const out = w.buffer;
  let at = w.length;
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    out[at++] = c < 0x20 || c > 0x7e || c === 0x5b || c === 0x5d ? QUESTION : c;
  }
  for (let i = n; i < total; i++) out[at++] = SPACE;
  w.length = at;
}

/** writeCleansed() as bytes of their own: what an interned string's cache keeps. */
function cleansedField(bytes: Uint8Array | undefined, precision: number, width: number): Uint8Array {
  const w = new ByteWriter(Math.max(width, 16));
  writeCleansed(w, bytes ?? new Uint8Array(0), precision, width);
  return w.view();
}

type StringField = "id" | "user" | "line" | "host";
/** utmpdump's printf precision and width for each string field. */
const STRING_FORMAT: Record<StringField, readonly [precision: number, width: number]> = {
  id: [4, 4], user: [32, 8], line: [32, 12], host: [256, 20],
};
type FieldCache = Record<StringField, Uint8Array[]>;

/** Cleansed, padded bytes per string id and field, computed once per string table. */
const padded = new WeakMap<StringTable, FieldCache>();

function fieldCache(strings: StringTable): FieldCache {
  let cache = padded.get(strings);
  if (!cache) padded.set(strings, (cache = { id: [], user: [], line: [], host: [] }));
  return cache;
}

/** One string field of one batch, resolved once: its ids, its cache, its format. */
interface FieldPlan {
  readonly field: StringField;
  readonly ids: Uint32Array | undefined; // undefined: the layout lacks the field
  /** The column holds lengths of raw bytes, not ids. */
  readonly raw: boolean;
  readonly cache: Uint8Array[];
  readonly blank: Uint8Array;
  readonly precision: number;
  readonly width: number;
}

function planField(batch: RecordBatch, cache: FieldCache, field: StringField): FieldPlan {
  const [precision, width] = STRING_FORMAT[field];
  return {
    field, ids: batch.layout.fields[field] ? batch.columns[field] : undefined, raw: batch.isRaw(field),
    cache: cache[field], blank: cleansedField(undefined, precision, width), precision, width,
  };
}

function writeString(w: ByteWriter, batch: RecordBatch, plan: FieldPlan, index: number): void {
  if (!plan.ids) return w.bytes(plan.blank);
  if (plan.raw) return writeCleansed(w, batch.fieldBytes(plan.field, index)!, plan.precision, plan.width);
  const id = plan.ids[index]!;
  w.bytes(plan.cache[id] ??= cleansedField(batch.strings.bytes(id), plan.precision, plan.width));
}

/** glibc's gmtime_r fails when the year does not fit an int (tm_year = year - 1900). */
const INT_MAX = 2147483647;

// Records come in time order, so the day of the last record is usually the day of the next.
let cachedDay = NaN;
let cachedDate: Uint8Array | undefined;

/** `YYYY-MM-DDT` (the year space-padded to 4) of the day `seconds` falls in, or undefined where gmtime fails. */
function datePart(seconds: number): Uint8Array | undefined {
  const day = Math.floor(seconds / 86400);
  if (day !== cachedDay) {
    const t = civilFromSeconds(seconds);
    cachedDay = day;
    cachedDate = t.year - 1900 > INT_MAX || t.year - 1900 < -INT_MAX - 1 ? undefined
      : stringBytes(`${String(t.year).padStart(4, " ")}-${pad2(t.month)}-${pad2(t.day)}T`);
  }
  return cachedDate;
}

const TIME_END = stringBytes("+00:00]\n");

/** Writes `YYYY-MM-DDThh:mm:ss,uuuuuu+00:00]\n`; false (nothing written) where utmpdump skips the record. */
function writeTime(w: ByteWriter, seconds: number, microseconds: number): boolean {
  const date = datePart(seconds);
  if (date === undefined) return false;
  let hour, minute, second;
  if (Number.isSafeInteger(seconds)) {
    const rest = seconds - Math.floor(seconds / 86400) * 86400;
    hour = Math.floor(rest / 3600); minute = Math.floor(rest / 60) % 60; second = rest % 60;
  } else {
    ({ hour, minute, second } = civilFromSeconds(seconds)); // beyond 2^53: exact integer arithmetic
  }
  w.bytes(date);
  w.digits(hour, 2); w.byte(0x3a); w.digits(minute, 2); w.byte(0x3a); w.digits(second, 2);
  w.byte(0x2c);
  w.signedDigits(microseconds, 6); // the raw value, as 2.38 prints it (",99999999", "-00001")
  w.bytes(TIME_END);
  return true;
}

/** `YYYY-MM-DDThh:mm:ss,uuuuuu+00:00`, or undefined where utmpdump skips the record. */
export function utmpdumpTime(seconds: number, microseconds: number): string | undefined {
  const w = new ByteWriter(64);
  if (!writeTime(w, seconds, microseconds)) return undefined;
  return writerText(w).slice(0, -2);
}

const ZERO_ADDRESS = new Uint8Array(16);
const padAddress = (text: string) => stringBytes(text.padEnd(15, " "));
const NO_ADDRESS = padAddress(formatIPv4(ZERO_ADDRESS));

/** Padded address bytes per interned address id, computed once per string table. */
const addressBytes = new WeakMap<StringTable, Uint8Array[]>();

/** The address as utmpdump prints it, padded to 15: IPv6 when bytes 4-15 are non-zero. */
function writeAddress(w: ByteWriter, batch: RecordBatch, cache: Uint8Array[], index: number): void {
  if (!batch.layout.fields.addr || batch.columns.addrFamily[index] === 0) return w.bytes(NO_ADDRESS);
  const id = batch.columns.addrId[index]!;
  if (id !== 0) return w.bytes(cache[id] ??= padAddress(batch.strings.address(id)));
  // an address not interned (most records bring a new one): written as it comes
  const start = w.length;
  writeAddressText(w, batch.columns.addr, index * 16, batch.columns.addrFamily[index]!);
  for (let n = w.length - start; n < 15; n++) w.byte(SPACE);
}

/**
 * The type as utmpdump would print it: the stored number for Linux-numbered
 * layouts (byte-exact), else the Linux number of the canonical type, so files of
 * every system read alike. A shutdown (a type of its own on BSD and macOS) is
 * what Linux writes for one, RUN_LVL; types Linux lacks keep their own number.
 */
function dumpTypeNumber(batch: RecordBatch, index: number): number {
  const layout = batch.layout;
  const raw = batch.columns.rawType[index]!;
  if (layout.types === LINUX_TYPES) return raw;
  const type = new Entry(batch, index).type;
  if (type === SHUTDOWN_TIME || type === DOWN_TIME) return linuxTypeNumber(RUN_LVL)!;
  return linuxTypeNumber(type) ?? raw;
}

const OPEN = stringBytes("] [");

/** A batch's four string fields and its address cache, resolved once. */
interface BatchPlan {
  readonly id: FieldPlan;
  readonly user: FieldPlan;
  readonly line: FieldPlan;
  readonly host: FieldPlan;
  readonly addresses: Uint8Array[];
}

function planBatch(batch: RecordBatch): BatchPlan {
  const cache = fieldCache(batch.strings);
  let addresses = addressBytes.get(batch.strings);
  if (!addresses) addressBytes.set(batch.strings, (addresses = []));
  return {
    id: planField(batch, cache, "id"), user: planField(batch, cache, "user"),
    line: planField(batch, cache, "line"), host: planField(batch, cache, "host"), addresses,
  };
}

/** Writes record `index` as utmpdump prints it; false (nothing written) where utmpdump would skip it. */
function writeRecord(w: ByteWriter, batch: RecordBatch, plan: BatchPlan, index: number): boolean {
  const start = w.length;
  const c = batch.columns;
  w.byte(0x5b);
  w.signedDigits(dumpTypeNumber(batch, index), 1);
  w.bytes(OPEN);
  w.signedDigits(batch.layout.fields.pid ? c.pid[index]! : 0, 5);
  w.bytes(OPEN);
  writeString(w, batch, plan.id, index);
  w.bytes(OPEN);
  writeString(w, batch, plan.user, index);
  w.bytes(OPEN);
  writeString(w, batch, plan.line, index);
  w.bytes(OPEN);
  writeString(w, batch, plan.host, index);
  w.bytes(OPEN);
  writeAddress(w, batch, plan.addresses, index);
  w.bytes(OPEN);
  if (writeTime(w, c.seconds[index]!, c.microseconds[index]!)) return true;
  w.length = start;
  return false;
}

/**
 * Writes every record of the batch as utmpdump prints them. `onSkip(index)`
 * hears of each record utmpdump would skip (a time gmtime cannot convert).
 * Fields a layout lacks print as a zeroed record's would.
 */
export function writeUtmpdump(w: ByteWriter, batch: RecordBatch, onSkip?: (index: number) => void): void {
  const core = batch.coreText();
  const dumpTypes = batch.layout.types !== LINUX_TYPES;
  if (core && dumpTypes) core.setDumpTypes(int32Of(batch.length, (i) => dumpTypeNumber(batch, i)));
  w.reserve(batch.length * 160);
  // the rows the core leaves to this writer read strings: the batch with them, planned at the first such row
  let js: { batch: RecordBatch; plan: BatchPlan } | undefined;
  writeRows(batch.length, core && ((from) => core.dumpText(from, batch.length, dumpTypes)), (text) => w.block(text), (i) => {
    if (!js) {
      const withStrings = batch.withStrings();
      js = { batch: withStrings, plan: planBatch(withStrings) };
    }
    if (!writeRecord(w, js.batch, js.plan, i)) onSkip?.(i);
  });
}

/** Every record of the batch as utmpdump prints them, as one string. */
export function utmpdumpBatch(batch: RecordBatch, onSkip?: (index: number) => void): string {
  // anything else failed as "reading 'length'"
  if (!(batch instanceof RecordBatch)) throw new TypeError(`utmpx: utmpdumpBatch(batch) is ${valueKind(batch)}, not a batch (an EntryBatch: db.batches(), stream())`);
  const w = new ByteWriter(batch.length * 160);
  writeUtmpdump(w, batch, onSkip);
  return writerText(w);
}

/** Record `index` of the batch as utmpdump prints it (with its newline), or undefined where utmpdump skips it. */
export function utmpdumpRecord(batch: RecordBatch, index: number): string | undefined {
  const w = new ByteWriter(512);
  return writeRecord(w, batch, planBatch(batch), index) ? writerText(w) : undefined;
}

/** The entry as utmpdump prints it; see utmpdumpRecord. */
export function utmpdumpLine(entry: Entry): string | undefined {
  // anything else failed as "reading 'batch'"
  if (!(entry instanceof Entry)) throw new TypeError(`utmpx: utmpdumpLine(entry) is ${valueKind(entry)}, not an Entry (from a Database, stream() or a batch)`);
  return utmpdumpRecord(entry.batch, entry.index);
}
