// `anonymize`: a copy of a utmp/wtmp/btmp/lastlog file (or a wtmpdb/lastlog2
// database: anonymizeSqlite.ts) that can be shared, with
// users, hosts and addresses replaced by keyed pseudonyms (pseudonym.ts) and
// every other byte as it was: same layout, records, times, types, lines.
// Bytes in and bytes out, or chunks in and chunks out for a file of any size;
// both run in every runtime (node:crypto or WebCrypto does the hashing).
import { bytesView } from "../util/bytesView.ts";
import { checkOptions } from "../util/optionsObject.ts";
import type { Layout } from "../layouts/table.ts";
import { engine } from "../core/engine.ts";
import { byteChunks } from "../sources/streamSources.ts";
import { isGzip } from "../sources/gzip.ts";
import { concatBytes } from "../util/concatBytes.ts";
import { anonymizeLayout, layoutAtData } from "./anonymizeLayout.ts";
import { Anonymizer } from "./anonymizeRecords.ts";
import { anonymizeSqlite } from "./anonymizeSqlite.ts";
import { isSqlite } from "../sqlite/header.ts";
import { Pseudonyms } from "./pseudonym.ts";

export interface AnonymizeOptions {
  /**
   * The HMAC-SHA-256 key (a string is taken as its UTF-8 bytes). One key gives
   * one name the same pseudonym in every file; keep it secret, as anyone who
   * has it can test guesses of names against the pseudonyms.
   */
  key: string | Uint8Array;
  /** The input's layout (an id, alias or row): skips detection. */
  layout?: string | Layout | undefined;
  /** Called with the layout once it is chosen, before any output. */
  onLayout?: ((layout: Layout) => void) | undefined;
  signal?: AbortSignal | undefined;
  /** The input's name, for messages. */
  name?: string | undefined;
  /** For a wtmpdb or lastlog2 database: its -wal file, whose committed rows the copy then holds too. */
  wal?: Uint8Array | undefined;
}

/** What anonymizeStream() reads: chunks in order, a stream, or a Blob (an uploaded File). */
export type AnonymizeSource = Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** Bytes pushed to the anonymizer at once: its working copy and the distinct values of one round stay this small. */
const CHUNK = 4 << 20;

/** Chunks read ahead: taken in runs of at least some length, the rest kept for later. */
class Lookahead {
  private held: Uint8Array[] = [];
  private length = 0;
  ended = false;

  constructor(private readonly iterator: AsyncIterator<Uint8Array>) {}

  /** At least `n` bytes (fewer only at the end), all that is held; the caller owns them. */
  async take(n: number): Promise<Uint8Array> {
    while (this.length < n && !this.ended) {
      // a producer may reuse the buffer it gave once asked for more: what is held is copied first
      const last = this.held.length - 1;
      if (last >= 0) this.held[last] = this.held[last]!.slice();
      const { done, value } = await this.iterator.next();
      if (done) this.ended = true;
      else {
        this.held.push(value);
        this.length += value.length;
      }
    }
    // one chunk is handed on as it is (the caller is done with it before asking for more)
    const all = this.held.length === 1 ? this.held[0]! : concatBytes(this.held);
    this.held = [];
    this.length = 0;
    return all;
  }
}

/** Zeros, in chunks, for the all-zero start of a file: the same under every layout. */
function* zeros(length: number): Generator<Uint8Array> {
  for (let left = length; left > 0; left -= CHUNK) yield new Uint8Array(Math.min(CHUNK, left));
}

/**
 * The bytes of `source` anonymized, chunk by chunk: a record file of any
 * size is never held whole (a wtmpdb or lastlog2 database is: SQLite needs it
 * all, and gives the copy in one chunk). A gzip archive is read decompressed
 * (the copy is not compressed).
 * @throws UtmpError BAD_INPUT for an empty key or a damaged database; UNSUPPORTED_FORMAT for a lastlogx or an unknown database; UNKNOWN_LAYOUT; UNSUPPORTED without WebCrypto, or sql.js for a database
 */
