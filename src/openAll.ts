// Several files as one stream in time order: a rotated set (wtmp, wtmp.1,
// wtmp.2.gz, ...) given in any order reads oldest file first.
import type { EntryBatch } from "./batch.ts";
import { stream, type StreamOptions, type StreamSource } from "./stream.ts";
import { RECORD_FLAGS } from "./batch.ts";

/** Seconds of the first non-empty record of `source`, or -Infinity when it has none. */
async function firstTime(source: StreamSource, options: StreamOptions): Promise<number> {
  const batches = stream(source, { ...options, onWarning: undefined, onLayout: undefined });
  try {
    for await (const batch of batches) {
      const c = batch.columns;
      for (let i = 0; i < batch.length; i++) {
        if ((c.flags[i]! & RECORD_FLAGS.ZERO) === 0 && c.seconds[i]! !== 0) return c.seconds[i]!;
      }
    }
    return -Infinity;
  } finally {
    await batches.return(undefined);
  }
}

/** The sources sorted by the time of their first record (stable: ties keep the given order). */
export async function inTimeOrder<T extends StreamSource>(sources: readonly T[], options: StreamOptions = {}): Promise<T[]> {
  const keyed = [];
  for (const source of sources) keyed.push({ source, time: await firstTime(source, options) });
  return keyed.sort((a, b) => a.time - b.time).map((k) => k.source);
}

/**
 * Decodes several sources as one stream, oldest first: each source's first
 * record decides its place (rotated wtmp files do not overlap in time). Each
 * source is detected on its own, so files of different layouts may be mixed.
 */
export async function* openAll(sources: readonly StreamSource[], options: StreamOptions = {}): AsyncGenerator<EntryBatch, void, undefined> {
  for (const source of await inTimeOrder(sources, options)) yield* stream(source, options);
}
