// inet_ntop's text of an address (glibc's rules), written to the output region.
import { cursor } from "./textOut";

/**
 * Each byte's decimal text, by value: the digits in the low three bytes (first
 * digit lowest), their count in the high one. Filled once, as the module starts.
 */
const OCTETS = memory.data(256 * 4);
for (let v: u32 = 0; v < 256; v++) {
  const entry = v >= 100 ? (48 + v / 100) | ((48 + v / 10 % 10) << 8) | ((48 + v % 10) << 16) | (3 << 24)
    : v >= 10 ? (48 + v / 10) | ((48 + v % 10) << 8) | (2 << 24)
    : (48 + v) | (1 << 24);
  store<u32>(OCTETS + (<usize>v << 2), entry);
}

/** One byte's text and a dot at `out` (four bytes written): where the next starts. */
@inline function octet(out: usize, v: u32): usize {
  const entry = load<u32>(OCTETS + (<usize>v << 2));
  store<u32>(out, entry);
  out += <usize>(entry >>> 24);
  store<u8>(out, 0x2e);
  return out + 1;
}

/**
 * Dotted quad of the four bytes at `p`: a table entry a byte, the cursor in a
 * local (a global is read and written through memory at every step). Writes
 * up to four bytes past the text (overwritten next: callers leave room).
 */
export function putIPv4(p: usize): void {
  cursor = ipv4At(cursor, p);
}

/** putIPv4() at `out`: where the text ends. */
export function ipv4At(out: usize, p: usize): usize {
  out = octet(out, <u32>load<u8>(p));
  out = octet(out, <u32>load<u8>(p, 1));
  out = octet(out, <u32>load<u8>(p, 2));
  out = octet(out, <u32>load<u8>(p, 3));
  return out - 1; // the last dot is not the address's
}

@inline function word(p: usize, i: i32): u32 {
  return (<u32>load<u8>(p + <usize>(2 * i)) << 8) | <u32>load<u8>(p + <usize>(2 * i + 1));
}

/** Lowercase hex digits, by value. */
const HEX = memory.data<u8>([0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66]);

/** A 16-bit word in hex without leading zeros at `out`: where its text ends. */
@inline function hexWord(out: usize, v: u32): usize {
  const n: u32 = v >= 0x1000 ? 4 : v >= 0x100 ? 3 : v >= 0x10 ? 2 : 1;
  for (let k: u32 = 0; k < n; k++) store<u8>(out + <usize>k, load<u8>(HEX + <usize>((v >> ((n - 1 - k) << 2)) & 15)));
  return out + <usize>n;
}

/** The 16 network-order bytes at `p` as inet_ntop(AF_INET6) writes them. */
export function putIPv6(p: usize): void {
  cursor = ipv6At(cursor, p);
}

/** putIPv6() at `out`: where the text ends. */
export function ipv6At(out: usize, p: usize): usize {
  // the longest run of two or more zero words (the first one on a tie) becomes "::"
  let bestBase = -1, bestLen = 0, curBase = -1, curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (word(p, i) == 0) {
      if (curBase == -1) { curBase = i; curLen = 1; } else curLen++;
    } else if (curBase != -1) {
      if (bestBase == -1 || curLen > bestLen) { bestBase = curBase; bestLen = curLen; }
      curBase = -1;
    }
  }
  if (curBase != -1 && (bestBase == -1 || curLen > bestLen)) { bestBase = curBase; bestLen = curLen; }
  if (bestBase != -1 && bestLen < 2) bestBase = -1;
  for (let i = 0; i < 8; i++) {
    if (bestBase != -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i == bestBase) store<u8>(out++, 0x3a);
      continue;
    }
    if (i != 0) store<u8>(out++, 0x3a);
    // an IPv4-compatible (::a.b.c.d) or IPv4-mapped (::ffff:a.b.c.d) address ends in a dotted quad
    if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && word(p, 5) == 0xffff))) {
      return ipv4At(out, p + 12);
    }
    out = hexWord(out, word(p, i));
  }
  if (bestBase != -1 && bestBase + bestLen == 8) store<u8>(out++, 0x3a);
  return out;
}
