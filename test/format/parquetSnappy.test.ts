// Our SNAPPY compressor (src/format/parquetSnappy.ts) against an independent
// decompressor (hyparquet's, the reader half of the library we write with):
// every input comes back byte for byte, across the 64 KiB block boundary, for
// data with no repeats, long runs and the shapes of page values.
import { expect, test } from "vitest";
import { snappyUncompress } from "hyparquet/src/snappy.js";
import { snappyCompress } from "../../src/format/parquetSnappy.ts";

function roundTrip(input: Uint8Array): Uint8Array {
  const packed = snappyCompress(input);
  const out = new Uint8Array(input.length);
  snappyUncompress(packed, out);
  return out;
}

/** The first index where `a` and `b` differ (-1 when equal): toEqual walks large arrays slowly. */
function mismatch(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

/** A deterministic pseudo-random byte source (xorshift32). */
function random(n: number, seed: number, alphabet = 256): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    out[i] = (x >>> 0) % alphabet;
  }
  return out;
}

const sizes = [0, 1, 4, 14, 15, 16, 60, 61, 256, 257, 4096, 65_535, 65_536, 65_537, 200_003];

test.each(sizes)("%i random bytes", (n) => {
  const input = random(n, n + 1);
  expect(mismatch(roundTrip(input), input)).toBe(-1);
});

test.each(sizes)("%i bytes of a small alphabet (short matches)", (n) => {
  const input = random(n, 7 * n + 3, 4);
  expect(mismatch(roundTrip(input), input)).toBe(-1);
});

test.each(sizes)("%i bytes of one value (long copies)", (n) => {
  const input = new Uint8Array(n).fill(42);
  expect(mismatch(roundTrip(input), input)).toBe(-1);
  if (n > 1000) expect(snappyCompress(input).length).toBeLessThan(n / 10);
});

test("page-like values: little-endian int64 counters, and text with repeats", () => {
  const ints = new BigInt64Array(50_000);
  for (let i = 0; i < ints.length; i++) ints[i] = BigInt(1_700_000_000_000_000 + i * 384);
  const bytes = new Uint8Array(ints.buffer);
  expect(mismatch(roundTrip(bytes), bytes)).toBe(-1);
  const text = new TextEncoder().encode(Array.from({ length: 20_000 }, (_, i) => `host-${i % 97}.example.org`).join(""));
  expect(mismatch(roundTrip(text), text)).toBe(-1);
  expect(snappyCompress(text).length).toBeLessThan(text.length / 4);
});
