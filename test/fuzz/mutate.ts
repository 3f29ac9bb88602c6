// Mutators: damage a real file the ways files get damaged (bits flipped, bytes
// overwritten, cut short or run on, records of another file spliced in, fields
// set to edge values), and cut a byte array into chunks of random sizes.
import { LAYOUTS, type Layout } from "../../src/index.ts";
import type { Rng } from "./harness.ts";

/** Values at the edges of the field widths, written into number fields. */
const EDGES = [0, 1, -1, 7, 8, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 999_999, 1_000_000,
  0x7fffffff, -0x80000000, 0xffffffff, 2 ** 32, 2 ** 53 - 1, 2 ** 53 + 1, 2 ** 62, -(2 ** 63)];
const INTERESTING_BYTES = [0x00, 0xff, 0x7f, 0x80, 0x20, 0x0a, 0x3f, 0xc3, 0xe2, 0xf0];
const WIDTH = { u8: 1, i16: 2, u16: 2, i32: 4, u32: 4, i64: 8, u64: 8, "u64-micros": 8 } as const;

function writeEdge(bytes: Uint8Array, at: number, width: number, value: number, little: boolean): void {
  if (at < 0 || at + width > bytes.length) return;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const big = BigInt.asUintN(64, BigInt(value));
  for (let k = 0; k < width; k++) {
    const byte = Number((big >> BigInt(8 * k)) & 0xffn);
    view.setUint8(little ? at + k : at + width - 1 - k, byte);
  }
}

/** A record-sized piece of `donor` (from a record boundary of `layout`, when it has one there). */
function donorRecord(rng: Rng, donor: Uint8Array, size: number): Uint8Array {
  if (donor.length <= size) return donor;
  const records = Math.floor(donor.length / size);
  const at = rng.chance(0.8) ? rng.int(records) * size : rng.int(donor.length - size);
  return donor.subarray(at, at + size);
}

type Mutator = (rng: Rng, bytes: Uint8Array, layout: Layout, donors: readonly Uint8Array[]) => Uint8Array;

const MUTATORS: readonly [string, Mutator][] = [
  ["flip bits", (rng, b) => {
    for (let k = rng.range(1, 8); k > 0 && b.length > 0; k--) b[rng.int(b.length)]! ^= 1 << rng.int(8);
    return b;
  }],
  ["set bytes", (rng, b) => {
    for (let k = rng.range(1, 8); k > 0 && b.length > 0; k--) b[rng.int(b.length)] = rng.chance(0.5) ? rng.pick(INTERESTING_BYTES) : rng.int(256);
    return b;
  }],
  ["fill a run", (rng, b) => {
    if (b.length === 0) return b;
    const at = rng.int(b.length);
    return b.fill(rng.pick(INTERESTING_BYTES), at, at + rng.size(512));
  }],
  ["set a field to an edge value", (rng, b, layout) => {
    const numbers = Object.values(layout.fields).filter((f): f is { offset: number; kind: keyof typeof WIDTH } =>
      f !== undefined && "kind" in f && f.kind in WIDTH);
    if (numbers.length === 0 || b.length < layout.recordSize) return b;
    const field = rng.pick(numbers);
    const record = rng.int(Math.floor(b.length / layout.recordSize));
    writeEdge(b, record * layout.recordSize + field.offset, WIDTH[field.kind], rng.pick(EDGES) + rng.range(-1, 1), layout.byteOrder === "little");
    return b;
  }],
  ["fill a string field", (rng, b, layout) => {
    const strings = [layout.fields.user, layout.fields.line, layout.fields.host, layout.fields.id].filter((f) => f !== undefined);
    if (strings.length === 0 || b.length < layout.recordSize) return b;
    const field = rng.pick(strings);
    const at = rng.int(Math.floor(b.length / layout.recordSize)) * layout.recordSize + field.offset;
    const fill = rng.pick([0x41, 0xff, 0xc3, 0x00, 0x09]);
    return b.fill(fill, at, Math.min(b.length, at + field.length));
  }],
  ["truncate", (rng, b, layout) => {
    const whole = Math.floor(b.length / layout.recordSize) * layout.recordSize;
    const cut = rng.chance(0.5) ? whole + rng.range(-1, 1) : rng.int(b.length + 1);
    return b.slice(0, Math.max(0, Math.min(b.length, cut)));
  }],
  ["extend", (rng, b) => {
    const tail = rng.chance(0.5) ? new Uint8Array(rng.size(1024)) : rng.bytes(rng.size(1024));
    const out = new Uint8Array(b.length + tail.length);
    out.set(b);
    out.set(tail, b.length);
    return out;
  }],
  ["splice a record of another file", (rng, b, layout, donors) => {
    const piece = donorRecord(rng, rng.pick(donors), rng.pick(LAYOUTS).recordSize);
    const aligned = rng.chance(0.7) && b.length >= layout.recordSize;
    const at = aligned ? rng.int(Math.floor(b.length / layout.recordSize) + 1) * layout.recordSize : rng.int(b.length + 1);
    if (rng.chance(0.5)) {
      const out = new Uint8Array(b.length + piece.length); // inserted
      out.set(b.subarray(0, at));
      out.set(piece, at);
      out.set(b.subarray(at), at + piece.length);
      return out;
    }
    const out = b.length >= at + piece.length ? b : (() => { const o = new Uint8Array(at + piece.length); o.set(b); return o; })();
    out.set(piece, at); // written over
    return out;
  }],
  ["duplicate or drop records", (rng, b, layout) => {
    const size = layout.recordSize;
    const records = Math.floor(b.length / size);
    if (records === 0) return b;
    const at = rng.int(records) * size;
    if (rng.chance(0.5)) return Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + size)]);
    return Uint8Array.from([...b.subarray(0, at + size), ...b.subarray(at)]);
  }],
  ["random bytes", (rng) => rng.bytes(rng.size(4096))],
];

