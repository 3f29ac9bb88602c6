// Ids of distinct texts, found by their UTF-8 bytes: a column of a million
// rows (wtmpdb's User, TTY, RemoteHost, Service) repeats a few texts over and
// over, and each repeat is then a hash of a few bytes, with no string made
// and no Map probed. A text is kept as its bytes and decoded when asked for
// (a million distinct hosts held as strings took ~50 MB, and their decoding
// time, for readers that write the bytes anyway).
// An id is a byte sequence, not a decoded text: invalid UTF-8 decodes to U+FFFD,
// so two sequences can have the same text, and wtmpdb prints each as its bytes.
import { utf8Text } from "./record.ts";
import { grown } from "../util/grown.ts";

const encoder = new TextEncoder();

export class TextIds {
  /** Distinct byte sequences seen: ids are 0..count - 1. */
  count = 0;
  /** Open addressing: id + 1 of the bytes hashed to each slot, 0 for none. */
  private slots = new Int32Array(1 << 10);
  /** Per id: its bytes' hash, and where they are in `arena`. */
  private hashes = new Int32Array(1 << 9);
  private starts = new Int32Array(1 << 9);
  private lengths = new Int32Array(1 << 9);
  /** Every distinct text's bytes, one after another. */
  private arena = new Uint8Array(1 << 14);
  private used = 0;

  /** The id of the text whose UTF-8 bytes are p[at, at + length). */
  idOfBytes(p: Uint8Array, at: number, length: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = at; i < at + length; i++) h = Math.imul(h ^ p[i]!, 16777619);
    const mask = this.slots.length - 1;
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const id = this.slots[slot]! - 1;
      if (id < 0) break;
      if (this.hashes[id] === h && this.same(id, p, at, length)) return id;
      slot = (slot + 1) & mask;
    }
    return this.add(slot, h, p, at, length);
  }

  /** Text `id` decoded, as TextDecoder reads it (invalid UTF-8 as U+FFFD): a new string each call. */
  text(id: number): string {
    return utf8Text(this.arena, this.starts[id]!, this.lengths[id]!);
  }

  /** The byte length of text `id`. */
  byteLength(id: number): number {
    return this.lengths[id]!;
  }

  /** The bytes of text `id`, as they were read (a view: do not change them). */
  bytes(id: number): Uint8Array {
    const start = this.starts[id]!;
    return this.arena.subarray(start, start + this.lengths[id]!);
  }

  /**
   * Points `into` at the bytes text `id` was read from, as they were (no copy, no
   * object: a writer of a million distinct hosts makes nothing per row).
   */
  utf8Into(id: number, into: { bytes: Uint8Array; start: number; length: number }): void {
    // the arena is replaced, never changed, as it grows: the old one still holds these bytes
    into.bytes = this.arena;
    into.start = this.starts[id]!;
    into.length = this.lengths[id]!;
  }

  /** The id of a text given as a string (a number in a TEXT column, say). */
  idOf(text: string): number {
    const bytes = encoder.encode(text);
    return this.idOfBytes(bytes, 0, bytes.length);
  }

  private same(id: number, p: Uint8Array, at: number, length: number): boolean {
    if (this.lengths[id] !== length) return false;
    const a = this.arena, s = this.starts[id]!;
    for (let i = 0; i < length; i++) if (a[s + i] !== p[at + i]) return false;
    return true;
  }

  private add(slot: number, h: number, p: Uint8Array, at: number, length: number): number {
    const id = this.count++;
    if (id === this.hashes.length) this.growIds();
    this.arena = grown(this.arena, this.used + length);
    this.arena.set(p.subarray(at, at + length), this.used);
    this.starts[id] = this.used;
    this.lengths[id] = length;
    this.hashes[id] = h;
    this.used += length;
    this.slots[slot] = id + 1;
    // at most half full: probes stay short
    if (2 * this.count > this.slots.length) this.rehash();
    return id;
  }

  private growIds(): void {
    const n = this.hashes.length * 2;
    this.hashes = grown(this.hashes, n);
    this.starts = grown(this.starts, n);
    this.lengths = grown(this.lengths, n);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.count; id++) {
      const h = this.hashes[id]!;
      let slot = (h ^ (h >>> 15)) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}
