// inet_ntop's text of an address (glibc's rules), written to the output region.
import { put, putHex, putUnsigned } from "./textOut";

/** Dotted quad of the four bytes at `p`. */
export function putIPv4(p: usize): void {
  putUnsigned(<u64>load<u8>(p), 1); put(0x2e);
  putUnsigned(<u64>load<u8>(p, 1), 1); put(0x2e);
  putUnsigned(<u64>load<u8>(p, 2), 1); put(0x2e);
  putUnsigned(<u64>load<u8>(p, 3), 1);
}

@inline function word(p: usize, i: i32): u32 {
  return (<u32>load<u8>(p + <usize>(2 * i)) << 8) | <u32>load<u8>(p + <usize>(2 * i + 1));
}

/** The 16 network-order bytes at `p` as inet_ntop(AF_INET6) writes them. */
export function putIPv6(p: usize): void {
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
      if (i == bestBase) put(0x3a);
      continue;
    }
    if (i != 0) put(0x3a);
    // an IPv4-compatible (::a.b.c.d) or IPv4-mapped (::ffff:a.b.c.d) address ends in a dotted quad
    if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && word(p, 5) == 0xffff))) {
      putIPv4(p + 12);
      return;
    }
    putHex(word(p, i));
  }
  if (bestBase != -1 && bestBase + bestLen == 8) put(0x3a);
}
