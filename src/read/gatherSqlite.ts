// A SQLite database (wtmpdb, lastlog2) that arrives as a stream, most often a
// .gz archive: its pages are read by number, not in order, so it is gathered
// into memory whole. Within a bound, and without holding what a hostile archive
// decompresses to: a source that can be read again (a file, a Blob, bytes) is
// first only counted, then gathered into one array of the size counted. A
// gzip bomb (a SQLite header, then GBs of zeros in a few MB) is refused after
// a count that holds one chunk at a time; gathered while counting, it took
// 2.17 GB of memory before it was refused.
import { databaseTooLarge, GUNZIP_LIMIT, type DatabaseOrigin } from "../sources/gunzipTooLarge.ts";
import { GzipTruncation } from "../sources/gzipTruncation.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { concatBytes } from "../util/concatBytes.ts";
import { cutDatabase } from "./wtmpdbSource.ts";
import { byteChunks, type StreamSource } from "../sources/streamSources.ts";
import { isBinary } from "../util/bytesView.ts";

/**
 * The largest database gathered from a stream: the limit of open() and
 * fromBytes() on a .gz, so that a database one of them reads from an archive
 * stream() reads too (wtmpdb takes ~69 bytes a row: 15 million rows).
 */
export const MAX_SQLITE_BYTES = GUNZIP_LIMIT;

/** How the database came (see DatabaseOrigin), and how to read it again. */
export interface StreamedDatabase extends DatabaseOrigin {
  /** The source's bytes (decompressed) from the start again, where it can be read twice. */
  readonly again: (() => Promise<AsyncIterable<Uint8Array>>) | undefined;
}

/**
 * The whole database whose first bytes are `first` and the rest `rest`'s, within MAX_SQLITE_BYTES.
 * @throws UtmpError UNSUPPORTED past the bound (see databaseTooLarge); IO for an archive cut short, or a source that changed between its two reads
 */
export async function gatherSqlite(first: Uint8Array, rest: AsyncIterator<Uint8Array> | undefined, from: StreamedDatabase): Promise<Uint8Array> {
  if (!from.again) return concatBytes(await gatherWithin(first, rest, from));
  const size = await countWithin(first, rest, from);
  const bytes = new CountedBytes(size, from);
  await eachChunk((await from.again())[Symbol.asyncIterator](), from, (chunk) => bytes.put(chunk));
  return bytes.whole();
}

/**
 * A database read a second time into one array of the size its first read
 * counted (here, and audit's GzipArchive): a source that gives more or fewer
 * bytes the second time changed between its two reads, and is refused.
 */
export class CountedBytes {
  private readonly bytes: Uint8Array;
  private at = 0;

  constructor(private readonly size: number, private readonly from: { readonly name: string; readonly path: string | undefined }) {
    this.bytes = new Uint8Array(size);
  }

  /** @throws UtmpError IO past the size counted */
  put(chunk: Uint8Array): void {
    if (this.at + chunk.length > this.size) throw this.changed();
    this.bytes.set(chunk, this.at);
    this.at += chunk.length;
  }

  /** @throws UtmpError IO short of the size counted */
  whole(): Uint8Array {
    if (this.at !== this.size) throw this.changed();
    return this.bytes;
  }

  private changed(): UtmpError {
    return new UtmpError(UtmpErrorCode.IO, `utmpx: ${this.from.name} changed while it was read: its database is not read from two different states of it`, { path: this.from.path });
  }
}

/** The bytes counted, refused past the bound; none kept. */
async function countWithin(first: Uint8Array, rest: AsyncIterator<Uint8Array> | undefined, from: StreamedDatabase): Promise<number> {
  let total = first.length;
  if (rest) await eachChunk(rest, from, (chunk) => { total += chunk.length; }, first.length);
  return total;
}

/** The chunks kept, for a source read once (a ReadableStream, an iterable), refused past the bound. */
async function gatherWithin(first: Uint8Array, rest: AsyncIterator<Uint8Array> | undefined, from: StreamedDatabase): Promise<Uint8Array[]> {
  const parts = [first];
  if (rest) await eachChunk(rest, from, (chunk) => { parts.push(chunk.slice()); }, first.length); // a producer may refill the buffer it gave
  return parts;
}

/** `each` chunk of `it` while they stay within the bound (`before`: the bytes that came before them); a cut archive is a cut database. */
async function eachChunk(it: AsyncIterator<Uint8Array>, from: StreamedDatabase, each: (chunk: Uint8Array) => void, before = 0): Promise<void> {
  let total = before;
  try {
    // for await returns the iterator when the loop is left by a throw (too large, changed): the decompression
    // stops there; a source that threw itself is done, and is not returned
    for await (const chunk of { [Symbol.asyncIterator]: () => it }) {
      total += chunk.length;
      if (total > MAX_SQLITE_BYTES) throw databaseTooLarge(from);
      each(chunk);
    }
  } catch (err) {
    throw err instanceof GzipTruncation ? cutDatabase(from.name, err) : err;
  }
}

/**
 * `source`'s decompressed bytes from the start again, for the sources that can
 * be read twice (a path, a Blob, bytes); undefined for a ReadableStream or an
 * iterable, which are read once.
 */
export function readAgain(source: StreamSource, signal: AbortSignal | undefined, name: string | undefined): StreamedDatabase["again"] {
  const twice = typeof source === "string" || (typeof Blob !== "undefined" && source instanceof Blob) || isBinary(source);
  if (!twice) return undefined;
  return async () => {
    const { chunks, name: own, path } = await byteChunks(source, signal, name);
    // a path that was gzip at the first read and is not now
    if (!chunks) throw new UtmpError(UtmpErrorCode.IO, `utmpx: ${name ?? own} changed while it was read: no longer gzip`, { path });
    return chunks;
  };
}
