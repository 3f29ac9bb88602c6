// A map from byte strings to numbers, looked up with the bytes where they lie
// (a range of a batch's raw bytes), so a value seen before costs a hash and a
// compare, not a JS string made and hashed per record. Why: a file of logins
// from many hosts has most host fields left raw by the package (new values),
// and making a string per record to look it up in a Map was most of the time
// spent turning a million records' texts into dictionary ids.
export class ByteIds {
  /**
   * Per slot, four numbers side by side (one cache line holds a slot's whole
   * entry; three arrays cost three misses per lookup in a table of 200,000
   * hosts): the entry's number + 1 (0: empty), its hash, where its bytes lie
   * in `arena`, and how many.
   */
  private table = new Int32Array(4 << 12);
  private mask = (1 << 12) - 1;
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
    const table = this.table, mask = this.mask;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const e = 4 * s;
      const v = table[e]!;
      if (v === 0) return -1;
      if (table[e + 1] === hash && table[e + 3] === length && this.same(table[e + 2]!, bytes, at, length)) return v - 1;
    }
  }

  /** Keeps `value` for the bytes (not already kept: get() said -1). */
  set(bytes: Uint8Array, at: number, length: number, value: number): void {
    if (2 * (this.count + 1) > this.mask + 1) this.grow();
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

  private same(from: number, bytes: Uint8Array, at: number, length: number): boolean {
    const arena = this.arena;
    for (let k = 0; k < length; k++) if (arena[from + k] !== bytes[at + k]) return false;
    return true;
  }

  private place(hash: number, from: number, length: number, slot: number): void {
    const table = this.table, mask = this.mask;
    let s = hash & mask;
    while (table[4 * s] !== 0) s = (s + 1) & mask;
    const e = 4 * s;
    table[e] = slot;
    table[e + 1] = hash;
    table[e + 2] = from;
    table[e + 3] = length;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(2 * old.length);
    this.mask = 2 * this.mask + 1;
    for (let e = 0; e < old.length; e += 4) if (old[e] !== 0) this.place(old[e + 1]!, old[e + 2]!, old[e + 3]!, old[e]!);
  }
}

/** FNV-1a over the bytes four at a time, mixed at the end so the low bits (the slot) depend on all of them. */
export function hashOf(bytes: Uint8Array, at: number, length: number): number {
  let h = (0x811c9dc5 ^ length) | 0;
  const end = at + length;
  let k = at;
  for (; k + 4 <= end; k += 4) h = Math.imul(h ^ (bytes[k]! | (bytes[k + 1]! << 8) | (bytes[k + 2]! << 16) | (bytes[k + 3]! << 24)), 0x01000193);
  for (; k < end; k++) h = Math.imul(h ^ bytes[k]!, 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}
