// The JSON line of each record the last decode() left in the window, written to
// the output region: JSON.stringify(entry) + "\n" (Entry.toJSON), byte for byte
// what the host's src/format/jsonLines.ts writes, without a host object per
// record. The host gives what depends on its tables (each row's canonical type,
// as an index into a table of prefixes it writes) and formats in JavaScript the
// rare row this cannot (a number JSON writes other than as plain digits, a time
// beyond the arithmetic here); both are compared on every fixture.
import * as D from "./descriptor";
import {
  COL_TYPE, COL_PID, COL_EXIT_TERMINATION, COL_EXIT_CODE, COL_SESSION, COL_SECONDS, COL_MICROSECONDS,
  COL_ADDR, COL_ADDR_FAMILY, COL_SOURCE_OFFSET, COL_DUMP_TYPE, JSON_PREFIX_SLOTS, JSON_PREFIX_SLOT_BYTES, columnPtr, expandedPtr, jsonPrefixPtr, jsonTypeSlotPtr,
} from "./memoryMap";
import { desc, lastBase } from "./decode";
import {
  MILLIONS_CACHE_BYTES, clockAt, cursor, digitsAt, millionsAt, putSigned, rewind, roomEnd, sixDigitBits, unsigned32At, written,
} from "./textOut";
import { ipv4At, ipv6At } from "./inetText";
import { jsonFieldAt } from "./jsonString";
import { civilDay, civilFromDays, civilMonth, civilYear } from "./civil";
import * as K from "./jsonKeys";

// What the layout has (the `fields` bits): the keys toJSON gives a value, not undefined.
export const J_RAW_TYPE: i32 = 1;
export const J_ID: i32 = 2;
export const J_USER: i32 = 4;
export const J_LINE: i32 = 8;
export const J_HOST: i32 = 16;
export const J_PID: i32 = 32;
export const J_PID_UNSIGNED: i32 = 64; // FreeBSD's pid_t field is read unsigned
export const J_SESSION: i32 = 128;
export const J_EXIT: i32 = 256;
export const J_ADDR: i32 = 512;
export const J_UID: i32 = 1024; // lastlog: the uid is the slot's number

/** More than any record's line: strings of at most 1024 bytes, each at most 6 as a \u escape, and the rest under 600. */
const LINE_MAX: i32 = 8192;
/** Times whose date this computes as the host does (its day arithmetic in doubles is exact up to here). */
export const SECONDS_MAX: f64 = 1099511627776;
const SAFE_MAX: f64 = 9007199254740991;
const MINUS_ZERO: u64 = 0x8000000000000000;

/** In a prefix slot's length byte: the prefix holds the row's `,"rawType":N` (the host made one per raw type). */
export const PREFIX_WITH_RAW_TYPE: i32 = 0x80;

/** Bytes the last json() wrote to the output region. */
export let jsonBytes: i32 = 0;

/** Whether JSON.stringify writes `v` as its plain digits: a safe integer, not -0. */
@inline export function plain(v: f64): bool {
  return Math.abs(v) <= SAFE_MAX && Math.trunc(v) == v && reinterpret<u64>(v) != MINUS_ZERO;
}

// The writers below take the cursor and return where they end: json() keeps it
// in a local, for a global is read and written through memory at every step
// (about thirty a record, each waiting on the last).
//
// What a record seldom needs is a call (digitsAt, newMillions, jsonFieldRest),
// not inlined: json() is one function, and the engine compiles it optimized
// while the first windows run (V8: in the background, 11-13 ms for 7.9 KB of
// it, 4-5 ms for 4.6 KB), a cost dump's small functions do not have; the hot
// paths stay inlined.

/** putSigned() at `out`, for the rare number past 32 bits. */
function signedAt(out: usize, v: i64): usize {
  cursor = out;
  putSigned(v, 1);
  return cursor;
}

/** A number plain() accepted. */
@inline export function numberAt(out: usize, v: f64): usize {
  if (v >= 0 && v < 10) { store<u8>(out, 48 + <u32>v); return out + 1; } // a session or an exit status: mostly 0, and a call saved
  if (v >= 0 && v <= 4294967295) return digitsAt(out, <u32>v);
  return signedAt(out, <i64>v);
}

/** The seconds' and the offsets' digits above the last six, as millionsAt() last wrote them. */
const secondsMillions = memory.data(MILLIONS_CACHE_BYTES);
const offsetMillions = memory.data(MILLIONS_CACHE_BYTES);

/** A number plain() accepted, of a column whose values move slowly: see putMillions(). */
@inline export function slowNumberAt(out: usize, v: f64, cache: usize): usize {
  if (v >= 0 && v <= 4294967295) return millionsAt(out, <u32>v, cache);
  return signedAt(out, <i64>v);
}

/** An int32 column's value. */
@inline export function intAt(out: usize, v: i32): usize {
  if (<u32>v < 10) { store<u8>(out, 48 + <u32>v); return out + 1; }
  if (v < 0) store<u8>(out++, 0x2d);
  return digitsAt(out, v < 0 ? <u32>(-v) : <u32>v);
}

