// Filters and counts over the records themselves, before any decoding: select()
// tests only the fields a filter names (type, user, line, time, all-zero), so a
// count decodes nothing and a filtered read decodes only the rows it keeps,
// gathered to the front of their region.
import {
  COL_SELECTED, MAX_RECORDS, SCRATCH_BYTES, WINDOW_CAPACITY, columnPtr, expandedPtr, scratchPtr, windowPtr,
} from "./memoryMap";
import * as D from "./descriptor";
import { desc, descriptorValid, E_BAD_DESCRIPTOR, E_BAD_LENGTH, E_NOT_SET_UP } from "./decode";
import { fieldLength, sameBytes, tailMask } from "./intern";
import { allZero, loadInt, loadNumber, loadSeconds, loadU64, zeroRun } from "./read";

/** No condition on the field. */
export const ANY_STRING: i32 = -1;
/** Where the wanted line's bytes go in the scratch region (the user's go at its start). */
export const SCRATCH_LINE: i32 = SCRATCH_BYTES / 2;

/** Whether the string field at `p` (`width` bytes, up to a NUL) is exactly the `len` bytes at `want`. */
@inline function fieldIs(p: usize, width: i32, want: usize, len: i32): bool {
  return (width == 0 ? 0 : fieldLength(p, width)) == len && sameBytes(p, want, len);
}

/**
 * Whether the field at `p`, of 16 bytes or more, is the string of `want`: a
 * name shorter than 16 bytes, zero past it, whose bytes and the NUL after them
 * are the low bits of `bits`. One compare a record, where fieldIs() finds the
 * NUL and then compares.
 */
@inline function shortFieldIs(p: usize, want: v128, bits: i32): bool {
  return (i8x16.bitmask(i8x16.eq(v128.load(p), want)) & bits) == bits;
}

/** Whether shortFieldIs() can test for the `len` wanted bytes in fields of `width`. */
@inline function short(len: i32, width: i32): bool {
  return len >= 0 && len < 16 && width >= 16;
}

/**
 * Keeps the records among `count` at `base` whose raw type's bit is set in
 * `typeMask` (types 0-30; bit 31 admits every other number), whose user and line
 * are the `userLen` and `lineLen` bytes the host wrote to the scratch region (at 0
 * and SCRATCH_LINE; ANY_STRING: no condition), and whose time lies in [since,
 * until): each bound a second and the microseconds into it, and a record's time
 * its seconds then its microseconds as stored (a bound that falls inside a
 * second is met exactly, not by the whole second). All-zero records are kept
 * only if `keepZero`. Writes the kept row numbers to COL_SELECTED, in order, and
 * returns how many.
 */
function selectRecords(base: usize, count: i32, typeMask: u32, userLen: i32, lineLen: i32,
  sinceSecond: f64, sinceMicro: f64, untilSecond: f64, untilMicro: f64, keepZero: bool): i32 {
  if (userLen >= SCRATCH_LINE || lineLen >= SCRATCH_LINE) return 0; // longer than any field
  const size = <usize>desc(D.D_REC_SIZE);
  const be = (desc(D.D_FLAGS) & D.FLAG_BIG_ENDIAN) != 0;
  const typeOff = <usize>desc(D.D_TYPE_OFF), typeKind = desc(D.D_TYPE_KIND);
  const userOff = <usize>desc(D.D_USER_OFF), userWidth = desc(D.D_USER_LEN);
  const lineOff = <usize>desc(D.D_LINE_OFF), lineWidth = desc(D.D_LINE_LEN);
  const secOff = <usize>desc(D.D_SEC_OFF), secKind = desc(D.D_SEC_KIND);
  const usecOff = <usize>desc(D.D_USEC_OFF), usecKind = desc(D.D_USEC_KIND);
  const timed = sinceSecond > -Infinity || untilSecond < Infinity;
  const userWant = scratchPtr, lineWant = scratchPtr + <usize>SCRATCH_LINE;
  const out = columnPtr(COL_SELECTED);
  // a wanted name shorter than 16 bytes as a vector, zero past it, and the bits of its bytes and its NUL
  const userShort = short(userLen, userWidth), lineShort = short(lineLen, lineWidth);
  const userVector = userShort ? tailMask(v128.load(userWant), userLen) : v128.splat<i32>(0);
  const lineVector = lineShort ? tailMask(v128.load(lineWant), lineLen) : v128.splat<i32>(0);
  const userBits = (1 << (userLen + 1)) - 1, lineBits = (1 << (lineLen + 1)) - 1;
  let kept = 0;
  // An all-zero record has type 0, empty strings and time 0, so whether one is
  // kept follows from the conditions alone. When it may be (zeroKept errs that
  // way), every record is tested; when it cannot be, the zeros the window starts
  // with are passed at once: a zeroed or sparse stretch took 63 ms a GB record
  // by record.
  const zeroKept = keepZero && (typeMask & 1) != 0 && userLen <= 0 && lineLen <= 0 && (!timed || (sinceSecond <= 0 && untilSecond >= 0));
  const start = zeroKept ? 0 : zeroRun(base, count * <i32>size) / <i32>size;
  for (let i = start; i < count; i++) {
    const rec = base + <usize>i * size;
    const type = typeKind != D.K_NONE ? loadInt(rec + typeOff, typeKind, be) : 0;
    const bit: u32 = <u32>type < 31 ? 1 << <u32>type : 1 << 31;
    if ((typeMask & bit) == 0) continue;
    if (userLen >= 0 && !(userShort ? shortFieldIs(rec + userOff, userVector, userBits) : fieldIs(rec + userOff, userWidth, userWant, userLen))) continue;
    if (lineLen >= 0 && !(lineShort ? shortFieldIs(rec + lineOff, lineVector, lineBits) : fieldIs(rec + lineOff, lineWidth, lineWant, lineLen))) continue;
    if (timed) {
      const s = loadSeconds(rec + secOff, secKind, be);
      if (!(s >= sinceSecond && s <= untilSecond)) continue;
      // in a bound's own second, its microseconds decide (rarely: only there are they read)
      if (s == sinceSecond || s == untilSecond) {
        const us = micros(rec, secOff, secKind, usecOff, usecKind, be);
        if (s == sinceSecond && us < sinceMicro) continue;
        if (s == untilSecond && us >= untilMicro) continue;
      }
    }
    // decode()'s R_ZERO: only a record of type 0 (or of no type) can be all zero
    if (!keepZero && (type == 0 || typeKind == D.K_NONE) && allZero(rec, <i32>size)) continue;
    store<u32>(out + (<usize>kept << 2), <u32>i);
    kept++;
  }
  return kept;
}

