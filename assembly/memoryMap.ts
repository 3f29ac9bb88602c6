// Fixed regions of linear memory, laid out from __heap_base: the core allocates
// nothing (runtime stub, never called), so nothing else lives there. The host writes record bytes into the input
// window and reads decoded columns back; nothing is allocated per call.

export const WINDOW_CAPACITY: i32 = 8 << 20; // bytes of records per decode call
export const WINDOW_SLACK: i32 = 16; // zeroed bytes after the window: word reads may overrun a field
// Two windows the host reads a file's next records into while the core decodes others (its
// ReadAhead), each decoded where it lies (decodeAhead): as large as the host's windows of
// fixed-size records (engine.ts WINDOW_TARGET), each with the window's slack after it
export const AHEAD_CAPACITY: i32 = 3 << 19;
export const AHEAD_SLOTS: i32 = 2;
export let aheadPtr: usize = 0;
// bytes after the arena and the raw region: intern.ts copyBytes writes strings sixteen bytes at a time
export const COPY_SLACK: i32 = 16;
export const MAX_RECORDS: i32 = 16384; // records per decode call (columns are sized for this)
export const DESCRIPTOR_BYTES: i32 = 256;
export const SCORE_SLOTS: i32 = 16;

export const ARENA_CAPACITY: i32 = 16 << 20; // interned string bytes
export const MAX_STRINGS: i32 = 1 << 18; // interned strings per generation
export const TABLE_SLOTS: i32 = 1 << 19; // open-addressing slots, load factor <= 0.5
export const STRING_ENTRY_BYTES: i32 = 12; // u32 arena offset, u32 length, u32 hash

// Column ids, in the order of their regions.
export const COL_TYPE: i32 = 0; // i32 raw type
export const COL_PID: i32 = 1; // i32
export const COL_EXIT_TERMINATION: i32 = 2; // i32
export const COL_EXIT_CODE: i32 = 3; // i32
export const COL_USER: i32 = 4; // u32 string id
export const COL_LINE: i32 = 5; // u32 string id
export const COL_HOST: i32 = 6; // u32 string id
export const COL_ID: i32 = 7; // u32 string id
export const COL_FLAGS: i32 = 8; // u32 record flags
export const COL_SESSION: i32 = 9; // f64
export const COL_SECONDS: i32 = 10; // f64
export const COL_MICROSECONDS: i32 = 11; // f64
export const COL_ADDR: i32 = 12; // 16 bytes, network order
export const COL_ADDR_FAMILY: i32 = 13; // u8: 0 none, 4, 6
export const COL_SOURCE_OFFSET: i32 = 14; // u32: for framed records, where each one starts in the window
export const COL_ADDR_ID: i32 = 15; // u32 string id of the family byte + 16 address bytes (0: no address field)
export const COL_SELECTED: i32 = 16; // u32: row numbers select() kept
// encode() input: per row, (offset, length) u32 pairs of id, user, line, host in the expansion region
export const COL_STRING_SLICES: i32 = 17;
export const COL_RAW_START: i32 = 18; // u32: where the record's raw string bytes start in the raw region
export const COL_DUMP_TYPE: i32 = 19; // i32: the type number dump() prints, or json()'s prefix index, when the host gives one per row
export const COLUMN_COUNT: i32 = 20;

/** Bytes per row of each column. */
export function columnWidth(col: i32): i32 {
  if (col <= COL_FLAGS || col == COL_SOURCE_OFFSET || col == COL_ADDR_ID || col == COL_SELECTED || col == COL_RAW_START || col == COL_DUMP_TYPE) return 4;
  if (col <= COL_MICROSECONDS) return 8;
  if (col == COL_ADDR) return 16;
  if (col == COL_STRING_SLICES) return 32;
  return 1;
}

function columnBytes(col: i32): i32 {
  return columnWidth(col) * MAX_RECORDS;
}

/**
 * The bytes of the string fields decode() leaves raw, record after record, each
 * record's in field order (user, line, host, id): the host copies only these, not
 * whole records. Layouts' string fields are at most RAW_WIDTH_MAX bytes a record.
 */
export const RAW_WIDTH_MAX: i32 = 1024;
export const RAW_CAPACITY: i32 = MAX_RECORDS * RAW_WIDTH_MAX;

