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
  return cursor <= roomEnd(n);
}

/** The last place to write from with room for `n` more bytes: for a writer whose cursor is a local. */
@inline export function roomEnd(n: i32): usize {
  return outPtr + <usize>OUT_CAPACITY - <usize>n;
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

/** "00" to "99": putUnsigned32 writes two digits at a time. */
const PAIRS = memory.data<u8>([
  0x30, 0x30, 0x30, 0x31, 0x30, 0x32, 0x30, 0x33, 0x30, 0x34, 0x30, 0x35, 0x30, 0x36, 0x30, 0x37, 0x30, 0x38, 0x30, 0x39,
  0x31, 0x30, 0x31, 0x31, 0x31, 0x32, 0x31, 0x33, 0x31, 0x34, 0x31, 0x35, 0x31, 0x36, 0x31, 0x37, 0x31, 0x38, 0x31, 0x39,
  0x32, 0x30, 0x32, 0x31, 0x32, 0x32, 0x32, 0x33, 0x32, 0x34, 0x32, 0x35, 0x32, 0x36, 0x32, 0x37, 0x32, 0x38, 0x32, 0x39,
  0x33, 0x30, 0x33, 0x31, 0x33, 0x32, 0x33, 0x33, 0x33, 0x34, 0x33, 0x35, 0x33, 0x36, 0x33, 0x37, 0x33, 0x38, 0x33, 0x39,
  0x34, 0x30, 0x34, 0x31, 0x34, 0x32, 0x34, 0x33, 0x34, 0x34, 0x34, 0x35, 0x34, 0x36, 0x34, 0x37, 0x34, 0x38, 0x34, 0x39,
  0x35, 0x30, 0x35, 0x31, 0x35, 0x32, 0x35, 0x33, 0x35, 0x34, 0x35, 0x35, 0x35, 0x36, 0x35, 0x37, 0x35, 0x38, 0x35, 0x39,
  0x36, 0x30, 0x36, 0x31, 0x36, 0x32, 0x36, 0x33, 0x36, 0x34, 0x36, 0x35, 0x36, 0x36, 0x36, 0x37, 0x36, 0x38, 0x36, 0x39,
  0x37, 0x30, 0x37, 0x31, 0x37, 0x32, 0x37, 0x33, 0x37, 0x34, 0x37, 0x35, 0x37, 0x36, 0x37, 0x37, 0x37, 0x38, 0x37, 0x39,
  0x38, 0x30, 0x38, 0x31, 0x38, 0x32, 0x38, 0x33, 0x38, 0x34, 0x38, 0x35, 0x38, 0x36, 0x38, 0x37, 0x38, 0x38, 0x38, 0x39,
  0x39, 0x30, 0x39, 0x31, 0x39, 0x32, 0x39, 0x33, 0x39, 0x34, 0x39, 0x35, 0x39, 0x36, 0x39, 0x37, 0x39, 0x38, 0x39, 0x39,
]);

/** `v` (0-99) as two digits, zero first. */
@inline export function putPair(v: u32): void {
  store<u16>(cursor, load<u16>(PAIRS + (<usize>v << 1)));
  cursor += 2;
}

/** `v` (0-99) as two digits in the low 16 bits, the first in the low byte: to build a store of several. */
@inline export function pairBits(v: u32): u64 {
  return <u64>load<u16>(PAIRS + (<usize>v << 1));
}

/** `v` (0-999999) as six digits in the low 48 bits, the first in the low byte. */
@inline export function sixDigitBits(v: u32): u64 {
  const high = v / 10000, low = v - high * 10000;
  const mid = low / 100;
  return pairBits(high) | (pairBits(mid) << 16) | (pairBits(low - mid * 100) << 32);
}

/** `v` (0-999999) as six digits: a time's microseconds. */
@inline export function putSixDigits(v: u32): void {
  store<u64>(cursor, sixDigitBits(v)); // two bytes past them, overwritten next
  cursor += 6;
}

/**
 * "hh:mm:ss" of a second of the day (0-86399): eight bytes, so one store
 * rather than eight writes of the cursor.
 */
@inline export function putClock(second: u32): void {
  cursor = clockAt(cursor, second);
}

/** putClock() at `out`: where it ends. */
@inline export function clockAt(out: usize, second: u32): usize {
  const minute = second / 60;
  store<u64>(out, pairBits(minute / 60) | (<u64>0x3a << 16) | (pairBits(minute % 60) << 24) | (<u64>0x3a << 40) | (pairBits(second % 60) << 48));
  return out + 8;
}

/** Eight ASCII bytes packed little-endian in `word` (such as "+00:00]\n"). */
@inline export function put8(word: u64): void {
  store<u64>(cursor, word);
  cursor += 8;
}

/** Decimal digits of `v`. */
@inline function digitCount(v: u32): i32 {
  if (v < 100000) return v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : 5;
  return v < 1000000 ? 6 : v < 10000000 ? 7 : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10;
}

/** `v` (0-99999999) as eight digits, zero-padded, the first in the low byte. */
@inline function eightDigitBits(v: u32): u64 {
  const top = v / 1000000;
  return pairBits(top) | (sixDigitBits(v - top * 1000000) << 16);
}

/**
 * putUnsigned() in 32-bit arithmetic: up to eight digits in one store (its
 * leading zeros shifted out), for the digit-pair loop's divisions in a chain
 * were a record's dearest numbers (seconds, offsets). Engines turn 32-bit
 * division by a constant into a multiplication.
 */
export function putUnsigned32(v: u32, width: i32): void {
  cursor = unsigned32At(cursor, v, width);
}

/** putUnsigned32() at `out`, the cursor in a local: where the digits end. Inlined: up to eight digits in a few instructions. */
@inline export function unsigned32At(out: usize, v: u32, width: i32): usize {
  if (v >= 100000000 || width > 8) return longUnsigned32At(out, v, width);
  const n = digitCount(v);
  const total = n > width ? n : width;
  // eight bytes written, `total` kept (the rest overwritten next: callers leave room)
  store<u64>(out, eightDigitBits(v) >> (<u64>(8 - total) << 3));
  return out + <usize>total;
}

/** unsigned32At() of more than eight digits: a value from 10^8 up, or a width past 8. */
function longUnsigned32At(out: usize, v: u32, width: i32): usize {
  const n = digitCount(v);
  // the digits above the last eight, zero-padded to what the width leaves them
  const lead = (n > width ? n : width) - 8;
  const high = v / 100000000;
  let p = out + <usize>lead;
  if (high >= 10) { p -= 2; store<u16>(p, <u16>pairBits(high)); }
  else if (high > 0) { p--; store<u8>(p, <u8>(48 + high)); }
  while (p > out) store<u8>(--p, 48);
  out += <usize>lead;
  store<u64>(out, eightDigitBits(v - high * 100000000));
  return out + 8;
}

/** Bytes of a putMillions() cache: the millions it last wrote, their digits (up to four, packed), and how many. */
export const MILLIONS_CACHE_BYTES: i32 = 12;

/**
 * putUnsigned32(v, 1) for a column whose values move slowly (a record's seconds,
 * its offset in the file): the digits above the last six are those of the
 * previous call most of the time, so they come from `cache` (MILLIONS_CACHE_BYTES,
 * one per column, zeroed: no millions written yet) and only the last six are
 * computed. A record's line has two such numbers of nine or ten digits.
 */
export function putMillions(v: u32, cache: usize): void {
  cursor = millionsAt(cursor, v, cache);
}

/** putMillions() at `out`, the cursor in a local: where the digits end. */
@inline export function millionsAt(out: usize, v: u32, cache: usize): usize {
  if (v < 1000000) return digitsAt(out, v);
  const millions = v / 1000000;
  if (millions != load<u32>(cache)) newMillions(millions, cache);
  store<u32>(out, load<u32>(cache, 4)); // four bytes, the length kept (the rest overwritten next)
  out += <usize>load<u32>(cache, 8);
  store<u64>(out, sixDigitBits(v - millions * 1000000)); // two bytes past them, overwritten next
  return out + 6;
}

/** millionsAt()'s cache made for new millions: once in many records, so a call rather than inlined. */
function newMillions(millions: u32, cache: usize): void {
  const n = digitCount(millions); // 1-4: u32 tops out at 4294 millions
  store<u32>(cache, millions);
  store<u32>(cache, <u32>((pairBits(millions / 100) | (pairBits(millions % 100) << 16)) >> (<u64>(4 - n) << 3)), 4);
  store<u32>(cache, n, 8);
}

/** unsigned32At(out, v, 1) as a call: one copy for the numbers a record seldom has past one digit. */
export function digitsAt(out: usize, v: u32): usize {
  return unsigned32At(out, v, 1);
}

/** printf("%0Wd"): the sign, then the digits zero-padded to `width` - 1. */
export function putSigned(v: i64, width: i32): void {
  let magnitude = <u64>v;
  if (v < 0) {
    put(0x2d);
    magnitude = <u64>(-v);
    width--;
  }
  if (magnitude <= <u64>u32.MAX_VALUE) putUnsigned32(<u32>magnitude, width);
  else putUnsigned(magnitude, width);
}

/** A year as String(year).padStart(4, " "). */
export function putPaddedYear(year: i64): void {
  let chars = year < 0 ? 2 : 1;
  for (let t = year < 0 ? -year : year; t >= 10; t /= 10) chars++;
  if (chars < 4) putSpaces(4 - chars);
  putSigned(year, 1);
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

/** `n` spaces, sixteen at a time: it may write up to 15 past them (overwritten next: callers leave room). */
export function putSpaces(n: i32): void {
  if (n <= 0) return;
  const spaces = i8x16.splat(0x20);
  for (let k = 0; k < n; k += 16) v128.store(cursor + <usize>k, spaces);
  cursor += <usize>n;
}
