// Snappy compression of Parquet pages (the raw format, no framing: what
// Parquet's SNAPPY codec means), written for speed: the input in blocks of
// 64 KiB as the reference compressor does (snappy.cc CompressFragment), a
// hash table of 16-bit positions reused across calls, and the output written
// into one array sized for the worst case, with no call per byte. The same
// algorithm as snappyjs (MIT, Zhipeng Jia), which hyparquet-writer carries.
import { ByteBuffer } from "./parquetBytes.ts";

const BLOCK = 1 << 16;
const MAX_TABLE_BITS = 14;
const INPUT_MARGIN = 15;
const tables: Uint16Array[] = [];

/** The most bytes `n` input bytes compress to (snappy's MaxCompressedLength). */
const maxCompressed = (n: number): number => 32 + n + Math.ceil(n / 6);

/** `input` compressed (a new array). */
export function snappyCompress(input: Uint8Array): Uint8Array {
  const out = new ByteBuffer(maxCompressed(input.length));
  snappyInto(out, input);
  return out.buffer.subarray(0, out.length);
}

/** Appends `input` compressed to `out`. */
export function snappyInto(out: ByteBuffer, input: Uint8Array): void {
  out.reserve(maxCompressed(input.length));
  out.varint(input.length);
  const output = out.buffer;
  let op = out.length;
  for (let at = 0; at < input.length; at += BLOCK) op = fragment(input, at, Math.min(BLOCK, input.length - at), output, op);
  out.length = op;
}

function literal(input: Uint8Array, from: number, len: number, output: Uint8Array, op: number): number {
  const n = len - 1;
  if (len <= 60) output[op++] = n << 2;
  else if (len <= 256) {
    output[op++] = 60 << 2;
    output[op++] = n;
  } else {
    output[op++] = 61 << 2;
    output[op++] = n & 0xff;
    output[op++] = n >>> 8;
  }
  if (len < 32) {
    for (let i = 0; i < len; i++) output[op + i] = input[from + i]!;
  } else output.set(input.subarray(from, from + len), op);
  return op + len;
}

function copyUpTo64(output: Uint8Array, op: number, offset: number, len: number): number {
  if (len < 12 && offset < 2048) {
    output[op] = 1 + ((len - 4) << 2) + ((offset >>> 8) << 5);
    output[op + 1] = offset & 0xff;
    return op + 2;
  }
  output[op] = 2 + ((len - 1) << 2);
  output[op + 1] = offset & 0xff;
  output[op + 2] = offset >>> 8;
  return op + 3;
}

function copy(output: Uint8Array, op: number, offset: number, len: number): number {
  while (len >= 68) {
    op = copyUpTo64(output, op, offset, 64);
    len -= 64;
  }
  if (len > 64) {
    op = copyUpTo64(output, op, offset, 60);
    len -= 60;
  }
  return copyUpTo64(output, op, offset, len);
}

/** Compresses input[base, base + size) (size <= 64 KiB) to output at `op`; returns the new end. */
function fragment(input: Uint8Array, base: number, size: number, output: Uint8Array, op: number): number {
  let bits = 8;
  while (bits < MAX_TABLE_BITS && 1 << bits < size) bits++;
  const shift = 32 - bits;
  const table = (tables[bits] ??= new Uint16Array(1 << bits));
  table.fill(0);
  const end = base + size;
  let nextEmit = base;
  if (size >= INPUT_MARGIN) {
    const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
    const limit = end - INPUT_MARGIN;
    let ip = base + 1;
    let next = view.getInt32(ip, true);
    let candidate = 0;
    outer: for (;;) {
      let skip = 32;
      let nextIp = ip;
      // find a 4-byte match, skipping faster through data that has none
      for (;;) {
        ip = nextIp;
        const here = next;
        nextIp = ip + (skip++ >>> 5);
        if (nextIp > limit) break outer;
        next = view.getInt32(nextIp, true);
        const h = Math.imul(here, 0x1e35a7bd) >>> shift;
        candidate = base + table[h]!;
        table[h] = ip - base;
        if (here === view.getInt32(candidate, true)) break;
      }
      op = literal(input, nextEmit, ip - nextEmit, output, op);
      for (;;) {
        const start = ip;
        let matched = 4;
        // extend the match four bytes at a time while both have four left, then byte by byte
        while (ip + matched + 4 <= end && view.getInt32(ip + matched, true) === view.getInt32(candidate + matched, true)) matched += 4;
        while (ip + matched < end && input[ip + matched] === input[candidate + matched]) matched++;
        ip += matched;
        op = copy(output, op, start - candidate, matched);
        nextEmit = ip;
        if (ip >= limit) break outer;
        table[Math.imul(view.getInt32(ip - 1, true), 0x1e35a7bd) >>> shift] = ip - 1 - base;
        const here = view.getInt32(ip, true);
        const h = Math.imul(here, 0x1e35a7bd) >>> shift;
        candidate = base + table[h]!;
        table[h] = ip - base;
        if (here !== view.getInt32(candidate, true)) break;
      }
      ip++;
      next = view.getInt32(ip, true);
    }
  }
  if (nextEmit < end) op = literal(input, nextEmit, end - nextEmit, output, op);
  return op;
}
