// Decodes whole records of the input window into columns, driven by the
// descriptor. One call per window; the host never calls per record.
import * as D from "./descriptor";
import {
  MAX_RECORDS, WINDOW_CAPACITY, COL_TYPE, COL_PID, COL_EXIT_TERMINATION, COL_EXIT_CODE,
  COL_USER, COL_LINE, COL_HOST, COL_ID, COL_FLAGS, COL_SESSION, COL_SECONDS,
  COL_MICROSECONDS, COL_ADDR, COL_ADDR_FAMILY, COL_ADDR_ID, COL_RAW_START, EXPANDED_RECORD_MAX, RAW_WIDTH_MAX,
  descriptorPtr, windowPtr, expandedPtr, rawPtr, columnPtr, widePtr, WIDE_ENTRY_BYTES, AHEAD_CAPACITY, aheadSlotPtr,
} from "./memoryMap";
import { allZero, loadU64 } from "./read";
import { intColumn, microsColumns, numberColumn } from "./numberColumns";
import { copyBytes, copyField, fieldString, intern, internAddress, reserveStrings, stringCount } from "./intern";
import { noteSample, resetSketchCounts, sketchSamples, SAMPLE_EVERY } from "./sketch";

/** Family byte + 16 address bytes: the key an address is interned by. */
const ADDR_KEY_BYTES: i32 = 17;

// Record flags (COL_FLAGS).
export const R_ZERO: u32 = 1; // every byte of the record is zero (an unused slot, or wiped)
export const R_BAD_TYPE: u32 = 2; // the type number is not one the layout defines
export const R_BAD_MICROSECONDS: u32 = 4; // microseconds outside 0..999999
export const R_WIDE: u32 = 8; // a 64-bit seconds, microseconds or session value is not a safe integer (see noteWide)

// The fields noteWide() names.
export const W_SECONDS: i32 = 0;
export const W_MICROSECONDS: i32 = 1;
export const W_SESSION: i32 = 2;
/** Above this a double no longer holds every integer: 2^53 - 1, Number.MAX_SAFE_INTEGER. */
const SAFE_MAX: f64 = 9007199254740991;
/** Values decode() listed in the wide region (see noteWide), for the host to read as BigInts. */
export let wideCount: i32 = 0;

/**
 * Lists the 64-bit value at `p` (field `field` of row `row`) whose double is not
 * exact, with its bits as stored, so the host can give it exactly; the column
 * keeps the nearest double. Rare: only reached past 2^53.
 */
function noteWide(row: i32, field: i32, p: usize, kind: i32, be: bool): u32 {
  const at = widePtr + <usize>(wideCount * WIDE_ENTRY_BYTES);
  store<u32>(at, <u32>row);
  store<u8>(at, <u8>field, 4);
  store<u8>(at, kind == D.K_I64 ? 1 : 0, 5);
  store<u64>(at, loadU64(p, be), 8);
  wideCount++;
  return R_WIDE;
}

@inline function is64(kind: i32): bool {
  return kind == D.K_I64 || kind == D.K_U64;
}

/** F_NO_STRINGS' columns: the addresses and their families; every string column and address id 0. */
function addressColumns(base: usize, count: i32): void {
  const size = desc(D.D_REC_SIZE);
  const addrOff = desc(D.D_ADDR_OFF), addrKind = desc(D.D_ADDR_KIND);
  const inet6 = desc(D.D_AF_INET6);
  lastBase = base;
  rawUsed = 0;
  memory.fill(freshCounts, 0, <usize>(FIELD_COUNT * 4));
  resetSketchCounts();
  const bytes = <usize>count << 2;
  memory.fill(columnPtr(COL_USER), 0, bytes); memory.fill(columnPtr(COL_LINE), 0, bytes);
  memory.fill(columnPtr(COL_HOST), 0, bytes); memory.fill(columnPtr(COL_ID), 0, bytes);
  memory.fill(columnPtr(COL_ADDR_ID), 0, bytes); memory.fill(columnPtr(COL_RAW_START), 0, bytes);
  const addrCol = columnPtr(COL_ADDR), familyCol = columnPtr(COL_ADDR_FAMILY);
  for (let i = 0; i < count; i++) {
    store<u8>(familyCol + <usize>i, decodeAddress(base + <usize>i * <usize>size, addrCol + (<usize>i << 4), addrKind, addrOff, inet6));
  }
}

