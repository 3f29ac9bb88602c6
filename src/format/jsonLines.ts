// One JSON object per record, one per line, written as bytes: the same text as
// JSON.stringify(entry) (Entry.toJSON). While the core still holds a batch's
// records it writes them (assembly/json.ts), given each row's type; otherwise,
// and for the rare row the core leaves to it, the writer here does, with each
// string's JSON form cached per interned id and numbers written in place, so no
// object is built per record either way.
import { Entry } from "../core/entry.ts";
import { RECORD_FLAGS, type JsonPrefix, type RecordBatch } from "../core/recordBatch.ts";
import type { StringTable } from "../core/stringTable.ts";
import { UNKNOWN } from "../layouts/entryType.ts";
import { typeFromStrings } from "../layouts/conventions.ts";
import type { Layout } from "../layouts/table.ts";
import { civilFromSeconds } from "../time/calendar.ts";
import { ByteWriter } from "./byteWriter.ts";
import { writeAddressText } from "./addressText.ts";
import { writeRows } from "./coreRows.ts";
import { decodeText, stringBytes } from "../util/text.ts";

const utf8 = new TextEncoder();

type StringField = "id" | "user" | "line" | "host";
const STRING_FIELDS: readonly StringField[] = ["id", "user", "line", "host"];
const KEY = Object.fromEntries(
  ["type", "rawType", "uid", "id", "user", "line", "host", "date", "seconds", "microseconds", "pid", "session", "exit", "addr", "offset"]
    .map((k) => [k, stringBytes(`,"${k}":`)]),
) as Record<string, Uint8Array>;
const EXIT_START = stringBytes(`,"exit":{"termination":`);
const EXIT_CODE = stringBytes(`,"exit":`);
const EMPTY_ADDRESS = stringBytes(`,"addr":""`);
const RECORD_END = stringBytes("}\n");
/** More than any record's JSON: its strings (at most 590 bytes, each at most 6 as a \u escape) and numbers. */
const MAX_RECORD_BYTES = 8192;

/** `,"key":<JSON text>` (UTF-8) per field and string id, and per address id, computed once per string table. */
interface JsonCache { fields: Record<StringField, Uint8Array[]>; addresses: Uint8Array[] }
const caches = new WeakMap<StringTable, JsonCache>();
function cacheOf(strings: StringTable): JsonCache {
  let c = caches.get(strings);
  if (!c) caches.set(strings, (c = { fields: { id: [], user: [], line: [], host: [] }, addresses: [] }));
  return c;
}

const typeText = new Map<string, Uint8Array>();
const keyed = (field: string, value: string) => utf8.encode(`,"${field}":${JSON.stringify(value)}`);

/**
 * JSON.stringify of the field's text (UTF-8 up to a NUL, invalid bytes as
 * U+FFFD), written from its bytes: printable ASCII needing no escape, the common
 * case, is copied as it is.
 */
function writeJsonString(w: ByteWriter, bytes: Uint8Array): void {
  let plain = true;
  for (let k = 0; k < bytes.length; k++) {
    const b = bytes[k]!;
    if (b < 0x20 || b > 0x7e || b === 0x22 || b === 0x5c) { plain = false; break; }
  }
  if (!plain) return w.bytes(utf8.encode(JSON.stringify(decodeText(bytes))));
  w.reserve(bytes.length + 2);
  w.byte(0x22);
  w.bytes(bytes);
  w.byte(0x22);
}

/** A number as JSON.stringify writes it. */
function writeNumber(w: ByteWriter, n: number): void {
  if (Number.isSafeInteger(n) && !Object.is(n, -0)) w.signedDigits(n, 1);
  else w.ascii(JSON.stringify(n));
}

let cachedDay = NaN;
let cachedDate = new Uint8Array(0);

