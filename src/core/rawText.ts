// The text of a batch's raw (not interned) string fields. Their bytes lie in one
// block per window (RawStrings), which is decoded in 32 KiB pieces as they are
// first read: one decode per piece, not one per field. An ASCII field's text is
// then a substring of its piece (no bytes copied, and V8 shares the characters
// of those of 13 chars or more). Only a field holding a byte past ASCII, or a
// NUL (a binary id), is decoded on its own, as UTF-8. Which fields those are is
// known per 64-byte block of a piece: one UTF-8 host name in a piece (an
// internet-facing server's wtmp has some in nearly every piece) then sends only
// the fields of its block to a byte-by-byte check, not every field of the piece.
//
// Why pieces, not the whole block: a string over ~128 KiB goes to V8's
// large-object space, whose allocation decoded 1.5 MB at ~140 MB/s here (Node 20)
// against 4-7 GB/s for 32 KiB; and a substring keeps only its piece alive.
import { decodeText } from "../util/text.ts";
import { RAW_BITS } from "./internPolicy.ts";

/** Bytes per piece, as a shift: 32 KiB. */
const PIECE_SHIFT = 15;
/** Bytes per block, as a shift: 64. */
const BLOCK_SHIFT = 6;
/** A block's state once its piece is read (0 before): ASCII without a NUL, or not. */
const BLOCK_CLEAN = 1, BLOCK_MIXED = 2;

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
  /** Per 64-byte block, once its piece is read: BLOCK_CLEAN when every byte is ASCII and none NUL (no field in it needs checking). */
  private readonly blocks: Uint8Array;
  // which fields are raw: the ones before a field in a record's bytes are skipped to find it
  private readonly user: boolean;
  private readonly line: boolean;
  private readonly host: boolean;

  constructor(private readonly raw: RawBlock, private readonly columns: Lengths) {
    this.blocks = new Uint8Array((raw.bytes.length >>> BLOCK_SHIFT) + 1);
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
    if (!this.clean(at, end)) {
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
    const first = k << (PIECE_SHIFT - BLOCK_SHIFT), blocks = (bytes.length + (1 << BLOCK_SHIFT) - 1) >>> BLOCK_SHIFT;
    if (text !== undefined && text.length === bytes.length && !text.includes("\0")) this.blocks.fill(BLOCK_CLEAN, first, first + blocks);
    else {
      text = latin1.decode(bytes);
      markBlocks(bytes, this.blocks, first);
    }
    this.pieces[k] = text;
    return text;
  }

  /** Whether the bytes from `at` to `end` (inside one read piece) lie in clean blocks. */
  private clean(at: number, end: number): boolean {
    const last = (end - 1) >>> BLOCK_SHIFT;
    for (let b = at >>> BLOCK_SHIFT; b <= last; b++) if (this.blocks[b] !== BLOCK_CLEAN) return false;
    return true;
  }
}

/**
 * Marks each 64-byte block of `bytes` (a piece not all ASCII) in `blocks` from
 * `first`: BLOCK_CLEAN without a NUL or a byte past 0x7f, else BLOCK_MIXED.
 * Four bytes a step where the piece is aligned for it.
 */
function markBlocks(bytes: Uint8Array, blocks: Uint8Array, first: number): void {
  const block = 1 << BLOCK_SHIFT;
  const aligned = bytes.byteOffset % 4 === 0;
  const words = aligned ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2) : undefined;
  for (let b = 0, at = 0; at < bytes.length; b++, at += block) {
    const end = Math.min(at + block, bytes.length);
    let mixed = false;
    if (words && end - at === block) {
      // a byte of 0x80 or more sets its high bit in `high`; a zero byte sets it in `zero` (or a byte past 0x80 does too: mixed either way)
      let high = 0, zero = 0;
      for (let w = at >>> 2; w < end >>> 2; w++) {
        const v = words[w]!;
        high |= v;
        zero |= (v - 0x01010101) & ~v;
      }
      mixed = ((high | zero) & 0x80808080) !== 0;
    } else {
      for (let p = at; p < end && !mixed; p++) mixed = (bytes[p]! - 1) >>> 0 >= 0x7f;
    }
    blocks[first + b] = mixed ? BLOCK_MIXED : BLOCK_CLEAN;
  }
}
