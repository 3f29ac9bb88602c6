// util-linux last's pairing (process_wtmp_file in last.c, 2.38), in the core:
// the host's src/sessions/pairer.ts for the records `utmpx last` reads most,
// without a host call per record. Records of the last decode go in newest first;
// each row is described, as the host's formatter describes it, into the last
// rows region for lastRows() to write. What is kept between calls is last's
// own state: the boot, shutdown and runlevel times, and one waiting time per
// line with a logout or login newer than the records read, in a table here
// (open addressing, keyed by the line's bytes).
//
// The host uses this only where the rows are text of a Linux layout typed by
// its type table (no user or tty operands, no -p, not lastb). A login never
// closed since the newest boot is listed as gone; on the live system the host
// asks whether its process still runs (is_phantom) and makes it still logged
// in. At a record this does not do (a logout without a line, a type last does
// not know, a runlevel byte outside printable ASCII, a time beyond the
// arithmetic here, a full table, a line its table finds only after PROBE_MAX
// slots) it stops before taking it: the host takes
// this state into its own pairer and goes on from that record
// (src/sessions/corePairs.ts). Both paths are compared on every fixture and on
// random files (test/cli/last/corePairing.test.ts, test/sessions/corePairs.test.ts).
import * as D from "./descriptor";
import { COL_FLAGS, COL_PID, COL_SECONDS, COL_TYPE, columnPtr, lastRowsPtr, LAST_ROW_BYTES, pairKindsPtr, pairTablePtr, PAIR_SLOTS, PAIR_SLOT_BYTES, PAIR_KEY_BYTES } from "./memoryMap";
import { desc, lastBase, R_ZERO } from "./decode";
import { fieldLength, firstSlot, hashBytes, sameBytes, copyBytes } from "./intern";
import { R_DURATION, R_FIXED, R_LINE, R_LOGIN, R_LOGIN_OFFSET, R_LOGOUT, R_LOGOUT_OFFSET, R_ROW, R_USER } from "./lastRows";

// last's types as src/sessions/kinds.ts numbers them (the host checks they agree)
export const PK_EMPTY: i32 = 0;
export const PK_RUN_LVL: i32 = 1;
export const PK_BOOT_TIME: i32 = 2;
export const PK_NEW_TIME: i32 = 3;
export const PK_OLD_TIME: i32 = 4;
export const PK_INIT_PROCESS: i32 = 5;
export const PK_LOGIN_PROCESS: i32 = 6;
export const PK_USER_PROCESS: i32 = 7;
export const PK_DEAD_PROCESS: i32 = 8;
export const PK_ACCOUNTING: i32 = 9;
export const PK_SHUTDOWN_TIME: i32 = 10;
export const PK_OTHER: i32 = 11;

// last's listing reasons (src/sessions/session.ts R_*)
const R_CRASH: i32 = 1;
const R_DOWN: i32 = 2;
const R_NORMAL: i32 = 3;
const R_NOW: i32 = 4;
const R_REBOOT: i32 = 5;
const R_PHANTOM: i32 = 6;
const R_TIMECHANGE: i32 = 7;
/** The fixed texts' slot of a boot still running (the host's RUNNING_SLOT). */
const RUNNING_SLOT: i32 = 0;

// A row's kind, for the rows -x hides
const ROW_SESSION: i32 = 0;
const ROW_BOOT: i32 = 1;
const ROW_HIDDEN: i32 = 2; // shutdown, runlevel, clock change: listed with -x only

/** Seconds this pairs (the host's zone offsets and lastRows' LAST_SECONDS_MAX stay in reach beyond it). */
const SECONDS_LIMIT: f64 = 549755813888; // 2^39
/** Lines waiting at most: the table stays at most half full. */
const MAX_WAITING: i32 = PAIR_SLOTS >> 1;
/** Slots a line is looked for in at most (see findLine). */
const PROBE_MAX: i32 = 256;

// A waiting line's slot (PAIR_SLOT_BYTES): its bytes, the time of its record, the epoch it is live
// in (clear() moves the epoch on: a slot of another epoch is free), its length and its hash
export const S_SECONDS: usize = PAIR_KEY_BYTES;
export const S_EPOCH: usize = PAIR_KEY_BYTES + 8;
export const S_LENGTH: usize = PAIR_KEY_BYTES + 12;
const S_HASH: usize = PAIR_KEY_BYTES + 16;

