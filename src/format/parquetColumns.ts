// One row group's values of a Parquet column, gathered as typed arrays and
// encoded straight into page bytes: strings dictionary-encoded (a dictionary
// per row group, ids of the batch's string table mapped to its entries once),
// integers and timestamps PLAIN, booleans bit-packed, null marks as
// definition levels in the RLE/bit-packed hybrid. No value object per cell.
import { ByteBuffer, writeHybrid } from "./parquetBytes.ts";
import { putIPv4, putIPv6 } from "../util/address.ts";
import { ByteKeys } from "../util/byteKeys.ts";

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const TWO_32 = 4294967296;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const encoder = new TextEncoder();

/** Buffers a column's pages are encoded into: what encode returns are views of them, valid until the next encode. */
export interface Scratch {
  readonly levels: ByteBuffer;
  readonly values: ByteBuffer;
}

/** What a column chunk's pages hold, before compression (views, valid until the column's next encode or reset). */
export interface EncodedChunk {
  /** PLAIN values of the dictionary page, when the data is dictionary-encoded. */
  readonly dictionary?: { readonly bytes: Uint8Array; readonly count: number };
  readonly encoding: "PLAIN" | "RLE_DICTIONARY";
  /** Definition levels (RLE/bit-packed hybrid, no length prefix: data page v2); empty for a required column. */
  readonly levels: Uint8Array;
  readonly values: Uint8Array;
  readonly nulls: number;
  /** min/max (physical values: bytes for strings, bigint for INT64), when the column keeps statistics. */
  readonly min?: Uint8Array | bigint | number | boolean | undefined;
  readonly max?: Uint8Array | bigint | number | boolean | undefined;
}

/** A column's values in one row group: `count` rows, of which `defs[r]` = 0 marks a null. */
export abstract class ColumnValues {
  count = 0;
  nulls = 0;
  protected readonly defs: Uint8Array;
  constructor(readonly capacity: number, readonly nullable: boolean, readonly statistics: boolean) {
    this.defs = new Uint8Array(nullable ? capacity : 0);
  }

  /** Adds a null (for a nullable column). */
  addNull(): void {
    this.defs[this.count++] = 0;
    this.nulls++;
  }

  protected present(): void {
    if (this.nullable) this.defs[this.count] = 1;
    this.count++;
  }

  protected levels(scratch: Scratch): Uint8Array {
    const out = scratch.levels;
    out.clear();
    if (this.nullable) writeHybrid(out, this.defs, this.count, 1);
    return out.view();
  }

  abstract encode(scratch: Scratch): EncodedChunk;
  /** Empties the column for the next row group. */
  reset(): void {
    this.count = 0;
    this.nulls = 0;
  }
}

/** Strings: each distinct value once per row group, rows as its index. */
export class StringValues extends ColumnValues {
  /** Per row (present rows only meaningful): the value's index in the dictionary. */
  private readonly index: Int32Array;
  /** The dictionary's entries by their bytes. */
  private readonly content = new ByteKeys();
  /** The dictionary as PLAIN values (4-byte length, bytes), and where each entry starts. */
  private dict = new ByteBuffer(1 << 12);
  private starts = new Uint32Array(256);
  private entries = 0;
  /** Per key of `keyOwner` (a string table's id, a type number): the dictionary index + 1, 0 when not yet seen. */
  private keyed = new Int32Array(256);
  private keyOwner: unknown;
  /**
   * Whether raw text goes straight to PLAIN values (`side`, rows' index -1 -
   * its offset there) instead of the dictionary: after a row group whose
   * values were mostly distinct, until a sample of them says they repeat.
   */
  plainText = false;
  private readonly side = new ByteBuffer(1 << 12);
  private readonly sample = new ByteKeys();
  private sampled = 0;
  private sampleDistinct = 0;
  /** Per stored bytes (raw strings, addresses) of `bytesOwner`: the dictionary index. */
  private readonly byBytes = new ByteKeys();
  private bytesOwner: unknown;