/** The record's microseconds as decode() reads them: the field as stored, or the rest of FreeBSD's one count of them. */
function micros(rec: usize, secOff: usize, secKind: i32, usecOff: usize, usecKind: i32, be: bool): f64 {
  if (secKind == D.K_U64_MICROS) return <f64>(loadU64(rec + secOff, be) % 1000000);
  return usecKind == D.K_NONE ? 0 : loadNumber(rec + usecOff, usecKind, be);
}

/** select over the whole records among the first `length` bytes of the window (as decode() would read them). */
export function select(length: i32, typeMask: u32, userLen: i32, lineLen: i32,
  sinceSecond: f64, sinceMicro: f64, untilSecond: f64, untilMicro: f64, keepZero: bool): i32 {
  if (windowPtr == 0) return E_NOT_SET_UP;
  if (!descriptorValid()) return E_BAD_DESCRIPTOR;
  if (length < 0 || length > WINDOW_CAPACITY) return E_BAD_LENGTH;
  const count = length / desc(D.D_REC_SIZE);
  return selectRecords(windowPtr, count < MAX_RECORDS ? count : MAX_RECORDS, typeMask, userLen, lineLen, sinceSecond, sinceMicro, untilSecond, untilMicro, keepZero);
}

/** select over the `count` records expandUtxLog() left in the expansion region. */
export function selectExpanded(count: i32, typeMask: u32, userLen: i32, lineLen: i32,
  sinceSecond: f64, sinceMicro: f64, untilSecond: f64, untilMicro: f64, keepZero: bool): i32 {
  if (windowPtr == 0) return E_NOT_SET_UP;
  if (!descriptorValid()) return E_BAD_DESCRIPTOR;
  if (count < 0 || count > MAX_RECORDS) return E_BAD_LENGTH;
  return selectRecords(expandedPtr, count, typeMask, userLen, lineLen, sinceSecond, sinceMicro, untilSecond, untilMicro, keepZero);
}

/**
 * Moves the `kept` selected records to the front of the window (or of the
 * expansion region), in order, so decode() reads only them. Selected rows only
 * ever move down, so moving in place is safe.
 */
export function gather(kept: i32, expanded: bool): void {
  if (kept < 0 || kept > MAX_RECORDS || windowPtr == 0) return;
  const base = expanded ? expandedPtr : windowPtr;
  const size = <usize>desc(D.D_REC_SIZE);
  const rows = columnPtr(COL_SELECTED);
  for (let k = 0; k < kept; k++) {
    const from = <usize>load<u32>(rows + (<usize>k << 2));
    if (from != <usize>k) memory.copy(base + <usize>k * size, base + from * size, size);
  }
}
