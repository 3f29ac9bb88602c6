// A map from byte strings (and a small tag) to numbers, in typed arrays: keys
// are read in place from a larger array (no subarray or string made per
// lookup), and held in one growing byte store. Parquet's dictionaries use it,
// and so does the audit's attack summary for sources and user names, where a
// Map of strings hit V8's limit of 2^24 entries (a brute-forced btmp of tens of
// millions of distinct IPv6 sources) and cost a hundred bytes and more a key.

export class ByteKeys {
  private slots = new Int32Array(1 << 10);
  private keys = new Uint8Array(1 << 12);
  private used = 0;
  private starts = new Uint32Array(256);
  private lengths = new Uint32Array(256);
  private tags = new Int32Array(256);
  private values = new Int32Array(256);
  private count = 0;

  /** How many keys. */
  get size(): number {
    return this.count;
  }

  clear(): void {
    if (this.count === 0) return;
    this.slots.fill(0);
    this.used = 0;
    this.count = 0;
  }

  /** The value of src[at, at + len) with `tag`, or -1. */
  get(src: Uint8Array, at: number, len: number, tag: number): number {
    const e = this.find(src, at, len, tag);
    return e < 0 ? -1 : this.values[e]!;
  }

  /** The entry (0, 1, ... in the order set) of src[at, at + len) with `tag`, or -1. */
  find(src: Uint8Array, at: number, len: number, tag: number): number {
    const mask = this.slots.length - 1;
    for (let s = hashBytes(src, at, len, tag) & mask; ; s = (s + 1) & mask) {
      const e = this.slots[s]! - 1;
      if (e < 0) return -1;
      if (this.lengths[e] === len && this.tags[e] === tag && this.same(e, src, at, len)) return e;
    }
  }

  /** Sets the value of a key known to be absent; returns its entry (see find). */
  set(src: Uint8Array, at: number, len: number, tag: number, value: number): number {
    if ((this.count + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    const e = this.count++;
    if (e === this.starts.length) {
      this.starts = grow(this.starts, Uint32Array);
      this.lengths = grow(this.lengths, Uint32Array);
      this.tags = grow(this.tags, Int32Array);
      this.values = grow(this.values, Int32Array);
    }
    if (this.used + len > this.keys.length) {
      const keys = new Uint8Array(Math.max(this.keys.length * 2, this.used + len));
      keys.set(this.keys.subarray(0, this.used));
      this.keys = keys;
    }
    this.keys.set(src.subarray(at, at + len), this.used);
    this.starts[e] = this.used;
    this.used += len;
    this.lengths[e] = len;
    this.tags[e] = tag;
    this.values[e] = value;
    this.place(e, hashBytes(src, at, len, tag));
    return e;
  }

  /** The bytes of entry `e`'s key: a view of the store, valid until the next set() or clear(). */
  keyOf(e: number): Uint8Array {
    const from = this.starts[e]!;
    return this.keys.subarray(from, from + this.lengths[e]!);
  }

  private same(e: number, src: Uint8Array, at: number, len: number): boolean {
    const b = this.keys;
    const from = this.starts[e]!;
    for (let j = 0; j < len; j++) if (b[from + j] !== src[at + j]) return false;
    return true;
  }

  private place(e: number, h: number): void {
    const mask = this.slots.length - 1;
    let s = h & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = e + 1;
  }

  private rehash(n: number): void {
    this.slots = new Int32Array(n);
    for (let e = 0; e < this.count; e++) this.place(e, hashBytes(this.keys, this.starts[e]!, this.lengths[e]!, this.tags[e]!));
  }
}

function grow<T extends Uint32Array | Int32Array>(a: T, Kind: new (n: number) => T): T {
  const b = new Kind(a.length * 2);
  b.set(a);
  return b;
}

/** FNV-1a over the bytes, seeded with the tag. */
function hashBytes(src: Uint8Array, at: number, len: number, tag: number): number {
  let h = (0x811c9dc5 ^ tag) | 0;
  for (let j = 0; j < len; j++) h = Math.imul(h ^ src[at + j]!, 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
}
