// Entries to bytes of any layout: the host resolves each entry's values
// (checking they fit the layout, never wrapping them), stages them in the core's
// columns and string region, and the core writes the records (assembly/encode.ts).
import { engine } from "../core/engine.ts";
import { Entry } from "../core/entry.ts";
import { RUN_LVL, type EntryType } from "../layouts/entryType.ts";
import { SQLITE_LAYOUTS, type Layout, type NumberKind } from "../layouts/table.ts";
import { resolveLayout } from "../detect/chooseLayout.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { parseAddress } from "../util/parseAddress.ts";
import { concatBytes } from "../util/concatBytes.ts";
import { valueKind } from "../util/valueKind.ts";

/** What a record is made of; a decoded Entry works too (its raw bytes are used, so it round-trips exactly). */
export interface EntryInput {
  /** Canonical type (mapped to the layout's number); `rawType` wins when both are given. */
  type?: EntryType | undefined;
  rawType?: number | undefined;
  id?: string | Uint8Array | undefined;
  user?: string | Uint8Array | undefined;
  line?: string | Uint8Array | undefined;
  host?: string | Uint8Array | undefined;
  pid?: number | undefined;
  session?: number | undefined;
  exit?: { termination: number; exit: number } | undefined;
  /** Seconds since the epoch; else `date`. */
  seconds?: number | undefined;
  microseconds?: number | undefined;
  date?: Date | undefined;
  /** IPv4 or IPv6 text, or 16 network-order bytes. */
  addr?: string | Uint8Array | undefined;
}

