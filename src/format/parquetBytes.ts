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

/**
 * A map from byte strings (and a small tag) to numbers, for keys read in place
 * from a larger array: no subarray or string made per lookup.
 */
export class ByteKeys {
  private slots = new Int32Array(1 << 10);
  private readonly keys = new ByteBuffer(1 << 12);
  private starts = new Uint32Array(256);
  private lengths = new Uint32Array(256);
  private tags = new Int32Array(256);
  private values = new Int32Array(256);
  private size = 0;

  clear(): void {
    if (this.size === 0) return;
    this.slots.fill(0);
    this.keys.clear();
    this.size = 0;
  }

  /** The value of src[at, at + len) with `tag`, or -1. */
  get(src: Uint8Array, at: number, len: number, tag: number): number {
    const mask = this.slots.length - 1;
    for (let s = hashBytes(src, at, len, tag) & mask; ; s = (s + 1) & mask) {
      const e = this.slots[s]! - 1;
      if (e < 0) return -1;
      if (this.lengths[e] === len && this.tags[e] === tag && this.same(e, src, at, len)) return this.values[e]!;
    }
  }

  /** Sets the value of a key known to be absent. */
  set(src: Uint8Array, at: number, len: number, tag: number, value: number): void {
    if ((this.size + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    const e = this.size++;
    if (e === this.starts.length) {
      this.starts = grow(this.starts, Uint32Array);
      this.lengths = grow(this.lengths, Uint32Array);
      this.tags = grow(this.tags, Int32Array);
      this.values = grow(this.values, Int32Array);
    }
    const k = this.keys;
    k.reserve(len);
    k.buffer.set(src.subarray(at, at + len), k.length);
    this.starts[e] = k.length;
    k.length += len;
    this.lengths[e] = len;
    this.tags[e] = tag;
    this.values[e] = value;
    this.place(e, hashBytes(src, at, len, tag));
  }

  private same(e: number, src: Uint8Array, at: number, len: number): boolean {
    const b = this.keys.buffer;
    const from = this.starts[e]!;
    for (let j = 0; j < len; j++) if (b[from + j] !== src[at + j]) return false;
    return true;
  }

  private place(e: number, h: number): void {
    const mask = this.slots.length - 1;
    let s = h & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = e + 1;
  }

  private rehash(n: number): void {
    this.slots = new Int32Array(n);
    for (let e = 0; e < this.size; e++) this.place(e, hashBytes(this.keys.buffer, this.starts[e]!, this.lengths[e]!, this.tags[e]!));
  }
}

function grow<T extends Uint32Array | Int32Array>(a: T, Kind: new (n: number) => T): T {
  const b = new Kind(a.length * 2);
  b.set(a);
  return b;
}

/** FNV-1a over the bytes, seeded with the tag. */
function hashBytes(src: Uint8Array, at: number, len: number, tag: number): number {
  let h = (0x811c9dc5 ^ tag) | 0;
  for (let j = 0; j < len; j++) h = Math.imul(h ^ src[at + j]!, 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
}