// Fields decode() leaves raw (the `raw` bit mask): their string column holds the
// field's length instead of an interned id, and the host reads the bytes from its
// copy of the records. Interning pays when strings repeat (a user seen a million
// times is decoded once); when nearly every record brings a new string (a
// brute-force btmp's addresses), hashing and copying them only costs.
export const F_USER: i32 = 1;
export const F_LINE: i32 = 2;
export const F_HOST: i32 = 4;
export const F_ID: i32 = 8;
export const F_ADDR: i32 = 16; // the address is not interned (its id column is 0)
/**
 * No string decoded: the string columns and the address ids are 0, the
 * addresses and their families decoded. For the core's own text writers (dump,
 * JSON), which read each string from its record: the host decodes the window
 * again, with strings, should it need one.
 */
export const F_NO_STRINGS: i32 = 32;
/**
 * Users and lines decoded (as the raw bits say), hosts and ids not (their
 * columns 0), addresses not interned: for `last`, which pairs records by line
 * and user and prints the rest from the records. The host decodes the window
 * again should it need a host or an id.
 */
export const F_NO_HOST_ID: i32 = 64;

// How many new strings the last decode interned per field (0 user, 1 line, 2 host,
// 3 id, 4 address, as sketch.ts numbers them): the host's measure of whether
// interning pays for that field (for raw fields, see sketch.ts).
const FIELD_COUNT: i32 = 5;
const freshCounts = memory.data(FIELD_COUNT * 4);

/** New strings the last decode interned for field `field`. */
export function freshStrings(field: i32): i32 {
  if (field < 0 || field >= FIELD_COUNT) return 0;
  return load<i32>(freshCounts + (<usize>field << 2));
}

// Where the last decode's records lie: dump() writes their strings from there.
export let lastBase: usize = 0;
/** Bytes of the raw region the last decode filled. */
export let rawUsed: i32 = 0;

// Statuses (negative returns).
export const E_NOT_SET_UP: i32 = -1;
export const E_BAD_DESCRIPTOR: i32 = -2;
export const E_BAD_LENGTH: i32 = -3;

@inline export function desc(slot: i32): i32 {
  return load<i32>(descriptorPtr + (<usize>slot << 2));
}

@inline function numberFits(offSlot: i32, kindSlot: i32, count: i32, size: i32): bool {
  const width = D.kindWidth(desc(kindSlot)) * count;
  const off = desc(offSlot);
  return width == 0 || (off >= 0 && off + width <= size);
}

@inline function stringFits(offSlot: i32, size: i32): bool {
  const off = desc(offSlot);
  const len = desc(offSlot + 1);
  return len >= 0 && len <= 1024 && (len == 0 || (off >= 0 && off + len <= size));
}

