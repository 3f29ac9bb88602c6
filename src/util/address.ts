// Address text as inet_ntop prints it (glibc's rules), so that entries and
// `utmpx dump` agree with util-linux.
import { valueKind } from "./valueKind.ts";

/** Dotted quad of bytes 0-3. */
export function formatIPv4(b: Uint8Array, at = 0): string {
  needBytes("formatIPv4", b, at, 4);
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

/** formatIPv6's text, written into a reused buffer. */
const IPV6_TEXT = new Uint8Array(48);
// the bytes' text in one call (ASCII: one char per byte); String.fromCharCode.apply over them was 1.5× as slow
const latin1 = new TextDecoder("latin1");

/** RFC 5952-style text, exactly as glibc's inet_ntop(AF_INET6) writes it. */
export function formatIPv6(b: Uint8Array, at = 0): string {
  needBytes("formatIPv6", b, at, 16);
  const n = writeIPv6(b, at, IPV6_TEXT);
  return latin1.decode(IPV6_TEXT.subarray(0, n));
}

/**
 * formatIPv4's text of the bytes at `b[at, at + 4)`, written as ASCII bytes
 * into `out` from `to` (room for 15); returns where it ends.
 */
export function writeIPv4(b: Uint8Array, at: number, out: Uint8Array, to = 0): number {
  needBytes("writeIPv4", b, at, 4);
  needRoom("writeIPv4", out, to, 15);
  return putIPv4(b, at, out, to);
}

/** writeIPv4 for callers that know the bytes and the room are there (a batch's address column, a buffer of its size). */
export function putIPv4(b: Uint8Array, at: number, out: Uint8Array, to: number): number {
  let n = to;
  for (let k = 0; k < 4; k++) {
    if (k > 0) out[n++] = 0x2e; // .
    const v = b[at + k]!;
    if (v >= 100) out[n++] = 0x30 + ((v / 100) | 0);
    if (v >= 10) out[n++] = 0x30 + (((v / 10) | 0) % 10);
    out[n++] = 0x30 + (v % 10);
  }
  return n;
}

/**
 * formatIPv6's text of the bytes at `b[at, at + 16)`, written as ASCII bytes
 * into `out` from `to` (room for 45); returns where it ends. Why bytes: an
 * address met once (a dump's, a brute-force btmp's) then makes no string.
 */
export function writeIPv6(b: Uint8Array, at: number, out: Uint8Array, to = 0): number {
  needBytes("writeIPv6", b, at, 16);
  needRoom("writeIPv6", out, to, 45);
  return putIPv6(b, at, out, to);
}

/** writeIPv6 for callers that know the bytes and the room are there. */
export function putIPv6(b: Uint8Array, at: number, out: Uint8Array, to: number): number {
  // the longest run of two or more zero words (the first one on a tie) becomes "::"
  let bestBase = -1, bestLen = 0, curBase = -1, curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (word(b, at, i) === 0) {
      if (curBase === -1) { curBase = i; curLen = 1; } else curLen++;
    } else if (curBase !== -1) {
      if (bestBase === -1 || curLen > bestLen) { bestBase = curBase; bestLen = curLen; }
      curBase = -1;
    }
  }
  if (curBase !== -1 && (bestBase === -1 || curLen > bestLen)) { bestBase = curBase; bestLen = curLen; }
  if (bestBase !== -1 && bestLen < 2) bestBase = -1;
  let n = to;
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out[n++] = 0x3a; // :
      continue;
    }
    if (i !== 0) out[n++] = 0x3a;
    // an IPv4-compatible (::a.b.c.d) or IPv4-mapped (::ffff:a.b.c.d) address ends in a dotted quad
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && word(b, at, 5) === 0xffff))) return putIPv4(b, at + 12, out, n);
    n = hexWord(word(b, at, i), out, n);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) out[n++] = 0x3a;
  return n;
}

/** Refuses `b` unless it holds `size` bytes at `at`: undefined failed as "reading 'length'", and bytes past the end were written as "undefined" or 0. */
function needBytes(fn: string, b: Uint8Array, at: number, size: number): void {
  if (!(b instanceof Uint8Array)) throw new TypeError(`utmpx: ${fn}(bytes) is ${valueKind(b)}, not a Uint8Array`);
  if (!(at >= 0 && at + size <= b.length)) throw new RangeError(`utmpx: ${fn}: no ${size} bytes at ${at} of ${b.length}`);
}

/** Refuses an `out` without the room the longest text needs from `to`: what did not fit was dropped, and the end returned counted it. */
function needRoom(fn: string, out: Uint8Array, to: number, room: number): void {
  if (!(out instanceof Uint8Array)) throw new TypeError(`utmpx: ${fn}(out) is ${valueKind(out)}, not a Uint8Array`);
  if (!(to >= 0 && to + room <= out.length)) throw new RangeError(`utmpx: ${fn}: out has no room for ${room} bytes at ${to} of ${out.length}`);
}

/** Word `i` (big-endian) of the address at `at`. */
function word(b: Uint8Array, at: number, i: number): number {
  return (b[at + 2 * i]! << 8) | b[at + 2 * i + 1]!;
}

/** Writes `w` in lower-case hex without leading zeros into `out` from `n`; returns where it ends. */
function hexWord(w: number, out: Uint8Array, n: number): number {
  let shift = 12;
  while (shift > 0 && w >> shift === 0) shift -= 4;
  for (; shift >= 0; shift -= 4) {
    const d = (w >> shift) & 15;
    out[n++] = d < 10 ? 0x30 + d : 0x57 + d; // 0-9, a-f
  }
  return n;
}
