// A ByteSource over bytes that come as a stream (a gzip archive decompressed on
// the way), for the sync readers (Database, the audit's checks) that read a
// file by position: it holds only the part of the stream around the last read,
// so memory is bounded whatever the size of the input. Those readers go
// forward a window at a time, looking back no further than where their last
// read began; between their reads the caller lets it take in the next part of
// the stream (fill(), while `hungry`), as only an async call can. A read before
// what it holds is a bug, said as one, never answered with wrong bytes.
import { UtmpError, UtmpErrorCode, type UtmpWarning } from "../util/errors.ts";
import type { ByteSource } from "./sources.ts";

export class SlidingSource implements ByteSource {
  /** Chunks of the stream held, in order; the first begins at `base`. */
  private readonly held: Uint8Array[] = [];
  private base = 0;
  /** Where the bytes held end. */
  private end = 0;
  /** The last read: where it began (what must stay) and how far reads have gone. */
  private lastStart = 0;
  private furthest = 0;

  private constructor(
    readonly name: string,
    readonly path: string | undefined,
    private readonly iterator: AsyncIterator<Uint8Array>,
    private readonly total: number,
    private readonly ahead: number,
    private readonly warnings: readonly UtmpWarning[],
  ) {}

  /**
   * The stream `chunks` of `size` bytes (counted by a pass before: see
   * countBytes), its first `ahead` bytes taken in. `ahead`: how far past the
   * furthest read the bytes must reach before the next read (a reader's
   * window, and what it looks at beyond the records it read).
   */
  static async open(name: string, path: string | undefined, chunks: AsyncIterable<Uint8Array>, size: number, ahead: number,
    warnings: readonly UtmpWarning[] = []): Promise<SlidingSource> {
    const source = new SlidingSource(name, path, chunks[Symbol.asyncIterator](), size, ahead, warnings);
    await source.fill();
    return source;
  }

  size(): number {
    return this.total;
  }

  /** What the stream's producer said of its bytes (a gzip archive cut short). */
  notes(): readonly UtmpWarning[] {
    return this.warnings;
  }

  readInto(offset: number, target: Uint8Array): number {
    const stop = Math.min(offset + target.length, this.total);
    if (offset >= stop) return 0;
    if (offset < this.base || stop > this.end) {
      throw new UtmpError(UtmpErrorCode.INTERNAL,
        `utmpx: ${this.name}: bytes ${offset}..${stop} read while the stream holds ${this.base}..${this.end}`);
    }
    this.lastStart = offset;
    this.furthest = Math.max(this.furthest, stop);
    let at = this.base;
    for (const chunk of this.held) {
      const next = at + chunk.length;
      if (next > offset && at < stop) {
        const from = Math.max(offset, at);
        target.set(chunk.subarray(from - at, Math.min(stop, next) - at), from - offset);
      }
      if (next >= stop) break;
      at = next;
    }
    return stop - offset;
  }

  /** Whether the next read may need bytes not yet taken in: then await fill() first. */
  get hungry(): boolean {
    return this.end < Math.min(this.total, this.furthest + this.ahead);
  }

  /** Lets go of what lies before the last read, and takes in the stream up to `ahead` past the furthest read. */
  async fill(): Promise<void> {
    while (this.held.length > 0 && this.base + this.held[0]!.length <= this.lastStart) this.base += this.held.shift()!.length;
    const want = Math.min(this.total, this.furthest + this.ahead);
    while (this.end < want) {
      const { done, value } = await this.iterator.next();
      if (done || this.end + value.length > this.total) throw this.changed(done ? this.end : this.end + value.length);
      if (value.length === 0) continue;
      this.held.push(value);
      this.end += value.length;
    }
  }

  /** Stops reading the stream (it is not read to its end). */
  async close(): Promise<void> {
    this.held.length = 0;
    await this.iterator.return?.();
  }

  private changed(seen: number): UtmpError {
    return new UtmpError(UtmpErrorCode.IO,
      `utmpx: ${this.name} changed while it was read: ${this.total} bytes counted, then ${seenText(seen, this.total)}`, { path: this.path });
  }
}

const seenText = (seen: number, total: number) => (seen < total ? `only ${seen}` : `more than ${total}`);

/** The length of a stream, read through once. */
export async function countBytes(chunks: AsyncIterable<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const chunk of chunks) n += chunk.length;
  return n;
}

/**
 * `items`, which a sync reader of `source` makes (a Database's batches or
 * entries), each once the source holds what its read needs: a SlidingSource
 * is filled before each when hungry; any other source reads by itself.
 */
export async function* fedFrom<T>(source: ByteSource, items: Iterable<T>): AsyncGenerator<T, void, undefined> {
  const iterator = items[Symbol.iterator]();
  try {
    for (;;) {
      if (source instanceof SlidingSource && source.hungry) await source.fill();
      const r = iterator.next();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    iterator.return?.();
  }
}