/** Checks the descriptor's fields lie inside its record, so no read leaves the window. */
export function descriptorValid(): bool {
  const size = desc(D.D_REC_SIZE);
  if (size <= 0 || size > 4096) return false;
  if (!numberFits(D.D_TYPE_OFF, D.D_TYPE_KIND, 1, size)) return false;
  if (!numberFits(D.D_PID_OFF, D.D_PID_KIND, 1, size)) return false;
  if (!numberFits(D.D_SESSION_OFF, D.D_SESSION_KIND, 1, size)) return false;
  if (!numberFits(D.D_SEC_OFF, D.D_SEC_KIND, 1, size)) return false;
  if (!numberFits(D.D_USEC_OFF, D.D_USEC_KIND, 1, size)) return false;
  if (!numberFits(D.D_EXIT_OFF, D.D_EXIT_KIND, 2, size)) return false;
  if (!stringFits(D.D_LINE_OFF, size) || !stringFits(D.D_ID_OFF, size)) return false;
  if (!stringFits(D.D_USER_OFF, size) || !stringFits(D.D_HOST_OFF, size)) return false;
  // the raw region holds every string field of a window's records
  if (desc(D.D_LINE_LEN) + desc(D.D_ID_LEN) + desc(D.D_USER_LEN) + desc(D.D_HOST_LEN) > RAW_WIDTH_MAX) return false;
  const addrKind = desc(D.D_ADDR_KIND);
  const addrBytes = addrKind == D.A_NET16 ? 16 : addrKind == D.A_SOCKADDR ? 24 : addrKind == D.A_NET4 ? 4 : 0;
  if (addrBytes > 0 && (desc(D.D_ADDR_OFF) < 0 || desc(D.D_ADDR_OFF) + addrBytes > size)) return false;
  const pads = desc(D.D_PAD_COUNT);
  if (pads < 0 || pads > D.D_MAX_PADS) return false;
  for (let i = 0; i < pads; i++) {
    const off = desc(D.D_PADS + 2 * i);
    const len = desc(D.D_PADS + 2 * i + 1);
    if (off < 0 || len < 0 || off + len > size) return false;
  }
  return true;
}

/** A binary field (FreeBSD fu_id) is whole, but for its trailing zero bytes: zeros inside it are data. */
@inline export function binaryLength(p: usize, width: i32): i32 {
  let len = width;
  while (len > 0 && load<u8>(p + <usize>(len - 1)) == 0) len--;
  return len;
}

/**
 * Stores string field `field` of row `i4 / 4` (`width` bytes at `p`, up to a NUL;
 * `width` 0: the layout lacks it) in its column `col`: its interned id, a new one
 * counted, or (raw) its length, its bytes appended to the raw region and sampled
 * for the sketch.
 */
@inline function putString(field: i32, col: usize, i4: usize, p: usize, width: i32, raw: bool, sample: bool): void {
  if (raw) {
    keepRaw(field, col, i4, p, width == 0 ? 0 : copyField(rawPtr + <usize>rawUsed, p, width), sample);
  } else if (width == 0 || load<u8>(p) == 0) {
    // empty (half of a wtmp's records are logouts, with no user or host): no scan, no call
    store<u32>(col + i4, 0);
  } else {
    const before = stringCount;
    store<u32>(col + i4, fieldString(p, width));
    if (stringCount != before) countFresh(field);
  }
}

/** The id field at `p` (a string, or a binary id up to its trailing zeros) into the id column. */
@inline function putId(idCol: usize, i4: usize, p: usize, idLen: i32, binaryId: bool, rawId: bool, sample: bool): void {
  if (!binaryId) {
    putString(3, idCol, i4, p, idLen, rawId, sample);
  } else if (rawId) {
    const len = binaryLength(p, idLen);
    copyBytes(rawPtr + <usize>rawUsed, p, len);
    keepRaw(3, idCol, i4, p, len, sample);
  } else {
    const before = stringCount;
    store<u32>(idCol + i4, intern(p, binaryLength(p, idLen)));
    if (stringCount != before) countFresh(3);
  }
}

/** The rest of putString() for a raw field of `len` bytes, already copied to the end of the raw region. */
@inline function keepRaw(field: i32, col: usize, i4: usize, p: usize, len: i32, sample: bool): void {
  rawUsed += len;
  store<u32>(col + i4, <u32>len);
  if (sample) noteSample(field, p, len);
}

@inline function countFresh(field: i32): void {
  const at = freshCounts + (<usize>field << 2);
  store<i32>(at, load<i32>(at) + 1);
}

