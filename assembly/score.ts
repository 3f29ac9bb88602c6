// Plausibility of the window's bytes read with the current descriptor: the
// evidence layout detection weighs (FORMATS.md §9.2). A wrong record size,
// byte order or field set fails these checks on almost every record.
import * as D from "./descriptor";
import { EXPANDED_RECORD_MAX, MAX_RECORDS, WINDOW_CAPACITY, scorePtr, windowPtr, expandedPtr } from "./memoryMap";
import { allZero, loadInt, loadNumber, loadU64 } from "./read";
import { fieldLength } from "./intern";
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

@inline function printableField(p: usize, width: i32): bool {
  const len = fieldLength(p, width);
  for (let i = 0; i < len; i++) {
    const c = load<u8>(p + <usize>i);
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

@inline function zeroTail(p: usize, width: i32): bool {
  for (let i = fieldLength(p, width); i < width; i++) {
    if (load<u8>(p + <usize>i) != 0) return false;
  }
  return true;
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
  if (seconds != 0 && (seconds < EARLIEST_SECONDS || seconds > nowSeconds + 86400)) return IMPLAUSIBLE;
  if (micros < 0 || micros > 999999) return IMPLAUSIBLE;
  const binaryId = (desc(D.D_FLAGS) & D.FLAG_BINARY_ID) != 0;
  for (let s = D.D_LINE_OFF; s <= D.D_HOST_OFF; s += 2) {
    const len = desc(s + 1);
    if (s == D.D_ID_OFF && binaryId) continue;
    if (len > 0 && !printableField(rec + <usize>desc(s), len)) return IMPLAUSIBLE;
  }
  // a real record has a time; one without (or an EMPTY one) is no evidence
  judgedSeconds = seconds;
  if (seconds == 0 || (typeKind != D.K_NONE && type == 0)) return PLAUSIBLE;
  // With no type field, text fields are all the structure there is: writers
  // pad them with zeros, so bytes after a NUL mean the fields are misplaced
  // (Solaris futmp read as 4.4BSD utmp) or the record is damaged: no evidence.
  if (typeKind == D.K_NONE) {
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
 * number of records, or a status.
 */
export function score(length: i32, nowSeconds: f64, maxSample: i32): i32 {
  if (windowPtr == 0) return E_NOT_SET_UP;
  if (!descriptorValid()) return E_BAD_DESCRIPTOR;
  if (length < 0 || length > WINDOW_CAPACITY || maxSample <= 0) return E_BAD_LENGTH;
  return scoreRecords(windowPtr, length / desc(D.D_REC_SIZE), nowSeconds, maxSample);
}

/** Scores the `count` records expandUtxLog() left in the expansion region. */
export function scoreExpanded(count: i32, nowSeconds: f64, maxSample: i32): i32 {
  if (windowPtr == 0) return E_NOT_SET_UP;
  if (!descriptorValid() || desc(D.D_REC_SIZE) > EXPANDED_RECORD_MAX) return E_BAD_DESCRIPTOR;
  if (count < 0 || count > MAX_RECORDS || maxSample <= 0) return E_BAD_LENGTH;
  return scoreRecords(expandedPtr, count, nowSeconds, maxSample);
}

function scoreRecords(base: usize, count: i32, nowSeconds: f64, maxSample: i32): i32 {
  const size = desc(D.D_REC_SIZE);
  const be = (desc(D.D_FLAGS) & D.FLAG_BIG_ENDIAN) != 0;
  const softPerRecord = 4 + desc(D.D_PAD_COUNT);
  // Zero records carry no evidence and sparse files (lastlog) are mostly zero:
  // count them all, then judge up to maxSample non-zero records spread evenly.
  let zero = 0;
  for (let i = 0; i < count; i++) {
    if (allZero(base + <usize>i * <usize>size, size)) zero++;
  }
  const nonZero = count - zero;
  const stride = nonZero <= maxSample ? 1 : (nonZero + maxSample - 1) / maxSample;
  let seen = 0, judged = 0, plausible = 0, strong = 0, earned = 0, possible = 0;
  let minSeconds = Infinity, maxSeconds = -Infinity;
  // (an all-zero window has nothing to judge: not read a second time)
  for (let i = 0; i < count && judged < maxSample && judged < nonZero; i++) {
    const rec = base + <usize>i * <usize>size;
    if (allZero(rec, size)) continue;
    if (seen++ % stride != 0) continue;
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
