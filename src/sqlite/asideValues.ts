// Login and Logout values kept aside from wtmpdb's columns of numbers: times
// past 2^53, and values stored as another kind than an integer (how SQLite
// orders them). wtmpdb writes neither, so most databases have none; a damaged
// or hostile one can have one in every row. Kept in typed arrays by key (2·row
// for a Login, 2·row + 1 for a Logout), not in Maps of objects: a 166 MB
// wtmp.db of 8.4 million rows of text times filled the 4 GB heap, and 284 MB
// of times past 2^53 passed a Map's 2^24 keys. Keys come in increasing order
// (rows are appended), so a key is found by binary search.
import { grown } from "../util/grown.ts";

/** Increasing keys, each with its index among them. */
class SortedKeys {
  keys = new Float64Array(16);
  length = 0;

  /** Adds `key`, greater than every key before (rows are appended); its index. */
  add(key: number): number {
    if (this.length > 0 && key <= this.keys[this.length - 1]!) throw new RangeError(`aside values: key ${key} after ${this.keys[this.length - 1]}`);
    this.keys = grown(this.keys, this.length + 1);
    this.keys[this.length] = key;
    return this.length++;
  }

  /** The index of `key`, or -1. */
  find(key: number): number {
    const k = this.before(key);
    return k < this.length && this.keys[k] === key ? k : -1;
  }

  /** Drops the keys from `key` on; how many are left. */
  truncate(key: number): number {
    return (this.length = this.before(key));
  }

  /** How many keys are less than `key` (binary search). */
  private before(key: number): number {
    let lo = 0, hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Exact times that are not safe integers (SQLite's 64-bit integers), by key. */
export class WideTimes {
  private readonly index = new SortedKeys();
  private values = new BigInt64Array(16);

  get size(): number {
    return this.index.length;
  }

  set(key: number, value: bigint): void {
    const k = this.index.add(key);
    this.values = grown(this.values, k + 1);
    this.values[k] = value;
  }

  get(key: number): bigint | undefined {
    const k = this.index.find(key);
    return k < 0 ? undefined : this.values[k]!;
  }

  /** Drops the keys from `key` on (a read started again). */
  truncate(key: number): void {
    this.index.truncate(key);
  }
}

/**
 * How SQLite orders a stored Login or Logout that is not an integer (wtmpdb last
 * sorts by the stored values): a real by its value among the numbers, text after
 * every number, blobs after text; text and blobs by their bytes.
 */
export interface StoredOrder {
  readonly rank: number;
  readonly real: number;
  readonly bytes: Uint8Array;
}

export const NULL_ORDER: StoredOrder = { rank: 0, real: 0, bytes: new Uint8Array(0) };

/** Values stored as a real, text or blob, by key: their rank and value, or bytes (held in one store). */
export class StoredTimes {
  private readonly index = new SortedKeys();
  private rank = new Uint8Array(16);
  private real = new Float64Array(16);
  private starts = new Float64Array(16);
  private lengths = new Uint32Array(16);
  private bytes = new Uint8Array(256);
  private used = 0;

  get size(): number {
    return this.index.length;
  }

  /** A real. */
  setReal(key: number, value: number): void {
    const k = this.add(key, 1);
    this.real[k] = value;
  }

  /** Text (rank 2) or a blob (rank 3): `src[at, at + length)`, copied. */
  setBytes(key: number, rank: 2 | 3, src: Uint8Array, at: number, length: number): void {
    const k = this.add(key, rank);
    this.bytes = grown(this.bytes, this.used + length);
    this.bytes.set(src.subarray(at, at + length), this.used);
    this.starts[k] = this.used;
    this.lengths[k] = length;
    this.used += length;
  }

  /** The order of the value at `key` (its bytes a view of the store, valid until the next set), or undefined. */
  get(key: number): StoredOrder | undefined {
    const k = this.index.find(key);
    if (k < 0) return undefined;
    const rank = this.rank[k]!;
    if (rank === 1) return { rank, real: this.real[k]!, bytes: NULL_ORDER.bytes };
    const from = this.starts[k]!;
    return { rank, real: 0, bytes: this.bytes.subarray(from, from + this.lengths[k]!) };
  }

  /** Drops the keys from `key` on (a read started again). */
  truncate(key: number): void {
    const left = this.index.truncate(key);
    this.used = left === 0 ? 0 : this.starts[left - 1]! + this.lengths[left - 1]!;
  }

  private add(key: number, rank: number): number {
    const k = this.index.add(key);
    const n = k + 1;
    this.rank = grown(this.rank, n);
    this.real = grown(this.real, n);
    this.starts = grown(this.starts, n);
    this.lengths = grown(this.lengths, n);
    this.rank[k] = rank;
    this.starts[k] = this.used;
    this.lengths[k] = 0;
    return k;
  }
}