/** Copies the address as 16 network-order bytes and returns its family (0, 4 or 6). */
@inline function decodeAddress(rec: usize, out: usize, kind: i32, off: i32, inet6: i32): u8 {
  if (kind == D.A_NET16) {
    const v = v128.load(rec + <usize>off);
    v128.store(out, v);
    // util-linux's rule: IPv6 when any of bytes 4-15 is non-zero
    return ((i64x2.extract_lane(v, 0) >> 32) != 0 || i64x2.extract_lane(v, 1) != 0) ? 6 : 4;
  }
  v128.store(out, i64x2.splat(0));
  if (kind == D.A_NET4) {
    store<u32>(out, load<u32>(rec + <usize>off));
    return 4;
  }
  if (kind == D.A_SOCKADDR) {
    const family = <i32>load<u8>(rec + <usize>off + 1);
    if (family == 2) {
      store<u32>(out, load<u32>(rec + <usize>off + 4));
      return 4;
    }
    if (family == inet6) {
      v128.store(out, v128.load(rec + <usize>off + 8));
      return 6;
    }
  }
  return 0;
}

/**
 * Decodes min(floor(length / recordSize), MAX_RECORDS) records from the start of
 * the window. Returns the number decoded, or a negative E_* status.
 */
export function decode(length: i32, raw: i32): i32 {
  if (windowPtr == 0) return E_NOT_SET_UP;
  if (!descriptorValid()) return E_BAD_DESCRIPTOR;
  if (length < 0 || length > WINDOW_CAPACITY) return E_BAD_LENGTH;
  const count = length / desc(D.D_REC_SIZE);
  return decodeRecords(windowPtr, count < MAX_RECORDS ? count : MAX_RECORDS, raw);
}

/**
 * decode() of the whole records among the first `length` bytes of read-ahead
 * slot `slot` (see AHEAD_CAPACITY), where the host read them: the writers after
 * it (dump, json, lastRows) read the records there, as decode()'s in the window.
 */
export function decodeAhead(slot: i32, length: i32, raw: i32): i32 {
  const base = aheadSlotPtr(slot);
  if (base == 0) return E_NOT_SET_UP;
  if (!descriptorValid()) return E_BAD_DESCRIPTOR;
  if (length < 0 || length > AHEAD_CAPACITY) return E_BAD_LENGTH;
  const count = length / desc(D.D_REC_SIZE);
  return decodeRecords(base, count < MAX_RECORDS ? count : MAX_RECORDS, raw);
}

/** Decodes the `count` records expandUtxLog() left in the expansion region. */
export function decodeExpanded(count: i32, raw: i32): i32 {
  if (windowPtr == 0) return E_NOT_SET_UP;
  if (!descriptorValid() || desc(D.D_REC_SIZE) > EXPANDED_RECORD_MAX) return E_BAD_DESCRIPTOR;
  if (count < 0 || count > MAX_RECORDS) return E_BAD_LENGTH;
  return decodeRecords(expandedPtr, count, raw);
}

/**
 * Decodes `count` records at `base` into the columns: the number columns one
 * column at a time (numberColumns.ts), then per record the flags, the address
 * and the strings.
 */
