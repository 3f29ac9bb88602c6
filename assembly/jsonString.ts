// A string field as the host's JSON shows it, written from the record's bytes:
// the text TextDecoder("utf-8") makes of them (each invalid sequence, per its
// maximal subpart, becomes U+FFFD, as the WHATWG decoder does), then
// JSON.stringify's quoting of that text. Decoded text has no lone surrogate, so
// JSON.stringify escapes only `"`, `\` and the controls below 0x20.
import { cursor, put, putBytes } from "./textOut";

/** U+FFFD in UTF-8. */
const REPLACEMENT_0: u32 = 0xef, REPLACEMENT_1: u32 = 0xbf, REPLACEMENT_2: u32 = 0xbd;

/** The six controls JSON.stringify writes with a letter, by code (0 where it writes \u00xx). */
@inline function shortEscape(c: u32): u32 {
  switch (c) {
    case 0x08: return 0x62; // b
    case 0x09: return 0x74; // t
    case 0x0a: return 0x6e; // n
    case 0x0c: return 0x66; // f
    case 0x0d: return 0x72; // r
    default: return 0;
  }
}

/** An ASCII byte that needs an escape: `\"`, `\\`, `\n` and the like, else `\u00xx` in lowercase hex. */
function putEscaped(c: u32): void {
  put(0x5c);
  if (c == 0x22 || c == 0x5c) return put(c);
  const letter = shortEscape(c);
  if (letter != 0) return put(letter);
  put(0x75); put(0x30); put(0x30);
  put(0x30 + (c >> 4));
  const low = c & 15;
  put(low < 10 ? 0x30 + low : 0x57 + low);
}

/**
 * The UTF-8 sequence that starts with the byte at `k` (of `n` at `p`, at least
 * 0x80): its length when it is well-formed, else minus the length of its
 * ill-formed start, which a decoder replaces by one U+FFFD (TextDecoder does).
 */
export function utf8Sequence(p: usize, k: i32, n: i32): i32 {
  const b = <u32>load<u8>(p + <usize>k);
  // the sequence's length and the range its second byte must fall in (Unicode table 3-7)
  let need = 0, lo: u32 = 0x80, hi: u32 = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) need = 1;
  else if (b >= 0xe0 && b <= 0xef) {
    need = 2;
    if (b == 0xe0) lo = 0xa0; // shorter forms are overlong
    else if (b == 0xed) hi = 0x9f; // above are surrogates
  } else if (b >= 0xf0 && b <= 0xf4) {
    need = 3;
    if (b == 0xf0) lo = 0x90; // overlong
    else if (b == 0xf4) hi = 0x8f; // above U+10FFFF
  }
  let j = 1;
  for (; j <= need && k + j < n; j++) {
    const c = <u32>load<u8>(p + <usize>(k + j));
    if (c < lo || c > hi) break;
    lo = 0x80; hi = 0xbf;
  }
  // ill-formed: one U+FFFD for the lead and the continuations that fit; the byte that did not starts the next character
  return need == 0 || j <= need ? -j : need + 1;
}

/**
 * The byte at `k` (of `n` at `p`) that is not plain ASCII: written escaped, as
 * its whole UTF-8 sequence, or as U+FFFD for an ill-formed one. Returns where the
 * next character starts.
 */
function putSpecial(p: usize, k: i32, n: i32): i32 {
  const b = <u32>load<u8>(p + <usize>k);
  if (b < 0x80) {
    putEscaped(b);
    return k + 1;
  }
  const m = utf8Sequence(p, k, n);
  if (m < 0) {
    put(REPLACEMENT_0); put(REPLACEMENT_1); put(REPLACEMENT_2);
    return k - m;
  }
  putBytes(p + <usize>k, m);
  return k + m;
}

/**
 * The bytes of `v` that stop a run of plain text, one bit each: those below 0x20
 * (compared signed, so the NUL, the controls and every byte from 0x80 up), `"` and `\`.
 */
@inline function stops(v: v128): u64 {
  return <u64>i8x16.bitmask(v128.or(i8x16.lt_s(v, i8x16.splat(0x20)),
    v128.or(i8x16.eq(v, i8x16.splat(0x22)), i8x16.eq(v, i8x16.splat(0x5c)))));
}

/**
 * The field of `width` bytes at `p`, up to its first NUL, as the text of a JSON
 * string at `out` (its quotes are in the keys around it, jsonKeys.ts): where
 * it ends. Runs of printable ASCII are copied sixteen
 * bytes at a time, and the NUL is found in the same pass (it is among the
 * bytes that stop a run), not in one of its own before. The first 32 bytes
 * (16 of a narrower field) are done in one step, without a loop: most fields
 * end in them, and the loop's exit, after one vector or two or three as the
 * text's length went from one record to the next, was mispredicted. The
 * vectors may read up to 15 bytes past the field (still inside the record or
 * the slack after the window) and write up to 31 past the text (overwritten
 * next: callers leave room).
 */
@inline export function jsonFieldAt(out: usize, p: usize, width: i32): usize {
  const v0 = v128.load(p);
  v128.store(out, v0);
  let stop = stops(v0);
  let first = 16;
  if (width > 16) {
    const v1 = v128.load(p + 16);
    v128.store(out + 16, v1);
    stop |= stops(v1) << 16;
    first = 32;
  }
  const limit = width < first ? width : first;
  stop |= ~((<u64>1 << <u64>limit) - 1); // the bytes past the field or the step end it
  let k = <i32>ctz(stop);
  out += <usize>k;
  if (k == width || (k < limit && load<u8>(p + <usize>k) == 0)) return out;
  return jsonFieldRest(out, p, k, width);
}

/**
 * jsonFieldAt's text from byte `k` of the field on (a longer field, or a byte to
 * escape), sixteen bytes at a time: a call, not inlined.
 */
function jsonFieldRest(out: usize, p: usize, k: i32, width: i32): usize {
  while (k < width) {
    const v = v128.load(p + <usize>k);
    const special = <u32>stops(v);
    v128.store(out, v);
    let run = special == 0 ? 16 : <i32>ctz(special);
    if (run > width - k) run = width - k;
    out += <usize>run;
    k += run;
    if (k >= width || run == 16) continue;
    if (load<u8>(p + <usize>k) == 0) break; // the field ends here
    // a NUL ends a UTF-8 sequence it cuts (it is no continuation byte), as it ended the field
    cursor = out;
    k = putSpecial(p, k, width);
    out = cursor;
  }
  return out;
}
