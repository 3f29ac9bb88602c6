// Timing helpers: medians of repeated runs, and failures kept as values so
// that one broken path is reported in its row instead of ending the bench
// (the core and CLI change under the bench while they are being rewritten).

/** The median of `values` (the upper one of an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Seconds `fn` takes, by the monotonic clock. */
export function seconds(fn) {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

export async function secondsAsync(fn) {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

// A first run this long is measured, not thrown away: warming up (JIT, page
// cache) is a negligible part of it, and repeating it costs the bench minutes.
const LONG_RUN_S = 5;

/**
 * The median of `runs` measurements, after one unmeasured warm-up (JIT, page
 * cache) unless that run took over LONG_RUN_S. `once` returns the seconds of
 * one run: usually `seconds(fn)`, but it may time only part of its work (the
 * core's decode without the copy in).
 */
export function medianRuns(runs, once) {
  const first = once();
  const times = first > LONG_RUN_S ? [first] : [];
  while (times.length < runs) times.push(once());
  return median(times);
}

export async function medianRunsAsync(runs, once) {
  const first = await once();
  const times = first > LONG_RUN_S ? [first] : [];
  while (times.length < runs) times.push(await once());
  return median(times);
}

/** `fn()`'s result, or `{ error }` with the first line of what it threw. */
export async function attempt(fn) {
  try {
    return await fn();
  } catch (e) {
    return { error: firstLine(e) };
  }
}

/** The first line of an error's message, short enough for a table cell. */
export function firstLine(e) {
  const text = String(e?.message ?? e).split("\n").find((l) => l.trim()) ?? "failed";
  return text.trim().slice(0, 160);
}
