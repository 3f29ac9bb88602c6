// An address's text as the package writes it (src/util/address.ts: dotted
// decimal, and inet_ntop's IPv6 form), written as ASCII bytes into a buffer
// rather than made a string. Why: a file of logins from new IPv6 peers made a
// string (and its pieces) per record only to copy its chars into bytes; in the
// worst-case bench file (a fifth of the peers IPv6) that garbage took ~50
// young-generation collections in the decoding worker.

/** Writes the dotted-decimal text of the IPv4 address at `b[at, at + 4)` into `out` from `to`; returns where it ends. */
export function ipv4Text(b: Uint8Array, at: number, out: Uint8Array, to = 0): number {
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
 * Writes the text of the IPv6 address at `b[at, at + 16)` into `out` (room
 * for 45 bytes) as formatIPv6 does: the longest run of two or more zero words
 * (the first on a tie) as "::", hex words without leading zeros, and a dotted
 * quad at the end of an IPv4-compatible or IPv4-mapped address; returns its length.
 */
export function ipv6Text(b: Uint8Array, at: number, out: Uint8Array): number {
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
  let n = 0;
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out[n++] = 0x3a; // :
      continue;
    }
    if (i !== 0) out[n++] = 0x3a;
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && word(b, at, 5) === 0xffff))) return ipv4Text(b, at + 12, out, n);
    n = hexWord(word(b, at, i), out, n);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) out[n++] = 0x3a;
  return n;
}

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
