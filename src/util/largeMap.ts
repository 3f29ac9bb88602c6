// A Map that holds more than V8's 2^24 entries: a Map of V8 throws "Map
// maximum size exceeded" at 16,777,216 keys, and a hostile file can bring that
// many distinct lines or ids (6.4 GB of 384-byte records). Keys go into one Map
// until it holds PART_SIZE, then into the next; a lookup tries each in turn.
// Files of the real world stay in the first, at the cost of one Map.

/** Half V8's limit: room under whatever limit another engine sets. */
const PART_SIZE = 1 << 23;

export class LargeMap<K, V> {
  private readonly parts: Map<K, V>[];
  private last: Map<K, V>;

  /** `partSize`: keys per Map (tests make it small to cross it). */
  constructor(private readonly partSize = PART_SIZE) {
    this.last = new Map();
    this.parts = [this.last];
  }

  get size(): number {
    if (this.parts.length === 1) return this.last.size;
    let n = 0;
    for (const part of this.parts) n += part.size;
    return n;
  }

  get(key: K): V | undefined {
    if (this.parts.length === 1) return this.last.get(key);
    for (const part of this.parts) {
      const value = part.get(key);
      if (value !== undefined || part.has(key)) return value;
    }
    return undefined;
  }

  has(key: K): boolean {
    if (this.parts.length === 1) return this.last.has(key);
    return this.parts.some((part) => part.has(key));
  }

  /** Sets `key`'s value: where the key is, or else in the newest Map (a new one when it is full). */
  set(key: K, value: V): this {
    if (this.parts.length === 1 && this.last.size < this.partSize) {
      this.last.set(key, value);
      return this;
    }
    for (const part of this.parts) {
      if (part.has(key)) {
        part.set(key, value);
        return this;
      }
    }
    if (this.last.size >= this.partSize) {
      // a part emptied by deletes takes new keys before another is made
      const roomy = this.parts.find((part) => part.size < this.partSize);
      if (roomy === undefined) this.parts.push((this.last = new Map()));
      else this.last = roomy;
    }
    this.last.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    if (this.parts.length === 1) return this.last.delete(key);
    return this.parts.some((part) => part.delete(key));
  }

  clear(): void {
    this.last = new Map();
    this.parts.length = 0;
    this.parts.push(this.last);
  }

  *entries(): Generator<[K, V]> {
    for (const part of this.parts) yield* part;
  }

  *values(): Generator<V> {
    for (const part of this.parts) yield* part.values();
  }

  [Symbol.iterator](): Generator<[K, V]> {
    return this.entries();
  }
}

/** A Set that holds more than 2^24 keys, as LargeMap. */
export class LargeSet<K> {
  private readonly keys: LargeMap<K, true>;

  constructor(partSize?: number) {
    this.keys = new LargeMap(partSize);
  }

  get size(): number {
    return this.keys.size;
  }

  add(key: K): this {
    this.keys.set(key, true);
    return this;
  }

  has(key: K): boolean {
    return this.keys.has(key);
  }

  *[Symbol.iterator](): Generator<K> {
    for (const [key] of this.keys) yield key;
  }
}
