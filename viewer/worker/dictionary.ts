// The strings of every file in one list, each kept once: the columns carry
// numbers into it. Only the texts added since the last message are sent, as
// UTF-8 bytes one after another with where each ends (NewTexts), so the
// page's copy grows in step with this one.
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
  /** The first text not sent yet. */
  private sent = 1;
  /** The unsent texts' UTF-8 bytes, one after another, and where each ends. */
  private out = new Uint8Array(1 << 16);
  private outUsed = 0;
  private ends = new Uint32Array(1 << 12);
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
    const end = at + length;
    for (let k = at; k < end; k++) if ((bytes[k]! - 1) >>> 0 >= 0x7f) return -1;
    const id = this.add(bytes, at, length);
    this.bytes.set(bytes, at, length, id);
    return id;
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

  /** A new text, of UTF-8 `bytes[at, at + length)`: its id. */
  private add(bytes: Uint8Array, at: number, length: number): number {
    if (this.outUsed + length > this.out.length) {
      const bigger = new Uint8Array(Math.max(2 * this.out.length, this.outUsed + length));
      bigger.set(this.out.subarray(0, this.outUsed));
      this.out = bigger;
    }
    const k = this.count - this.sent;
    if (k === this.ends.length) {
      const bigger = new Uint32Array(2 * k);
      bigger.set(this.ends);
      this.ends = bigger;
    }
    const out = this.out;
    for (let j = 0, to = this.outUsed; j < length; j++) out[to + j] = bytes[at + j]!;
    this.outUsed += length;
    this.ends[k] = this.outUsed;
    return this.count++;
  }

  /** The texts added since the last call (their buffers are the caller's: transfer them). */
  unsent(): NewTexts {
    const texts = { start: this.sent, bytes: this.out.slice(0, this.outUsed), ends: this.ends.slice(0, this.count - this.sent) };
    this.sent = this.count;
    this.outUsed = 0;
    return texts;
  }
}

/** The buffers of `texts`, to transfer. */
export function textBuffers(texts: NewTexts): ArrayBuffer[] {
  return [texts.bytes.buffer as ArrayBuffer, texts.ends.buffer as ArrayBuffer];
}
