// Plausibility of the window's bytes read with the current descriptor: the
// evidence layout detection weighs (FORMATS.md §9.2). A wrong record size,
// byte order or field set fails these checks on almost every record.
import * as D from "./descriptor";
import { EXPANDED_RECORD_MAX, MAX_RECORDS, WINDOW_CAPACITY, scorePtr, windowPtr, expandedPtr, zeroMapPtr } from "./memoryMap";
import { allZero, loadInt, loadNumber, loadU64, zeroRun } from "./read";
import { fieldLength, tailMask } from "./intern";
import { desc, descriptorValid, E_BAD_DESCRIPTOR, E_BAD_LENGTH, E_NOT_SET_UP } from "./decode";

// Result slots (f64) at scorePtr.
export const S_SAMPLED: i32 = 0; // records looked at
export const S_ZERO: i32 = 1; // of those, entirely zero (no evidence either way)
export const S_JUDGED: i32 = 6; // non-zero records judged (at most maxSample, spread evenly)
// Earliest and latest time among the strong records: a wrong byte order or
// field offset scatters times over decades where one machine's are close.
export const S_MIN_SECONDS: i32 = 7;
export const S_MAX_SECONDS: i32 = 8;

// The time of the last record judged STRONG (judgeRecord's side result).
let judgedSeconds: f64 = 0;
export const S_PLAUSIBLE: i32 = 2; // non-zero records passing every hard check
export const S_SOFT_EARNED: i32 = 3; // weak signals seen (zero padding, clean string tails)
export const S_SOFT_POSSIBLE: i32 = 4;
// Plausible records that carry a type other than EMPTY (or, in untyped layouts, a
// time): misaligned reads of mostly-zero bytes look like plausible EMPTY records,
// so only these count as evidence for a layout.
export const S_STRONG: i32 = 5;

const PID_MAX: i32 = 4194304; // Linux PID_MAX_LIMIT; larger on no system we read
const EARLIEST_SECONDS: f64 = 315532800; // 1980-01-01: no accounting file predates it

/**
 * No control byte (below 0x20, or 0x7f) in the field up to its first NUL.
 * Sixteen bytes at a time, the last vector masked to the string (tailMask):
 * detection checks 46 layouts' fields on 512 records each, and byte by byte
 * that was about 1 ms of every file opened.
 */
@inline function printableField(p: usize, width: i32): bool {
  const len = fieldLength(p, width);
  for (let n = 0; n < len; n += 16) {
    const v = v128.load(p + <usize>n);
    const control = v128.or(i8x16.lt_u(v, i8x16.splat(0x20)), i8x16.eq(v, i8x16.splat(0x7f)));
    // lanes past the string (up to 15 bytes after it, inside the record's window and slack) are masked off
    if (v128.any_true(len - n >= 16 ? control : tailMask(control, len - n))) return false;
  }
  return true;
}

/** Every byte of the field after its first NUL is zero (writers pad with zeros). */
@inline function zeroTail(p: usize, width: i32): bool {
  const len = fieldLength(p, width);
  return allZero(p + <usize>len, width - len);
}

/**
 * Whether a typed record's time is left out of its judgement: for a second
 * look at bytes that fit no layout on the first. A device without a clock logs
 * 1970 until NTP answers, a clock runs ahead, a record may have no time at all,
 * and util-linux last lists them; a typed record's type, pid and strings still
 * tell its layout. The first look keeps the times, which tell layouts apart
 * (FreeBSD's big-endian utx read from a glibc record has a 1970 time).
 */
let relaxedTimes: bool = false;

export function relaxTimes(relaxed: i32): void {
  relaxedTimes = relaxed != 0;
}

const IMPLAUSIBLE: i32 = 0;
const PLAUSIBLE: i32 = 1;
const STRONG: i32 = 2;