  constructor(capacity: number, nullable: boolean, statistics: boolean) {
    super(capacity, nullable, statistics);
    this.index = new Int32Array(capacity);
  }

  /**
   * The index known for the bytes src[at, at + len) with `tag` (their text
   * being a function of them, `tag` and `owner`), or -1.
   */
  bytesIndex(owner: unknown, src: Uint8Array, at: number, len: number, tag: number): number {
    if (owner !== this.bytesOwner) {
      this.bytesOwner = owner;
      this.byBytes.clear();
    }
    return this.byBytes.get(src, at, len, tag);
  }

  /** Interns `text` and remembers it for the bytes last given to bytesIndex. */
  internBytes(src: Uint8Array, at: number, len: number, tag: number, text: string): number {
    const k = this.intern(text);
    this.byBytes.set(src, at, len, tag, k);
    return k;
  }

  /** The dictionary index of `text`, added when new. */
  intern(text: string): number {
    const d = this.dict;
    d.reserve(4 + text.length * 3);
    // encoded in place at the dictionary's end: kept there when new
    const at = d.length + 4;
    const { written } = encoder.encodeInto(text, d.buffer.subarray(at));
    const k = this.content.get(d.buffer, at, written, 0);
    return k >= 0 ? k : this.addEntry(written);
  }

  /** The dictionary index of the UTF-8 text src[at, at + len), added when new. */
  internUtf8(src: Uint8Array, at: number, len: number): number {
    const k = this.content.get(src, at, len, 0);
    if (k >= 0) return k;
    const d = this.dict;
    d.reserve(4 + len);
    d.buffer.set(src.subarray(at, at + len), d.length + 4);
    return this.addEntry(len);
  }

  /** Adds a row of the UTF-8 text src[at, at + len) as a PLAIN value (see plainText). */
  addPlainUtf8(src: Uint8Array, at: number, len: number): void {
    const side = this.side;
    this.index[this.count] = -1 - side.length;
    side.u32(len);
    side.reserve(len);
    const b = side.buffer;
    let o = side.length;
    for (let j = at; j < at + len; j++) b[o++] = src[j]!;
    side.length = o;
    if ((this.count & 15) === 0) {
      // one row in 16 tells whether values repeat again
      this.sampled++;
      if (this.sample.get(src, at, len, 0) < 0) {
        this.sample.set(src, at, len, 0, 0);
        this.sampleDistinct++;
      }
    }
    this.present();
  }

  /** Adds a row of `text` as a PLAIN value (see plainText). */
  addPlainText(text: string): void {
    const side = this.side;
    side.reserve(4 + text.length * 3);
    const { written } = encoder.encodeInto(text, side.buffer.subarray(side.length + 4));
    this.addPlainWritten(written);
  }

  /**
   * Adds a row of the address text of the 16 bytes at src[at] (family 4 or 6,
   * as inet_ntop writes it) as a PLAIN value, written straight into the values:
   * a brute-force btmp's addresses are mostly met once, and a string each
   * (then encoded again) was most of this column's time.
   */
  addPlainAddress(src: Uint8Array, at: number, family: number): void {
    const side = this.side;
    side.reserve(4 + 45);
    const start = side.length + 4;
    this.addPlainWritten((family === 6 ? putIPv6 : putIPv4)(src, at, side.buffer, start) - start);
  }

  /** Adds the row whose `written` bytes lie after room for their length at the end of the values. */
  private addPlainWritten(written: number): void {
    const side = this.side;
    this.index[this.count] = -1 - side.length;
    side.u32(written);
    side.length += written;
    if ((this.count & 15) === 0) {
      // one row in 16 tells whether values repeat again
      this.sampled++;
      const at = side.length - written;
      if (this.sample.get(side.buffer, at, written, 0) < 0) {
        this.sample.set(side.buffer, at, written, 0, 0);
        this.sampleDistinct++;
      }
    }
    this.present();
  }

