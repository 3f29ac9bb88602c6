// Several files as one stream in time order: a rotated set (wtmp, wtmp.1,
// wtmp.2.gz, ...) given in any order reads oldest file first.
import type { EntryBatch } from "../core/batch.ts";
import { stream, type StreamOptions, type StreamSource } from "./stream.ts";
import { RECORD_FLAGS } from "../core/recordBatch.ts";

/** Seconds of the batch's first non-empty record, or undefined. */
function firstRecordTime(batch: EntryBatch): number | undefined {
  const c = batch.columns;
  for (let i = 0; i < batch.length; i++) {
    if ((c.flags[i]! & RECORD_FLAGS.ZERO) === 0 && c.seconds[i]! !== 0) return c.seconds[i]!;
  }
  return undefined;
}

/** Sources that can be read twice: a path, a Blob, an array of chunks. */
function replayable(source: StreamSource): boolean {
  return typeof source === "string" || (typeof Blob !== "undefined" && source instanceof Blob) || Array.isArray(source);
}

/** Seconds of the first non-empty record of `source` (read up to it, then let go), or -Infinity when it has none. */
async function firstTime(source: StreamSource, options: StreamOptions): Promise<number> {
  for await (const batch of stream(source, { ...options, onWarning: undefined, onLayout: undefined })) {
    const t = firstRecordTime(batch);
    if (t !== undefined) return t; // leaving the loop returns the generator, releasing the source
  }
  return -Infinity;
}

/**
 * Re-readable sources (paths, Blobs, arrays of chunks) sorted by the time of
 * their first record; ties keep the given order.
 */
export async function inTimeOrder<T extends string | Blob | Uint8Array[]>(sources: readonly T[], options: StreamOptions = {}): Promise<T[]> {
  const keyed = [];
  for (const source of sources) keyed.push({ source, time: await firstTime(source, options) });
  return keyed.sort((a, b) => a.time - b.time).map((k) => k.source);
}

interface Opened {
  readonly time: number;
  readonly batches: () => AsyncGenerator<EntryBatch, void, undefined>;
  readonly release: () => Promise<unknown>;
}

/** A one-shot source (a ReadableStream, an iterator) opened once: the batches read to find its first time are kept. */
async function openOnce(source: StreamSource, options: StreamOptions): Promise<Opened> {
  const generator = stream(source, options);
  const read: EntryBatch[] = [];
  let time = -Infinity;
  for (;;) {
    const r = await generator.next();
    if (r.done) break;
    read.push(r.value);
    const t = firstRecordTime(r.value);
    if (t !== undefined) { time = t; break; }
  }
  return {
    time,
    batches: async function* () { yield* read; yield* generator; },
    release: () => generator.return(undefined),
  };
}

/**
 * Decodes several sources as one stream, oldest first: each source's first
 * record decides its place (rotated wtmp files do not overlap in time). Each
 * source is detected on its own, so files of different layouts may be mixed.
 * Re-readable sources are read twice (their start, then all of them); one-shot
 * sources (streams, iterators) are held open from their first record on.
 */
export async function* openAll(sources: readonly StreamSource[], options: StreamOptions = {}): AsyncGenerator<EntryBatch, void, undefined> {
  const opened: Opened[] = [];
  try {
    for (const source of sources) {
      opened.push(replayable(source)
        ? { time: await firstTime(source, options), batches: () => stream(source, options), release: async () => undefined }
        : await openOnce(source, options));
    }
    opened.sort((a, b) => a.time - b.time);
    for (const o of opened) yield* o.batches();
  } finally {
    await Promise.all(opened.map((o) => o.release()));
  }
}
