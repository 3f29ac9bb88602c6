// util-linux last's rows (list() in last.c, 2.38), written to the output region
// from the records the last decode() left in the window: the host's
// src/format/last.ts, byte for byte, without a host string per field. The host
// pairs the records and describes each row (which record, its times already in
// local time, what stands in the logout and length columns); this writes the
// text. The host formats the rare row this cannot (a time beyond the
// arithmetic here) and rewrites the rows marked as holding a byte outside
// printable ASCII (fputs_careful); both paths are compared on every fixture.
import * as D from "./descriptor";
import { COL_ADDR, columnPtr, lastRowsPtr, lastTextsPtr, LAST_ROW_BYTES } from "./memoryMap";
import { desc, lastBase } from "./decode";
import { fieldLength } from "./intern";
import { cursor, put, putClock as putHms, putPair, putPaddedYear, putSigned, putSpaces, rewind, roomFor, written } from "./textOut";
import { civilDay, civilFromDays, civilMonth, civilYear } from "./civil";
import { putIPv4, putIPv6 } from "./inetText";

// A row's description (LAST_ROW_BYTES each), written by the host (or by lastPairs.ts):
export const R_LOGIN: usize = 0; // f64: login time, local seconds
export const R_LOGOUT: usize = 8; // f64: logout time, local seconds
export const R_DURATION: usize = 16; // f64: logout - login, seconds
export const R_ROW: usize = 24; // i32: the record's row in the last decode
export const R_LOGIN_OFFSET: usize = 28; // i32: seconds east of UTC at login (ISO's zone)
export const R_LOGOUT_OFFSET: usize = 32; // i32: the same at logout
export const R_FIXED: usize = 36; // i32: the fixed texts' slot, or -1: the logout time and the duration
export const R_USER: usize = 40; // i32: -1, the record's user; else a text (offset << 8 | length)
export const R_LINE: usize = 44; // i32: -1, the record's line; else a text
// and by this, per row written:
const R_END: usize = 48; // i32: where the row's text ends in the output
const R_CAREFUL: usize = 52; // i32: 0, or when the row holds a byte outside printable ASCII, 1 + where its first such field starts in the row
const R_CAREFUL_END: usize = 56; // i32: where the last such field ended in the row (the host checks only between)

/** The fixed texts' table at the start of the texts region: per slot, logout (offset, length), length column (offset, length or -1: the duration). */
export const LAST_FIXED_SLOTS: i32 = 8;

// Time texts (the host's inFmt/outFmt).
export const T_NONE: i32 = 0;
export const T_HHMM: i32 = 1;
export const T_CTIME: i32 = 2;
export const T_ISO: i32 = 3;

// lastRows() flags.
export const L_ADDRESS: i32 = 1; // -i on a layout with an address: the address instead of the host
export const L_HOST_LAST: i32 = 2; // -a
export const L_NO_HOST: i32 = 4; // -R

/** Local seconds this writes (±34,800 years, as dump()); the host writes the rows beyond. */
export const LAST_SECONDS_MAX: f64 = 1099511627776;

/**
 * More than a row takes: a user and a line of at most 255 bytes each (a text
 * the host gives is cut only after it is written), the host (255) once, two
 * times of at most 32, a duration, the fixed texts and spaces.
 */
const ROW_MAX: i32 = 1024;

const WEEKDAYS = memory.data<u8>([0x53, 0x75, 0x6e, 0x4d, 0x6f, 0x6e, 0x54, 0x75, 0x65, 0x57, 0x65, 0x64, 0x54, 0x68, 0x75, 0x46, 0x72, 0x69, 0x53, 0x61, 0x74]); // SunMonTueWedThuFriSat
const MONTHS = memory.data<u8>([
  0x4a, 0x61, 0x6e, 0x46, 0x65, 0x62, 0x4d, 0x61, 0x72, 0x41, 0x70, 0x72, 0x4d, 0x61, 0x79, 0x4a, 0x75, 0x6e,
  0x4a, 0x75, 0x6c, 0x41, 0x75, 0x67, 0x53, 0x65, 0x70, 0x4f, 0x63, 0x74, 0x4e, 0x6f, 0x76, 0x44, 0x65, 0x63,
]); // JanFebMarAprMayJunJulAugSepOctNovDec

/** Bytes the last lastRows() wrote to the output region. */
export let lastRowsBytes: i32 = 0;

