// The rows of `utmpx export --format ndjson|csv` (the record schema, any
// selection and order of its columns) for the records the last decode() left,
// written to the output region: the same bytes as the host's
// src/format/exportRecordBytes.ts, without a host call per cell. The host gives
// a program (exportProgramPtr): per column an op and the bytes before its cell
// (keys, commas, the cells that are the same in every row: the host, the source,
// a field the layout lacks), and a cell per raw type (exportTypesPtr). A row
// with a cell this leaves to the host (a 64-bit value, a time or number past the
// arithmetic here, a CSV text that needs quotes) ends the call there: the host
// writes that row, then calls again from the next.
import * as D from "./descriptor";
import {
  COL_TYPE, COL_PID, COL_EXIT_TERMINATION, COL_EXIT_CODE, COL_FLAGS, COL_SESSION, COL_SECONDS, COL_MICROSECONDS,
  COL_ADDR, COL_ADDR_FAMILY, COL_SOURCE_OFFSET, EXPORT_OPS, EXPORT_TYPE_SLOT_BYTES, columnPtr, expandedPtr,
  exportProgramPtr, exportTypesPtr,
} from "./memoryMap";
import { desc, lastBase, R_WIDE, R_ZERO } from "./decode";
import { MILLIONS_CACHE_BYTES, cursor, digitsAt, rewind, roomEnd, sixDigitBits, written } from "./textOut";
import { ipv4At, ipv6At } from "./inetText";
import { jsonFieldAt, utf8Sequence } from "./jsonString";
import { SECONDS_MAX, dateAt, intAt, numberAt, plain, slowNumberAt } from "./json";

// The ops (the first i32 of each of the program's four).
export const EX_END: i32 = 0; // the bytes after the last cell (the row's end): the program's last op
export const EX_OFFSET: i32 = 1; // the record's offset in its file
export const EX_TYPE: i32 = 2; // the canonical type: the raw type's cell
export const EX_INT: i32 = 3; // an int32 column (arg: EXI_*)
export const EX_SESSION: i32 = 4;
export const EX_STRING: i32 = 5; // a string field (arg: EXS_*), up to its first NUL
export const EX_ADDR: i32 = 6;
export const EX_TIME: i32 = 7; // the time in microseconds, as isoMicros writes it
export const EX_ZEROED: i32 = 8;
export const EXI_RAW_TYPE: i32 = 0, EXI_PID: i32 = 1, EXI_PID_UNSIGNED: i32 = 2, EXI_EXIT_TERMINATION: i32 = 3, EXI_EXIT_STATUS: i32 = 4;
export const EXS_USER: i32 = 0, EXS_LINE: i32 = 1, EXS_ID: i32 = 2, EXS_HOST: i32 = 3;

/** Bytes the last exportRows() wrote to the output region. */
export let exportBytes: i32 = 0;

/** More than any row: the bytes between cells (at most 3 KB), four strings of at most 256 bytes six each as a \u escape, and the rest. */
const ROW_MAX: i32 = 16384;
const SAFE_MAX: f64 = 9007199254740991;
const offsetMillions = memory.data(MILLIONS_CACHE_BYTES);

/** The program's bytes at `at` (of the snippets region), `n` of them, at `out`: vectors (the region has 16 bytes of slack, the output room). */
@inline function snippetAt(out: usize, at: usize, n: i32): usize {
  for (let k = 0; k < n; k += 16) v128.store(out + <usize>k, v128.load(at + <usize>k));
  return out + <usize>n;
}

@inline function quoteAt(out: usize): usize {
  store<u8>(out, 0x22);
  return out + 1;
}

/** JSON's null, or CSV's empty field. */
@inline function nullAt(out: usize, csv: bool): usize {
  if (csv) return out;
  store<u32>(out, 0x6c6c756e); // "null"
  return out + 4;
}

/**
 * A CSV cell of the field of `width` bytes at `p`, up to its first NUL, when
 * csvCell leaves its text as it is (no quote, comma or line break; and not
 * empty: that is `""`) and the text is its bytes (well-formed UTF-8); 0 when
 * not (the host writes it).
 */
function csvFieldAt(out: usize, p: usize, width: i32): usize {
  let n = 0;
  while (n < width) {
    const c = <u32>load<u8>(p + <usize>n);
    if (c == 0) break;
    if (c < 0x80) {
      if (c == 0x22 || c == 0x2c || c == 0x0d || c == 0x0a) return 0;
      n++;
      continue;
    }
    const m = utf8Sequence(p, n, width);
    if (m < 0) return 0;
    n += m;
  }
  if (n == 0) {
    store<u16>(out, 0x2222);
    return out + 2;
  }
  memory.copy(out, p, <usize>n);
  return out + <usize>n;
}

/**
 * Writes rows `from`.. of the last decode (every row of its window kept, the
 * records still where it read them) as the host's program says, until `count`,
 * the output region fills, or a row this leaves to the host. `ops`: the
 * program's ops, the last EX_END; `fileOffset` where the window's first record
 * lies in its file; `csv` the format (else JSON lines). Returns the rows
 * written; exportBytes holds the bytes.
 */
