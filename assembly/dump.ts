// utmpdump's text (util-linux 2.38, FORMATS.md §8.1) of the records the last
// decode() left in the window, written to the output region: the host's
// src/format/utmpdump.ts, byte for byte, without a host object per record. The
// host formats in JavaScript the rare record this cannot (a time too far from
// the epoch for the arithmetic here), and checks both agree on every fixture.
import * as D from "./descriptor";
import {
  COL_TYPE, COL_PID, COL_SECONDS, COL_MICROSECONDS, COL_ADDR, COL_ADDR_FAMILY, COL_DUMP_TYPE, columnPtr,
} from "./memoryMap";
import { desc, lastBase } from "./decode";
import { cursor, put, put3, put8, putBytes, putClock, putPair, putPaddedYear, putSigned, putSixDigits, putSpaces, rewind, roomFor, written } from "./textOut";
import { civilDay, civilFromDays, civilMonth, civilYear } from "./civil";
import { putIPv4, putIPv6 } from "./inetText";

/** More than any record's line: strings at most 4 + 32 + 32 + 256 bytes, the address 39, the rest under 120. */
const LINE_MAX: i32 = 1024;
/** "] [" */
const OPEN: u32 = 0x5b205d;
/** Times whose calendar date this computes exactly (±34,800 years); farther ones are the host's. */
const SECONDS_MAX: f64 = 1099511627776;
const MICROS_MAX: f64 = 9007199254740991;

/** Bytes the last dump() wrote to the output region. */
export let dumpBytes: i32 = 0;

/**
 * printf("%-W.Ps") of a string field after utmpdump's xcleanse (non-printable,
 * `[` and `]` become `?`): sixteen bytes at a time, the NUL that ends the field
 * found in the same pass. The vector may read up to 15 bytes past the field
 * (inside the record or the slack after the window) and write up to 15 past
 * the text (overwritten next: callers leave room).
 */
function putField(off: i32, len: i32, rec: usize, precision: i32, width: i32): void {
  const p = rec + <usize>off;
  const limit = len < precision ? len : precision;
  let n = 0;
  while (n < limit) {
    const v = v128.load(p + <usize>n);
    const unprintable = v128.or(i8x16.lt_u(v, i8x16.splat(0x20)), i8x16.gt_u(v, i8x16.splat(0x7e)));
    const bracket = v128.or(i8x16.eq(v, i8x16.splat(0x5b)), i8x16.eq(v, i8x16.splat(0x5d)));
    v128.store(cursor + <usize>n, v128.bitselect(i8x16.splat(0x3f), v, v128.or(unprintable, bracket)));
    const zeros = i8x16.bitmask(i8x16.eq(v, i8x16.splat(0)));
    let run = zeros != 0 ? <i32>ctz(zeros) : 16;
    if (run > limit - n) run = limit - n;
    n += run;
    if (run < 16) break;
  }
  cursor += <usize>n;
  if (n < width) putSpaces(width - n);
}

/** The address padded to 15, "0.0.0.0" when there is none (`families` and `addrs`: the address columns). */
function putAddress(families: usize, addrs: usize, i: i32): void {
  const start = cursor;
  const family = load<u8>(families + <usize>i);
  const a = addrs + (<usize>i << 4);
  if (family == 6) putIPv6(a);
  else if (family == 4) putIPv4(a);
  else { put(0x30); put(0x2e); put(0x30); put(0x2e); put(0x30); put(0x2e); put(0x30); }
  const n = <i32>(cursor - start);
  if (n < 15) putSpaces(15 - n);
}

// Records come in time order: the last record's day is usually this one's, and its date is copied.
let cachedDay: i64 = i64.MIN_VALUE;
let cachedLength: i32 = 0;
const cachedDate = memory.data(32); // at most "-34800-12-31T"

/** `YYYY-MM-DDT` of day `day` since the epoch, the year space-padded to 4. */
function putDay(day: i64): void {
  if (day == cachedDay) return putBytes(cachedDate, cachedLength);
  const start = cursor;
  civilFromDays(day);
  putPaddedYear(civilYear);
  put(0x2d); putPair(<u32>civilMonth); put(0x2d); putPair(<u32>civilDay); put(0x54);
  cachedLength = <i32>(cursor - start);
  memory.copy(cachedDate, start, <usize>cachedLength);
  cachedDay = day;
}

/** `YYYY-MM-DDThh:mm:ss,uuuuuu+00:00]\n` (the year space-padded to 4, the raw microseconds signed); false if out of reach. */
function putTime(seconds: f64, micros: f64): bool {
  if (!(Math.abs(seconds) <= SECONDS_MAX) || !(Math.abs(micros) <= MICROS_MAX)) return false;
  const s = <i64>seconds;
  let days = s / 86400;
  let rest = <u32>(s % 86400);
  if (<i32>rest < 0) { rest += 86400; days--; }
  putDay(days);
  putClock(rest);
  put(0x2c);
  // utmpdump prints the microseconds as stored, signed, in at least six digits
  if (micros >= 0 && micros <= 999999) putSixDigits(<u32>micros);
  else putSigned(<i64>micros, 6);
  put8(0x0a5d30303a30302b); // "+00:00]\n"
  return true;
}

/**
 * Writes rows `from`.. of the last decode (not compacted: the records must still
 * be in the window) as utmpdump prints them, until `count`, the output region
 * fills, or a row whose time this cannot convert. The type printed is the raw
 * type, or with `dumpTypes` the host's number per row in COL_DUMP_TYPE. Returns
 * the rows written; dumpBytes holds the bytes.
 */
export function dump(from: i32, count: i32, dumpTypes: bool): i32 {
  rewind();
  const size = <usize>desc(D.D_REC_SIZE);
  const idOff = desc(D.D_ID_OFF), idLen = desc(D.D_ID_LEN);
  const userOff = desc(D.D_USER_OFF), userLen = desc(D.D_USER_LEN);
  const lineOff = desc(D.D_LINE_OFF), lineLen = desc(D.D_LINE_LEN);
  const hostOff = desc(D.D_HOST_OFF), hostLen = desc(D.D_HOST_LEN);
  const types = columnPtr(dumpTypes ? COL_DUMP_TYPE : COL_TYPE), pids = columnPtr(COL_PID);
  const secs = columnPtr(COL_SECONDS), micros = columnPtr(COL_MICROSECONDS);
  const families = columnPtr(COL_ADDR_FAMILY), addrs = columnPtr(COL_ADDR); // columnPtr walks the column table: once per call
  let i = from;
  for (; i < count && roomFor(LINE_MAX); i++) {
    const i4 = <usize>i << 2, i8 = <usize>i << 3;
    const start = cursor;
    const rec = lastBase + <usize>i * size;
    put(0x5b);
    putSigned(<i64>load<i32>(types + i4), 1);
    put3(OPEN);
    putSigned(<i64>load<i32>(pids + i4), 5);
    put3(OPEN);
    putField(idOff, idLen, rec, 4, 4);
    put3(OPEN);
    putField(userOff, userLen, rec, 32, 8);
    put3(OPEN);
    putField(lineOff, lineLen, rec, 32, 12);
    put3(OPEN);
    putField(hostOff, hostLen, rec, 256, 20);
    put3(OPEN);
    putAddress(families, addrs, i);
    put3(OPEN);
    if (!putTime(load<f64>(secs + i8), load<f64>(micros + i8))) {
      cursor = start;
      break;
    }
  }
  dumpBytes = written();
  return i - from;
}