let now: f64 = 0;
let since: f64 = 0;
let until: f64 = 0;
let extended: bool = false;
/** Rows still to list (-n), or -1: no limit. */
let rowsLeft: i32 = -1;
// the line texts of the rows that are not sessions (offset << 8 | length in the texts region)
let bootText: i32 = 0;
let downText: i32 = 0;
let newTimeText: i32 = 0;
let oldTimeText: i32 = 0;
/** "(to lvl " (a level byte of 0), then "(to lvl X)" for X from 0x20 to 0x7e, ten bytes each from lvlTexts. */
let lvlZeroText: i32 = 0;
let lvlTexts: i32 = 0;

// last's state (lastboot, lastrch, lastdown, whydown), for the host to take over
export let pairLastboot: f64 = 0;
export let pairLastrch: f64 = 0;
export let pairLastdown: f64 = 0;
export let pairWhydown: i32 = 0;
/** The live epoch of the waiting lines' slots. */
export let pairEpoch: i32 = 1;
let waiting: i32 = 0;

/** Set by pairRecords(): the record it left to the host (-1: none), and the records it took. */
export let pairStop: i32 = -1;
export let pairTaken: i32 = 0;
/** Slots looked at since pairStart() (tests: the work per record stays bounded). */
export let pairSteps: f64 = 0;

/**
 * Starts a pairing: `now` and the -s/-t bounds (0: none) as the host's
 * SessionPairer takes them, -x, -n (0: no limit), and the texts region's
 * line texts of the rows that are not sessions.
 */
export function pairStart(nowSeconds: f64, sinceSeconds: f64, untilSeconds: f64, showHidden: bool, limit: i32,
  boot: i32, down: i32, newTime: i32, oldTime: i32, lvlZero: i32, lvlFrom: i32): void {
  now = nowSeconds;
  since = sinceSeconds;
  until = untilSeconds;
  extended = showHidden;
  rowsLeft = limit > 0 ? limit : -1;
  bootText = boot; downText = down; newTimeText = newTime; oldTimeText = oldTime; lvlZeroText = lvlZero; lvlTexts = lvlFrom;
  pairLastboot = 0;
  pairLastrch = pairLastdown = nowSeconds;
  pairWhydown = 0;
  pairSteps = 0;
  clearWaiting();
}

/** Every line waiting is dropped: a boot or shutdown, or a new pairing. */
function clearWaiting(): void {
  // an epoch is never used twice: the slots are emptied before the count would wrap
  if (pairEpoch == i32.MAX_VALUE) {
    memory.fill(pairTablePtr, 0, <usize>PAIR_SLOTS * <usize>PAIR_SLOT_BYTES);
    pairEpoch = 0;
  }
  pairEpoch++;
  waiting = 0;
}

@inline function slotAt(s: i32): usize {
  return pairTablePtr + <usize>s * <usize>PAIR_SLOT_BYTES;
}

@inline function live(p: usize): bool {
  return load<i32>(p, S_EPOCH) == pairEpoch;
}

/**
 * The slot of the line of `length` bytes at `key` (hash `hash`): its own, or
 * the free one it would take; 0 when finding it takes more than PROBE_MAX
 * slots. Linear probing at most half full takes a few slots, and at most some
 * 40 on every kind of line seen; lines made to fall on neighbouring slots
 * (the hash is fixed) would take thousands each, every record: the host's
 * pairer (a Map) takes those over instead.
 */
function findLine(key: usize, length: i32, hash: u32): usize {
  const mask = PAIR_SLOTS - 1;
  let s = <i32>firstSlot(hash, <u32>mask);
  for (let n = 0; n < PROBE_MAX; n++) {
    const p = slotAt(s);
    pairSteps++;
    if (!live(p)) return p;
    if (load<u32>(p, S_HASH) == hash && load<i32>(p, S_LENGTH) == length && sameBytes(p, key, length)) return p;
    s = (s + 1) & mask;
  }
  return 0;
}

/**
 * Makes `seconds` the time waiting in slot `p` (findLine's) for the line of
 * `length` bytes at `key`; returns the time that waited there before, or NaN
 * when none did. A login takes its line's logout (last drops every record of
 * the line) and waits on the line itself, for the login before it: one slot
 * serves both, so nothing is ever taken out of the table but by clear().
 */
function swapLine(p: usize, key: usize, length: i32, hash: u32, seconds: f64): f64 {
  if (!live(p)) {
    copyBytes(p, key, length);
    store<i32>(p, pairEpoch, S_EPOCH);
    store<i32>(p, length, S_LENGTH);
    store<u32>(p, hash, S_HASH);
    store<f64>(p, seconds, S_SECONDS);
    waiting++;
    return NaN;
  }
  const before = load<f64>(p, S_SECONDS);
  store<f64>(p, seconds, S_SECONDS);
  return before;
}