/** Set when a byte written since it was cleared is outside printable ASCII. */
let outside: bool = false;
/** Where the row being written starts; and the span, from it, of the texts that set `outside` (from -1: none yet). */
let rowStart: usize = 0;
let outsideFrom: i32 = -1;
let outsideTo: i32 = 0;

/** The `n` bytes at `p`, noting any outside printable ASCII. */
function putText(p: usize, n: i32): void {
  const from = cursor;
  let any: u32 = 0;
  for (let i = 0; i < n; i++) {
    const c = <u32>load<u8>(p + <usize>i);
    put(c);
    any |= (c - 0x20) | (0x7e - c);
  }
  if (<i32>any < 0) {
    outside = true;
    if (outsideFrom < 0) outsideFrom = <i32>(from - rowStart);
    outsideTo = <i32>(cursor - rowStart);
  }
}

/** printf "%-W.Ps" on what was written since `from`: cut to `precision` bytes, then padded to `width`. */
function fit(from: usize, precision: i32, width: i32): void {
  if (<i32>(cursor - from) > precision) cursor = from + <usize>precision;
  const n = <i32>(cursor - from);
  if (n < width) putSpaces(width - n);
}

/** A text of the texts region (offset << 8 | length). */
function putHostText(text: i32): void {
  putText(lastTextsPtr + <usize>(text >>> 8), text & 255);
}

/** C's "%02d" of `v` (not negative): one store for 0-99 (a clock's, a date's, a duration's). */
@inline function two(v: i64): void {
  if (<u64>v < 100) putPair(<u32>v);
  else putSigned(v, 2);
}

/** "hh:mm" or "hh:mm:ss" of a second of the day (0-86399). */
function putClock(second: i64, withSeconds: bool): void {
  if (withSeconds) return putHms(<u32>second);
  two(second / 3600); put(0x3a); two((second / 60) % 60);
}

// The last time written this call, and where: a failed login's logout time is
// its login time (lastb), so that row's second time is copied, not worked out
// again. Valid while its bytes stand: from the call's rewind() until the
// cursor is moved back over them (a column cut shorter: keptTime()).
let timeKind: i32 = -1;
let timeLocal: f64 = 0;
let timeOffset: i32 = 0;
let timeFrom: usize = 0;
let timeLength: usize = 0;

/** putTime's text, or the same time's bytes written before in this call. */
function putTimeOnce(kind: i32, local: f64, offset: i32): void {
  if (kind == timeKind && local == timeLocal && offset == timeOffset) {
    memory.copy(cursor, timeFrom, timeLength);
    cursor += timeLength;
    return;
  }
  const from = cursor;
  putTime(kind, local, offset);
  timeKind = kind;
  timeLocal = local;
  timeOffset = offset;
  timeFrom = from;
  timeLength = cursor - from;
}

/** Forgets the time written last when the cursor went back over its bytes, which the next writes overwrite. */
function keptTime(): void {
  if (cursor < timeFrom + timeLength) timeKind = -1;
}

// The date's bytes around the clock, of the day written last (rows come a day or so at a time):
// ctime's "Sat Mar  9 " and " 2024", ISO's "2024-03-09T" (no tail); kept when each is at most 16
// bytes (a row's room holds a 16-byte store past the cursor), copied instead of worked out again.
let dayKind: i32 = -1;
let dayNumber: i64 = 0;
const DAY_HEAD = memory.data(16);
const DAY_TAIL = memory.data(16);
let dayHeadLength: usize = 0;
let dayTailLength: usize = 0;

/** Keeps the date's bytes just written (head at `head`, tail at `tail`) for `kind` on day `days`. */
function keepDay(kind: i32, days: i64, head: usize, headLength: usize, tail: usize, tailLength: usize): void {
  if (headLength > 16 || tailLength > 16) { dayKind = -1; return; }
  v128.store(DAY_HEAD, v128.load(head));
  v128.store(DAY_TAIL, v128.load(tail));
  dayHeadLength = headLength;
  dayTailLength = tailLength;
  dayKind = kind;
  dayNumber = days;
}

