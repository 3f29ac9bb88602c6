// Byte-level pieces of Parquet pages: a growable buffer and the RLE/bit-packed
// hybrid encoding of levels and dictionary indexes (parquet-format
// Encodings.md): runs of 8 or more equal values as RLE runs, the rest
// bit-packed in groups of 8, first value in the lowest bits.
import { ByteWriter } from "./byteWriter.ts";

/**
 * The byte writer (format/byteWriter.ts) with the two integers Parquet's
 * pages and Snappy need: a little-endian u32 and an unsigned LEB128 varint.
 */
export class ByteBuffer extends ByteWriter {
  u32(v: number): void {
    this.reserve(4);
    const b = this.buffer;
    const at = this.length;
    b[at] = v;
    b[at + 1] = v >>> 8;
    b[at + 2] = v >>> 16;
    b[at + 3] = v >>> 24;
    this.length = at + 4;
  }

  varint(v: number): void {
    while (v > 0x7f) {
      this.byte((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    this.byte(v);
  }
}

/** Appends the first `n` of `values` (each below 2^bitWidth, bitWidth 1..24) in the RLE/bit-packed hybrid. */
export function writeHybrid(out: ByteBuffer, values: Uint8Array | Int32Array, n: number, bitWidth: number): void {
  if (n === 0) return;
  const width = (bitWidth + 7) >>> 3;
  // at most: every value bit-packed (whole groups), and a header of 5 bytes and a value per 8 values
  out.reserve(Math.ceil((n + 8) / 8) * (bitWidth + 5 + width) + 16);
  const b = out.buffer;
  let at = out.length;
  let groups = 0;
  let groupStart = 0;
  let i = 0;
  while (i < n) {
    const v = values[i]!;
    let run = 1;
    while (i + run < n && values[i + run] === v) run++;
    if (run >= 8) {
      if (groups > 0) {
        at = packGroups(b, at, values, n, groupStart, groups, bitWidth);
        groups = 0;
      }
      at = varint(b, at, run * 2);
      for (let j = 0; j < width; j++) b[at++] = (v >>> (8 * j)) & 0xff;
      i += run;
    } else {
      if (groups === 0) groupStart = i;
      groups++;
      i += 8;
    }
  }
  if (groups > 0) at = packGroups(b, at, values, n, groupStart, groups, bitWidth);
  out.length = at;
}

function varint(b: Uint8Array, at: number, v: number): number {
  while (v > 0x7f) {
    b[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  b[at++] = v;
  return at;
}

/** `groups` groups of 8 values from `start`, bit-packed (values past `n` as 0), at b[at]; returns the new end. */
function packGroups(b: Uint8Array, at: number, values: Uint8Array | Int32Array, n: number, start: number, groups: number, bitWidth: number): number {
  at = varint(b, at, groups * 2 + 1);
  let buffer = 0;
  let bits = 0;
  const end = start + groups * 8;
  for (let i = start; i < end; i++) {
    buffer |= (i < n ? values[i]! : 0) << bits;
    bits += bitWidth;
    while (bits >= 8) {
      b[at++] = buffer & 0xff;
      buffer >>>= 8;
      bits -= 8;
    }
  }
  // groups of 8 values end on a byte boundary
  return at;
}