export async function* anonymizeStream(source: AnonymizeSource, options: AnonymizeOptions): AsyncGenerator<Uint8Array, void, undefined> {
  // the key first: a bad one is refused before any input is read
  checkOptions(options, "anonymizeStream() options", true);
  const pseudonyms = await Pseudonyms.create(options.key);
  const chunks = await byteChunks(source, options.signal);
  yield* anonymizeChunks(chunks.chunks![Symbol.asyncIterator](), options.name ?? chunks.name, pseudonyms, options);
}

/** The work of anonymizeStream() on plain (not gzip) chunks. */
async function* anonymizeChunks(iterator: AsyncIterator<Uint8Array>, name: string, pseudonyms: Pseudonyms, options: AnonymizeOptions): AsyncGenerator<Uint8Array, void, undefined> {
  const input = new Lookahead(iterator);
  const window = engine().windowCapacity;
  try {
    // enough of the start for detection to look at a whole window, as a Database may
    let head = await input.take(window);
    if (isSqlite(head)) {
      // a wtmpdb or lastlog2 database: read whole, as SQLite must
      const all = input.ended ? head : concatBytes([head.slice(), await input.take(Infinity)]);
      yield await anonymizeSqlite(all, options.wal, pseudonyms, name);
      return;
    }
    const what = (size: number | undefined) => ({ name, path: undefined, size });
    let layout = anonymizeLayout((n) => head.subarray(0, n), what(input.ended ? head.length : undefined), options.layout);
    let skipped = 0; // zeros before `head`, passed over while looking for data
    if (!layout) {
      // an all-zero start: find the first data, and judge the layout there
      let first = head.findIndex((b) => b !== 0);
      while (first < 0 && !input.ended) {
        skipped += head.length;
        head = await input.take(window);
        first = head.findIndex((b) => b !== 0);
      }
      if (first < 0) {
        // zeros to the end: every layout's copy of them is them
        yield* zeros(skipped + head.length);
        return;
      }
      if (head.length - first < window && !input.ended) {
        const kept = head.slice(first); // held across take(): see Lookahead
        head = concatBytes([kept, await input.take(window - kept.length)]);
        skipped += first;
        first = 0;
      }
      layout = layoutAtData(head.subarray(first), skipped + first, what(undefined));
      // from the record the data starts in: the zeros before it are written as they are
      const start = skipped + first - ((skipped + first) % layout.recordSize);
      yield* zeros(start);
      head = concatBytes([new Uint8Array(skipped + first - start), head.subarray(first)]);
    }
    options.onLayout?.(layout);
    const anonymizer = new Anonymizer(layout, pseudonyms);
    for (let at = 0; at < head.length; at += CHUNK) yield await anonymizer.push(head.subarray(at, at + CHUNK));
    while (!input.ended) {
      options.signal?.throwIfAborted();
      const more = await input.take(CHUNK);
      for (let at = 0; at < more.length; at += CHUNK) yield await anonymizer.push(more.subarray(at, at + CHUNK));
    }
    yield await anonymizer.finish();
  } finally {
    if (!input.ended) await iterator.return?.();
  }
}

/**
 * A copy of `bytes` (a utmp, wtmp, btmp or lastlog file of any layout, or a
 * wtmpdb or lastlog2 database) with users, hosts and addresses replaced by
 * pseudonyms under `options.key`. The input is not changed.
 * @throws see anonymizeStream()
 */
export async function anonymize(given: Uint8Array | ArrayBufferView | ArrayBuffer, options: AnonymizeOptions): Promise<Uint8Array> {
  const bytes = bytesView(given, "anonymize(bytes)");
  checkOptions(options, "anonymize() options", true);
  const parts: Uint8Array[] = [];
  // plain bytes go straight in: read in place, never copied whole first
  const output = isGzip(bytes) ? anonymizeStream([bytes], options)
    : anonymizeChunks(onceAsync(bytes), options.name ?? `<${bytes.length} bytes>`, await Pseudonyms.create(options.key), options);
  for await (const part of output) parts.push(part);
  return concatBytes(parts);
}

/** An iterator over one chunk. */
async function* onceAsync(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}
