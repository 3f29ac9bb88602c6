// Iteration over a batch's entries. A plain iterator rather than a generator:
// `yield*` over a generator (Database.filter() delegates to each batch) resumes
// two generators per entry, which cost several times the entry itself.
import { Entry } from "./entry.ts";
import type { RecordBatch } from "./recordBatch.ts";

// What generators inherit: [Symbol.iterator]() returning itself, and the
// iterator helpers (map, filter, take...) where the runtime has them.
const IteratorPrototype: object = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));

export class EntryIterator implements Iterator<Entry> {
  private index = 0;

  constructor(private readonly batch: RecordBatch) {}

  next(): IteratorResult<Entry, undefined> {
    const i = this.index;
    if (i >= this.batch.length) return { done: true, value: undefined };
    this.index = i + 1;
    return { done: false, value: new Entry(this.batch, i) };
  }

  [Symbol.iterator](): this {
    return this;
  }
}
Object.setPrototypeOf(EntryIterator.prototype, IteratorPrototype);

/**
 * The entries of a sequence of batches, in order (Database.filter()). A plain
 * iterator for the same reason: filter() was a generator delegating to each
 * batch, one generator resumed per entry kept.
 */
export class BatchesEntries implements IterableIterator<Entry> {
  private batch: RecordBatch | undefined;
  private index = 0;

  constructor(private readonly batches: Iterator<RecordBatch, unknown>) {}

  next(): IteratorResult<Entry, undefined> {
    for (;;) {
      const batch = this.batch, i = this.index;
      if (batch !== undefined && i < batch.length) {
        this.index = i + 1;
        return { done: false, value: new Entry(batch, i) };
      }
      const got = this.batches.next();
      if (got.done) {
        this.batch = undefined;
        return { done: true, value: undefined };
      }
      this.batch = got.value;
      this.index = 0;
    }
  }

  /** Stops early (a break out of for-of): the batches' reading is closed too. */
  return(): IteratorResult<Entry, undefined> {
    this.batch = undefined;
    this.batches.return?.();
    return { done: true, value: undefined };
  }

  [Symbol.iterator](): this {
    return this;
  }
}
Object.setPrototypeOf(BatchesEntries.prototype, IteratorPrototype);
