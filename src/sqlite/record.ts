// The record format (sqlite.org/fileformat.html, 2.1): a header of serial
// types, then the values. Integers stay exact: a number when it is a safe
// integer, a bigint beyond 2^53.
import { corrupt, exact, VarintReader, type SqliteFile } from "./bytes.ts";

export type SqliteValue = null | number | bigint | string | Uint8Array;

const utf8 = new TextDecoder("utf-8");

/**
 * Decodes one record. `offset` and `file` locate it for errors (for a
 * payload split over overflow pages, the offset is its cell's).
 * Text is UTF-8 (parseHeader refuses UTF-16 databases); invalid sequences
 * become U+FFFD, as SQLite hands them back unchanged but a string cannot hold them.
 */
export function decodeRecord(p: Uint8Array, offset: number, file: SqliteFile, varint = new VarintReader()): SqliteValue[] {
  const headerSize = varint.size(p, 0, p.length, offset, file, p.length, "record header size");
  let pos = varint.pos;
  let body = headerSize;
  const values: SqliteValue[] = [];
  const view = new DataView(p.buffer, p.byteOffset, p.byteLength);
  while (pos < headerSize) {
    const type = varint.size(p, pos, headerSize, offset, file, Number.MAX_SAFE_INTEGER, "serial type");
    pos = varint.pos;
    const len = type >= 12 ? Math.floor((type - 12) / 2) : SIZES[type] ?? -1;
    if (len < 0) throw corrupt(`record uses reserved serial type ${type}`, offset, file);
    if (body + len > p.length) throw corrupt(`record value of ${len} bytes runs past its payload of ${p.length}`, offset, file);
    values.push(value(type, p, view, body, len));
    body += len;
  }
  return values;
}

// bytes per serial type 0..9; 10 and 11 are reserved
const SIZES = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0];

function value(type: number, p: Uint8Array, view: DataView, at: number, len: number): SqliteValue {
  switch (type) {
    case 0: return null;
    case 1: return view.getInt8(at);
    case 2: return view.getInt16(at);
    case 3: return (view.getInt8(at) << 16) | view.getUint16(at + 1);
    case 4: return view.getInt32(at);
    case 5: return view.getInt16(at) * 0x1_0000_0000 + view.getUint32(at + 2); // 48 bits: exact
    case 6: {
      // two halves when the value is a safe integer (every real time in µs is): no BigInt per value
      const high = view.getInt32(at);
      if (high >= -0x20_0000 && high < 0x20_0000) return high * 0x1_0000_0000 + view.getUint32(at + 4);
      return exact(view.getBigInt64(at));
    }
    case 7: return view.getFloat64(at);
    case 8: return 0;
    case 9: return 1;
  }
  if (type % 2 === 0) return p.slice(at, at + len);
  return text(p, at, len);
}

/** UTF-8 text; short ASCII (user names, ttys, hosts) skips TextDecoder, whose per-call cost dominates there. */
function text(p: Uint8Array, at: number, len: number): string {
  if (len <= 64) {
    let s = "";
    for (let i = at; i < at + len; i++) {
      const c = p[i]!;
      if (c >= 0x80) return utf8.decode(p.subarray(at, at + len));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return utf8.decode(p.subarray(at, at + len));
}