  /** Adds the `len` bytes at the dictionary's end (after room for their length) as a new entry. */
  private addEntry(len: number): number {
    const k = this.entries;
    const d = this.dict;
    if (k === this.starts.length) {
      const more = new Uint32Array(k * 2);
      more.set(this.starts);
      this.starts = more;
    }
    this.starts[k] = d.length;
    d.u32(len);
    this.content.set(d.buffer, d.length, len, 0, k);
    d.length += len;
    this.entries = k + 1;
    return k;
  }

  /** The index known for `key` of `owner` (see internKeyed), or -1. */
  keyedIndex(owner: unknown, key: number): number {
    if (owner !== this.keyOwner) {
      this.keyOwner = owner;
      this.keyed.fill(0);
    }
    return key < this.keyed.length ? this.keyed[key]! - 1 : -1;
  }

  /** Interns `text` and remembers it as `key` of the owner last given to keyedIndex. */
  internKeyed(key: number, text: string): number {
    const k = this.intern(text);
    if (key >= this.keyed.length) {
      const more = new Int32Array(Math.max(key + 1, this.keyed.length * 2));
      more.set(this.keyed);
      this.keyed = more;
    }
    this.keyed[key] = k + 1;
    return k;
  }

  /** Adds the row of dictionary index `k`. */
  addIndex(k: number): void {
    this.index[this.count] = k;
    this.present();
  }

  /**
   * Adds rows of keys ids[from..to) of `owner` (a string table's ids), each
   * key's text asked of `text` once per row group.
   */
  addKeys(owner: unknown, ids: Uint32Array | Int32Array, from: number, to: number, text: (key: number) => string): void {
    if (owner !== this.keyOwner) {
      this.keyOwner = owner;
      this.keyed.fill(0);
    }
    const index = this.index;
    const start = this.count;
    let keyed = this.keyed;
    let c = start;
    for (let i = from; i < to; i++) {
      const key = ids[i]!;
      let k = key < keyed.length ? keyed[key]! - 1 : -1;
      if (k < 0) {
        k = this.internKeyed(key, text(key));
        keyed = this.keyed;
      }
      index[c++] = k;
    }
    if (this.nullable) this.defs.fill(1, start, c);
    this.count = c;
  }

  /** Adds `n` rows of index `k`. */
  fill(k: number, n: number): void {
    const from = this.count;
    this.index.fill(k, from, from + n);
    if (this.nullable) this.defs.fill(1, from, from + n);
    this.count = from + n;
  }

  add(text: string): void {
    this.addIndex(this.intern(text));
  }

