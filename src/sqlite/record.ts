// The record format (sqlite.org/fileformat.html, 2.1): a header of serial
// types, then the values. Integers stay exact: a number when it is a safe
// integer, a bigint beyond 2^53.
import { corrupt, exact, u32, VarintReader, type SqliteFile } from "./bytes.ts";

export type SqliteValue = null | number | bigint | string | Uint8Array;

const utf8 = new TextDecoder("utf-8");

/**
 * One record's serial types and where each value starts, parsed without
 * decoding a value: a reader of millions of rows (wtmpdb's columns) parses
 * every record into the same RecordCells and reads only the values it wants,
 * text as bytes. Valid until the next parse().
 */
export class RecordCells {
  /** The bytes holding the record being read (its page's, or its payload's when it overflowed); starts[] index them. */
  payload: Uint8Array = new Uint8Array(0);
  /** File offset of its cell (the record's place, for messages). */
  offset = 0;
  /** Values in the record. */
  count = 0;
  /** Serial type of each value (a double: a text's type is twice its length plus 13). */
  types: Float64Array = new Float64Array(16);
  /** Start of each value in the payload; its length is valueLength(). */
  starts: Int32Array = new Int32Array(16);
  private view: DataView | undefined;

  /**
   * Reads the header of the record at `bytes[start, start + length)` (a page's
   * bytes: no view made per record; positions stay the page's). `offset` and
   * `file` locate it for errors (for a payload split over overflow pages, the
   * offset is its cell's).
   */
  parse(bytes: Uint8Array, start: number, length: number, offset: number, file: SqliteFile, varint: VarintReader): void {
    this.payload = bytes;
    this.offset = offset;
    this.view = undefined;
    this.count = 0;
    const end = start + length;
    // errors name the record's offset plus the position within it, as when each record was a view of its own
    const base = offset - start;
    const headerSize = varint.size(bytes, start, end, base, file, length, "record header size");
    const headerEnd = start + headerSize;
    let pos = varint.pos;
    let body = headerEnd;
    while (pos < headerEnd) {
      const type = varint.size(bytes, pos, headerEnd, base, file, Number.MAX_SAFE_INTEGER, "serial type");
      pos = varint.pos;
      const len = valueLength(type);
      if (len < 0) throw corrupt(`record uses reserved serial type ${type}`, offset, file);
      if (body + len > end) throw corrupt(`record value of ${len} bytes runs past its payload of ${length}`, offset, file);
      if (this.count === this.types.length) this.grow();
      this.types[this.count] = type;
      this.starts[this.count++] = body;
      body += len;
    }
  }

  /** Value `k` (NULL past the record's end: a column added by ALTER TABLE later). */
  value(k: number): SqliteValue {
    if (k >= this.count) return null;
    const type = this.types[k]!;
    return value(type, this.payload, this.dataView, this.starts[k]!, valueLength(type));
  }

  /** Whether value `k` is text (its bytes are payload[starts[k], starts[k] + textLength(k)). */
  isText(k: number): boolean {
    return k < this.count && this.types[k]! >= 13 && this.types[k]! % 2 === 1;
  }

  textLength(k: number): number {
    return (this.types[k]! - 13) / 2;
  }

  /** Whether value `k` is NULL (or past the record's end). */
  isNull(k: number): boolean {
    return k >= this.count || this.types[k] === 0;
  }

  /** Whether value `k` is an integer (serial types 1-6, and the constants 0 and 1). */
  isInteger(k: number): boolean {
    const t = this.types[k]!;
    return k < this.count && ((t >= 1 && t <= 6) || t === 8 || t === 9);
  }

  /** Whether value `k` is a real (serial type 7). */
  isReal(k: number): boolean {
    return k < this.count && this.types[k] === 7;
  }

  /** Bytes value `k` takes in the record (0 past its end). */
  byteLength(k: number): number {
    return k < this.count ? valueLength(this.types[k]!) : 0;
  }

  /** A DataView of the payload, made only for the values that need one (floats, 64-bit integers past 2^53). */
  private readonly dataView = (): DataView => {
    const p = this.payload;
    return (this.view ??= new DataView(p.buffer, p.byteOffset, p.byteLength));
  };

  private grow(): void {
    const types = new Float64Array(this.types.length * 2);
    const starts = new Int32Array(this.starts.length * 2);
    types.set(this.types);
    starts.set(this.starts);
    this.types = types;
    this.starts = starts;
  }
}

/**
 * Decodes one record. `offset` and `file` locate it for errors (for a
 * payload split over overflow pages, the offset is its cell's).
 * Text is UTF-8 (parseHeader refuses UTF-16 databases); invalid sequences
 * become U+FFFD, as SQLite hands them back unchanged but a string cannot hold them.
 */
export function decodeRecord(bytes: Uint8Array, start: number, length: number, offset: number, file: SqliteFile, varint = new VarintReader(), cells = new RecordCells()): SqliteValue[] {
  cells.parse(bytes, start, length, offset, file, varint);
  const values: SqliteValue[] = [];
  for (let k = 0; k < cells.count; k++) values.push(cells.value(k));
  return values;
}

// bytes per serial type 0..9; 10 and 11 are reserved
const SIZES = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0];

/** Bytes of a value of serial type `type`; -1 for the reserved types. */
function valueLength(type: number): number {
  return type >= 12 ? Math.floor((type - 12) / 2) : SIZES[type] ?? -1;
}

/** A big-endian two's-complement integer of 1 to 6 bytes (serial types 1-5): exact in a double. */
function signed(p: Uint8Array, at: number, len: number): number {
  let v = p[at]! >= 0x80 ? p[at]! - 256 : p[at]!;
  for (let i = 1; i < len; i++) v = v * 256 + p[at + i]!;
  return v;
}

function value(type: number, p: Uint8Array, view: () => DataView, at: number, len: number): SqliteValue {
  if (type >= 1 && type <= 5) return signed(p, at, len);
  switch (type) {
    case 0: return null;
    case 6: {
      // two halves when the value is a safe integer (every real time in µs is): no BigInt per value
      const high = signed(p, at, 4);
      if (high >= -0x20_0000 && high < 0x20_0000) return high * 0x1_0000_0000 + u32(p, at + 4);
      return exact(view().getBigInt64(at));
    }
    case 7: return view().getFloat64(at);
    case 8: return 0;
    case 9: return 1;
  }
  if (type % 2 === 0) return p.slice(at, at + len);
  return utf8Text(p, at, len);
}

/** UTF-8 text; short ASCII (user names, ttys, hosts) skips TextDecoder, whose per-call cost dominates there. */
export function utf8Text(p: Uint8Array, at: number, len: number): string {
  if (len <= 64) {
    for (let i = at; i < at + len; i++) if (p[i]! >= 0x80) return utf8.decode(p.subarray(at, at + len));
    // one flat string (a string built by += is a rope, flattened again by every Map lookup)
    return String.fromCharCode.apply(null, p.subarray(at, at + len) as unknown as number[]);
  }
  return utf8.decode(p.subarray(at, at + len));
}
