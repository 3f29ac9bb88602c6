// Streaming decode: chunks of any size in, EntryBatches out, through the same
// core as databases. Bytes are staged in a bounded JS buffer and decoded a
// window at a time; a partial record at the end of a window is carried into the
// next, so memory stays bounded whatever the size of the input.
import type { EntryBatch } from "../core/batch.ts";
import { engine, type DecodedStrings } from "../core/engine.ts";
import { DETECTION_BYTES, layoutOf, resolveLayout, worthMoreBytes } from "../detect/chooseLayout.ts";
import { detect } from "../detect/detect.ts";
import type { Detection } from "../detect/detect.ts";
import type { Layout } from "../layouts/table.ts";
import { UtmpError, UtmpErrorCode, type UtmpWarning } from "../util/errors.ts";
import { byteChunks, type StreamSource } from "../sources/streamSources.ts";
import { readError } from "../sources/readError.ts";
import { GzipTruncation, truncationWarning } from "../sources/gzipTruncation.ts";
import { cutDatabase } from "./wtmpdbSource.ts";
import { checkOptions } from "../util/optionsObject.ts";
import { Database } from "./database.ts";
import { compileFilter, type EntryFilter } from "../core/filter.ts";
import { fileSource, memorySource } from "../sources/sources.ts";
import { isSqlite } from "../sqlite/header.ts";
import { WTMPDB_LAYOUT } from "../layouts/wtmpdb.ts";
import { concatBytes } from "../util/concatBytes.ts";
import { gatherSqlite, readAgain, type StreamedDatabase } from "./gatherSqlite.ts";

export type { StreamSource } from "../sources/streamSources.ts";

export interface StreamOptions {
  /** Layout id or alias, or a Layout row: skips detection. */
  layout?: string | Layout | undefined;
  /** Called for each problem that does not stop decoding (a partial record at the end, a resync). */
  onWarning?: ((warning: UtmpWarning) => void) | undefined;
  /** Called once the layout is known. */
  onLayout?: ((layout: Layout, detection: Detection | undefined) => void) | undefined;
  /** Keep only the records this filter passes (tested in the core, over columns). */
  filter?: EntryFilter | undefined;
  /** Stops reading; the generator then throws the signal's reason. */
  signal?: AbortSignal | undefined;
  /** For messages when the source has no name of its own. */
  name?: string | undefined;
  /**
   * Each batch (and its entries) is valid only until the next one is asked for:
   * its columns are views of the decoder's memory instead of copies. For a
   * consumer that writes or counts each batch and drops it (utmpx dump does).
   */
  transient?: boolean | undefined;
}

/**
 * Decodes `source` batch by batch: a path (Node, Deno, Bun), a Blob or File, a
 * ReadableStream or any (async) iterable of byte chunks. Gzip-compressed input
 * (.gz archives) is decompressed on the way. Batches own their columns: keep
 * them as long as you like.
 * @throws UtmpError UNKNOWN_LAYOUT / UNSUPPORTED_FORMAT / IO, AbortError
 */
export function stream(source: StreamSource, options: StreamOptions = {}): AsyncGenerator<EntryBatch, void, undefined> {
  return streamBatches(source, options, "all");
}

/**
 * stream(), and with `strings` "none" and `transient`, batches whose string
 * columns may be left undecoded (0) in layouts whose types are numbers, for
 * writers that read strings from the records through the core (utmpx dump and
 * json): RecordBatch.withStrings() decodes them while the batch is current.
 * Not public: such a batch's entries would read every string as "".
 */
export async function* streamBatches(source: StreamSource, options: StreamOptions, strings: DecodedStrings): AsyncGenerator<EntryBatch, void, undefined> {
  checkOptions(options, "stream() options");
  const { chunks, name, path, compressed } = await byteChunks(source, options.signal, options.name);
  try {
    const from = { name: options.name ?? name, path, compressed, again: readAgain(source, options.signal, options.name) };
    yield* decodeChunks(chunks, from, options, strings);
  } catch (err) {
    throw readError(err, options.name ?? name, path, options.signal);
  }
}

/**
 * Whether the chunks begin with SQLite's magic: then the database, gathered
 * (see gatherSqlite), else the chunks to read from the start again.
 */