  private entryLength(k: number): number {
    const b = this.dict.buffer;
    const at = this.starts[k]!;
    return b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);
  }

  private entry(k: number): Uint8Array {
    const at = this.starts[k]! + 4;
    return this.dict.buffer.subarray(at, at + this.entryLength(k));
  }

  encode(scratch: Scratch): EncodedChunk {
    const levels = this.levels(scratch);
    const out = scratch.values;
    const n = this.count;
    const present = n - this.nulls;
    const defs = this.defs;
    const index = this.index;
    let min: Uint8Array | undefined;
    let max: Uint8Array | undefined;
    const side = this.side;
    if (this.statistics && present > 0) {
      // the dictionary holds exactly the values of this row group, but those written PLAIN straight away
      for (let k = 0; k < this.entries; k++) {
        const e = this.entry(k);
        if (min === undefined || compareBytes(e, min) < 0) min = e;
        if (max === undefined || compareBytes(e, max) > 0) max = e;
      }
      for (let at = 0; at < side.length;) {
        const len = u32At(side.buffer, at);
        const e = side.buffer.subarray(at + 4, at + 4 + len);
        if (min === undefined || compareBytes(e, min) < 0) min = e;
        if (max === undefined || compareBytes(e, max) > 0) max = e;
        at += 4 + len;
      }
      min = min!.slice();
      max = max!.slice();
    }
    // the bytes the values would take PLAIN: each entry's (length prefix and bytes) times its rows
    const lengths = new Int32Array(this.entries);
    for (let k = 0; k < this.entries; k++) lengths[k] = this.entryLength(k) + 4;
    let plainSize = side.length;
    for (let r = 0; r < n; r++) if ((!this.nullable || defs[r] !== 0) && index[r]! >= 0) plainSize += lengths[index[r]!]!;
    const bitWidth = Math.max(1, Math.ceil(Math.log2(this.entries)));
    const dictBytes = this.dict.length;
    const indexBytes = Math.ceil((present * bitWidth) / 8);
    out.clear();
    const plain = side.length > 0 || 2 * (dictBytes + indexBytes) > plainSize;
    // the next row group's raw text: PLAIN straight away while values are mostly distinct
    this.plainText = plain && (this.sampled < 64 || this.sampleDistinct * 2 > this.sampled);
    if (plain) {
      // mostly distinct values: PLAIN, as a dictionary would not halve them
      out.reserve(plainSize);
      const src = this.dict.buffer;
      const dst = out.buffer;
      const sb = side.buffer;
      let o = 0;
      for (let r = 0; r < n; r++) {
        if (this.nullable && defs[r] === 0) continue;
        const k = index[r]!;
        if (k >= 0) {
          const at = this.starts[k]!;
          const end = at + lengths[k]!;
          for (let j = at; j < end; j++) dst[o++] = src[j]!;
        } else {
          const at = -1 - k;
          const end = at + 4 + u32At(sb, at);
          for (let j = at; j < end; j++) dst[o++] = sb[j]!;
        }
      }
      out.length = o;
      return { encoding: "PLAIN", levels, values: out.view(), nulls: this.nulls, min, max };
    }
    let values: Int32Array = index;
    if (this.nulls > 0) {
      values = new Int32Array(present);
      let j = 0;
      for (let r = 0; r < n; r++) if (defs[r] !== 0) values[j++] = index[r]!;
    }
    out.byte(bitWidth);
    writeHybrid(out, values, present, bitWidth);
    return {
      encoding: "RLE_DICTIONARY", dictionary: { bytes: this.dict.view(), count: this.entries },
      levels, values: out.view(), nulls: this.nulls, min, max,
    };
  }

  override reset(): void {
    super.reset();
    this.content.clear();
    this.dict.clear();
    this.entries = 0;
    this.keyOwner = undefined;
    this.bytesOwner = undefined;
    this.byBytes.clear();
    this.side.clear();
    this.sample.clear();
    this.sampled = this.sampleDistinct = 0;
  }
}

/** INT32 values: dictionary-encoded when few distinct (a type, an exit code), else PLAIN. */
export class Int32Values extends ColumnValues {
  private readonly values: Int32Array;
  private n = 0;
  constructor(capacity: number, nullable: boolean, statistics: boolean) {
    super(capacity, nullable, statistics);
    this.values = new Int32Array(capacity);
  }

  add(v: number): void {
    this.values[this.n++] = v;
    this.present();
  }

  encode(scratch: Scratch): EncodedChunk {
    const levels = this.levels(scratch);
    const vals = this.values.subarray(0, this.n);
    let min: number | undefined;
    let max: number | undefined;
    if (this.statistics) {
      for (let j = 0; j < vals.length; j++) {
        const v = vals[j]!;
        if (min === undefined || v < min) min = v;
        if (max === undefined || v > max) max = v;
      }
    }
    const dict = dictionaryOf(vals, vals, 4, scratch);
    if (dict) return { ...dict, levels, nulls: this.nulls, min, max };
    return { encoding: "PLAIN", levels, values: plainBytes(vals, 4), nulls: this.nulls, min, max };
  }

  override reset(): void {
    super.reset();
    this.n = 0;
  }
}

/** Distinct values beyond which a column is written PLAIN. */
const MAX_DICTIONARY = 1024;
const dictIndex = new Map<number, number>();
/** INT64 values as numbers (exact: safe integers), the keys of their dictionary. */
let int64Keys = new Float64Array(0);
const SMALL = 4096;
const small = new Int32Array(SMALL);
let dictIndexes = new Int32Array(0);

/**
 * `values` (n of them, keys[j] a number that identifies the j-th) as a
 * dictionary page of their PLAIN bytes (`width` each) and RLE_DICTIONARY
 * indexes, when they have few distinct values (a dictionary and its indexes
 * at most half the PLAIN bytes); else undefined.
 */
