// The strings of every file in one list, each kept once but those given fresh
// ids (fresh()): the columns carry numbers into it. Only the texts added since
// the last message are sent, as UTF-8 bytes one after another with where each
// ends (NewTexts, in chunks), so the page's copy grows in step with this one.
//
// A text of ASCII (every char 0x01-0x7f: nearly every value of a login
// record) is found by its bytes (byteIds.ts), so a field's raw bytes are looked
// up where they lie, without a string made; other texts by a Map. Why: a file
// of logins from many hosts brings ~230,000 new host names per million
// records, and inserting those in a Map<string, number> took ~0.3-0.4 s here.
// Bytes that are not such ASCII (a byte past 0x7f, a NUL that cuts a binary
// id) are decoded and their text looked up, then kept as an alias of its id.
//
// Why bytes, not strings, go to the page: a new ASCII value then never becomes
// a JS string here, and the page decodes a text only when it shows, sorts or
// searches it (texts.ts); 230,000 strings made, cloned into the message and
// pushed into the page's list cost ~0.5 s of CPU per million records.
import type { NewTexts } from "../protocol.ts";
import { ByteIds } from "./byteIds.ts";

const encoder = new TextEncoder();

export class Dictionary {
  /** ASCII texts by their bytes, and aliases: other bytes whose text is known. */
  private readonly bytes = new ByteIds();
  /** Texts with a char outside 0x01-0x7f. */
  private readonly others = new Map<string, number>();
  /** Texts so far ("" is 0: the page starts with it too). */
  private count = 1;
  /** The unsent texts of chunks filled (see add()). */
  private full: NewTexts[] = [];
  /** The chunk being filled: the id of its first text, its texts' UTF-8 bytes one after another, and where each ends. */
  private start = 1;
  private out = new Uint8Array(FIRST_CHUNK);
  private outUsed = 0;
  private ends = new Uint32Array(FIRST_CHUNK >> 4);
  private scratch = new Uint8Array(256);

  id(text: string | undefined): number {
    if (text === undefined || text === "") return 0;
    const n = text.length;
    if (n > this.scratch.length) this.scratch = new Uint8Array(2 * n);
    const scratch = this.scratch;
    for (let k = 0; k < n; k++) {
      const c = text.charCodeAt(k);
      if (c === 0 || c > 0x7f) return this.other(text);
      scratch[k] = c;
    }
    let id = this.bytes.get(scratch, 0, n);
    if (id < 0) this.bytes.set(scratch, 0, n, (id = this.add(scratch, 0, n)));
    return id;
  }

  /** The id of the text of `bytes[at, at + length)` if those bytes came before, else -1 (then keepAscii()). */
  findBytes(bytes: Uint8Array, at: number, length: number): number {
    return length === 0 ? 0 : this.bytes.get(bytes, at, length);
  }

  /**
   * The id of the text of `bytes[at, at + length)` (findBytes() said -1) when
   * every byte is 0x01-0x7f: its text is then one char per byte, as the
   * package decodes it, and no string is made for it here. -1 for other
   * bytes: then keepText().
   */
  keepAscii(bytes: Uint8Array, at: number, length: number): number {
    const id = this.fresh(bytes, at, length);
    if (id >= 0) this.bytes.set(bytes, at, length, id);
    return id;
  }

  /**
   * A new id for the text of `bytes[at, at + length)` when every byte is
   * 0x01-0x7f, without looking for it or remembering its bytes (a value of a
   * field whose values are nearly all new: batchIds.ts); -1 for other bytes.
   * The text may then have other ids too: the page shows, sorts and searches
   * by text, never by id alone.
   */
  fresh(bytes: Uint8Array, at: number, length: number): number {
    const end = at + length;
    for (let k = at; k < end; k++) if ((bytes[k]! - 1) >>> 0 >= 0x7f) return -1;
    return this.add(bytes, at, length);
  }

  /** The id of `text`, the text of `bytes[at, at + length)` as the package decodes it (keepAscii() said -1); the bytes are remembered. */
  keepText(bytes: Uint8Array, at: number, length: number, text: string | undefined): number {
    const id = this.id(text);
    this.bytes.set(bytes, at, length, id);
    return id;
  }

  private other(text: string): number {
    let id = this.others.get(text);
    if (id === undefined) {
      const utf8 = encoder.encode(text);
      this.others.set(text, (id = this.add(utf8, 0, utf8.length)));
    }
    return id;
  }

  /**
   * A new text, of UTF-8 `bytes[at, at + length)`: its id. The texts go into
   * chunks that are sent as they are, never grown nor copied. Why: a file
   * whose every string is new brings ~60 MB of texts per million records,
   * and fresh memory costs ~5 ms per MB to touch here: a buffer grown by
   * doubling, then copied out to be sent, touched three times that.
   */
  private add(bytes: Uint8Array, at: number, length: number): number {
    let k = this.count - this.start;
    if (this.outUsed + length > this.out.length || k === this.ends.length) {
      this.close();
      // chunks grow from 64 KiB to 4 MiB: a file of a few texts costs little, a large one few chunks
      const size = Math.max(length, Math.min(LAST_CHUNK, 2 * this.out.length));
      this.out = new Uint8Array(size);
      this.ends = new Uint32Array(Math.max(16, size >> 4));
      k = 0;
    }
    const out = this.out;
    for (let j = 0, to = this.outUsed; j < length; j++) out[to + j] = bytes[at + j]!;
    this.outUsed += length;
    this.ends[k] = this.outUsed;
    return this.count++;
  }

  /** Puts the chunk being filled, if it holds any text, with the full ones; the next text starts a new one. */
  private close(): void {
    const k = this.count - this.start;
    if (k > 0) this.full.push({ start: this.start, bytes: this.out.subarray(0, this.outUsed), ends: this.ends.subarray(0, k) });
    this.start = this.count;
    this.outUsed = 0;
  }

  /** The texts added since the last call, in chunks (their buffers are the caller's: transfer them). */
  unsent(): NewTexts[] {
    if (this.count > this.start) {
      this.close();
      this.out = new Uint8Array(FIRST_CHUNK);
      this.ends = new Uint32Array(FIRST_CHUNK >> 4);
    }
    const texts = this.full;
    this.full = [];
    return texts;
  }
}

/** Bytes of a chunk of texts: the first, and the most (a text longer than that gets a chunk of its own). */
const FIRST_CHUNK = 1 << 16;
const LAST_CHUNK = 1 << 22;

/** The buffers of `texts`, to transfer. */
export function textBuffers(texts: readonly NewTexts[]): ArrayBuffer[] {
  return texts.flatMap((t) => [t.bytes.buffer as ArrayBuffer, t.ends.buffer as ArrayBuffer]);
}