const RANGE: Record<NumberKind, readonly [number, number]> = {
  "u8": [0, 0xff], "i16": [-0x8000, 0x7fff], "u16": [0, 0xffff], "i32": [-0x80000000, 0x7fffffff],
  "u32": [0, 0xffffffff], "i64": [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  "u64": [0, Number.MAX_SAFE_INTEGER], "u64-micros": [0, Math.floor(Number.MAX_SAFE_INTEGER / 1e6)],
};

function checkRange(layout: Layout, field: string, kind: NumberKind, value: number, entry: number): void {
  // a string of digits fits the range and failed as if it did not ("seconds 1700000000 ... does not fit")
  if (typeof value !== "number") {
    throw new UtmpError(UtmpErrorCode.BAD_INPUT, `utmpx: entry ${entry}: ${field} is ${valueKind(value)}, not a number`);
  }
  // by index, not destructured: this runs eight times a record (a convert of 2M records spent 0.4 s here)
  const range = RANGE[kind];
  const min = range[0], max = range[1];
  if (!Number.isInteger(value) || value < min || value > max) {
    const date = new Date(value * 1000);
    const what = field === "seconds" && !Number.isNaN(date.getTime()) ? ` (${date.toISOString()})` : "";
    throw new UtmpError(UtmpErrorCode.OUT_OF_RANGE,
      `utmpx: entry ${entry}: ${field} ${value}${what} does not fit layout ${layout.id} (${kind}: ${min} to ${max}); refusing to wrap it`);
  }
}

const utf8 = new TextEncoder();
const STRING_FIELDS = ["id", "user", "line", "host"] as const;
const NO_BYTES = new Uint8Array(0);

const cut = (bytes: Uint8Array, width: number) => (bytes.length > width ? bytes.subarray(0, width) : bytes);

/**
 * A string field's bytes, cut to the field's `width`: text as UTF-8, bytes as
 * given, a missing one (undefined, or null as for the numbers) as none. Any
 * other value is refused: its bytes are not known, and staged as if they were
 * it shifted the other fields' bytes.
 *
 * The cut is made before staging, so a string of any length fits the core's
 * string region (a 5 MB user overflowed it). Only width + 1 UTF-16 units are
 * encoded: each gives at least one byte, so the first `width` bytes are those
 * of the whole string; the one more keeps a surrogate pair across the cut whole
 * (alone, its high half would be encoded as U+FFFD, other bytes).
 */
function fieldBytes(values: EntryInput, field: (typeof STRING_FIELDS)[number], width: number, entry: number): Uint8Array {
  const value: unknown = values[field];
  if (value === undefined || value === null) return NO_BYTES;
  // a view is made only to cut: one per field of every record was most of a convert's garbage
  if (typeof value === "string") return cut(utf8.encode(value.slice(0, width + 1)), width);
  if (value instanceof Uint8Array) return cut(value, width);
  throw new UtmpError(UtmpErrorCode.BAD_INPUT,
    `utmpx: entry ${entry}: ${field} is ${valueKind(value)}, not a string or bytes (Uint8Array); refusing to write it as anything else`);
}

/**
 * Rows staged for one call of the core's encode(): few enough that the rows
 * staged (an object and its fields' bytes each) are still in the processor's
 * cache when they are copied into the core. A call per window's worth (16,384
 * rows, megabytes of objects) spent most of a convert's time waiting on memory:
 * 1M records to linux384-be, 2.62 s at 16,384 a call, 2.04 s at 1,024, 1.97 s at 256.
 */
const ROWS_PER_CALL = 1024;

/** Each layout's type numbers by name (the first where two share one, as indexOf finds it): looked up for every record written. */
const typeNumbers = new WeakMap<Layout, Map<string, number>>();

function typeNumber(layout: Layout, type: string): number {
  let numbers = typeNumbers.get(layout);
  if (!numbers) {
    numbers = new Map();
    for (let raw = 0; raw < layout.types.length; raw++) {
      const name = layout.types[raw];
      if (name !== undefined && !numbers.has(name)) numbers.set(name, raw);
    }
    typeNumbers.set(layout, numbers);
  }
  return numbers.get(type) ?? -1;
}

/** The layout's number for an entry's type. */
function rawTypeOf(layout: Layout, input: EntryInput, entry: number): number {
  if (input.rawType !== undefined) return input.rawType;
  if (input.type === undefined) return 0;
  let raw = typeNumber(layout, input.type);
  // a system without a shutdown type records one as a run-level change (Linux's "shutdown" RUN_LVL)
  if (raw < 0 && (input.type === "SHUTDOWN_TIME" || input.type === "DOWN_TIME")) raw = typeNumber(layout, RUN_LVL);
  if (raw < 0) throw new UtmpError(UtmpErrorCode.OUT_OF_RANGE, `utmpx: entry ${entry}: layout ${layout.id} has no type ${input.type}`);
  return raw;
}

/**
 * Refuses `entries` that are not a collection of entries before any is read. A
 * string is iterable too: "alice" would otherwise be five records, one a
 * character, each all zeros (EMPTY), and appended as such.
 */
function checkEntries(entries: unknown): void {
  const iterable = typeof entries === "object" && entries !== null && typeof (entries as Partial<Iterable<unknown>>)[Symbol.iterator] === "function";
  if (!iterable) throw new TypeError(`utmpx: entries must be an iterable of entries (objects), not ${valueKind(entries)}`);
}

/** An Entry's exact values (its raw bytes and numbers), or the input as it is. */
function valuesOf(item: Entry | EntryInput, index: number): EntryInput & { family?: number | undefined } {
  if (typeof item !== "object" || item === null) throw new TypeError(`utmpx: entries[${index}] is ${valueKind(item)}, not an entry (an object)`);
  if (!(item instanceof Entry)) return item;
  const raw = item.raw;
  return {
    rawType: item.rawType, id: raw.id, user: raw.user, line: raw.line, host: raw.host, pid: item.pid,
    session: item.session, exit: item.exit, seconds: item.seconds, microseconds: item.microseconds,
    addr: raw.addr, family: item.batch.columns.addrFamily[item.index],
  };
}

/**
 * The records of `entries` in `layout` (an id, alias or row), as one byte array.
 * FreeBSD utx.log entries are framed (u16 length, trailing zeros trimmed). No
 * SIGNATURE record is added: pass one first when creating a NetBSD, DragonFly or
 * macOS utmpx file. Strings longer than their field are cut, as writers do.
 * @throws UtmpError OUT_OF_RANGE when a number does not fit its field (a time after 2106 in a u32 field, before 1970 in an unsigned one)
 * @throws UtmpError OUT_OF_RANGE for address text that is no IPv4 or IPv6 address
 * @throws UtmpError BAD_INPUT when a string field (id, user, line, host) holds something else than a string or bytes
 * @throws TypeError when `entries` is not an iterable of objects (a string, a single entry): nothing is encoded
 */
export function encode(entries: Iterable<Entry | EntryInput>, layoutName: string | Layout): Uint8Array {
  checkEntries(entries);
  const layout = resolveLayout(layoutName);
  if (SQLITE_LAYOUTS.includes(layout)) {
    throw new UtmpError(UtmpErrorCode.UNSUPPORTED, `utmpx: ${layout.id} is a SQLite database, not records: write it with its writers (wtmpdbLogin, lastlog2Write) or utmpx convert`);
  }
  const e = engine();
  const c = e.core;
  const v = c.value;
  const f = layout.fields;
  const perCall = Math.min(ROWS_PER_CALL, e.maxRecords, Math.floor(e.windowCapacity / layout.recordSize));
  const stringRoom = v("EXPANDED_BYTES");
  const parts: Uint8Array[] = [];
  // each pending row with its string fields as bytes, converted once
  let pending: { input: EntryInput & { family?: number | undefined }; fieldBytes: Uint8Array[] }[] = [];
  let staged = 0; // string bytes of the pending rows
  let index = 0;

  const flush = () => {
    if (pending.length === 0) return;
    const buffer = c.exports.memory.buffer;
    const n = pending.length;
    const col = (name: string) => c.exports.columnPtr(v(name));
    const types = new Int32Array(buffer, col("COL_TYPE"), n), pids = new Int32Array(buffer, col("COL_PID"), n);
    const terms = new Int32Array(buffer, col("COL_EXIT_TERMINATION"), n), codes = new Int32Array(buffer, col("COL_EXIT_CODE"), n);
    const sessions = new Float64Array(buffer, col("COL_SESSION"), n), secs = new Float64Array(buffer, col("COL_SECONDS"), n);
    const usecs = new Float64Array(buffer, col("COL_MICROSECONDS"), n);
    const addrs = new Uint8Array(buffer, col("COL_ADDR"), n * 16), families = new Uint8Array(buffer, col("COL_ADDR_FAMILY"), n);
    const slices = new Uint32Array(buffer, col("COL_STRING_SLICES"), n * 8);
    const strings = new Uint8Array(buffer, v("expandedPtr"), stringRoom);
    let cursor = 0;
    pending.forEach(({ input, fieldBytes }, i) => {
      const entry = index - pending.length + i;
      // each value is checked as given, before an Int32Array would wrap or truncate it
      const type = f.type ? rawTypeOf(layout, input, entry) : 0;
      if (f.type) checkRange(layout, "type", f.type.kind, type, entry);
      types[i] = type;
      const pid = input.pid ?? 0;
      if (f.pid) checkRange(layout, "pid", f.pid.kind, pid, entry);
      pids[i] = pid | 0;
      const termination = input.exit?.termination ?? 0, code = input.exit?.exit ?? 0;
      if (f.exit) { checkRange(layout, "exit.termination", f.exit.kind, termination, entry); checkRange(layout, "exit.exit", f.exit.kind, code, entry); }
      terms[i] = termination;
      codes[i] = code;
      const session = input.session ?? 0;
      if (f.session) checkRange(layout, "session", f.session.kind, session, entry);
      sessions[i] = session;
      // a date of another kind (text) failed as "input.date?.getTime is not a function"
      if (input.date !== undefined && !(input.date instanceof Date)) throw new UtmpError(UtmpErrorCode.BAD_INPUT, `utmpx: entry ${entry}: date is ${valueKind(input.date)}, not a Date`);
      const ms = input.date?.getTime();
      const seconds = input.seconds ?? (ms === undefined ? 0 : Math.floor(ms / 1000));
      const micros = input.microseconds ?? (ms === undefined ? 0 : (ms - Math.floor(ms / 1000) * 1000) * 1000);
      if (f.seconds) checkRange(layout, "seconds", f.seconds.kind, seconds, entry);
      if (f.microseconds) checkRange(layout, "microseconds", f.microseconds.kind, micros, entry);
      // FreeBSD's one u64 count of microseconds: a fraction of one would be cut off, as one past 999999 would carry
      if (f.seconds?.kind === "u64-micros" && !(Number.isInteger(micros) && micros >= 0 && micros < 1e6)) {
        throw new UtmpError(UtmpErrorCode.OUT_OF_RANGE,
          `utmpx: entry ${entry}: microseconds ${micros} does not fit layout ${layout.id} (a whole number from 0 to 999999); refusing to round it`);
      }
      secs[i] = seconds;
      usecs[i] = micros;
      const address = addressOf(input, layout, entry);
      addrs.fill(0, i * 16, i * 16 + 16);
      if (address) addrs.set(cut(address.bytes, 16), i * 16);
      families[i] = address?.family ?? 0;
      for (let k = 0; k < fieldBytes.length; k++) {
        const b = fieldBytes[k]!;
        strings.set(b, cursor);
        slices[i * 8 + 2 * k] = cursor;
        slices[i * 8 + 2 * k + 1] = b.length;
        cursor += b.length;
      }
    });
    e.loadLayout(layout);
    const written = c.exports.encode(n);
    if (written < 0) throw new UtmpError(UtmpErrorCode.INTERNAL, `utmpx core: encode failed with status ${written} (layout ${layout.id})`);
    const records = new Uint8Array(buffer, v("windowPtr"), written);
    if (f.hostLength && f.host) {
      const view = new DataView(buffer, v("windowPtr"), written);
      pending.forEach((_, i) => {
        const length = Math.min(slices[i * 8 + 7]!, f.host!.length - 1);
        view.setInt16(i * layout.recordSize + f.hostLength!.offset, length === 0 ? 0 : length + 1, layout.byteOrder === "little");
      });
    }
    const out = layout.framing === "utxlog" ? frameUtxLog(records, layout.recordSize) : records.slice();
    parts.push(out);
    pending = [];
    staged = 0;
  };

  for (const item of entries) {
    const values = valuesOf(item, index);
    // a field the layout lacks has width 0: nothing of it is written
    const strings = STRING_FIELDS.map((k) => fieldBytes(values, k, f[k]?.length ?? 0, index));
    const stringBytes = strings.reduce((sum, b) => sum + b.length, 0);
    if (pending.length === perCall || staged + stringBytes > stringRoom) flush();
    pending.push({ input: values, fieldBytes: strings });
    staged += stringBytes;
    index++;
  }
  flush();
  return concatBytes(parts);
}

/**
 * An entry's address: text parsed, 16 bytes as given, none for a missing one
 * (undefined, null, ""). Text that is no address is refused: written as it was,
 * as 0.0.0.0, it looked like a record without one.
 */
function addressOf(input: EntryInput & { family?: number | undefined }, layout: Layout, entry: number): { bytes: Uint8Array; family: number } | undefined {
  const addr: unknown = input.addr;
  if (addr === undefined || addr === null || addr === "") return undefined;
  if (addr instanceof Uint8Array) return { bytes: addr, family: input.family ?? familyOf(addr) };
  if (typeof addr !== "string") {
    throw new UtmpError(UtmpErrorCode.BAD_INPUT, `utmpx: entry ${entry}: addr is ${valueKind(addr)}, not address text or 16 bytes (Uint8Array)`);
  }
  const parsed = parseAddress(addr);
  if (!parsed) {
    throw new UtmpError(UtmpErrorCode.OUT_OF_RANGE,
      `utmpx: entry ${entry}: addr ${JSON.stringify(addr.slice(0, 80))} is not an IPv4 or IPv6 address (as inet_pton takes them, no zone or spaces); refusing to write 0.0.0.0 for it (layout ${layout.id})`);
  }
  return parsed;
}

/** IPv6 when any of bytes 4-15 is non-zero (util-linux's rule), else IPv4. */
function familyOf(bytes: Uint8Array): number {
  for (let i = 4; i < 16; i++) if (bytes[i]) return 6;
  return 4;
}

/** FreeBSD utx.log framing: each record as a u16 big-endian length and its bytes up to the last non-zero one. */
function frameUtxLog(records: Uint8Array, size: number): Uint8Array {
  const out: number[] = [];
  for (let at = 0; at < records.length; at += size) {
    let length = size;
    while (length > 1 && records[at + length - 1] === 0) length--; // at least the type byte: a zero length means damage to readers
    out.push(length >> 8, length & 0xff);
    for (let i = 0; i < length; i++) out.push(records[at + i]!);
  }
  return Uint8Array.from(out);
}