export function exportRows(from: i32, count: i32, fileOffset: f64, ops: i32, csv: bool): i32 {
  rewind();
  exportBytes = 0;
  if (ops < 1 || ops > EXPORT_OPS) return 0;
  const size = desc(D.D_REC_SIZE);
  const types = columnPtr(COL_TYPE), pids = columnPtr(COL_PID), terms = columnPtr(COL_EXIT_TERMINATION), codes = columnPtr(COL_EXIT_CODE);
  const flagsCol = columnPtr(COL_FLAGS), sessions = columnPtr(COL_SESSION), secs = columnPtr(COL_SECONDS), micros = columnPtr(COL_MICROSECONDS);
  const families = columnPtr(COL_ADDR_FAMILY), addrs = columnPtr(COL_ADDR);
  const framed = lastBase == expandedPtr;
  const starts = columnPtr(COL_SOURCE_OFFSET);
  const snippets = exportProgramPtr + <usize>(EXPORT_OPS * 16);
  let o = cursor;
  const end = roomEnd(ROW_MAX);
  let i = from;
  for (; i < count && o <= end; i++) {
    const i4 = <usize>i << 2, i8 = <usize>i << 3;
    const rec = lastBase + <usize>i * <usize>size;
    const flags = load<u32>(flagsCol + i4);
    const start = o;
    for (let k = 0; k < ops && o != 0; k++) {
      const op = exportProgramPtr + (<usize>k << 4);
      o = snippetAt(o, snippets + <usize>load<i32>(op, 8), load<i32>(op, 12));
      const arg = load<i32>(op, 4);
      switch (load<i32>(op)) {
        case EX_END: break;
        case EX_OFFSET: {
          const offset = framed ? fileOffset + <f64>load<u32>(starts + i4) : fileOffset + <f64>i * <f64>size;
          o = !plain(offset) ? 0 : offset >= 0 && offset <= 4294967295 ? slowNumberAt(o, offset, offsetMillions) : numberAt(o, offset);
          break;
        }
        case EX_TYPE: {
          const raw = <u32>load<i32>(types + i4);
          const known: u32 = raw < 256 ? raw : 0;
          const slot = exportTypesPtr + <usize>known * <usize>EXPORT_TYPE_SLOT_BYTES;
          const n = raw < 256 ? <i32>load<u8>(slot) : 0;
          o = n == 0 ? 0 : snippetAt(o, slot + 1, n);
          break;
        }
        case EX_INT: {
          const column = arg == EXI_RAW_TYPE ? types : arg == EXI_EXIT_TERMINATION ? terms : arg == EXI_EXIT_STATUS ? codes : pids;
          const v = load<i32>(column + i4);
          o = arg == EXI_PID_UNSIGNED ? digitsAt(o, <u32>v) : intAt(o, v);
          break;
        }
        case EX_SESSION: {
          const v = load<f64>(sessions + i8);
          // the exact value of a wide one is the host's; -0 is String(-0), "0"
          o = (flags & R_WIDE) != 0 ? 0 : v == 0 ? intAt(o, 0) : plain(v) ? numberAt(o, v) : nullAt(o, csv);
          break;
        }
        case EX_STRING: {
          const off = arg == EXS_USER ? desc(D.D_USER_OFF) : arg == EXS_LINE ? desc(D.D_LINE_OFF) : arg == EXS_ID ? desc(D.D_ID_OFF) : desc(D.D_HOST_OFF);
          const len = arg == EXS_USER ? desc(D.D_USER_LEN) : arg == EXS_LINE ? desc(D.D_LINE_LEN) : arg == EXS_ID ? desc(D.D_ID_LEN) : desc(D.D_HOST_LEN);
          o = csv ? csvFieldAt(o, rec + <usize>off, len) : quoteAt(jsonFieldAt(quoteAt(o), rec + <usize>off, len));
          break;
        }
        case EX_ADDR: {
          const family = load<u8>(families + <usize>i);
          if (family == 0) o = nullAt(o, csv);
          else {
            if (!csv) o = quoteAt(o);
            const a = addrs + (<usize>i << 4);
            o = family == 6 ? ipv6At(o, a) : ipv4At(o, a);
            if (!csv) o = quoteAt(o);
          }
          break;
        }
        case EX_TIME: {
          // as the host: microseconds since 1970, then back to seconds and the six digits
          const us = load<f64>(secs + i8) * 1e6 + load<f64>(micros + i8);
          if ((flags & R_WIDE) != 0 || !(Math.abs(us) <= SAFE_MAX) || Math.trunc(us) != us) { o = 0; break; }
          const seconds = Math.floor(us / 1e6);
          if (!(Math.abs(seconds) <= SECONDS_MAX)) { o = 0; break; }
          if (!csv) o = quoteAt(o);
          o = dateAt(o, seconds, sixDigitBits(<u32>(us - seconds * 1e6)));
          if (!csv) o = quoteAt(o);
          break;
        }
        case EX_ZEROED: {
          if ((flags & R_ZERO) != 0) { store<u32>(o, 0x65757274); o += 4; } // "true"
          else { store<u32>(o, 0x736c6166); store<u8>(o, 0x65, 4); o += 5; } // "false"
          break;
        }
        default: o = 0;
      }
    }
    if (o == 0) {
      o = start;
      break;
    }
  }
  cursor = o;
  exportBytes = written();
  return i - from;
}
