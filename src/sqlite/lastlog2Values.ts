// A lastlog2 value of another kind than liblastlog2 writes (text or a real in
// Time, a blob in TTY, a NULL Name: possible in a non-STRICT table edited by
// hand or by a tool), read as util-linux's lastlog2 reads it. Its listing
// (ll2_read_all) gets every value as C text through sqlite3_exec and parses
// Time with strtoll, printing an "Error:" line after a row whose Time is not a
// clean number and going on; `lastlog2 -u` (ll2_read_entry) gets Time with
// sqlite3_column_int64. Refusing the database instead let one planted row
// hide every user's last login.
import type { RecordCells } from "./record.ts";
import { realText } from "./wtmpdbValues.ts";
import { byteString } from "../util/text.ts";

const I64_MAX = (1n << 63n) - 1n;
const I64_MIN = -(1n << 63n);

/**
 * Value `k` as C gets it from sqlite3_column_text (SQLite 3.40): the bytes of
 * a text or a blob up to the first NUL, as a byte string (one character per
 * byte); an integer in decimal; a real as "%!.15g". Null for NULL.
 */
export function cText(cells: RecordCells, k: number): string | null {
  if (cells.isNull(k)) return null;
  if (cells.isInteger(k)) return String(cells.value(k));
  if (cells.isReal(k)) return realText(cells.value(k) as number);
  const start = cells.starts[k]!;
  return byteString(cells.payload.subarray(start, start + cells.byteLength(k)));
}

/** glibc's strtoll(text, &end, 10) (text a byte string) and whether lastlog2 takes it without an error: digits, nothing after them, no overflow. */
export function strtoll(text: string): { value: bigint; clean: boolean } {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d*)/.exec(text)!;
  if (m[2] === "") return { value: 0n, clean: false }; // no digits: end is the start
  const v = m[1] === "-" ? -BigInt(m[2]!) : BigInt(m[2]!);
  const value = v > I64_MAX ? I64_MAX : v < I64_MIN ? I64_MIN : v;
  return { value, clean: value === v && m[0].length === text.length };
}

/**
 * Value `k` as sqlite3_column_int64 gives it (SQLite 3.40's sqlite3VdbeIntValue):
 * an integer as stored; a real cut toward zero, saturating; a text or blob's
 * leading number (sqlite3Atoi64: white space, a sign, digits, saturating), 0
 * when it has none; NULL 0.
 */
export function columnInt64(cells: RecordCells, k: number): bigint {
  if (cells.isNull(k)) return 0n;
  const v = cells.value(k);
  if (cells.isInteger(k)) return BigInt(v as number | bigint);
  if (cells.isReal(k)) {
    const r = v as number;
    if (Number.isNaN(r)) return 0n;
    return r <= -(2 ** 63) ? I64_MIN : r >= 2 ** 63 ? I64_MAX : BigInt(Math.trunc(r));
  }
  // its digits stop at a NUL, as they stop at any other byte
  const start = cells.starts[k]!;
  return strtoll(byteString(cells.payload.subarray(start, start + cells.byteLength(k)), true)).value;
}