/** `"YYYY-MM-DDThh:mm:ss.uuuuuuZ"` as isoMicros() writes it. */
function writeDate(w: ByteWriter, seconds: number, microseconds: number): void {
  const day = Math.floor(seconds / 86400);
  if (day !== cachedDay || !Number.isSafeInteger(seconds)) {
    const t = civilFromSeconds(seconds);
    const year = t.year >= 0 && t.year <= 9999 ? String(t.year).padStart(4, "0")
      : (t.year < 0 ? "-" : "+") + String(Math.abs(t.year)).padStart(6, "0");
    cachedDay = day;
    cachedDate = stringBytes(`"${year}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}T`);
  }
  let hour, minute, second;
  if (Number.isSafeInteger(seconds)) {
    const rest = seconds - day * 86400;
    hour = Math.floor(rest / 3600); minute = Math.floor(rest / 60) % 60; second = rest % 60;
  } else {
    ({ hour, minute, second } = civilFromSeconds(seconds));
  }
  w.bytes(cachedDate);
  w.digits(hour, 2); w.byte(0x3a); w.digits(minute, 2); w.byte(0x3a); w.digits(second, 2);
  w.byte(0x2e);
  w.digits(Math.min(999999, Math.max(0, Math.trunc(microseconds))), 6);
  w.byte(0x5a); w.byte(0x22);
}

/** What one batch's records hold, resolved once per batch. */
interface Plan {
  /** `{"type":"…","rawType":n` (or without rawType in untyped layouts) */
  readonly typeBytes: (i: number) => Uint8Array;
  /** Per field the layout has: its column, its cache (undefined when the field is raw: no string repeats enough to cache) */
  readonly strings: readonly (readonly [field: StringField, ids: Uint32Array, cache: Uint8Array[] | undefined])[];
  readonly lastlog: boolean;
  readonly unsignedPid: boolean;
}

function planBatch(batch: RecordBatch, cache: JsonCache): Plan {
  const layout = batch.layout;
  const c = batch.columns;
  const bytesOf = (type: string) => {
    let t = typeText.get(type);
    if (!t) typeText.set(type, (t = stringBytes(`{"type":${JSON.stringify(type)}`)));
    return t;
  };
  // canonical type: from the table, or (where it depends on strings) from the record itself
  const conventional = typeFromStrings(layout);
  const byRaw: Uint8Array[] = [];
  const withRaw = (type: string, raw: number) => {
    const key = `${type} ${raw}`;
    let t = typeText.get(key);
    if (!t) typeText.set(key, (t = stringBytes(`{"type":${JSON.stringify(type)},"rawType":${raw}`)));
    return t;
  };
  const typed = (i: number) => {
    const raw = c.rawType[i]!;
    if (raw >= 0 && raw < 256) return (byRaw[raw] ??= stringBytes(`{"type":${JSON.stringify(layout.types[raw] ?? UNKNOWN)},"rawType":${raw}`));
    return stringBytes(`{"type":${JSON.stringify(UNKNOWN)},"rawType":${raw}`);
  };
  return {
    typeBytes: !conventional ? typed
      : layout.fields.type ? (i) => withRaw(new Entry(batch, i).type, c.rawType[i]!) : (i) => bytesOf(new Entry(batch, i).type),
    strings: STRING_FIELDS.filter((f) => layout.fields[f]).map((f) => [f, c[f], batch.isRaw(f) ? undefined : cache.fields[f]] as const),
    lastlog: layout.kind === "lastlog",
    unsignedPid: layout.fields.pid?.kind === "u32",
  };
}

function writeRecord(w: ByteWriter, batch: RecordBatch, plan: Plan, cache: JsonCache, i: number): void {
  const f = batch.layout.fields;
  const c = batch.columns;
  if (c.flags[i]! & RECORD_FLAGS.WIDE) {
    // values past 2^53 (garbage, never a real record): Entry.toJSON's exact date and "exact" strings
    w.bytes(utf8.encode(JSON.stringify(new Entry(batch, i)) + "\n"));
    return;
  }
  w.bytes(plan.typeBytes(i));
  if (plan.lastlog) { w.bytes(KEY.uid!); writeNumber(w, batch.offsetOf(i) / batch.layout.recordSize); }
  const strings = plan.strings;
  for (let k = 0; k < strings.length; k++) {
    const [field, ids, fieldCache] = strings[k]!;
    if (!fieldCache) {
      w.bytes(KEY[field]!);
      writeJsonString(w, batch.fieldBytes(field, i)!);
      continue;
    }
    const id = ids[i]!;
    w.bytes(fieldCache[id] ??= keyed(field, batch.strings.text(id)));
  }
  const seconds = c.seconds[i]!, micros = c.microseconds[i]!;
  w.bytes(KEY.date!); writeDate(w, seconds, micros);
  w.bytes(KEY.seconds!); writeNumber(w, seconds);
  w.bytes(KEY.microseconds!); writeNumber(w, micros);
  if (f.pid) { w.bytes(KEY.pid!); writeNumber(w, plan.unsignedPid ? c.pid[i]! >>> 0 : c.pid[i]!); }
  if (f.session) { w.bytes(KEY.session!); writeNumber(w, c.session[i]!); }
  if (f.exit) {
    w.bytes(EXIT_START); w.signedDigits(c.exitTermination[i]!, 1);
    w.bytes(EXIT_CODE); w.signedDigits(c.exitCode[i]!, 1); w.byte(0x7d);
  }
  if (f.addr) {
    if (c.addrFamily[i] === 0) w.bytes(EMPTY_ADDRESS);
    else if (c.addrId[i] !== 0) { const id = c.addrId[i]!; w.bytes(cache.addresses[id] ??= keyed("addr", batch.strings.address(id))); }
    else { w.bytes(KEY.addr!); w.byte(0x22); writeAddressText(w, c.addr, i * 16, c.addrFamily[i]!); w.byte(0x22); }
  }
  w.bytes(KEY.offset!); writeNumber(w, batch.offsetOf(i));
  w.bytes(RECORD_END);
}