function decodeRecords(base: usize, count: i32, raw: i32): i32 {
  const size = desc(D.D_REC_SIZE);
  const be = (desc(D.D_FLAGS) & D.FLAG_BIG_ENDIAN) != 0;
  const typeKind = desc(D.D_TYPE_KIND), secKind = desc(D.D_SEC_KIND);
  const typeCol = columnPtr(COL_TYPE), secCol = columnPtr(COL_SECONDS), usecCol = columnPtr(COL_MICROSECONDS);
  intColumn(base, size, count, desc(D.D_TYPE_OFF), typeKind, be, typeCol);
  intColumn(base, size, count, desc(D.D_PID_OFF), desc(D.D_PID_KIND), be, columnPtr(COL_PID));
  const exitOff = desc(D.D_EXIT_OFF), exitKind = desc(D.D_EXIT_KIND);
  intColumn(base, size, count, exitOff, exitKind, be, columnPtr(COL_EXIT_TERMINATION));
  intColumn(base, size, count, exitOff + D.kindWidth(exitKind), exitKind, be, columnPtr(COL_EXIT_CODE));
  numberColumn(base, size, count, desc(D.D_SESSION_OFF), desc(D.D_SESSION_KIND), be, columnPtr(COL_SESSION));
  if (secKind == D.K_U64_MICROS) {
    microsColumns(base, size, count, desc(D.D_SEC_OFF), be, secCol, usecCol);
  } else {
    numberColumn(base, size, count, desc(D.D_SEC_OFF), secKind, be, secCol);
    numberColumn(base, size, count, desc(D.D_USEC_OFF), desc(D.D_USEC_KIND), be, usecCol);
  }
  flagColumn(base, count, typeCol, usecCol);
  wideCount = 0;
  // only 64-bit fields can pass 2^53 (a u64 of microseconds divided down cannot): the rest are not looked at
  if (is64(secKind) || is64(desc(D.D_USEC_KIND)) || is64(desc(D.D_SESSION_KIND))) noteWideRows(base, count, be);
  stringColumns(base, count, raw);
  return count;
}

/** The record flags but R_WIDE, from the type and microseconds columns and, for a record of type 0 (or untyped), its bytes. */
function flagColumn(base: usize, count: i32, typeCol: usize, usecCol: usize): void {
  const size = desc(D.D_REC_SIZE);
  const typed = desc(D.D_TYPE_KIND) != D.K_NONE;
  const validTypes = <u32>desc(D.D_VALID_TYPES);
  const flagsCol = columnPtr(COL_FLAGS);
  for (let i = 0; i < count; i++) {
    const type = load<i32>(typeCol + (<usize>i << 2));
    const micros = load<f64>(usecCol + (<usize>i << 3));
    let flags: u32 = 0;
    if (typed && (<u32>type >= 32 || ((validTypes >> <u32>type) & 1) == 0)) flags |= R_BAD_TYPE;
    if (micros < 0 || micros > 999999) flags |= R_BAD_MICROSECONDS;
    if ((type == 0 || !typed) && allZero(base + <usize>i * <usize>size, size)) flags |= R_ZERO;
    store<u32>(flagsCol + (<usize>i << 2), flags);
  }
}

/** Lists (noteWide) the 64-bit seconds, microseconds and session values whose doubles are not exact. */
function noteWideRows(base: usize, count: i32, be: bool): void {
  const size = desc(D.D_REC_SIZE);
  const secOff = desc(D.D_SEC_OFF), secKind = desc(D.D_SEC_KIND);
  const usecOff = desc(D.D_USEC_OFF), usecKind = desc(D.D_USEC_KIND);
  const sessionOff = desc(D.D_SESSION_OFF), sessionKind = desc(D.D_SESSION_KIND);
  const wideSeconds = is64(secKind), wideMicros = is64(usecKind), wideSession = is64(sessionKind);
  const secCol = columnPtr(COL_SECONDS), usecCol = columnPtr(COL_MICROSECONDS), sessionCol = columnPtr(COL_SESSION);
  const flagsCol = columnPtr(COL_FLAGS);
  for (let i = 0; i < count; i++) {
    const rec = base + <usize>i * <usize>size;
    const i8 = <usize>i << 3;
    let flags: u32 = 0;
    if (wideSeconds && !(Math.abs(load<f64>(secCol + i8)) <= SAFE_MAX)) flags |= noteWide(i, W_SECONDS, rec + <usize>secOff, secKind, be);
    if (wideMicros && !(Math.abs(load<f64>(usecCol + i8)) <= SAFE_MAX)) flags |= noteWide(i, W_MICROSECONDS, rec + <usize>usecOff, usecKind, be);
    if (wideSession && !(Math.abs(load<f64>(sessionCol + i8)) <= SAFE_MAX)) flags |= noteWide(i, W_SESSION, rec + <usize>sessionOff, sessionKind, be);
    const at = flagsCol + (<usize>i << 2);
    store<u32>(at, load<u32>(at) | flags);
  }
}