/** ctime(3) without its newline, "Sat Mar  9 09:21:37 2024"; hh:mm; or strtime_iso's "2024-03-09T09:21:37+00:00". */
function putTime(kind: i32, local: f64, offset: i32): void {
  if (kind == T_NONE) return;
  const s = <i64>local;
  let days = s / 86400;
  let second = s % 86400;
  if (second < 0) { second += 86400; days--; }
  if (kind == T_HHMM) { putClock(second, false); return; }
  if (kind == dayKind && days == dayNumber) {
    v128.store(cursor, v128.load(DAY_HEAD));
    cursor += dayHeadLength;
    putClock(second, true);
    if (kind == T_CTIME) {
      v128.store(cursor, v128.load(DAY_TAIL));
      cursor += dayTailLength;
    } else putZone(offset);
    return;
  }
  civilFromDays(days);
  const head = cursor;
  if (kind == T_CTIME) {
    let weekday = (days + 4) % 7;
    if (weekday < 0) weekday += 7;
    putText(WEEKDAYS + <usize>(weekday * 3), 3); put(0x20);
    putText(MONTHS + <usize>((civilMonth - 1) * 3), 3); put(0x20);
    // "%2d": the day space-padded
    if (civilDay < 10) { put(0x20); put(48 + <u32>civilDay); }
    else putPair(<u32>civilDay);
    put(0x20);
    const clock = cursor;
    putClock(second, true);
    const tail = cursor;
    put(0x20);
    // a four-digit year (all but the odd record) in two pair stores
    if (civilYear >= 1000 && civilYear <= 9999) { two(civilYear / 100); two(civilYear % 100); }
    else putSigned(civilYear, 1);
    keepDay(kind, days, head, clock - head, tail, cursor - tail);
    return;
  }
  putPaddedYear(civilYear);
  put(0x2d); two(civilMonth); put(0x2d); two(civilDay); put(0x54);
  keepDay(kind, days, head, cursor - head, cursor, 0);
  putClock(second, true);
  putZone(offset);
}

/** The zone as strtime_iso gives it: an offset under an hour west still prints "+". */
function putZone(offset: i32): void {
  const minutes = offset / 60;
  const hours = minutes / 60;
  put(hours < 0 ? 0x2d : 0x2b);
  two(hours < 0 ? -hours : hours); put(0x3a);
  const m = minutes % 60;
  two(m < 0 ? -m : m);
}

/** C's "%02d". */
function d2(n: i64): void {
  if (n < 0) { put(0x2d); putSigned(-n, 1); } else two(n);
}

/** "(d+hh:mm)", " (hh:mm)" or " (-00:mm)", as last computes them. */
function putDuration(secs: i64): void {
  const mins = (secs / 60) % 60;
  const hours = (secs / 3600) % 24;
  const days = secs / 86400;
  if (days != 0) {
    put(0x28); putSigned(days, 1); put(0x2b); d2(hours < 0 ? -hours : hours);
  } else {
    put(0x20); put(0x28);
    if (hours != 0 || secs >= 0) d2(hours);
    else { put(0x2d); put(0x30); put(0x30); }
  }
  put(0x3a);
  d2(days != 0 || hours != 0 || secs < 0 ? (mins < 0 ? -mins : mins) : mins);
  put(0x29);
}

/** The host (at most 255 bytes) of the record at `rec`, or with L_ADDRESS the address of row `row`, by last's rule. */
function putDomain(rec: usize, row: i32, flags: i32): void {
  // mem2strcpy into a 256-byte buffer: at most 255 bytes of ut_host
  if ((flags & L_ADDRESS) == 0) return putField(rec, D.D_HOST_OFF, 255);
  const a = columnPtr(COL_ADDR) + (<usize>row << 4);
  // dns_lookup(NI_NUMERICHOST): IPv4 when words 1-3 are zero or the address is v4-mapped, else IPv6
  if (load<u32>(a, 4) == 0 && load<u64>(a, 8) == 0) putIPv4(a);
  else if (load<u64>(a) == 0 && load<u16>(a, 8) == 0 && load<u16>(a, 10) == 0xffff) putIPv4(a + 12);
  else putIPv6(a);
}

/** The length of the record's string field (descriptor slots `offSlot`, `offSlot + 1`) up to its first NUL; 0 where the layout lacks it. */
@inline function fieldBytes(rec: usize, offSlot: i32): i32 {
  const len = desc(offSlot + 1);
  return len == 0 ? 0 : fieldLength(rec + <usize>desc(offSlot), len);
}

/** A string field of the record: up to its first NUL, at most `max` bytes. */
function putField(rec: usize, offSlot: i32, max: i32): void {
  const n = fieldBytes(rec, offSlot);
  putText(rec + <usize>desc(offSlot), n < max ? n : max);
}

