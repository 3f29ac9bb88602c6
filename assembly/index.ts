// The core's whole interface: numbers in, numbers out. See ../src/core/core.ts for the host side.
export {
  D_REC_SIZE, D_FLAGS, D_TYPE_OFF, D_TYPE_KIND, D_PID_OFF, D_PID_KIND, D_LINE_OFF, D_LINE_LEN,
  D_ID_OFF, D_ID_LEN, D_USER_OFF, D_USER_LEN, D_HOST_OFF, D_HOST_LEN, D_EXIT_OFF, D_EXIT_KIND,
  D_SESSION_OFF, D_SESSION_KIND, D_SEC_OFF, D_SEC_KIND, D_USEC_OFF, D_USEC_KIND, D_ADDR_OFF,
  D_ADDR_KIND, D_AF_INET6, D_VALID_TYPES, D_PAD_COUNT, D_PADS, D_MAX_PADS, D_SLOTS,
  FLAG_BIG_ENDIAN, FLAG_BINARY_ID, K_NONE, K_U8, K_I16, K_U16, K_I32, K_U32, K_I64, K_U64, K_U64_MICROS,
  A_NONE, A_NET16, A_SOCKADDR, A_NET4,
} from "./descriptor";
export {
  WINDOW_CAPACITY, MAX_RECORDS, STRING_ENTRY_BYTES,
  COL_TYPE, COL_PID, COL_EXIT_TERMINATION, COL_EXIT_CODE, COL_USER, COL_LINE, COL_HOST, COL_ID,
  COL_FLAGS, COL_SESSION, COL_SECONDS, COL_MICROSECONDS, COL_ADDR, COL_ADDR_FAMILY, COL_SOURCE_OFFSET, COL_ADDR_ID, COL_SELECTED, COL_STRING_SLICES, COL_RAW_START, COL_DUMP_TYPE, SCRATCH_BYTES, scratchPtr,
  EXPANDED_BYTES, expandedPtr, rawPtr, outPtr,
  setupMemory, columnPtr, descriptorPtr, scorePtr, windowPtr, arenaPtr, entriesPtr,
  AHEAD_CAPACITY, AHEAD_SLOTS, aheadSlotPtr,
} from "./memoryMap";
export { stringCount, generation, resetStrings, seedSlots, slotSeed, internProbes } from "./intern";
export { select, selectExpanded, gather, ANY_STRING, SCRATCH_LINE } from "./select";
export { expandUtxLog, framedConsumed, framedResyncs } from "./framing";
export { decode, decodeAhead, decodeExpanded, F_USER, F_LINE, F_HOST, F_ID, F_ADDR, F_NO_STRINGS, F_NO_HOST_ID, freshStrings, rawUsed, R_ZERO, R_BAD_TYPE, R_BAD_MICROSECONDS, R_WIDE, W_SECONDS, W_MICROSECONDS, W_SESSION, wideCount, E_NOT_SET_UP, E_BAD_DESCRIPTOR, E_BAD_LENGTH } from "./decode";
export { score, scoreExpanded, relaxTimes, S_SAMPLED, S_ZERO, S_PLAUSIBLE, S_SOFT_EARNED, S_SOFT_POSSIBLE, S_STRONG, S_JUDGED, S_MIN_SECONDS, S_MAX_SECONDS } from "./score";
export { encode } from "./encode";
export { dump, dumpBytes } from "./dump";
export { json, jsonBytes, PREFIX_WITH_RAW_TYPE, J_RAW_TYPE, J_ID, J_USER, J_LINE, J_HOST, J_PID, J_PID_UNSIGNED, J_SESSION, J_EXIT, J_ADDR, J_UID } from "./json";
export { jsonPrefixPtr, JSON_PREFIX_SLOTS, JSON_PREFIX_SLOT_BYTES, jsonTypeSlotPtr, JSON_TYPE_SLOTS, widePtr, WIDE_ENTRY_BYTES } from "./memoryMap";
export { sketchSamples, sketchMisses } from "./sketch";
export { lastRows, lastRowsBytes, LAST_FIXED_SLOTS, LAST_SECONDS_MAX, T_NONE, T_HHMM, T_CTIME, T_ISO, L_ADDRESS, L_HOST_LAST, L_NO_HOST } from "./lastRows";
export { lastRowsPtr, lastTextsPtr, LAST_ROW_BYTES, LAST_TEXT_BYTES } from "./memoryMap";
export {
  pairStart, pairRecords, pairStop, pairSteps, S_SECONDS as PAIR_SECONDS_AT, S_EPOCH as PAIR_EPOCH_AT, S_LENGTH as PAIR_LENGTH_AT, pairTaken, pairLastboot, pairLastrch, pairLastdown, pairWhydown, pairEpoch,
  PK_EMPTY, PK_RUN_LVL, PK_BOOT_TIME, PK_NEW_TIME, PK_OLD_TIME, PK_INIT_PROCESS, PK_LOGIN_PROCESS, PK_USER_PROCESS,
  PK_DEAD_PROCESS, PK_ACCOUNTING, PK_SHUTDOWN_TIME, PK_OTHER,
} from "./lastPairs";
export { pairTablePtr, PAIR_SLOTS, PAIR_SLOT_BYTES, PAIR_KEY_BYTES, pairKindsPtr, PAIR_KINDS } from "./memoryMap";
export {
  exportRows, exportBytes, EX_END, EX_OFFSET, EX_TYPE, EX_INT, EX_SESSION, EX_STRING, EX_ADDR, EX_TIME, EX_ZEROED,
  EXI_RAW_TYPE, EXI_PID, EXI_PID_UNSIGNED, EXI_EXIT_TERMINATION, EXI_EXIT_STATUS, EXS_USER, EXS_LINE, EXS_ID, EXS_HOST,
} from "./exportRows";
export { exportProgramPtr, EXPORT_OPS, EXPORT_SNIPPET_BYTES, exportTypesPtr, EXPORT_TYPE_SLOTS, EXPORT_TYPE_SLOT_BYTES } from "./memoryMap";