/** The string columns (ids, or lengths of raw fields), the address columns and the address ids, record by record. */
function stringColumns(base: usize, count: i32, raw: i32): void {
  if (raw & F_NO_STRINGS) return addressColumns(base, count);
  const size = desc(D.D_REC_SIZE);
  const lineOff = desc(D.D_LINE_OFF), lineLen = desc(D.D_LINE_LEN);
  const idOff = desc(D.D_ID_OFF), idLen = desc(D.D_ID_LEN);
  const userOff = desc(D.D_USER_OFF), userLen = desc(D.D_USER_LEN);
  const hostOff = desc(D.D_HOST_OFF), hostLen = desc(D.D_HOST_LEN);
  const addrOff = desc(D.D_ADDR_OFF), addrKind = desc(D.D_ADDR_KIND);
  const inet6 = desc(D.D_AF_INET6);
  const binaryId = (desc(D.D_FLAGS) & D.FLAG_BINARY_ID) != 0;
  const hasAddr = addrKind != D.A_NONE;
  const rawUser = (raw & F_USER) != 0, rawLine = (raw & F_LINE) != 0, rawHost = (raw & F_HOST) != 0;
  const rawId = (raw & F_ID) != 0;
  const hostAndId = (raw & F_NO_HOST_ID) == 0, internAddr = hasAddr && (raw & F_ADDR) == 0 && hostAndId;
  // room for the worst case of the fields interned: every record bringing new strings
  const internedBytes = (rawUser ? 0 : userLen) + (rawLine ? 0 : lineLen) + (hostAndId ? (rawHost ? 0 : hostLen) + (rawId ? 0 : idLen) : 0) +
    (internAddr ? ADDR_KEY_BYTES : 0);
  reserveStrings(5 * count, count * internedBytes);
  lastBase = base;
  rawUsed = 0;
  memory.fill(freshCounts, 0, <usize>(FIELD_COUNT * 4));
  resetSketchCounts();

  const rawStartCol = columnPtr(COL_RAW_START);
  const userCol = columnPtr(COL_USER), lineCol = columnPtr(COL_LINE);
  const hostCol = columnPtr(COL_HOST), idCol = columnPtr(COL_ID);
  const addrCol = columnPtr(COL_ADDR), familyCol = columnPtr(COL_ADDR_FAMILY), addrIdCol = columnPtr(COL_ADDR_ID);
  for (let i = 0; i < count; i++) {
    const rec = base + <usize>i * <usize>size;
    const i4 = <usize>i << 2;
    // a sample of each raw field's strings goes to the sketch
    store<u32>(rawStartCol + i4, <u32>rawUsed);
    const sample = i % SAMPLE_EVERY == 0;
    if (sample) sketchSamples++;
    putString(0, userCol, i4, rec + <usize>userOff, userLen, rawUser, sample);
    putString(1, lineCol, i4, rec + <usize>lineOff, lineLen, rawLine, sample);
    if (hostAndId) {
      putString(2, hostCol, i4, rec + <usize>hostOff, hostLen, rawHost, sample);
      putId(idCol, i4, rec + <usize>idOff, idLen, binaryId, rawId, sample);
    } else {
      store<u32>(hostCol + i4, 0);
      store<u32>(idCol + i4, 0);
    }

    const addrOut = addrCol + (<usize>i << 4);
    const family = decodeAddress(rec, addrOut, addrKind, addrOff, inet6);
    store<u8>(familyCol + <usize>i, family);
    // interned with its family, so each distinct address is formatted once by the host
    let addrId: u32 = 0;
    if (internAddr) {
      const before = stringCount;
      addrId = internAddress(family, addrOut);
      if (stringCount != before) countFresh(4);
    } else if (sample && hasAddr && hostAndId) {
      noteSample(4, addrOut, 16);
    }
    store<u32>(addrIdCol + i4, addrId);
  }
}
