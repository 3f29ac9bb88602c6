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
