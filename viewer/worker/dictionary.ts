// The strings of every file in one list, each kept once: the columns carry
// numbers into it. Only the strings added since the last message are sent,
// so the page's copy grows in step with this one.
//
// A text of ASCII (every char 0x01-0x7f: nearly every value of a login
// record) is found by its bytes (byteIds.ts), so a field's raw bytes are looked
// up where they lie, without a string made; other texts by a Map. Why: a file
// of logins from many hosts brings ~230,000 new host names per million
// records, and inserting those in a Map<string, number> took ~0.3-0.4 s here.
// Bytes that are not such ASCII (a byte past 0x7f, a NUL that cuts a binary
// id) are decoded and their text looked up, then kept as an alias of its id.
import { ByteIds } from "./byteIds.ts";

export class Dictionary {
  /** ASCII texts by their bytes, and aliases: other bytes whose text is known. */
  private readonly bytes = new ByteIds();
  /** Texts with a char outside 0x01-0x7f. */
  private readonly others = new Map<string, number>();
  private readonly list: string[] = [""];
  /** The page starts with "" too. */
  private sent = 1;
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
    if (id < 0) this.bytes.set(scratch, 0, n, (id = this.add(text)));
    return id;
  }

  /** The id of the text of `bytes[at, at + length)` if those bytes came before, else -1 (then keepAscii()). */
  findBytes(bytes: Uint8Array, at: number, length: number): number {
    return length === 0 ? 0 : this.bytes.get(bytes, at, length);
  }

  /**
   * The id of the text of `bytes[at, at + length)` (findBytes() said -1) when
   * every byte is 0x01-0x7f: its text is then one char per byte, as the
   * package decodes it, made here without asking the package (which decodes a
   * whole window's raw bytes to give one field's text). -1 for other bytes:
   * then keepText().
   */
  keepAscii(bytes: Uint8Array, at: number, length: number): number {
    const end = at + length;
    for (let k = at; k < end; k++) if ((bytes[k]! - 1) >>> 0 >= 0x7f) return -1;
    const text = String.fromCharCode.apply(null, bytes.subarray(at, end) as unknown as number[]);
    const id = this.add(text);
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
    if (id === undefined) this.others.set(text, (id = this.add(text)));
    return id;
  }

  private add(text: string): number {
    this.list.push(text);
    return this.list.length - 1;
  }

  text(id: number): string {
    return this.list[id] ?? "";
  }

  /** The strings added since the last call, and the id of the first of them. */
  unsent(): { dictStart: number; strings: string[] } {
    const dictStart = this.sent;
    this.sent = this.list.length;
    return { dictStart, strings: this.list.slice(dictStart) };
  }
}
