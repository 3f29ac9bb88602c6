// Batch-level filters and counts over the columns decode() just wrote: rows are
// kept or dropped here, so a filtered read copies out (and builds entries for)
// only the rows it keeps.
import {
  COL_TYPE, COL_USER, COL_LINE, COL_SECONDS, COL_FLAGS, COL_SELECTED, COLUMN_COUNT, MAX_RECORDS, SCRATCH_BYTES,
  columnPtr, columnWidth, scratchPtr,
} from "./memoryMap";
import * as D from "./descriptor";
import { R_ZERO, F_USER, F_LINE, desc, lastBase, lastRaw } from "./decode";
import { findString, sameBytes } from "./intern";

/** No condition on the field. */
export const ANY_STRING: i32 = -1;
/** Where the wanted line's bytes go in the scratch region (the user's go at its start). */
export const SCRATCH_LINE: i32 = SCRATCH_BYTES / 2;

/** The condition on one string field: an id to compare (interned field), or bytes to compare (raw field). */
@inline function wantedId(len: i32, at: usize, rawBit: i32): i32 {
  if (len < 0 || (lastRaw & rawBit) != 0) return ANY_STRING;
  return findString(at, len);
}

/** Whether the raw field at `p` of `width` bytes holds exactly the `len` bytes at `want` (its column holds its length). */
@inline function sameField(p: usize, stored: u32, want: usize, len: i32): bool {
  return stored == <u32>len && sameBytes(p, want, len);
}

/**
 * Keeps the rows of the last decode whose raw type's bit is set in `typeMask`
 * (types 0-31; bit 31 also admits every type above 30), whose user and line are
 * the `userLen` and `lineLen` bytes the host wrote to the scratch region (at 0
 * and SCRATCH_LINE; -1: no condition), and whose seconds lie in [since, until).
 * All-zero records are kept only if `keepZero`. Writes the kept row numbers to
 * COL_SELECTED, in order, and returns how many.
 */
export function select(count: i32, typeMask: u32, userLen: i32, lineLen: i32, since: f64, until: f64, keepZero: bool): i32 {
  if (count < 0 || count > MAX_RECORDS) return -1;
  if (userLen >= SCRATCH_LINE || lineLen >= SCRATCH_LINE) return 0; // longer than any field
  const userWant = scratchPtr, lineWant = scratchPtr + <usize>SCRATCH_LINE;
  // interned fields compare ids: a string absent from the generation matches nothing
  const userId = wantedId(userLen, userWant, F_USER), lineId = wantedId(lineLen, lineWant, F_LINE);
  if ((userLen >= 0 && (lastRaw & F_USER) == 0 && userId < 0) || (lineLen >= 0 && (lastRaw & F_LINE) == 0 && lineId < 0)) return 0;
  const userBytes = userLen >= 0 && (lastRaw & F_USER) != 0, lineBytes = lineLen >= 0 && (lastRaw & F_LINE) != 0;
  const size = <usize>desc(D.D_REC_SIZE);
  const userOff = <usize>desc(D.D_USER_OFF), lineOff = <usize>desc(D.D_LINE_OFF);
  const types = columnPtr(COL_TYPE), users = columnPtr(COL_USER), lines = columnPtr(COL_LINE);
  const seconds = columnPtr(COL_SECONDS), flags = columnPtr(COL_FLAGS), out = columnPtr(COL_SELECTED);
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const i4 = <usize>i << 2;
    const type = load<i32>(types + i4);
    const bit: u32 = <u32>type < 31 ? 1 << <u32>type : 1 << 31;
    if ((typeMask & bit) == 0) continue;
    const rec = lastBase + <usize>i * size;
    if (userId >= 0 && load<u32>(users + i4) != <u32>userId) continue;
    if (userBytes && !sameField(rec + userOff, load<u32>(users + i4), userWant, userLen)) continue;
    if (lineId >= 0 && load<u32>(lines + i4) != <u32>lineId) continue;
    if (lineBytes && !sameField(rec + lineOff, load<u32>(lines + i4), lineWant, lineLen)) continue;
    const s = load<f64>(seconds + (<usize>i << 3));
    if (!(s >= since && s < until)) continue;
    if (!keepZero && (load<u32>(flags + i4) & R_ZERO) != 0) continue;
    store<u32>(out + (<usize>kept << 2), <u32>i);
    kept++;
  }
  return kept;
}

/** Moves the `kept` selected rows of every column to its front, in order (selected rows only ever move down). */
export function compact(kept: i32): void {
  if (kept < 0 || kept > MAX_RECORDS) return;
  const rows = columnPtr(COL_SELECTED);
  for (let c = 0; c < COLUMN_COUNT; c++) {
    if (c == COL_SELECTED) continue;
    const base = columnPtr(c);
    const width = <usize>columnWidth(c);
    for (let k = 0; k < kept; k++) {
      const from = <usize>load<u32>(rows + (<usize>k << 2));
      if (from != <usize>k) memory.copy(base + <usize>k * width, base + from * width, width);
    }
  }
}
