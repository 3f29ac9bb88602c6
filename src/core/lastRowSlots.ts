// A last row's description as assembly/lastRows.ts reads it (its R_* byte
// offsets): 64 bytes, seen as f64 and i32 slots. The host's formatter writes
// them (src/format/last/coreRows.ts), or the core's pairing does and the host
// completes them (src/sessions/corePairs.ts).

/** Slots per row, as f64 and as i32. */
export const ROW_F64 = 8;
export const ROW_I32 = 16;
// f64 slots: login and logout in local seconds, their difference
export const LOGIN = 0, LOGOUT = 1, DURATION = 2;
// i32 slots: the record's row, the zone offsets, the fixed texts' slot (-1: times), the user and line
// (-1: the record's; else a text), and what lastRows() writes back: where the row ends, its careful span
export const ROW = 6, LOGIN_OFFSET = 7, LOGOUT_OFFSET = 8, FIXED = 9, USER = 10, LINE = 11, END = 12, CAREFUL = 13, CAREFUL_END = 14;