// Records come in time order: the last record's day is usually this one's, and its date is copied.
let cachedDay: f64 = NaN;
let cachedLength: i32 = 0;
const cachedDate = memory.data(32); // at most "+034800-12-31T"

/** `YYYY-MM-DDT` of day `day` since the epoch: the year 0-9999 in four digits, others signed in at least six. */
@inline function dayAt(out: usize, day: f64): usize {
  if (day == cachedDay) {
    // 16 bytes of the 32 (the text is at most 15): one vector
    v128.store(out, v128.load(cachedDate));
    return out + <usize>cachedLength;
  }
  return newDayAt(out, day);
}

function newDayAt(out: usize, day: f64): usize {
  const start = out;
  civilFromDays(<i64>day);
  if (civilYear >= 0 && civilYear <= 9999) out = unsigned32At(out, <u32>civilYear, 4);
  else {
    store<u8>(out++, civilYear < 0 ? 0x2d : 0x2b);
    out = unsigned32At(out, <u32>(civilYear < 0 ? -civilYear : civilYear), 6);
  }
  store<u8>(out++, 0x2d); out = unsigned32At(out, <u32>civilMonth, 2);
  store<u8>(out++, 0x2d); out = unsigned32At(out, <u32>civilDay, 2);
  store<u8>(out++, 0x54);
  cachedLength = <i32>(out - start);
  memory.copy(cachedDate, start, <usize>cachedLength);
  cachedDay = day;
  return out;
}

/**
 * `YYYY-MM-DDThh:mm:ss.uuuuuuZ` at `out` (the opening quote is the key's, the
 * closing one the next key's) as isoMicros writes it; |seconds| within
 * SECONDS_MAX; `digits` the six digits of the microseconds (sixDigitBits).
 */
@inline export function dateAt(out: usize, seconds: f64, digits: u64): usize {
  // in doubles, as the host computes it (exact within SECONDS_MAX)
  const day = Math.floor(seconds / 86400);
  out = dayAt(out, day);
  out = clockAt(out, <u32>(seconds - day * 86400));
  // ".uuuuuuZ" in one store
  store<u64>(out, 0x2e | (digits << 8) | (<u64>0x5a << 56));
  return out + 8;
}

/** The string field at `off` (of width `len`) of the record at `rec`, after its key (with the quotes, see jsonKeys.ts): its text up to the first NUL. */
@inline function fieldAt(out: usize, key: usize, rec: usize, off: i32, len: i32): usize {
  return jsonFieldAt(K.keyAt(out, key), rec + <usize>off, len);
}

/** The address of `family` (0 none, 4, 6) at `a`: "" when the record has none, else inet_ntop's text. */
@inline function addressAt(out: usize, family: u8, a: usize): usize {
  if (family == 0) return K.keyAt(out, K.EMPTY_ADDR);
  out = K.keyAt(out, K.ADDR);
  out = family == 6 ? ipv6At(out, a) : ipv4At(out, a);
  store<u8>(out, 0x22);
  return out + 1;
}

/**
 * Writes rows `from`.. of the last decode (its records still where it read them,
 * every one of its rows kept) as JSON lines, until `count`, the output region
 * fills, or a row this leaves to the host. `fileOffset` is where the window's first record
 * lies in its file; `fields` the J_* bits of the layout; each row's object starts
 * with a prefix of the host's table (`prefixes` slots; an empty slot: the host
 * writes the row): slot COL_DUMP_TYPE[row], or with `byRawType` the slot the
 * host put for the row's raw type at jsonTypeSlotPtr. Returns the rows
 * written; jsonBytes holds the bytes.
 */
