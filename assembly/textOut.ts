// Text written into the output region, byte by byte: the core's half of the
// text formats (utmpdump, JSON lines), so a record's line is made without a string or an
// object on the host.
import { OUT_CAPACITY, outPtr } from "./memoryMap";

/** Next byte to write in the output region. */
export let cursor: usize = 0;

/** Starts writing at the beginning of the output region. */
export function rewind(): void {
  cursor = outPtr;
}

/** Bytes written since rewind(). */
export function written(): i32 {
  return <i32>(cursor - outPtr);
}

/** Whether `n` more bytes fit. */
export function roomFor(n: i32): bool {
  return cursor + <usize>n <= outPtr + <usize>OUT_CAPACITY;
}

@inline export function put(c: u32): void {
  store<u8>(cursor, <u8>c);
  cursor++;
}

/** Three ASCII bytes packed little-endian in `word` (such as "] ["). */
@inline export function put3(word: u32): void {
  store<u16>(cursor, <u16>word);
  store<u8>(cursor, <u8>(word >> 16), 2);
  cursor += 3;
}

/** `v` in decimal with at least `width` digits, zero-padded. */
export function putUnsigned(v: u64, width: i32): void {
  let n = 1;
  for (let t = v; t >= 10; t /= 10) n++;
  const total = n > width ? n : width;
  let p = cursor + <usize>(total - 1);
  for (let i = 0; i < total; i++) {
    store<u8>(p, <u8>(48 + v % 10));
    v /= 10;
    p--;
  }
  cursor += <usize>total;
}

/** putUnsigned() in 32-bit arithmetic, which engines turn into multiplications: most numbers of a record fit. */
export function putUnsigned32(v: u32, width: i32): void {
  let n = 1;
  for (let t = v; t >= 10; t /= 10) n++;
  const total = n > width ? n : width;
  let p = cursor + <usize>(total - 1);
  for (let i = 0; i < total; i++) {
    store<u8>(p, <u8>(48 + v % 10));
    v /= 10;
    p--;
  }
  cursor += <usize>total;
}

/** printf("%0Wd"): the sign, then the digits zero-padded to `width` - 1. */
export function putSigned(v: i64, width: i32): void {
  if (v < 0) {
    put(0x2d);
    putUnsigned(<u64>(-v), width - 1);
  } else {
    putUnsigned(<u64>v, width);
  }
}

/** `v` in lowercase hex without leading zeros. */
export function putHex(v: u32): void {
  let shift = 12;
  while (shift > 0 && ((v >> <u32>shift) & 15) == 0) shift -= 4;
  for (; shift >= 0; shift -= 4) {
    const d = (v >> <u32>shift) & 15;
    put(d < 10 ? 48 + d : 87 + d);
  }
}

/**
 * The `n` bytes at `p`: short snippets (a key, a type's prefix, a UTF-8
 * sequence), eight bytes at a time, for memory.copy is a call out of the module
 * in engines, dear for a few bytes. It may read up to 7 bytes past the snippet
 * and write up to 7 past the text (overwritten next: callers leave room).
 */
@inline export function putBytes(p: usize, n: i32): void {
  for (let k = 0; k < n; k += 8) store<u64>(cursor + <usize>k, load<u64>(p + <usize>k));
  cursor += <usize>n;
}

/** `n` spaces. */
export function putSpaces(n: i32): void {
  for (let i = 0; i < n; i++) put(0x20);
}
