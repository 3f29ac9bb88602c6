// The dictionary ids of the texts a field gave fresh ids to lately (see
// lookupOrFresh.ts): a small table, one text per slot, each new
// text taking its slot from the one before. Why: in a field whose values are
// mostly new, the ones that repeat mostly repeat soon (a logout names its
// login's line, a brute-force attempt its address again), and this finds those
// for a hash and a compare in a table that stays in the cache, where the
// dictionary's own table grows to millions of slots.
import { hashOf } from "./byteIds.ts";

const SLOTS = 1 << 13;
/** Bytes a slot holds: longer texts are not remembered. */
const WIDTH = 48;

export class RecentIds {
  /** Per slot: its text's id + 1 (0: empty), hash and length; its bytes in `bytes`, WIDTH apart. */
  private readonly ids = new Int32Array(SLOTS);
  private readonly hashes = new Int32Array(SLOTS);
  private readonly lengths = new Uint8Array(SLOTS);
  private readonly bytes = new Uint8Array(SLOTS * WIDTH);
  /** The slot and hash of the last get(), which set() follows for the same bytes. */
  private slot = 0;
  private hash = 0;

  /** The id of the text of `bytes[at, at + length)` if it is remembered, else -1 (then set() it). */
  get(bytes: Uint8Array, at: number, length: number): number {
    if (length > WIDTH) return -1;
    const h = hashOf(bytes, at, length);
    const slot = (this.slot = h & (SLOTS - 1));
    this.hash = h;
    if (this.ids[slot] === 0 || this.hashes[slot] !== h || this.lengths[slot] !== length) return -1;
    const from = slot * WIDTH, kept = this.bytes;
    for (let k = 0; k < length; k++) if (kept[from + k] !== bytes[at + k]) return -1;
    return this.ids[slot]! - 1;
  }

  /** Remembers `id` for the bytes get() was last asked for (and missed). */
  set(bytes: Uint8Array, at: number, length: number, id: number): void {
    if (length > WIDTH) return;
    const slot = this.slot, from = slot * WIDTH, kept = this.bytes;
    for (let k = 0; k < length; k++) kept[from + k] = bytes[at + k]!;
    this.ids[slot] = id + 1;
    this.hashes[slot] = this.hash;
    this.lengths[slot] = length;
  }
}