/** Whether the string field of `length` bytes at `p` starts with the ASCII of `word` (`n` bytes, little-endian in a u64). */
@inline function startsWith(p: usize, length: i32, word: u64, n: i32): bool {
  if (length < n) return false;
  const mask: u64 = n == 8 ? <u64>-1 : ((<u64>1 << (<u64>n << 3)) - 1);
  return (load<u64>(p) & mask) == word;
}

const SHUTDOWN: u64 = 0x6e776f6474756873; // "shutdown"
const REBOOT: u64 = 0x746f6f626572; // "reboot"
const RUNLEVEL: u64 = 0x6c6576656c6e7572; // "runlevel"
const LOGIN: u64 = 0x4e49474f4c; // "LOGIN"
const DATE: u64 = 0x65746164; // "date"

let rowsDescribed: i32 = 0;

/**
 * Describes one row of record `row` for lastRows(), as the host's pairer
 * lists it and its formatter describes it: `end` last's end time, `what` its
 * reason, `line` a text (or -1: the record's line). Times are UTC seconds; the
 * host adds each row's zone offsets.
 */
function list(rowKind: i32, row: i32, line: i32, login: f64, end: f64, what: i32): void {
  if (rowKind == ROW_HIDDEN && !extended) return;
  const stillRunning = end == now && (what == R_NORMAL || what == R_REBOOT);
  const reason = rowKind == ROW_SESSION ? what : what == R_TIMECHANGE ? R_TIMECHANGE : rowKind == ROW_BOOT ? R_REBOOT : R_NORMAL;
  // the fixed texts of crash, down, still logged in, gone and clock changes; else of a boot still running; else times
  const fixed = reason == R_CRASH || reason == R_DOWN || reason == R_NOW || reason == R_PHANTOM || reason == R_TIMECHANGE
    ? reason : stillRunning ? RUNNING_SLOT : -1;
  const d = lastRowsPtr + <usize>rowsDescribed * <usize>LAST_ROW_BYTES;
  store<f64>(d + R_LOGIN, login);
  store<f64>(d + R_LOGOUT, end);
  store<f64>(d + R_DURATION, end - login);
  store<i32>(d + R_ROW, row);
  store<i32>(d + R_LOGIN_OFFSET, 0);
  store<i32>(d + R_LOGOUT_OFFSET, 0);
  store<i32>(d + R_FIXED, fixed);
  store<i32>(d + R_USER, -1);
  store<i32>(d + R_LINE, line);
  rowsDescribed++;
  if (rowsLeft > 0) rowsLeft--;
}

/**
 * Pairs records `count - 1` down to 0 of the last decode (newest first),
 * describing their rows from the start of the last rows region; returns the
 * rows described. pairStop: the record left to the host (-1: none); pairTaken:
 * the records taken. Stops early, with no record left, once -n rows are listed.
 */