/** The record's line as last lists it: "ftp" and "uucp" followed by a digit are cut to the word. */
function putLine(rec: usize): void {
  const p = rec + <usize>desc(D.D_LINE_OFF);
  const n = fieldBytes(rec, D.D_LINE_OFF);
  if (n >= 4 && load<u8>(p) == 0x66 && load<u8>(p, 1) == 0x74 && load<u8>(p, 2) == 0x70 && isDigit(load<u8>(p, 3))) { putText(p, 3); return; }
  if (n >= 5 && load<u32>(p) == 0x70637575 && isDigit(load<u8>(p, 4))) { putText(p, 4); return; }
  putText(p, n < 12 ? n : 12);
}

/**
 * Writes rows `from`.. of the descriptions until `count` or the output region
 * fills; each row's end offset and careful mark go back into its description.
 * `times`: inFmt | outFmt << 4 | inLen << 8 | outLen << 16 (the host's
 * FORMATS). Returns the rows written; lastRowsBytes holds the bytes.
 */
export function lastRows(from: i32, count: i32, times: i32, nameLen: i32, domainLen: i32, flags: i32): i32 {
  rewind();
  timeKind = -1;
  const inFmt = times & 15, outFmt = (times >> 4) & 15, inLen = (times >> 8) & 255, outLen = (times >> 16) & 255;
  const size = <usize>desc(D.D_REC_SIZE);
  const hostColumn = (flags & (L_NO_HOST | L_HOST_LAST)) == 0;
  const hostLast = (flags & L_HOST_LAST) != 0 && (flags & L_NO_HOST) == 0;
  let k = from;
  for (; k < count && roomFor(ROW_MAX); k++) {
    const d = lastRowsPtr + <usize>k * <usize>LAST_ROW_BYTES;
    const row = load<i32>(d, R_ROW);
    const rec = lastBase + <usize>row * size;
    const start = cursor;
    outside = false;
    rowStart = start;
    outsideFrom = -1;
    outsideTo = 0;
    let at = cursor;
    const user = load<i32>(d, R_USER);
    if (user < 0) putField(rec, D.D_USER_OFF, nameLen); else putHostText(user);
    fit(at, nameLen, 8);
    put(0x20);
    at = cursor;
    const line = load<i32>(d, R_LINE);
    if (line < 0) putLine(rec); else putHostText(line);
    fit(at, 12, 12);
    put(0x20);
    if (hostColumn) {
      at = cursor;
      putDomain(rec, row, flags);
      fit(at, domainLen, 16);
      put(0x20);
    }
    const careful = outside, carefulFrom = outsideFrom, carefulTo = outsideTo;
    at = cursor;
    putTimeOnce(inFmt, load<f64>(d, R_LOGIN), load<i32>(d, R_LOGIN_OFFSET));
    fit(at, inLen, inLen);
    keptTime();
    put(0x20);
    at = cursor;
    const fixed = load<i32>(d, R_FIXED);
    const slot = lastTextsPtr + <usize>(fixed << 4);
    if (fixed >= 0) putText(lastTextsPtr + <usize>load<i32>(slot), load<i32>(slot, 4));
    else { put(0x2d); put(0x20); putTimeOnce(outFmt, load<f64>(d, R_LOGOUT), load<i32>(d, R_LOGOUT_OFFSET)); }
    fit(at, outLen, outLen);
    keptTime();
    put(0x20);
    at = cursor;
    if (fixed >= 0 && load<i32>(slot, 12) >= 0) putText(lastTextsPtr + <usize>load<i32>(slot, 8), load<i32>(slot, 12));
    else putDuration(<i64>load<f64>(d, R_DURATION));
    outside = careful;
    outsideFrom = carefulFrom;
    outsideTo = carefulTo;
    if (hostLast) {
      fit(at, 12, 12);
      put(0x20);
      putDomain(rec, row, flags);
    }
    // trim_trailing_spaces (a row of one byte is lost, as there), then the newline
    let end = cursor;
    while (end > start && isSpace(load<u8>(end - 1))) end--;
    cursor = end - start > 1 ? end : start;
    keptTime();
    put(0x0a);
    store<i32>(d, written(), R_END);
    store<i32>(d, outside ? 1 + outsideFrom : 0, R_CAREFUL);
    store<i32>(d, outsideTo, R_CAREFUL_END);
  }
  lastRowsBytes = written();
  return k - from;
}

@inline function isDigit(c: u8): bool {
  return <u32>c - 0x30 < 10;
}

@inline function isSpace(c: u8): bool {
  return c == 0x20 || (c >= 0x09 && c <= 0x0d);
}
