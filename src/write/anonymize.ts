// `anonymize`: a copy of a utmp/wtmp/btmp/lastlog file that can be shared, with
// users, hosts and addresses replaced by keyed pseudonyms (pseudonym.ts) and
// every other byte as it was: same layout, records, times, types, lines.
// Bytes in and bytes out, or chunks in and chunks out for a file of any size;
// both run in every runtime (WebCrypto does the hashing).
import type { Layout } from "../layouts/table.ts";
import { engine } from "../core/engine.ts";
import { byteChunks } from "../sources/streamSources.ts";
import { concatBytes } from "../util/concatBytes.ts";
import { anonymizeLayout } from "./anonymizeLayout.ts";
import { Anonymizer } from "./anonymizeRecords.ts";
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
}

/** What anonymizeStream() reads: chunks in order, a stream, or a Blob (an uploaded File). */
export type AnonymizeSource = Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** Bytes pushed to the anonymizer at once: its working copy and the distinct values of one round stay this small. */
const CHUNK = 4 << 20;

/**
 * The bytes of `source` anonymized, chunk by chunk: a file of any size is
 * never held whole. A gzip archive is read decompressed (the copy is not
 * compressed).
 * @throws UtmpError BAD_INPUT for an empty key; UNSUPPORTED_FORMAT for a SQLite database (wtmpdb, lastlog2) or a lastlogx; UNKNOWN_LAYOUT; UNSUPPORTED without WebCrypto
 */
export async function* anonymizeStream(source: AnonymizeSource, options: AnonymizeOptions): AsyncGenerator<Uint8Array, void, undefined> {
  // the key first: a bad one is refused before any input is read
  const pseudonyms = await Pseudonyms.create(options.key);
  const { chunks, name } = await byteChunks(source, options.signal);
  const iterator = chunks![Symbol.asyncIterator]();
  let finished = false;
  try {
    // enough of the start for detection to look at a whole window, as a Database may
    const taken: Uint8Array[] = [];
    let length = 0;
    let ended = false;
    while (length < engine().windowCapacity) {
      const { done, value } = await iterator.next();
      if (done) { ended = true; break; }
      taken.push(value.slice()); // a producer may reuse its buffer once asked for more
      length += value.length;
    }
    const head = concatBytes(taken);
    const layout = anonymizeLayout((n) => head.subarray(0, n), { name, path: undefined, size: ended ? head.length : undefined }, options.layout);
    options.onLayout?.(layout);
    const anonymizer = new Anonymizer(layout, pseudonyms);
    for (let at = 0; at < head.length; at += CHUNK) yield await anonymizer.push(head.subarray(at, at + CHUNK));
    while (!ended) {
      options.signal?.throwIfAborted();
      const { done, value } = await iterator.next();
      if (done) break;
      for (let at = 0; at < value.length; at += CHUNK) yield await anonymizer.push(value.subarray(at, at + CHUNK));
    }
    finished = true;
    yield await anonymizer.finish();
  } finally {
    if (!finished) await iterator.return?.();
  }
}

/**
 * A copy of `bytes` (a utmp, wtmp, btmp or lastlog file of any layout) with
 * users, hosts and addresses replaced by pseudonyms under `options.key`. The
 * input is not changed.
 * @throws see anonymizeStream()
 */
export async function anonymize(bytes: Uint8Array, options: AnonymizeOptions): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of anonymizeStream([bytes], options)) parts.push(part);
  return concatBytes(parts);
}