/** 1 to 4 mutations of a copy of `seed`, read as `layout` where a mutator needs field positions. */
export function mutateBytes(rng: Rng, seed: Uint8Array, layout: Layout, donors: readonly Uint8Array[]): { bytes: Uint8Array; how: string[] } {
  let bytes: Uint8Array = seed.slice();
  const how: string[] = [];
  for (let k = rng.range(1, 4); k > 0; k--) {
    const [name, mutate] = rng.pick(MUTATORS);
    bytes = mutate(rng, bytes, layout, donors);
    how.push(name);
  }
  return { bytes, how };
}

/**
 * Chunk sizes that add up to `length`: single bytes (inputs up to 1 KiB: a
 * chunk costs stream() tens of microseconds), a few bytes (up to 8 KiB),
 * record sizes ± 1, pieces up to 4 KiB, pieces up to 70 KB.
 */
export function chunkSizes(rng: Rng, length: number, recordSize: number): number[] {
  let style = rng.int(5);
  if (style === 0 && length > 1024) style = 3;
  if (style === 1 && length > 8192) style = 3;
  const sizes: number[] = [];
  for (let left = length; left > 0;) {
    const n = style === 0 ? 1
      : style === 1 ? rng.range(2, 16)
      : style === 2 ? recordSize + rng.range(-1, 1)
      : style === 3 ? rng.range(64, 4096)
      : rng.range(4096, 70_000);
    const size = Math.max(1, Math.min(left, n));
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

/** `bytes` cut at `sizes`, each chunk a copy in a buffer of its own. */
export function cut(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (const size of sizes) {
    chunks.push(bytes.slice(at, at + size));
    at += size;
  }
  return chunks;
}

const TEXT_PIECES = [" ", "  ", "\t", "-", ":", ".", "+", "T", "0", "9", "00", "99", "12", "60", "1e3", "[", "]", "]  [", ",", "\n",
  "s", "min", "h", "d", "y", "us", "ms", "ago", "Sat", "ö", "\u0000", "\ufffd", "𝟘", "-1", "1000000", "2147483648", "99999999999"];

/** 1 to 4 edits of `seed`'s text: characters replaced, inserted or deleted, pieces repeated, cut, spliced; at most `maxLength` long. */
export function mutateText(rng: Rng, seed: string, donors: readonly string[], maxLength: number): string {
  let t = seed;
  for (let k = rng.range(1, 4); k > 0; k--) {
    const at = rng.int(t.length + 1);
    switch (rng.int(7)) {
      case 0: t = t.slice(0, at) + rng.pick(TEXT_PIECES) + t.slice(at + 1); break;
      case 1: t = t.slice(0, at) + rng.pick(TEXT_PIECES) + t.slice(at); break;
      case 2: t = t.slice(0, at) + t.slice(at + rng.size(16)); break;
      case 3: t = t.slice(0, at) + rng.pick(TEXT_PIECES).repeat(rng.size(maxLength)) + t.slice(at); break;
      case 4: t = rng.chance(0.5) ? t.slice(0, at) : t.slice(at); break;
      case 5: { const donor = rng.pick(donors); const from = rng.int(donor.length + 1); t = t.slice(0, at) + donor.slice(from, from + rng.size(200)) + t.slice(at); break; }
      default: t = t.slice(0, at) + String.fromCharCode(rng.int(rng.chance(0.8) ? 128 : 0x10000)) + t.slice(at + 1); break;
    }
  }
  return t.slice(0, maxLength);
}