function judgeRecord(rec: usize, be: bool, nowSeconds: f64): i32 {
  const typeKind = desc(D.D_TYPE_KIND);
  let type = 0;
  if (typeKind != D.K_NONE) {
    type = loadInt(rec + <usize>desc(D.D_TYPE_OFF), typeKind, be);
    if (<u32>type >= 32 || ((<u32>desc(D.D_VALID_TYPES) >> <u32>type) & 1) == 0) return IMPLAUSIBLE;
  }
  const pidKind = desc(D.D_PID_KIND);
  if (pidKind != D.K_NONE) {
    const pid = loadInt(rec + <usize>desc(D.D_PID_OFF), pidKind, be);
    if (pid < 0 || pid > PID_MAX) return IMPLAUSIBLE;
  }
  const sessionKind = desc(D.D_SESSION_KIND);
  if (sessionKind != D.K_NONE) {
    const session = loadNumber(rec + <usize>desc(D.D_SESSION_OFF), sessionKind, be);
    if (session < 0 || session > 2147483647) return IMPLAUSIBLE;
  }
  const secKind = desc(D.D_SEC_KIND);
  let seconds: f64 = 0, micros: f64 = 0;
  if (secKind == D.K_U64_MICROS) {
    const us = loadU64(rec + <usize>desc(D.D_SEC_OFF), be);
    seconds = <f64>(us / 1000000);
  } else {
    if (secKind != D.K_NONE) seconds = loadNumber(rec + <usize>desc(D.D_SEC_OFF), secKind, be);
    const usecKind = desc(D.D_USEC_KIND);
    if (usecKind != D.K_NONE) micros = loadNumber(rec + <usize>desc(D.D_USEC_OFF), usecKind, be);
  }
  // A time outside 1980..tomorrow contradicts a layout, unless the times are relaxed for a typed one (see relaxTimes)
  const typed = typeKind != D.K_NONE;
  const timesJudged = !(relaxedTimes && typed);
  if (timesJudged && seconds != 0 && (seconds < EARLIEST_SECONDS || seconds > nowSeconds + 86400)) return IMPLAUSIBLE;
  if (micros < 0 || micros > 999999) return IMPLAUSIBLE;
  const binaryId = (desc(D.D_FLAGS) & D.FLAG_BINARY_ID) != 0;
  for (let s = D.D_LINE_OFF; s <= D.D_HOST_OFF; s += 2) {
    const len = desc(s + 1);
    if (s == D.D_ID_OFF && binaryId) continue;
    if (len > 0 && !printableField(rec + <usize>desc(s), len)) return IMPLAUSIBLE;
  }
  // a real record has a time (relaxed: a typed one, a type other than EMPTY); one without, or an EMPTY one, is no evidence
  judgedSeconds = seconds;
  if ((timesJudged && seconds == 0) || (typed && type == 0)) return PLAUSIBLE;
  // With no type field, text fields are all the structure there is: writers
  // pad them with zeros, so bytes after a NUL mean the fields are misplaced
  // (Solaris futmp read as 4.4BSD utmp) or the record is damaged: no evidence.
  if (!typed) {
    for (let s = D.D_LINE_OFF; s <= D.D_HOST_OFF; s += 2) {
      const len = desc(s + 1);
      if (len > 0 && !zeroTail(rec + <usize>desc(s), len)) return PLAUSIBLE;
    }
  }
  return STRONG;
}

function softPoints(rec: usize): i32 {
  let points = 0;
  for (let s = D.D_LINE_OFF; s <= D.D_HOST_OFF; s += 2) {
    const len = desc(s + 1);
    if (len > 0 && zeroTail(rec + <usize>desc(s), len)) points++;
  }
  const pads = desc(D.D_PAD_COUNT);
  for (let i = 0; i < pads; i++) {
    if (allZero(rec + <usize>desc(D.D_PADS + 2 * i), desc(D.D_PADS + 2 * i + 1))) points++;
  }
  return points;
}

/**
 * Scores the window's whole records: counts the zero ones, and judges up to
 * `maxSample` non-zero ones spread evenly. Writes the S_* slots and returns the
 * number of records, or a status. `sameBytes` non-zero: the window holds the
 * bytes of the last call, so its zero records are known when the record size
 * is the same (detection scores 46 layouts of 24 sizes on one window).
 */
export function score(length: i32, nowSeconds: f64, maxSample: i32, sameBytes: i32): i32 {
  if (windowPtr == 0) return E_NOT_SET_UP;
  if (!descriptorValid()) return E_BAD_DESCRIPTOR;
  if (length < 0 || length > WINDOW_CAPACITY || maxSample <= 0) return E_BAD_LENGTH;
  return scoreRecords(windowPtr, length / desc(D.D_REC_SIZE), nowSeconds, maxSample, sameBytes != 0);
}

/** Scores the `count` records expandUtxLog() left in the expansion region. */
export function scoreExpanded(count: i32, nowSeconds: f64, maxSample: i32): i32 {
  if (windowPtr == 0) return E_NOT_SET_UP;
  if (!descriptorValid() || desc(D.D_REC_SIZE) > EXPANDED_RECORD_MAX) return E_BAD_DESCRIPTOR;
  if (count < 0 || count > MAX_RECORDS || maxSample <= 0) return E_BAD_LENGTH;
  return scoreRecords(expandedPtr, count, nowSeconds, maxSample, false);
}

// The zero records of the last records scored, one bit each at zeroMapPtr (set:
// all zero): each record is read for zeros once, not once to count and again to
// skip, and not again for a layout of the same record size.
let mappedBase: usize = 0;
let mappedSize: i32 = 0;
let mappedCount: i32 = -1; // -1: no map yet
let mappedZero: i32 = 0;

