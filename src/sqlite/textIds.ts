// Ids of distinct texts, found by their UTF-8 bytes: a column of a million
// rows (wtmpdb's User, TTY, RemoteHost, Service) repeats a few texts over and
// over, and each repeat is then a hash of a few bytes, with no string made
// and no Map probed. A text is decoded once, when its bytes are first seen.
import { utf8Text } from "./record.ts";
import { grown } from "../util/grown.ts";

const encoder = new TextEncoder();

export class TextIds {
  /** The texts, by id. */
  readonly strings: string[] = [];
  /** Open addressing: id + 1 of the bytes hashed to each slot, 0 for none. */
  private slots = new Int32Array(1 << 10);
  /** Per key (a distinct byte sequence): its hash, and where its bytes are in `arena`. */
  private hashes = new Int32Array(1 << 9);
  private starts = new Int32Array(1 << 9);
  private lengths = new Int32Array(1 << 9);
  /** Each key's id (keys and ids differ only where invalid UTF-8 made two byte sequences one text). */
  private idOfKey = new Int32Array(1 << 9);
  /** Every distinct text's bytes, one after another. */
  private arena = new Uint8Array(1 << 14);
  private used = 0;
  /**
   * Texts holding U+FFFD, by text: invalid UTF-8 decodes to it, so two byte
   * sequences can be one text; they get the same id, as a Map of strings gave.
   */
  private readonly replaced = new Map<string, number>();
  /** Byte sequences seen (more than strings when several decoded alike). */
  private keys = 0;

  /** The id of the text whose UTF-8 bytes are p[at, at + length). */
  idOfBytes(p: Uint8Array, at: number, length: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = at; i < at + length; i++) h = Math.imul(h ^ p[i]!, 16777619);
    const mask = this.slots.length - 1;
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const key = this.slots[slot]! - 1;
      if (key < 0) break;
      if (this.hashes[key] === h && this.same(key, p, at, length)) return this.idOfKey[key]!;
      slot = (slot + 1) & mask;
    }
    return this.add(slot, h, p, at, length);
  }

  /** The id of a text given as a string (a number in a TEXT column, say). */
  idOf(text: string): number {
    const bytes = encoder.encode(text);
    return this.idOfBytes(bytes, 0, bytes.length);
  }

  private same(key: number, p: Uint8Array, at: number, length: number): boolean {
    if (this.lengths[key] !== length) return false;
    const a = this.arena, s = this.starts[key]!;
    for (let i = 0; i < length; i++) if (a[s + i] !== p[at + i]) return false;
    return true;
  }

  private add(slot: number, h: number, p: Uint8Array, at: number, length: number): number {
    const text = utf8Text(p, at, length);
    let id: number | undefined;
    if (text.includes("\uFFFD")) id = this.replaced.get(text);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(text);
      if (text.includes("\uFFFD")) this.replaced.set(text, id);
    }
    const key = this.keys++;
    if (key === this.hashes.length) this.growKeys();
    this.arena = grown(this.arena, this.used + length);
    this.arena.set(p.subarray(at, at + length), this.used);
    this.starts[key] = this.used;
    this.lengths[key] = length;
    this.hashes[key] = h;
    this.idOfKey[key] = id;
    this.used += length;
    this.slots[slot] = key + 1;
    // at most half full: probes stay short
    if (2 * this.keys > this.slots.length) this.rehash();
    return id;
  }

  private growKeys(): void {
    const n = this.hashes.length * 2;
    this.hashes = grown(this.hashes, n);
    this.starts = grown(this.starts, n);
    this.lengths = grown(this.lengths, n);
    this.idOfKey = grown(this.idOfKey, n);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let key = 0; key < this.keys; key++) {
      const h = this.hashes[key]!;
      let slot = (h ^ (h >>> 15)) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = key + 1;
    }
    this.slots = slots;
  }
}