function dictionaryOf(values: Int32Array | BigInt64Array, keys: Int32Array | Float64Array, width: 4 | 8, scratch: Scratch):
  { encoding: "RLE_DICTIONARY"; dictionary: { bytes: Uint8Array; count: number }; values: Uint8Array } | undefined {
  const n = values.length;
  if (n < 16) return undefined;
  const limit = Math.min(MAX_DICTIONARY, n >>> 3);
  if (dictIndexes.length < n) dictIndexes = new Int32Array(Math.max(n, 1 << 16));
  const indexes = dictIndexes;
  const firsts: number[] = [];
  dictIndex.clear();
  small.fill(0);
  let last = NaN;
  let lastIndex = -1;
  for (let j = 0; j < n; j++) {
    const k = keys[j]!;
    if (k !== last) {
      // small keys (types, exit codes) by a table, others by the map
      let d = k >= 0 && k < SMALL ? small[k]! - 1 : dictIndex.get(k) ?? -1;
      if (d < 0) {
        if (firsts.length === limit) return undefined;
        d = firsts.length;
        firsts.push(j);
        if (k >= 0 && k < SMALL) small[k] = d + 1;
        else dictIndex.set(k, d);
      }
      last = k;
      lastIndex = d;
    }
    indexes[j] = lastIndex;
  }
  const count = firsts.length;
  const bitWidth = Math.max(1, Math.ceil(Math.log2(count)));
  const out = scratch.values;
  out.clear();
  // the dictionary's PLAIN values first, then the indexes: two views of one buffer
  out.reserve(count * width + 1 + 5 + Math.ceil((n * bitWidth) / 8) + 8 * Math.ceil(n / 8));
  const bytes = new Uint8Array(values.buffer, values.byteOffset, n * width);
  for (let d = 0; d < count; d++) {
    const at = firsts[d]! * width;
    for (let b = 0; b < width; b++) out.buffer[d * width + b] = LITTLE_ENDIAN ? bytes[at + b]! : bytes[at + width - 1 - b]!;
  }
  out.length = count * width;
  out.byte(bitWidth);
  writeHybrid(out, indexes, n, bitWidth);
  if (2 * out.length > n * width) return undefined;
  return {
    encoding: "RLE_DICTIONARY", dictionary: { bytes: out.buffer.subarray(0, count * width), count },
    values: out.buffer.subarray(count * width, out.length),
  };
}

/** INT64 values (and timestamps in µs), PLAIN: safe integers kept as two 32-bit halves, bigints as they are. */
export class Int64Values extends ColumnValues {
  private readonly words: Int32Array;
  private readonly big: BigInt64Array;
  private n = 0;
  /** min/max of the values added as numbers (Infinity/-Infinity: none), and of those added as bigints. */
  private minNumber = Infinity;
  private maxNumber = -Infinity;
  private min: bigint | undefined;
  private max: bigint | undefined;
  /** Whether every value is a safe integer (added by addNumber, or a bigint within 2^53). */
  private safe = true;
  constructor(capacity: number, nullable: boolean, statistics: boolean) {
    super(capacity, nullable, statistics);
    this.words = new Int32Array(capacity * 2);
    this.big = new BigInt64Array(this.words.buffer);
  }

  /** Adds a safe integer. */
  addNumber(v: number): void {
    const j = this.n++;
    if (v >= 0 && v < TWO_32) {
      this.words[2 * j + (LITTLE_ENDIAN ? 0 : 1)] = v | 0;
      this.words[2 * j + (LITTLE_ENDIAN ? 1 : 0)] = 0;
    } else {
      const hi = Math.floor(v / TWO_32);
      this.words[2 * j + (LITTLE_ENDIAN ? 0 : 1)] = (v - hi * TWO_32) | 0;
      this.words[2 * j + (LITTLE_ENDIAN ? 1 : 0)] = hi | 0;
    }
    if (v < this.minNumber) this.minNumber = v;
    if (v > this.maxNumber) this.maxNumber = v;
    this.present();
  }

