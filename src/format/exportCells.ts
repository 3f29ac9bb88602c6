// A cell of an exported row written as UTF-8 bytes into a ByteWriter, the same
// bytes as the string ExportText's cellText() gives (test/format/exportRecordBytes.test.ts
// holds them equal): printable ASCII, the common case, is copied as it is, and
// anything needing an escape, a quote or a character past ASCII goes through
// that string once, so the rules live in one place.
import { civilFromSeconds } from "../time/calendar.ts";
import { decodeText, stringBytes } from "../util/text.ts";
import type { ByteWriter } from "./byteWriter.ts";
import { csvCell } from "./csv.ts";
import type { ExportTextFormat } from "./exportText.ts";

const utf8 = new TextEncoder();

/** How one text format writes a cell. */
export interface CellSyntax {
  readonly format: ExportTextFormat;
  /** The cell of a NULL: `null`, or an empty CSV field. */
  readonly nullCell: Uint8Array;
  /** Whether text made of digits and punctuation (times, addresses) is written between double quotes. */
  readonly quoted: boolean;
  /** The cell of a string (or of a NULL), as bytes to keep and copy. */
  encode(s: string | null): Uint8Array;
  /** The cell of a string. */
  text(w: ByteWriter, s: string): void;
  /** The cell of a string field's stored bytes: their text as decodeText reads it (up to a NUL, bad UTF-8 as U+FFFD). */
  textBytes(w: ByteWriter, bytes: Uint8Array): void;
}

/** Bytes JSON.stringify leaves as they are: printable ASCII but `"` and `\`. */
const jsonPlain = (c: number) => c >= 0x20 && c <= 0x7e && c !== 0x22 && c !== 0x5c;
/** Bytes csvCell leaves unquoted (of the printable ASCII, all but `"` and `,`). */
const csvPlain = (c: number) => c >= 0x20 && c <= 0x7e && c !== 0x22 && c !== 0x2c;

function plainString(s: string, plain: (c: number) => boolean): boolean {
  for (let k = 0; k < s.length; k++) if (!plain(s.charCodeAt(k))) return false;
  return true;
}

function plainBytes(b: Uint8Array, plain: (c: number) => boolean): boolean {
  for (let k = 0; k < b.length; k++) if (!plain(b[k]!)) return false;
  return true;
}

export const JSON_CELLS: CellSyntax = {
  format: "ndjson",
  nullCell: stringBytes("null"),
  quoted: true,
  encode: (s) => utf8.encode(s === null ? "null" : JSON.stringify(s)),
  text(w, s) {
    if (!plainString(s, jsonPlain)) return w.bytes(utf8.encode(JSON.stringify(s)));
    w.reserve(s.length + 2);
    w.byte(0x22); w.ascii(s); w.byte(0x22);
  },
  textBytes(w, b) {
    if (!plainBytes(b, jsonPlain)) return JSON_CELLS.text(w, decodeText(b));
    w.reserve(b.length + 2);
    w.byte(0x22); w.bytes(b); w.byte(0x22);
  },
};

/** RFC 4180 as the export writes it: NULL an empty field, "" a quoted empty string. */
const csvText = (s: string) => (s === "" ? '""' : csvCell(s));

export const CSV_CELLS: CellSyntax = {
  format: "csv",
  nullCell: new Uint8Array(0),
  quoted: false,
  encode: (s) => utf8.encode(s === null ? "" : csvText(s)),
  text(w, s) {
    if (s.length > 0 && plainString(s, csvPlain)) return w.ascii(s);
    w.bytes(utf8.encode(csvText(s)));
  },
  textBytes(w, b) {
    if (b.length > 0 && plainBytes(b, csvPlain)) return w.bytes(b);
    CSV_CELLS.text(w, decodeText(b));
  },
};

export const cellSyntax = (format: ExportTextFormat): CellSyntax => (format === "csv" ? CSV_CELLS : JSON_CELLS);

/**
 * A safe integer as String(n) writes it. Those within int32, nearly all (pids,
 * exit codes, offsets below 2 GiB), in int32 arithmetic straight into the
 * buffer: the ByteWriter's calls per digit group cost more than the digits.
 */
export function writeInteger(w: ByteWriter, n: number): void {
  if (n >= 0x80000000 || n <= -0x80000000) return w.signedDigits(n, 1);
  w.reserve(11);
  const out = w.buffer;
  let at = w.length;
  let v = n | 0;
  if (v < 0) { out[at++] = 0x2d; v = -v; }
  let end = at;
  for (let x = v; x >= 10; x = (x / 10) | 0) end++;
  w.length = end + 1;
  do {
    const q = (v / 10) | 0;
    out[end--] = 0x30 + v - q * 10;
    v = q;
  } while (v > 0);
}

/** The day whose date text was written last, and that text ("YYYY-MM-DDT"): records come in time order, so it mostly repeats. */
let cachedDay = NaN;
let cachedDate = new Uint8Array(0);

/** Two digits of 0-99 at `at`. */
function twoDigits(out: Uint8Array, at: number, n: number): void {
  const tens = (n / 10) | 0;
  out[at] = 0x30 + tens;
  out[at + 1] = 0x30 + n - tens * 10;
}

/**
 * A UTC time of `us` microseconds since 1970 (a safe integer) as isoMicros
 * writes it: `YYYY-MM-DDThh:mm:ss.uuuuuuZ`, quoted or not.
 */
export function writeTimestamp(w: ByteWriter, us: number, quoted: boolean): void {
  const seconds = Math.floor(us / 1e6);
  let micros = us - seconds * 1e6;
  const day = Math.floor(seconds / 86400);
  if (day !== cachedDay) {
    const t = civilFromSeconds(seconds);
    const year = t.year >= 0 && t.year <= 9999 ? String(t.year).padStart(4, "0")
      : (t.year < 0 ? "-" : "+") + String(Math.abs(t.year)).padStart(6, "0");
    cachedDate = stringBytes(`${year}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}T`);
    cachedDay = day;
  }
  const rest = seconds - day * 86400;
  const date = cachedDate;
  w.reserve(date.length + 18);
  const out = w.buffer;
  let at = w.length;
  if (quoted) out[at++] = 0x22;
  for (let k = 0; k < date.length; k++) out[at++] = date[k]!;
  twoDigits(out, at, Math.floor(rest / 3600));
  out[at + 2] = 0x3a;
  twoDigits(out, at + 3, Math.floor(rest / 60) % 60);
  out[at + 5] = 0x3a;
  twoDigits(out, at + 6, rest % 60);
  out[at + 8] = 0x2e;
  for (let k = 14; k > 8; k--) {
    const q = Math.floor(micros / 10);
    out[at + k] = 0x30 + micros - q * 10;
    micros = q;
  }
  out[at + 15] = 0x5a;
  at += 16;
  if (quoted) out[at++] = 0x22;
  w.length = at;
}
