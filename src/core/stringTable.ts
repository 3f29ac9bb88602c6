// The host half of string interning: a mirror of the core's arena and string
// entries, copied right after each decode call (so a batch never needs the
// core's arena again: the next call may reuse it), with each id's text and
// address forms computed on first use and then shared by every record with the
// same id. New strings are copied as one block per call, not one array each:
// a window of distinct strings costs one copy.
import { formatIPv4, formatIPv6 } from "../util/address.ts";
import { byteString, decodeText } from "../util/text.ts";
import { grown } from "../util/grown.ts";

/** The strings of one interning generation; batches keep a reference to the one they were decoded in. */
export class StringTable {
  /** The arena's bytes, at the arena's own offsets, as far as the copied ids reach. */
  private data = new Uint8Array(1 << 12);
  /** (offset, length) per id. */
  private spans = new Uint32Array(2 * 256);
  private count = 1;
  private readonly texts: string[] = [""];
  private readonly addresses: string[] = [];
  private readonly byteStrings: string[] = [""];

  constructor(readonly generation: number) {}

  get size(): number {
    return this.count;
  }

  /**
   * Copies the strings the core created since the last call. `entries` holds
   * (offset, length, hash) per id; ids are appended to the arena in order, so the
   * new ones are one contiguous block.
   */
  addFrom(arena: Uint8Array, entries: Uint32Array, count: number): void {
    if (count <= this.count) return;
    const from = entries[this.count * 3]!;
    const end = entries[(count - 1) * 3]! + entries[(count - 1) * 3 + 1]!;
    this.data = grown(this.data, end);
    this.data.set(arena.subarray(from, end), from);
    this.spans = grown(this.spans, 2 * count);
    for (let id = this.count; id < count; id++) {
      this.spans[2 * id] = entries[3 * id]!;
      this.spans[2 * id + 1] = entries[3 * id + 1]!;
    }
    this.count = count;
  }

  /** The id's bytes: a view, valid as long as the table (do not modify it). */
  bytes(id: number): Uint8Array {
    const at = this.spans[2 * id]!;
    return this.data.subarray(at, at + this.spans[2 * id + 1]!);
  }

  /** The id's bytes, a copy of its own. */
  copy(id: number): Uint8Array {
    const at = this.spans[2 * id]!;
    return this.data.slice(at, at + this.spans[2 * id + 1]!);
  }

  /** The id's bytes as UTF-8 text, up to a NUL (binary ids, FreeBSD's fu_id, may hold one). */
  text(id: number): string {
    let text = this.texts[id];
    if (text === undefined) text = this.texts[id] = decodeText(this.bytes(id));
    return text;
  }

  /**
   * The id's bytes as a byte string (one char per byte, every byte: an id
   * field's NULs kept; the other fields' bytes hold none).
   */
  byteString(id: number): string {
    let s = this.byteStrings[id];
    if (s === undefined) s = this.byteStrings[id] = byteString(this.bytes(id), true);
    return s;
  }

  /** Text of an interned address key (family byte 4 or 6, then 16 network-order bytes). */
  address(id: number): string {
    let text = this.addresses[id];
    if (text === undefined) {
      const key = this.bytes(id);
      text = this.addresses[id] = key[0] === 6 ? formatIPv6(key, 1) : formatIPv4(key, 1);
    }
    return text;
  }
}
