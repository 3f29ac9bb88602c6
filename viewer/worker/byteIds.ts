// A map from byte strings to numbers, looked up with the bytes where they lie
// (a range of a batch's raw bytes), so a value seen before costs a hash and a
// compare, not a JS string made and hashed per record. Why: a file of logins
// from many hosts has most host fields left raw by the package (new values),
// and making a string per record to look it up in a Map was most of the time
// spent turning a million records' texts into dictionary ids.
export class ByteIds {
  /** Per slot: the entry's number + 1 (0: empty). */
  private slots = new Int32Array(1 << 12);
  /** Per slot: the entry's hash, compared before the bytes. */
  private hashes = new Int32Array(1 << 12);
  /** Per slot: where the entry's bytes lie in `arena`, and how many. */
  private spans = new Uint32Array(2 << 12);
  private arena = new Uint8Array(1 << 16);
  private used = 0;
  private count = 0;
  /** What get() last looked up, and its hash: set() mostly follows a miss of the same bytes. */
  private lastBytes: Uint8Array | undefined;
  private lastAt = 0;
  private lastLength = 0;
  private lastHash = 0;

  /** The number kept for `bytes[at, at + length)`, or -1. */
  get(bytes: Uint8Array, at: number, length: number): number {
    const hash = (this.lastHash = hashOf(bytes, at, length));
    this.lastBytes = bytes;
    this.lastAt = at;
    this.lastLength = length;
    const mask = this.slots.length - 1;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const v = this.slots[s]!;
      if (v === 0) return -1;
      if (this.hashes[s] === hash && this.same(s, bytes, at, length)) return v - 1;
    }
  }

  /** Keeps `value` for the bytes (not already kept: get() said -1). */
  set(bytes: Uint8Array, at: number, length: number, value: number): void {
    if (2 * (this.count + 1) > this.slots.length) this.grow();
    if (this.used + length > this.arena.length) {
      const bigger = new Uint8Array(Math.max(2 * this.arena.length, this.used + length));
      bigger.set(this.arena.subarray(0, this.used));
      this.arena = bigger;
    }
    // a loop, not set(subarray()): most values are a few bytes, and a view per value was a third of the time here
    const arena = this.arena;
    for (let k = 0, to = this.used; k < length; k++) arena[to + k] = bytes[at + k]!;
    const same = bytes === this.lastBytes && at === this.lastAt && length === this.lastLength;
    this.place(same ? this.lastHash : hashOf(bytes, at, length), this.used, length, value + 1);
    this.used += length;
    this.count++;
  }

  private same(s: number, bytes: Uint8Array, at: number, length: number): boolean {
    if (this.spans[2 * s + 1] !== length) return false;
    const arena = this.arena;
    for (let k = 0, from = this.spans[2 * s]!; k < length; k++) if (arena[from + k] !== bytes[at + k]) return false;
    return true;
  }

  private place(hash: number, from: number, length: number, slot: number): void {
    const mask = this.slots.length - 1;
    let s = hash & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = slot;
    this.hashes[s] = hash;
    this.spans[2 * s] = from;
    this.spans[2 * s + 1] = length;
  }

  private grow(): void {
    const { slots, hashes, spans } = this;
    this.slots = new Int32Array(2 * slots.length);
    this.hashes = new Int32Array(2 * slots.length);
    this.spans = new Uint32Array(4 * slots.length);
    for (let s = 0; s < slots.length; s++) if (slots[s] !== 0) this.place(hashes[s]!, spans[2 * s]!, spans[2 * s + 1]!, slots[s]!);
  }
}

/** FNV-1a over the bytes four at a time, mixed at the end so the low bits (the slot) depend on all of them. */
function hashOf(bytes: Uint8Array, at: number, length: number): number {
  let h = (0x811c9dc5 ^ length) | 0;
  const end = at + length;
  let k = at;
  for (; k + 4 <= end; k += 4) h = Math.imul(h ^ (bytes[k]! | (bytes[k + 1]! << 8) | (bytes[k + 2]! << 16) | (bytes[k + 3]! << 24)), 0x01000193);
  for (; k < end; k++) h = Math.imul(h ^ bytes[k]!, 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}