async function peekSqlite(chunks: AsyncIterable<Uint8Array>, from: StreamedDatabase, whatever = false): Promise<{ sqlite?: Uint8Array; chunks: AsyncIterable<Uint8Array> }> {
  const it = chunks[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let got = 0;
  let ended = false;
  // an archive cut within its first 16 bytes: they are passed on, then the cut
  let cut: GzipTruncation | undefined;
  while (got < 16) {
    let r: IteratorResult<Uint8Array>;
    try {
      r = await it.next();
    } catch (err) {
      if (!(err instanceof GzipTruncation)) throw err;
      cut = err;
      ended = true;
      break;
    }
    if (r.done) { ended = true; break; }
    head.push(r.value);
    got += r.value.length;
  }
  const first = concatBytes(head);
  // `whatever`: gathered as a database even without SQLite's magic (wtmpdb's layout was given: opening it says what is wrong)
  if (whatever || isSqlite(first)) {
    if (cut) throw cutDatabase(from.name, cut);
    return { sqlite: await gatherSqlite(first, ended ? undefined : it, from), chunks };
  }
  async function* again(): AsyncGenerator<Uint8Array> {
    let done = ended;
    try {
      if (first.length > 0) yield first;
      if (cut) throw cut;
      if (done) return;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
      done = true;
    } finally {
      // left early (an abort, an error, a consumer that stopped): release the source as a for-await would
      if (!done) await it.return?.();
    }
  }
  return { chunks: again() };
}

async function* decodeChunks(chunks: AsyncIterable<Uint8Array> | undefined, from: StreamedDatabase,
  options: StreamOptions, strings: DecodedStrings): AsyncGenerator<EntryBatch, void, undefined> {
  const { name, path } = from;
  if (!chunks) {
    // a plain file: read by position, each window while the one before is decoded
    const db = new Database(fileSource(path!), { layout: options.layout, onWarning: options.onWarning });
    const layout = db.layout;
    options.onLayout?.(layout, db.detection);
    for await (const batch of db.batchesAhead(options.filter, options.transient, strings)) {
      options.signal?.throwIfAborted();
      yield batch;
    }
    return;
  }
  const forced = options.layout === undefined ? undefined : resolveLayout(options.layout);
  // a layout given is taken at its word: only wtmpdb's (a database) or none (detection) looks for SQLite
  const peeked = forced === undefined || forced === WTMPDB_LAYOUT ? await peekSqlite(chunks, from, forced !== undefined) : { chunks };
  if (peeked.sqlite) {
    // a wtmpdb database is read by page number, not in order: it is gathered whole, then read as open() reads one
    const db = new Database(memorySource(peeked.sqlite, name), { layout: forced, onWarning: options.onWarning });
    options.onLayout?.(db.layout, db.detection);
    for (const batch of db.batches(options.filter, options.transient)) {
      options.signal?.throwIfAborted();
      yield batch;
    }
    return;
  }
  chunks = peeked.chunks;
  const what = { name, path, size: undefined as number | undefined };
  const e = engine();
  // The staging buffer holds at most one window: bytes carried over plus new
  // ones. It starts small and becomes a whole window once more comes: a small
  // input (an upload of a few records) does not pay for zeroing 8 MiB.
  const capacity = e.windowCapacity;
  let staging = new Uint8Array(Math.min(capacity, 1 << 16));
  let staged = 0;
  let fileOffset = 0; // of staging[0]
  let layout: Layout | undefined = options.layout === undefined ? undefined : resolveLayout(options.layout);
  if (layout) options.onLayout?.(layout, undefined);

  const warn = (warning: UtmpWarning) => options.onWarning?.(warning);

  /** Decodes what is staged (all of it at the end of input), keeps the tail, returns the batch. */
  function decodeStaged(final: boolean): EntryBatch | undefined {
    if (!layout) {
      // the bytes open() would judge, however the chunks came: the first
      // DETECTION_BYTES, or when that is not clear, everything up to a window
      const size = final ? fileOffset + staged : "unknown" as const;
      let head = staging.subarray(0, Math.min(staged, DETECTION_BYTES));
      let detection = detect(head, { size });
      if (worthMoreBytes(detection)) {
        if (!final && staged < capacity) return undefined; // wait for a full window or the end
        if (staged > head.length) {
          head = staging.subarray(0, staged);
          detection = detect(head, { size });
        }
      }
      layout = layoutOf(detection, head, { ...what, size: final ? fileOffset + staged : undefined }).layout;
      options.onLayout?.(layout, detection);
    }
    const compiled = options.filter === undefined ? undefined : compileFilter(options.filter, layout);
    e.window().set(staging.subarray(0, staged));
    let batch: EntryBatch;
    let consumed: number;
    if (layout.framing) {
      const r = e.decodeFramedWindow(layout, staged, fileOffset, compiled, options.transient);
      batch = r.batch;
      consumed = r.consumed;
      if (r.resyncs > 0) {
        warn({ code: "RESYNC", offset: fileOffset, length: r.resyncs,
          message: `${what.name}: ${r.resyncs} zero-length entries after offset ${fileOffset} skipped a byte each, as FreeBSD's reader does` });
      }
    } else {
      consumed = Math.min(staged - (staged % layout.recordSize), e.windowBytesFor(layout));
      batch = e.decodeWindow(layout, consumed, fileOffset, compiled, options.transient, strings);
    }
    staging.copyWithin(0, consumed, staged);
    staged -= consumed;
    fileOffset += consumed;
    if (final && staged > 0 && consumed === 0) {
      const what_ = layout.framing ? `entry of ${layout.id}` : `${layout.recordSize}-byte record (${layout.id})`;
      warn({ code: "PARTIAL_RECORD", offset: fileOffset, length: staged,
        message: `${what.name}: ${staged} bytes at offset ${fileOffset} are a partial ${what_}; not decoded` });
      staged = 0;
    }
    return batch.length > 0 ? batch : undefined;
  }

  /** Bytes staged before a window is decoded: a full window once the layout is known, or when its choice was deferred. */
  let deferred = false;
  const threshold = () => (layout ? (layout.framing ? capacity : e.windowBytesFor(layout)) : deferred ? capacity : DETECTION_BYTES);

  // the source's chunks taken one by one, so that its failure partway (a gzip
  // archive cut short, a network stream dropped) is told from the decoder's own:
  // the whole records it gave are decoded first, as gzip -dc | utmpdump prints
  // them, then the failure is raised (an abort at once)
  const source = chunks[Symbol.asyncIterator]();
  let failure: { err: unknown } | undefined;
  let cut: UtmpWarning | undefined;
  let drained = false;
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await source.next();
      } catch (err) {
        drained = true; // a source that threw is done: it is not returned
        // an abort, or a chunk that is no bytes (the caller's error, not the source failing), at once
        if (options.signal?.aborted || (err instanceof UtmpError && err.code === UtmpErrorCode.BAD_INPUT)) throw err;
        // an archive cut short is read up to the cut, with a warning, as open() reads it
        if (err instanceof GzipTruncation && fileOffset + staged > 0) cut = truncationWarning(what.name, fileOffset + staged, err);
        else failure = { err };
        break;
      }
      if (next.done) { drained = true; break; }
      const chunk = next.value;
      options.signal?.throwIfAborted();
      let at = 0;
      while (at < chunk.length) {
        const n = Math.min(chunk.length - at, capacity - staged);
        if (staged + n > staging.length) {
          // past the first small buffer, straight to a window: one more allocation, not a doubling series
          const bigger = new Uint8Array(capacity);
          bigger.set(staging.subarray(0, staged));
          staging = bigger;
        }
        staging.set(chunk.subarray(at, at + n), staged);
        staged += n;
        at += n;
        while (staged >= threshold()) {
          const before = staged;
          const undecided = !layout;
          const batch = decodeStaged(false);
          if (undecided && !layout) { deferred = true; continue; }
          if (batch) {
            yield batch;
            options.signal?.throwIfAborted();
          }
          if (staged === before) {
            // nothing whole in a full window cannot happen (entries are at most 64 KiB); never spin
            if (staged === capacity) throw new UtmpError(UtmpErrorCode.INTERNAL, `utmpx: no progress decoding ${what.name} at offset ${fileOffset}`);
            break;
          }
        }
      }
    }
  } finally {
    // left early (a break, an abort, an error decoding): the source is released, as for-await would
    if (!drained) await source.return?.();
  }
  options.signal?.throwIfAborted();
  while (staged > 0 || !layout) {
    if (failure && staged === 0) break; // nothing came before the failure: no layout to judge
    const before = staged;
    let batch: EntryBatch | undefined;
    try {
      batch = decodeStaged(true);
    } catch (err) {
      throw failure ? failure.err : err; // what came before a failure too short to judge: the failure says why
    }
    if (batch) yield batch;
    if (staged === before || staged === 0) break;
  }
  if (cut) warn(cut);
  if (failure) throw failure.err;
}