/** Fixed-size records unpacked from a framed format (FreeBSD utx.log), decoded from here. */
export const EXPANDED_RECORD_MAX: i32 = 256;
/** The expansion region doubles as encode()'s string input. */
export const EXPANDED_BYTES: i32 = MAX_RECORDS * EXPANDED_RECORD_MAX;

export let descriptorPtr: usize = 0;
export let scorePtr: usize = 0;
export let windowPtr: usize = 0;
export let arenaPtr: usize = 0;
export let tablePtr: usize = 0;
export let entriesPtr: usize = 0;
export let expandedPtr: usize = 0;
export let rawPtr: usize = 0;
// intern.ts: RECENT_SLOTS slots of RECENT_SLOT_BYTES, strings of at most 16 bytes recently interned
export let recentPtr: usize = 0;
export const RECENT_SLOTS: i32 = 4096;
export const RECENT_SLOT_BYTES: i32 = 32;
export let sketchPtr: usize = 0; // sketch.ts: per field a miss count, then SKETCH_SLOTS recent hashes
export const SKETCH_FIELDS: i32 = 5;
export const SKETCH_SLOTS: i32 = 1024;
export let outPtr: usize = 0; // OUT_CAPACITY bytes of text written by dump() or json()
export const OUT_CAPACITY: i32 = 2 << 20;
export let scratchPtr: usize = 0; // SCRATCH_BYTES for assembling a key to intern, or the strings select() looks for
export const SCRATCH_BYTES: i32 = 2048;
// json()'s table of the bytes a record's object starts with ({"type":"USER_PROCESS"), written by the host:
// JSON_PREFIX_SLOTS slots of JSON_PREFIX_SLOT_BYTES, each a length byte then the bytes
export let jsonPrefixPtr: usize = 0;
export const JSON_PREFIX_SLOTS: i32 = 64;
export const JSON_PREFIX_SLOT_BYTES: i32 = 64;
// json()'s prefix slot of each raw type 0-255, and at [256] of every other number
// (layouts typed by a table: no per-row column to fill)
export const JSON_TYPE_SLOTS: i32 = 257;
export let jsonTypeSlotPtr: usize = 0;
// decode()'s 64-bit values that are not safe integers (decode.ts noteWide), WIDE_ENTRY_BYTES each:
// u32 row, u8 field (W_*), u8 signed, 2 spare bytes, then the u64 as stored; at most three a record
export let widePtr: usize = 0;
export const WIDE_ENTRY_BYTES: i32 = 16;
export const WIDE_CAPACITY: i32 = MAX_RECORDS * 3;
// lastRows(): the host's description of each row (LAST_ROW_BYTES each, see lastRows.ts), then the
// texts its rows name (the fixed texts' table first)
export let lastRowsPtr: usize = 0;
export const LAST_ROW_BYTES: i32 = 64;
export let lastTextsPtr: usize = 0;
export const LAST_TEXT_BYTES: i32 = 4096;
// lastPairs.ts: last's waiting lines (PAIR_SLOTS of PAIR_SLOT_BYTES: a line of at most
// PAIR_KEY_BYTES, then its time, epoch, length and hash), and last's type of each raw type (a byte each)
export let pairTablePtr: usize = 0;
export const PAIR_SLOTS: i32 = 1 << 16;
export const PAIR_SLOT_BYTES: i32 = 64;
export const PAIR_KEY_BYTES: i32 = 32;
export let pairKindsPtr: usize = 0;
export const PAIR_KINDS: i32 = 256;
// exportRows.ts: the host's program of a row (EXPORT_OPS ops of four i32, then the bytes between
// cells), and the cell of each raw type (EXPORT_TYPE_SLOTS of EXPORT_TYPE_SLOT_BYTES: a length, then the bytes)
export let exportProgramPtr: usize = 0;
export const EXPORT_OPS: i32 = 32;
export const EXPORT_SNIPPET_BYTES: i32 = 3072;
export let exportTypesPtr: usize = 0;
export const EXPORT_TYPE_SLOTS: i32 = 256;
export const EXPORT_TYPE_SLOT_BYTES: i32 = 48;
// score.ts: one bit per record scored, set for an all-zero record (a window of 1-byte records, the smallest a descriptor allows)
export let zeroMapPtr: usize = 0;
export const ZERO_MAP_BYTES: i32 = WINDOW_CAPACITY >> 3;

function align(p: usize, to: usize): usize {
  return (p + to - 1) & ~(to - 1);
}