  /**
   * Adds an int64 as a bigint.
   * @throws RangeError beyond int64
   */
  addBig(v: bigint): void {
    if (v < INT64_MIN || v > INT64_MAX) throw new RangeError(`parquet INT64 value out of range: ${v}`);
    this.big[this.n++] = v;
    if (v > 9007199254740991n || v < -9007199254740991n) this.safe = false;
    if (this.min === undefined || v < this.min) this.min = v;
    if (this.max === undefined || v > this.max) this.max = v;
    this.present();
  }

  encode(scratch: Scratch): EncodedChunk {
    const levels = this.levels(scratch);
    let min = this.min;
    let max = this.max;
    if (this.minNumber !== Infinity) {
      const lo = BigInt(this.minNumber);
      const hi = BigInt(this.maxNumber);
      if (min === undefined || lo < min) min = lo;
      if (max === undefined || hi > max) max = hi;
    }
    if (!this.statistics) min = max = undefined;
    const vals = this.big.subarray(0, this.n);
    const words = this.words;
    const lo = LITTLE_ENDIAN ? 0 : 1;
    // a safe integer's two halves as one number: equal halves, equal values
    let dict: ReturnType<typeof dictionaryOf>;
    if (this.safe && this.n >= 16) {
      if (int64Keys.length < this.n) int64Keys = new Float64Array(Math.max(this.n, 1 << 16));
      const keys = int64Keys;
      for (let j = 0; j < this.n; j++) keys[j] = words[2 * j + 1 - lo]! * TWO_32 + (words[2 * j + lo]! >>> 0);
      dict = dictionaryOf(vals, keys, 8, scratch);
    }
    if (dict) return { ...dict, levels, nulls: this.nulls, min, max };
    return { encoding: "PLAIN", levels, values: plainBytes(vals, 8), nulls: this.nulls, min, max };
  }

  override reset(): void {
    super.reset();
    this.n = 0;
    this.minNumber = Infinity;
    this.maxNumber = -Infinity;
    this.min = this.max = undefined;
    this.safe = true;
  }
}

/** BOOLEAN values, PLAIN (bit-packed, first value in the lowest bit). */
export class BooleanValues extends ColumnValues {
  private readonly bits: Uint8Array;
  private n = 0;
  private seenTrue = false;
  private seenFalse = false;
  constructor(capacity: number, nullable: boolean, statistics: boolean) {
    super(capacity, nullable, statistics);
    this.bits = new Uint8Array((capacity + 7) >>> 3);
  }

  add(v: boolean): void {
    const j = this.n++;
    if ((j & 7) === 0) this.bits[j >>> 3] = 0;
    if (v) {
      this.bits[j >>> 3]! |= 1 << (j & 7);
      this.seenTrue = true;
    } else this.seenFalse = true;
    this.present();
  }

  encode(scratch: Scratch): EncodedChunk {
    const levels = this.levels(scratch);
    const stats = this.statistics && this.n > 0;
    return {
      encoding: "PLAIN", levels, values: this.bits.subarray(0, (this.n + 7) >>> 3), nulls: this.nulls,
      min: stats ? !this.seenFalse ? true : false : undefined, max: stats ? this.seenTrue : undefined,
    };
  }

  override reset(): void {
    super.reset();
    this.n = 0;
    this.seenTrue = this.seenFalse = false;
  }
}

/** The little-endian bytes of `values` (a view where the platform is little-endian, else a copy). */
function plainBytes(values: Int32Array | BigInt64Array, width: 4 | 8): Uint8Array {
  const view = new Uint8Array(values.buffer, values.byteOffset, values.length * width);
  if (LITTLE_ENDIAN) return view;
  const out = view.slice();
  {
    for (let at = 0; at < out.length; at += width) out.subarray(at, at + width).reverse();
  }
  return out;
}

function u32At(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

/** Unsigned lexicographic order of bytes: the order of BYTE_ARRAY statistics (and of UTF-8 text by code point). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
