// The text of a batch's raw (not interned) string fields. Their bytes lie in one
// block per window (RawStrings), which is decoded in 32 KiB pieces as they are
// first read: one decode per piece, not one per field. An ASCII field's text is
// then a substring of its piece (no bytes copied, and V8 shares the characters
// of those of 13 chars or more). Only a field holding a byte past ASCII, or a
// NUL (a binary id), is decoded on its own, as UTF-8.
//
// Why pieces, not the whole block: a string over ~128 KiB goes to V8's
// large-object space, whose allocation decoded 1.5 MB at ~140 MB/s here (Node 20)
// against 4-7 GB/s for 32 KiB; and a substring keeps only its piece alive.
import { decodeText } from "../util/text.ts";
import { RAW_BITS } from "./internPolicy.ts";

/** Bytes per piece, as a shift: 32 KiB. */
const PIECE_SHIFT = 15;

// Fatal: invalid UTF-8 throws instead of becoming U+FFFD, so a piece that decodes
// to as many chars as it has bytes is ASCII (every longer sequence gives fewer),
// NUL aside (a binary id may hold one, where decodeText cuts it).
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
// windows-1252 in fact: one char per byte, ASCII below 0x80, which is all that is read of it
const latin1 = new TextDecoder("latin1");

/** A string field's place in a record's raw bytes: user, line, host, id, one after another. */
export const RawField = { user: 0, line: 1, host: 2, id: 3 } as const;
export type RawField = (typeof RawField)[keyof typeof RawField];

/** What is read of a batch's raw strings (RawStrings in recordBatch.ts, which builds this). */
interface RawBlock {
  readonly fields: number;
  readonly bytes: Uint8Array;
  readonly starts: Uint32Array;
}
/** Per row, the lengths of the fields that may come before another (a raw field's column holds its length). */
interface Lengths {
  readonly user: Uint32Array;
  readonly line: Uint32Array;
  readonly host: Uint32Array;
}

export class RawText {
  /** Each piece's text, one char per byte, once read. */
  private readonly pieces: (string | undefined)[] = [];
  /** Per piece: 1 when every byte is ASCII and none NUL (then no field in it needs checking). */
  private readonly asciiPieces: Uint8Array;
  // which fields are raw: the ones before a field in a record's bytes are skipped to find it
  private readonly user: boolean;
  private readonly line: boolean;
  private readonly host: boolean;

  constructor(private readonly raw: RawBlock, private readonly columns: Lengths) {
    this.asciiPieces = new Uint8Array((raw.bytes.length >>> PIECE_SHIFT) + 1);
    this.user = (raw.fields & RAW_BITS.user) !== 0;
    this.line = (raw.fields & RAW_BITS.line) !== 0;
    this.host = (raw.fields & RAW_BITS.host) !== 0;
  }

  /** Where row `i`'s bytes of `field` (a raw one) start in the block. */
  start(field: RawField, i: number): number {
    const c = this.columns;
    let at = this.raw.starts[i]!;
    if (field > RawField.user && this.user) at += c.user[i]!;
    if (field > RawField.line && this.line) at += c.line[i]!;
    if (field > RawField.host && this.host) at += c.host[i]!;
    return at;
  }

  /** The text of `length` bytes at `at` (a raw field), as decodeText reads them: UTF-8 up to a NUL, invalid bytes as U+FFFD. */
  text(at: number, length: number): string {
    if (length === 0) return "";
    const end = at + length;
    const k = at >>> PIECE_SHIFT;
    // a field across two pieces (about one per piece) is decoded alone
    if ((end - 1) >>> PIECE_SHIFT !== k) return decodeText(this.raw.bytes.subarray(at, end));
    const piece = this.pieces[k] ?? this.decodePiece(k);
    if (this.asciiPieces[k] === 0) {
      const bytes = this.raw.bytes;
      for (let p = at; p < end; p++) {
        // 0 and 0x80..0xff: a NUL to cut at, or UTF-8 past ASCII
        if ((bytes[p]! - 1) >>> 0 >= 0x7f) return decodeText(bytes.subarray(at, end));
      }
    }
    const base = k << PIECE_SHIFT;
    return piece.substring(at - base, end - base);
  }

  private decodePiece(k: number): string {
    const bytes = this.raw.bytes.subarray(k << PIECE_SHIFT, (k + 1) << PIECE_SHIFT);
    let text: string | undefined;
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      // invalid UTF-8: read as bytes below, each field checked
    }
    if (text !== undefined && text.length === bytes.length && !text.includes("\0")) this.asciiPieces[k] = 1;
    else text = latin1.decode(bytes);
    this.pieces[k] = text;
    return text;
  }
}
