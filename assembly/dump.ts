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
import { fieldLength } from "./intern";
import { cursor, put, put3, putPaddedYear, putSigned, putSpaces, putUnsigned32, rewind, roomFor, written } from "./textOut";
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

/** printf("%-W.Ps") of a string field after utmpdump's xcleanse (non-printable, `[` and `]` become `?`). */
function putField(off: i32, len: i32, rec: usize, precision: i32, width: i32): void {
  let n = len == 0 ? 0 : fieldLength(rec + <usize>off, len);
  if (n > precision) n = precision;
  const p = rec + <usize>off;
  for (let i = 0; i < n; i++) {
    const c = <u32>load<u8>(p + <usize>i);
    put(c < 0x20 || c > 0x7e || c == 0x5b || c == 0x5d ? 0x3f : c);
  }
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

/** `YYYY-MM-DDThh:mm:ss,uuuuuu+00:00]\n` (the year space-padded to 4, the raw microseconds signed); false if out of reach. */
function putTime(seconds: f64, micros: f64): bool {
  if (!(Math.abs(seconds) <= SECONDS_MAX) || !(Math.abs(micros) <= MICROS_MAX)) return false;
  const s = <i64>seconds;
  let days = s / 86400;
  let rest = s % 86400;
  if (rest < 0) { rest += 86400; days--; }
  civilFromDays(days);
  putPaddedYear(civilYear);
  put(0x2d); putUnsigned32(<u32>civilMonth, 2); put(0x2d); putUnsigned32(<u32>civilDay, 2); put(0x54);
  putUnsigned32(<u32>(rest / 3600), 2); put(0x3a); putUnsigned32(<u32>((rest / 60) % 60), 2); put(0x3a); putUnsigned32(<u32>(rest % 60), 2);
  put(0x2c);
  putSigned(<i64>micros, 6);
  put(0x2b); put(0x30); put(0x30); put(0x3a); put(0x30); put(0x30); put(0x5d); put(0x0a); // "+00:00]\n"
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