/** Lays out the regions after the static data and grows memory to hold them. 0 on success. */
export function setupMemory(): i32 {
  if (windowPtr != 0) return 0;
  let p = align(__heap_base, 64);
  descriptorPtr = p; p += DESCRIPTOR_BYTES;
  scratchPtr = p; p += SCRATCH_BYTES;
  jsonPrefixPtr = p; p += JSON_PREFIX_SLOTS * JSON_PREFIX_SLOT_BYTES;
  jsonTypeSlotPtr = p; p = align(p + <usize>JSON_TYPE_SLOTS * 4, 8); // the score region after it holds f64s
  scorePtr = p; p += SCORE_SLOTS * 8;
  widePtr = p; p += <usize>(WIDE_CAPACITY * WIDE_ENTRY_BYTES);
  p = align(p, 64);
  // the columns' regions, one after another in COL_* order
  for (let c = 0; c < COLUMN_COUNT; c++) store<usize>(columnPtrs + (<usize>c << alignof<usize>()), p + columnOffset(c));
  p += columnOffset(COLUMN_COUNT);
  tablePtr = p; p += <usize>TABLE_SLOTS * 4;
  entriesPtr = p; p += <usize>MAX_STRINGS * STRING_ENTRY_BYTES;
  arenaPtr = p; p += <usize>(ARENA_CAPACITY + COPY_SLACK);
  expandedPtr = p; p += <usize>MAX_RECORDS * EXPANDED_RECORD_MAX + WINDOW_SLACK;
  rawPtr = p; p += <usize>(RAW_CAPACITY + COPY_SLACK);
  outPtr = p; p += <usize>OUT_CAPACITY;
  sketchPtr = p; p += <usize>(SKETCH_FIELDS * 4 + SKETCH_FIELDS * SKETCH_SLOTS * 4);
  p = align(p, 8);
  lastRowsPtr = p; p += <usize>(MAX_RECORDS * LAST_ROW_BYTES);
  lastTextsPtr = p; p += <usize>LAST_TEXT_BYTES;
  p = align(p, 64);
  pairTablePtr = p; p += <usize>(PAIR_SLOTS * PAIR_SLOT_BYTES);
  pairKindsPtr = p; p += <usize>PAIR_KINDS;
  zeroMapPtr = p; p += <usize>ZERO_MAP_BYTES;
  exportProgramPtr = p; p += <usize>(EXPORT_OPS * 16 + EXPORT_SNIPPET_BYTES + 16); // the slack: a vector copy of the last snippet
  exportTypesPtr = p; p += <usize>(EXPORT_TYPE_SLOTS * EXPORT_TYPE_SLOT_BYTES + 16);
  p = align(p, 64);
  recentPtr = p; p += <usize>(RECENT_SLOTS * RECENT_SLOT_BYTES);
  p = align(p, 64);
  windowPtr = p; p += <usize>(WINDOW_CAPACITY + WINDOW_SLACK);
  p = align(p, 64);
  aheadPtr = p; p += <usize>(AHEAD_SLOTS * aheadSlotBytes());
  const needPages = <i32>((p + 0xffff) >> 16);
  const havePages = memory.size();
  if (needPages > havePages && memory.grow(needPages - havePages) < 0) {
    windowPtr = 0;
    return -1;
  }
  return 0;
}

/** A read-ahead slot's bytes: its records, their slack, then up to the next multiple of 64. */
@inline function aheadSlotBytes(): i32 {
  return (AHEAD_CAPACITY + WINDOW_SLACK + 63) & ~63;
}

/** Where read-ahead slot `slot` starts, or 0 when there is no such slot (or memory is not set up). */
export function aheadSlotPtr(slot: i32): usize {
  if (aheadPtr == 0 || slot < 0 || slot >= AHEAD_SLOTS) return 0;
  return aheadPtr + <usize>(slot * aheadSlotBytes());
}

/** Bytes from the first column's region to column `col`'s (every region size is a multiple of 64). */
function columnOffset(col: i32): usize {
  let off: usize = 0;
  for (let c = 0; c < col; c++) off += <usize>columnBytes(c);
  return off;
}

/** Each column's region, set up with the rest: columnPtr() is called per row by some writers (lastRows). */
const columnPtrs = memory.data(COLUMN_COUNT * sizeof<usize>());

export function columnPtr(col: i32): usize {
  if (col < 0 || col >= COLUMN_COUNT) return 0;
  return load<usize>(columnPtrs + (<usize>col << alignof<usize>()));
}