/** Maps the zero records among `count` of `size` bytes at `base` (unless mapped already) and returns how many there are. */
function mapZeroRecords(base: usize, size: i32, count: i32, sameBytes: bool): i32 {
  if (sameBytes && base == mappedBase && size == mappedSize && count == mappedCount) return mappedZero;
  // the records inside the zeros the window starts with (all of a sparse or wiped head) in whole words
  const first = zeroRun(base, count * size) / size;
  memory.fill(zeroMapPtr, 0xff, <usize>(first >> 5) << 2);
  let zero = first;
  let bits: u32 = (<u32>1 << <u32>(first & 31)) - 1;
  if (first == count && (count & 31) != 0) store<u32>(zeroMapPtr + (<usize>(count >> 5) << 2), bits);
  for (let i = first; i < count; i++) {
    const z = allZero(base + <usize>i * <usize>size, size);
    zero += <i32>z;
    bits |= <u32>z << <u32>(i & 31);
    if ((i & 31) == 31 || i == count - 1) {
      store<u32>(zeroMapPtr + (<usize>(i >> 5) << 2), bits);
      bits = 0;
    }
  }
  mappedBase = base;
  mappedSize = size;
  mappedCount = count;
  mappedZero = zero;
  return zero;
}

/**
 * The index of the non-zero record that follows `skip` other non-zero ones from
 * record `from` on, or `count` when there is none: 32 records a step on the map
 * (a record at a time, the records between samples cost more than the samples:
 * detection judges 512 of a window's thousands).
 */
function nextNonZero(from: i32, count: i32, skip: i32): i32 {
  const words = (count + 31) >> 5;
  let w = from >> 5;
  if (w >= words) return count;
  let live = ~load<u32>(zeroMapPtr + (<usize>w << 2)) & (<u32>0xffffffff << <u32>(from & 31));
  while (true) {
    // the last word's bits past the last record are not records
    if (w == words - 1 && (count & 31) != 0) live &= (<u32>1 << <u32>(count & 31)) - 1;
    const n = <i32>popcnt(live);
    if (skip < n) {
      for (; skip > 0; skip--) live &= live - 1;
      return (w << 5) + <i32>ctz(live);
    }
    skip -= n;
    if (++w >= words) return count;
    live = ~load<u32>(zeroMapPtr + (<usize>w << 2));
  }
}

function scoreRecords(base: usize, count: i32, nowSeconds: f64, maxSample: i32, sameBytes: bool): i32 {
  const size = desc(D.D_REC_SIZE);
  const be = (desc(D.D_FLAGS) & D.FLAG_BIG_ENDIAN) != 0;
  const softPerRecord = 4 + desc(D.D_PAD_COUNT);
  // Zero records carry no evidence and sparse files (lastlog) are mostly zero:
  // count them all, then judge up to maxSample non-zero records spread evenly.
  const zero = mapZeroRecords(base, size, count, sameBytes);
  const nonZero = count - zero;
  const stride = nonZero <= maxSample ? 1 : (nonZero + maxSample - 1) / maxSample;
  let judged = 0, plausible = 0, strong = 0, earned = 0, possible = 0;
  let minSeconds = Infinity, maxSeconds = -Infinity;
  // the first non-zero record and every stride-th after it
  for (let i = nextNonZero(0, count, 0); i < count && judged < maxSample; i = nextNonZero(i + 1, count, stride - 1)) {
    const rec = base + <usize>i * <usize>size;
    judged++;
    const judgement = judgeRecord(rec, be, nowSeconds);
    if (judgement != IMPLAUSIBLE) plausible++;
    if (judgement == STRONG) {
      strong++;
      if (judgedSeconds < minSeconds) minSeconds = judgedSeconds;
      if (judgedSeconds > maxSeconds) maxSeconds = judgedSeconds;
    }
    earned += softPoints(rec);
    possible += softPerRecord;
  }
  store<f64>(scorePtr + (<usize>S_SAMPLED << 3), <f64>count);
  store<f64>(scorePtr + (<usize>S_JUDGED << 3), <f64>judged);
  store<f64>(scorePtr + (<usize>S_MIN_SECONDS << 3), minSeconds);
  store<f64>(scorePtr + (<usize>S_MAX_SECONDS << 3), maxSeconds);
  store<f64>(scorePtr + (<usize>S_ZERO << 3), <f64>zero);
  store<f64>(scorePtr + (<usize>S_PLAUSIBLE << 3), <f64>plausible);
  store<f64>(scorePtr + (<usize>S_SOFT_EARNED << 3), <f64>earned);
  store<f64>(scorePtr + (<usize>S_SOFT_POSSIBLE << 3), <f64>possible);
  store<f64>(scorePtr + (<usize>S_STRONG << 3), <f64>strong);
  return count;
}