export function json(from: i32, count: i32, fileOffset: f64, fields: i32, prefixes: i32, byRawType: bool): i32 {
  rewind();
  if (prefixes > JSON_PREFIX_SLOTS) prefixes = JSON_PREFIX_SLOTS;
  const size = desc(D.D_REC_SIZE);
  const idOff = desc(D.D_ID_OFF), idLen = desc(D.D_ID_LEN);
  const userOff = desc(D.D_USER_OFF), userLen = desc(D.D_USER_LEN);
  const lineOff = desc(D.D_LINE_OFF), lineLen = desc(D.D_LINE_LEN);
  const hostOff = desc(D.D_HOST_OFF), hostLen = desc(D.D_HOST_LEN);
  const prefix = columnPtr(COL_DUMP_TYPE), types = columnPtr(COL_TYPE), pids = columnPtr(COL_PID);
  const terms = columnPtr(COL_EXIT_TERMINATION), codes = columnPtr(COL_EXIT_CODE), sessions = columnPtr(COL_SESSION);
  const secs = columnPtr(COL_SECONDS), micros = columnPtr(COL_MICROSECONDS);
  const families = columnPtr(COL_ADDR_FAMILY), addrs = columnPtr(COL_ADDR);
  // records unpacked from a framed file (utx.log) each say where they began; fixed ones follow one another
  const framed = lastBase == expandedPtr;
  const starts = columnPtr(COL_SOURCE_OFFSET);
  // a string field's closing quote starts the next key: the keys after one hold it
  const userKey = (fields & J_ID) != 0 ? K.USER_AFTER_STRING : K.USER;
  const lineKey = (fields & (J_ID | J_USER)) != 0 ? K.LINE_AFTER_STRING : K.LINE;
  const hostKey = (fields & (J_ID | J_USER | J_LINE)) != 0 ? K.HOST_AFTER_STRING : K.HOST;
  const dateKey = (fields & (J_ID | J_USER | J_LINE | J_HOST)) != 0 ? K.DATE_AFTER_STRING : K.DATE;
  let o = cursor;
  const end = roomEnd(LINE_MAX);
  let i = from;
  for (; i < count && o <= end; i++) {
    const i4 = <usize>i << 2, i8 = <usize>i << 3;
    let slot: i32;
    if (byRawType) {
      const raw = <u32>load<i32>(types + i4);
      const k: u32 = raw < 256 ? raw : 256; // a negative number is past 255 as unsigned
      slot = load<i32>(jsonTypeSlotPtr + (<usize>k << 2));
    } else slot = load<i32>(prefix + i4);
    if (slot < 0 || slot >= prefixes) break;
    const type = jsonPrefixPtr + <usize>(slot * JSON_PREFIX_SLOT_BYTES);
    const typeByte = <i32>load<u8>(type);
    const typeLength = <usize>(typeByte & ~PREFIX_WITH_RAW_TYPE);
    const seconds = load<f64>(secs + i8), us = load<f64>(micros + i8);
    const session = (fields & J_SESSION) != 0 ? load<f64>(sessions + i8) : 0;
    const offset = framed ? fileOffset + <f64>load<u32>(starts + i4) : fileOffset + <f64>i * <f64>size;
    const uid = offset / <f64>size;
    if (typeLength == 0 || !(Math.abs(seconds) <= SECONDS_MAX) || !plain(seconds) || !plain(us) || !plain(session) ||
      !plain(offset) || ((fields & J_UID) != 0 && !plain(uid))) break;

    const rec = lastBase + <usize>i * <usize>size;
    // the prefix: at most JSON_PREFIX_SLOT_BYTES - 1, in vectors (the slots lie one after another); three
    // always, a fourth for one past 48 bytes: a loop here, two or three turns, cost json() a fifth of its time
    // (btmp: 118 -> 92 ms a million records; the engine compiled the whole record loop worse around it)
    v128.store(o, v128.load(type + 1)); v128.store(o + 16, v128.load(type + 17)); v128.store(o + 32, v128.load(type + 33));
    if (typeLength > 48) v128.store(o + 48, v128.load(type + 49));
    o += typeLength;
    if ((fields & J_RAW_TYPE) != 0 && (typeByte & PREFIX_WITH_RAW_TYPE) == 0) o = intAt(K.keyAt(o, K.RAW_TYPE), load<i32>(types + i4));
    if (fields & J_UID) o = numberAt(K.keyAt(o, K.UID), uid);
    if (fields & J_ID) o = fieldAt(o, K.ID, rec, idOff, idLen);
    if (fields & J_USER) o = fieldAt(o, userKey, rec, userOff, userLen);
    if (fields & J_LINE) o = fieldAt(o, lineKey, rec, lineOff, lineLen);
    if (fields & J_HOST) o = fieldAt(o, hostKey, rec, hostOff, hostLen);
    // clamped to 0..999999 for the date (us is an integer: plain() passed it)
    const microDigits = sixDigitBits(<u32>Math.min(999999, Math.max(0, us)));
    o = dateAt(K.keyAt(o, dateKey), seconds, microDigits);
    o = slowNumberAt(K.keyAt(o, K.DATE_END_SECONDS), seconds, secondsMillions);
    o = K.keyAt(o, K.MICROSECONDS);
    // six digits (most microseconds): the date's, already made
    if (us >= 100000 && us <= 999999) { store<u64>(o, microDigits); o += 6; }
    else o = numberAt(o, us);
    if (fields & J_PID) {
      o = K.keyAt(o, K.PID);
      const pid = load<i32>(pids + i4);
      o = (fields & J_PID_UNSIGNED) || pid >= 0 ? unsigned32At(o, <u32>pid, 1) : intAt(o, pid);
    }
    if (fields & J_SESSION) o = numberAt(K.keyAt(o, K.SESSION), session);
    if (fields & J_EXIT) {
      o = intAt(K.keyAt(o, K.EXIT), load<i32>(terms + i4));
      o = intAt(K.keyAt(o, K.EXIT_CODE), load<i32>(codes + i4));
      store<u8>(o++, 0x7d);
    }
    if (fields & J_ADDR) o = addressAt(o, load<u8>(families + <usize>i), addrs + (<usize>i << 4));
    o = slowNumberAt(K.keyAt(o, K.OFFSET), offset, offsetMillions);
    o = K.keyAt(o, K.END);
  }
  cursor = o;
  jsonBytes = written();
  return i - from;
}
