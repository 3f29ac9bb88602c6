// Batch-level filters and counts over the columns decode() just wrote: rows are
// kept or dropped here, so a filtered read copies out (and builds entries for)
// only the rows it keeps.
import {
  COL_TYPE, COL_USER, COL_LINE, COL_SECONDS, COL_FLAGS, COL_SELECTED, COLUMN_COUNT, MAX_RECORDS,
  columnPtr, columnWidth,
} from "./memoryMap";
import { R_ZERO } from "./decode";

/** Any string id passes (no condition on the field). */
export const ANY_STRING: i32 = -1;
/** No string id passes (the wanted string does not occur in this generation). */
export const NO_STRING: i32 = -2;

/**
 * Keeps the rows of the last decode whose raw type's bit is set in `typeMask`
 * (types 0-31; bit 31 also admits every type above 30), whose user and line
 * ids are the given ones (ANY_STRING: no condition), and whose seconds lie in
 * [since, until). All-zero records are kept only if `keepZero`. Writes the kept
 * row numbers to COL_SELECTED, in order, and returns how many.
 */
export function select(count: i32, typeMask: u32, userId: i32, lineId: i32, since: f64, until: f64, keepZero: bool): i32 {
  if (count < 0 || count > MAX_RECORDS) return -1;
  if (userId == NO_STRING || lineId == NO_STRING) return 0;
  const types = columnPtr(COL_TYPE), users = columnPtr(COL_USER), lines = columnPtr(COL_LINE);
  const seconds = columnPtr(COL_SECONDS), flags = columnPtr(COL_FLAGS), out = columnPtr(COL_SELECTED);
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const i4 = <usize>i << 2;
    const type = load<i32>(types + i4);
    const bit: u32 = <u32>type < 31 ? 1 << <u32>type : 1 << 31;
    if ((typeMask & bit) == 0) continue;
    if (userId >= 0 && load<u32>(users + i4) != <u32>userId) continue;
    if (lineId >= 0 && load<u32>(lines + i4) != <u32>lineId) continue;
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
