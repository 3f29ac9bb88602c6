// A layout given for a write is taken on trust by readers, who may well know
// better; but writing in it to a file whose records are clearly of another
// layout adds records no reader of that file will read (appended 400-byte
// big-endian records after 384-byte little-endian ones), or, for anonymize,
// replaces bytes that are not names and leaves the names in the copy.
import type { Layout } from "../layouts/layout.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { detect, type Candidate, type Detection } from "./detect.ts";
import type { Described } from "./chooseLayout.ts";

/** Detection this sure of another layout overrules the one given. */
const SURE = 0.5;
/** ...when the given one fits below this share of what the best fits: not a near variant of it. */
const FAR = 0.5;

/**
 * The share of the records judged that are plausible and not EMPTY: the score
 * before detection's preferences (a rare layout, one whose records span
 * decades), which are reasons not to guess it, not to refuse it when given.
 */
const fit = (c: Candidate): number => (c.nonZero > 0 ? c.strong / c.nonZero : 0);

/**
 * The detection of `head` (the first bytes of a file of `size` bytes) when it
 * is sure the records are of another layout than `given`, which they fit far
 * worse; undefined when `given` may well be theirs.
 */
export function foreignTo(given: Layout, head: Uint8Array, size: number | "unknown"): Detection | undefined {
  if (head.length === 0) return undefined;
  const detection = detect(head, { size });
  const best = detection.candidates[0];
  if (!detection.layout || detection.layout === given || detection.confidence < SURE || !best) return undefined;
  // a layout detection does not weigh here (one whose signature the bytes lack, a variant it leaves to be named) is not judged
  const own = detection.candidates.find((c) => c.layout === given);
  return own && fit(own) < FAR * fit(best) ? detection : undefined;
}

/**
 * BAD_INPUT when the file `what` begins with `head` is clearly of another
 * layout than `given`; `consequence` says what writing in `given` would do.
 */
export function refuseForeignLayout(given: Layout, head: Uint8Array, what: Described, consequence: string): void {
  const foreign = foreignTo(given, head, what.size ?? "unknown");
  if (!foreign) return;
  const theirs = foreign.layout!;
  throw new UtmpError(UtmpErrorCode.BAD_INPUT,
    `utmpx: ${what.name}: its records are ${theirs.id} (confidence ${foreign.confidence.toFixed(2)}), not the layout given, ${given.id}: ` +
    `${consequence}; give no layout, or ${theirs.id}`, { path: what.path });
}