export function pairRecords(count: i32): i32 {
  rowsDescribed = 0;
  pairStop = -1;
  pairTaken = 0;
  const size = <usize>desc(D.D_REC_SIZE);
  const lineOff = <usize>desc(D.D_LINE_OFF), lineWidth = desc(D.D_LINE_LEN);
  const userOff = <usize>desc(D.D_USER_OFF), userWidth = desc(D.D_USER_LEN);
  const seconds = columnPtr(COL_SECONDS), types = columnPtr(COL_TYPE), flags = columnPtr(COL_FLAGS), pids = columnPtr(COL_PID);
  for (let i = count - 1; i >= 0 && rowsLeft != 0; i--) {
    const t = load<f64>(seconds + (<usize>i << 3));
    if (!(Math.abs(t) <= SECONDS_LIMIT)) { pairStop = i; break; }
    if (since != 0 && t < since) { pairTaken++; continue; }
    if (until != 0 && until < t) { pairTaken++; continue; }
    if ((load<u32>(flags + (<usize>i << 2)) & R_ZERO) != 0) { pairTaken++; continue; }
    const raw = load<i32>(types + (<usize>i << 2));
    let kind = raw >= 0 && raw < 256 ? <i32>load<u8>(pairKindsPtr + <usize>raw) : PK_OTHER;
    const rec = lastBase + <usize>i * size;
    const line = rec + lineOff;
    const lineLength = lineWidth == 0 ? 0 : fieldLength(line, lineWidth);
    const first = lineLength > 0 ? <i32>load<u8>(line) : -1;
    const user = rec + userOff;
    // a logout's user is read only where a rule looks at it, as the host does
    const userLength = userWidth == 0 || (kind == PK_DEAD_PROCESS && first != 0x7e && first != 0x7c && first != 0x7b) ? 0 : fieldLength(user, userWidth);
    // last's rewrites of the type (a layout of Linux: no native boots)
    if (first == 0x7e /* ~ */) {
      if (startsWith(user, userLength, SHUTDOWN, 8)) kind = PK_SHUTDOWN_TIME;
      else if (startsWith(user, userLength, REBOOT, 6)) kind = PK_BOOT_TIME;
      else if (startsWith(user, userLength, RUNLEVEL, 8)) kind = PK_RUN_LVL;
    } else {
      if (kind != PK_DEAD_PROCESS && userLength > 0 && lineLength > 0 && !startsWith(user, userLength, LOGIN, 5)) kind = PK_USER_PROCESS;
      if (userLength == 0) kind = PK_DEAD_PROCESS;
      if (startsWith(user, userLength, DATE, 4)) {
        if (first == 0x7c /* | */) kind = PK_OLD_TIME;
        if (first == 0x7b /* { */) kind = PK_NEW_TIME;
      }
    }
    // what the host's pairer does and this does not: it goes on from this record
    if (kind == PK_OTHER || (kind == PK_DEAD_PROCESS && lineLength == 0)) { pairStop = i; break; }
    if ((kind == PK_USER_PROCESS || kind == PK_DEAD_PROCESS) && waiting >= MAX_WAITING) { pairStop = i; break; }
    // the line's slot, found before the record is taken: a probe too long is the host's
    let slot: usize = 0, hash: u32 = 0;
    if ((kind == PK_USER_PROCESS || kind == PK_DEAD_PROCESS) && lineLength > 0) {
      hash = hashBytes(line, lineLength);
      slot = findLine(line, lineLength, hash);
      if (slot == 0) { pairStop = i; break; }
    }
    let level = 0;
    if (kind == PK_RUN_LVL) {
      level = load<i32>(pids + (<usize>i << 2)) & 255;
      if (level != 0 && (level < 0x20 || level > 0x7e)) { pairStop = i; break; }
    }
    pairTaken++;
    let down = false;
    switch (kind) {
      case PK_SHUTDOWN_TIME: {
        list(ROW_HIDDEN, i, downText, t, pairLastboot, R_NORMAL);
        pairLastdown = pairLastrch = t;
        down = true;
        break;
      }
      case PK_OLD_TIME:
      case PK_NEW_TIME: {
        list(ROW_HIDDEN, i, kind == PK_NEW_TIME ? newTimeText : oldTimeText, t, pairLastdown, R_TIMECHANGE);
        break;
      }
      case PK_BOOT_TIME: {
        list(ROW_BOOT, i, bootText, t, pairLastdown, R_REBOOT);
        pairLastboot = t;
        down = true;
        break;
      }
      case PK_RUN_LVL: {
        list(ROW_HIDDEN, i, level == 0 ? lvlZeroText : lvlTexts + ((level - 0x20) * 10 << 8), t, pairLastrch, R_NORMAL);
        if (level == 0x30 || level == 0x36) {
          pairLastdown = t;
          down = true;
          kind = PK_SHUTDOWN_TIME;
        }
        pairLastrch = t;
        break;
      }
      case PK_USER_PROCESS: {
        // the newest later record on the line ends the login, which then waits there itself
        const end = lineLength > 0 ? swapLine(slot, line, lineLength, hash, t) : NaN;
        if (end == end) list(ROW_SESSION, i, -1, t, end, R_NORMAL);
        // a login newer than every boot and never closed: gone (the host asks the live system's check)
        else if (pairLastboot == 0) list(ROW_SESSION, i, -1, t, pairLastboot, R_PHANTOM);
        else list(ROW_SESSION, i, -1, t, pairLastboot, pairWhydown);
        break;
      }
      case PK_DEAD_PROCESS: {
        swapLine(slot, line, lineLength, hash, t);
        break;
      }
      default:
        break;
    }
    if (down) {
      pairLastboot = t;
      pairWhydown = kind == PK_SHUTDOWN_TIME ? R_DOWN : R_CRASH;
      clearWaiting();
    }
  }
  return rowsDescribed;
}
