// How last prints a row's bytes (fputs_careful of util-linux's carefulputc.h):
// printable ASCII, \a, \t, \r and \n as they are; other ASCII controls as "*"
// and the byte ^ 0x40; bytes above 0x7f by one of three rules:
// - "raw": as they are (the Debian `last` of the stored captures, whose names were valid UTF-8);
// - "escape": each as "\ooo" (fputc_careful of util-linux before 2.39, any locale);
// - "utf8": a whole printable UTF-8 character as it is, any other byte as
//   "\ooo" (fputs_careful since the CVE-2024-28085 fix, in Debian's 2.38.1, in
//   a UTF-8 locale): a name cut in the middle of a character shows its lone lead byte escaped.
import type { ByteWriter } from "../byteWriter.ts";

export type NonAsciiRule = "raw" | "escape" | "utf8";

function asciiPrintable(c: number): boolean {
  return (c >= 0x20 && c < 0x7f) || c === 0x07 || c === 0x09 || c === 0x0d || c === 0x0a;
}

/** Code points glibc's iswprint() refuses: controls, line and paragraph separators, surrogates, unassigned. */
const NOT_PRINTABLE = /^[\p{Cc}\p{Zl}\p{Zp}\p{Cs}\p{Cn}]$/u;

/** iswprint() of the Basic Multilingual Plane's code points as asked: 0 not yet, 1 printable, 2 not (names repeat their few characters). */
const BMP_PRINTABLE = new Uint8Array(0x10000);

function printable(cp: number): boolean {
  if (cp >= 0x10000) return !NOT_PRINTABLE.test(String.fromCodePoint(cp));
  let known = BMP_PRINTABLE[cp]!;
  if (known === 0) BMP_PRINTABLE[cp] = known = NOT_PRINTABLE.test(String.fromCodePoint(cp)) ? 2 : 1;
  return known === 1;
}

/**
 * The length of the printable UTF-8 character at `at` (2 to 4 bytes), or 0
 * where mbtowc() would fail (invalid, overlong, a surrogate, cut short) or
 * iswprint() refuse it.
 */
export function printableUtf8(b: Uint8Array, at: number, end: number): number {
  const c0 = b[at]!;
  let length: number, cp: number, min: number;
  if (c0 >= 0xc2 && c0 <= 0xdf) { length = 2; cp = c0 & 0x1f; min = 0x80; }
  else if (c0 >= 0xe0 && c0 <= 0xef) { length = 3; cp = c0 & 0x0f; min = 0x800; }
  else if (c0 >= 0xf0 && c0 <= 0xf4) { length = 4; cp = c0 & 0x07; min = 0x10000; }
  else return 0;
  if (at + length > end) return 0;
  for (let k = 1; k < length; k++) {
    const c = b[at + k]!;
    if ((c & 0xc0) !== 0x80) return 0;
    cp = (cp << 6) | (c & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return printable(cp) ? length : 0;
}

/** Whether the bytes print as they are under `rule` (most rows: nothing to rewrite). */
export function printsAsIs(b: Uint8Array, from: number, to: number, rule: NonAsciiRule): boolean {
  for (let i = from; i < to; i++) {
    const c = b[i]!;
    if (asciiPrintable(c)) continue;
    if (c < 0x80 || rule === "escape") return false;
    if (rule === "utf8") {
      const n = printableUtf8(b, i, to);
      if (n === 0) return false;
      i += n - 1;
    }
  }
  return true;
}

/** Writes `row` to `w` as fputs_careful prints it under `rule`. */
export function writeCareful(w: ByteWriter, row: Uint8Array, rule: NonAsciiRule): void {
  w.reserve(row.length * 4);
  for (let i = 0; i < row.length; i++) {
    const c = row[i]!;
    if (asciiPrintable(c)) w.byte(c);
    else if (c < 0x80) { w.byte(0x2a); w.byte(c ^ 0x40); }
    else {
      const n = rule === "raw" ? 1 : rule === "utf8" ? printableUtf8(row, i, row.length) : 0;
      if (n === 0) {
        w.byte(0x5c);
        w.ascii(c.toString(8));
      } else {
        for (let k = 0; k < n; k++) w.byte(row[i + k]!);
        i += n - 1;
      }
    }
  }
}
