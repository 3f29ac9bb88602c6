// Layout detection as a scored choice among the rows of the layout table
// (FORMATS.md §9): each row reads a sample of the bytes, the core counts how
// many records are plausible under it, and the best row wins if it is
// plausible enough and clear of the runner-up.
import { engine } from "./engine.ts";
import { LAYOUTS, type Layout } from "./layouts.ts";

export interface Candidate {
  readonly layout: Layout;
  /** 0..1: mostly the share of sampled non-zero records that are plausible and not EMPTY. */
  readonly score: number;
  readonly sampled: number;
  readonly nonZero: number;
  readonly plausible: number;
  /** Plausible records with a type other than EMPTY: the evidence that counts. */
  readonly strong: number;
  /** Bytes after the last whole record (a partial record), for this record size. */
  readonly remainder: number;
}

export interface Detection {
  /** The chosen layout; undefined when nothing fits well enough (see candidates). */
  readonly layout: Layout | undefined;
  /**
   * 0..1: the share of plausible records under the chosen layout, lowered when the
   * runner-up scores close or the file ends in a partial record. Zero when there
   * was no evidence (an empty or all-zero file): the layout is then a default.
   */
  readonly confidence: number;
  /** The best other candidate. */
  readonly runnerUp: Candidate | undefined;
  /** Every layout considered, best first. */
  readonly candidates: readonly Candidate[];
}

export interface DetectOptions {
  /** Size of the whole file when `bytes` is only its beginning. */
  size?: number;
  /** Latest plausible time (default: now); records after it count as implausible. */
  now?: Date;
  /** Rows to choose among (default: every layout). */
  layouts?: readonly Layout[];
}

/** Below this share of plausible records under the best layout, the file "fits nothing". */
export const MIN_PLAUSIBLE_SHARE = 0.5;
const SAMPLE_RECORDS = 512;
const PARTIAL_RECORD_PENALTY = 0.9;

/** Detects the layout of `bytes` (the whole file, or its beginning with `size` given). */
export function detect(bytes: Uint8Array, options: DetectOptions = {}): Detection {
  const size = options.size ?? bytes.length;
  const layouts = options.layouts ?? LAYOUTS;
  const nowSeconds = (options.now ?? new Date()).getTime() / 1000;
  const e = engine();
  const head = bytes.subarray(0, Math.min(bytes.length, e.windowCapacity));
  e.window().set(head);

  const candidates: Candidate[] = layouts.map((layout) => {
    const length = head.length - (head.length % layout.recordSize);
    const s = e.score(layout, length, nowSeconds, SAMPLE_RECORDS);
    const nonZero = s.sampled - s.zero;
    const remainder = size % layout.recordSize;
    let score = 0;
    if (s.strong > 0) {
      score = 0.85 * (s.strong / nonZero) + 0.15 * (s.softPossible > 0 ? s.softEarned / s.softPossible : 1);
      if (remainder !== 0) score *= PARTIAL_RECORD_PENALTY;
    }
    return { layout, score, sampled: s.sampled, nonZero, plausible: s.plausible, strong: s.strong, remainder };
  });
  candidates.sort((a, b) => b.score - a.score); // stable: table order breaks ties

  const best = candidates[0];
  const runnerUp = candidates[1];
  if (!best || best.strong === 0) {
    // No record says more than "empty". If none contradicts the first row whose
    // record size divides the file (an empty, all-zero or all-EMPTY file, or one
    // shorter than a record), take that row with zero confidence.
    const fallback = candidates.find((c) => size % c.layout.recordSize === 0) ?? candidates.find((c) => c.layout === layouts[0]);
    const consistent = fallback && fallback.plausible === fallback.nonZero;
    return { layout: consistent ? fallback.layout : undefined, confidence: 0, runnerUp: undefined, candidates };
  }
  const plausibleShare = best.plausible / best.nonZero;
  if (plausibleShare < MIN_PLAUSIBLE_SHARE) return { layout: undefined, confidence: 0, runnerUp, candidates };
  const margin = best.score - (runnerUp?.score ?? 0);
  const partial = best.remainder === 0 ? 1 : PARTIAL_RECORD_PENALTY;
  const confidence = plausibleShare * partial * Math.min(1, Math.max(0, 0.5 + 2.5 * margin));
  return { layout: best.layout, confidence, runnerUp, candidates };
}

/** "linux384-le: 12 of 100 sampled records plausible, ..." for messages. */
export function describeCandidates(candidates: readonly Candidate[], count = 3): string {
  return candidates.slice(0, count)
    .map((c) => `${c.layout.id}: ${c.plausible} of ${c.nonZero} sampled records plausible`)
    .join(", ");
}