/**
 * The prefixes the core starts each row's object with (`{"type":"…"`), and
 * which row takes which: by raw type for layouts with a type table (257 slots:
 * 0-255, then any other number), else by row, from the record's strings. A raw
 * type the table names has a prefix of its own, its `,"rawType":N` in it: the
 * core then copies the key and the number with the type (one vector more)
 * rather than writing them for every row.
 */
function typePrefixes(batch: RecordBatch): TypePrefixes {
  const layout = batch.layout;
  const known = BY_RAW_TYPE.get(layout);
  if (known) return known;
  const index = new Map<string, number>();
  const prefixes: JsonPrefix[] = [];
  const slot = (type: string, rawType?: number) => {
    const text = `{"type":${JSON.stringify(type)}${rawType === undefined ? "" : `,"rawType":${rawType}`}`;
    let k = index.get(text);
    if (k === undefined) {
      index.set(text, (k = prefixes.length));
      prefixes.push({ bytes: stringBytes(text), rawType: rawType !== undefined });
    }
    return k;
  };
  if (typeFromStrings(layout)) {
    const rows = new Int32Array(batch.length);
    for (let i = 0; i < rows.length; i++) rows[i] = slot(new Entry(batch, i).type);
    return { prefixes, slots: { rows } };
  }
  // Entry.toJSON's rawType: the type field's number, where the layout has one
  const withRawType = layout.fields.type !== undefined;
  const byRawType = new Int32Array(257);
  for (let r = 0; r < 256; r++) {
    const type = layout.types[r];
    byRawType[r] = type === undefined ? slot(UNKNOWN) : slot(type, withRawType ? r : undefined);
  }
  byRawType[256] = slot(UNKNOWN);
  const table = { prefixes, slots: { byRawType } };
  BY_RAW_TYPE.set(layout, table);
  return table;
}

type TypePrefixes = { prefixes: JsonPrefix[]; slots: { rows: Int32Array } | { byRawType: Int32Array } };

/**
 * A typed layout's table, made once: per window it cost 257 map lookups and a
 * new prefix per type (5 ms of 1M records' JSON), and the same table object
 * lets the engine skip writing it to the core again.
 */
const BY_RAW_TYPE = new WeakMap<Layout, TypePrefixes>();

/** Writes every record of the batch as a line of JSON, exactly JSON.stringify(entry) + "\n". */
export function writeJsonLines(w: ByteWriter, batch: RecordBatch): void {
  const core = batch.coreText();
  if (core) {
    const { prefixes, slots } = typePrefixes(batch);
    core.setJsonTypes(prefixes, slots);
  }
  // the rows the core leaves to this writer read strings: the batch with them, planned at the first such row
  let js: { batch: RecordBatch; plan: Plan; cache: JsonCache } | undefined;
  writeRows(batch.length, core && ((from) => core.jsonText(from, batch.length, batch.offset)), (text) => w.block(text), (i) => {
    if (!js) {
      const withStrings = batch.withStrings();
      const cache = cacheOf(withStrings.strings);
      js = { batch: withStrings, plan: planBatch(withStrings, cache), cache };
    }
    w.reserve(MAX_RECORD_BYTES);
    writeRecord(w, js.batch, js.plan, js.cache, i);
  });
}
