// The layout `anonymize` rewrites a file in: the one asked for, else the one
// detection finds (as a Database judges it: the first MiB, then a window more
// when that is not convincing). Formats it does not rewrite are refused here,
// before any byte is written. (SQLite databases are told apart before: see
// anonymizeSqlite.ts.)
import { LAYOUTS, type Layout } from "../layouts/table.ts";
import { describeCandidates, detect, type Detection } from "../detect/detect.ts";
import { DETECTION_BYTES, layoutOf, resolveLayout, worthMoreBytes, type Described } from "../detect/chooseLayout.ts";
import { engine } from "../core/engine.ts";
import { refuseForeignLayout } from "../detect/foreignLayout.ts";
import { isGzip } from "../sources/gzip.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { allZero } from "../util/allZero.ts";

/**
 * The layout to rewrite the bytes `head(n)` begins (`n` bytes at most) in, or
 * undefined when they are all zeros and more may follow: a sparse lastlog
 * whose first uid to log in lies past them, or a wtmp zeroed at its start.
 * Zeros tell no layout (and are the same zeros under all), so detection must
 * look at the first data instead: see layoutAtData().
 * @throws UtmpError UNSUPPORTED_FORMAT for a gzip archive, a lastlogx or a SQLite database; UNKNOWN_LAYOUT, BAD_LAYOUT_NAME
 */
export function anonymizeLayout(head: (length: number) => Uint8Array, what: Described, layout?: string | Layout): Layout | undefined {
  let bytes = head(Math.min(what.size ?? DETECTION_BYTES, DETECTION_BYTES));
  if (isGzip(bytes)) {
    throw new UtmpError(UtmpErrorCode.UNSUPPORTED_FORMAT,
      `utmpx: ${what.name} is gzip-compressed: decompress it first (anonymize writes a copy in the file's own layout)`, { path: what.path });
  }
  if (layout !== undefined) {
    const given = resolveLayout(layout);
    refuseForeignLayout(given, bytes, what, "anonymizing by it would leave the names where they are");
    return given;
  }
  let detection = detect(bytes, { size: what.size ?? "unknown" });
  if (worthMoreBytes(detection) && (what.size === undefined || what.size > bytes.length)) {
    const more = head(Math.min(what.size ?? Infinity, engine().windowCapacity));
    if (more.length > bytes.length) {
      bytes = more;
      detection = detect(bytes, { size: what.size ?? "unknown" });
    }
  }
  if (detection.confidence === 0 && allZero(bytes)) {
    if (what.size === undefined || what.size > bytes.length) return undefined;
    return layoutOf(detection, bytes, what).layout; // zeros only: any layout copies them as they are
  }
  return sureLayout(detection, bytes, what);
}

/**
 * Below this confidence anonymize does not guess: under a wrong layout it
 * would replace bytes that are not names and leave the names where they are,
 * in a file about to be shared. A reader may take the best guess; we ask.
 */
const SURE = 0.5;

function sureLayout(detection: Detection, bytes: Uint8Array, what: Described): Layout {
  const { layout } = layoutOf(detection, bytes, what);
  if (detection.confidence < SURE) {
    throw new UtmpError(UtmpErrorCode.UNKNOWN_LAYOUT,
      `utmpx: ${what.name}: its layout is not clear enough to anonymize by (best ${layout.id}, confidence ${detection.confidence.toFixed(2)}; ` +
      `${describeCandidates(detection.candidates)}): a wrong one would leave names in the copy; pass { layout } (--layout) to name it`, { path: what.path });
  }
  return layout;
}

/**
 * The layout of a file whose first non-zero byte is at `at`, judged from
 * `data` (the bytes from there on, a window's worth): each record size is
 * tried on the data as its own records align (what precedes `at` in the
 * record is zeros), and the best-scoring row of them all wins if detection
 * would choose it among its own size.
 * @throws UtmpError UNKNOWN_LAYOUT
 */
export function layoutAtData(data: Uint8Array, at: number, what: Described): Layout {
  const window = engine().windowCapacity;
  const sizes = [...new Set(LAYOUTS.filter((l) => !l.framing).map((l) => l.recordSize))];
  let best: { detection: Detection; score: number; sample: Uint8Array } | undefined;
  for (const size of sizes) {
    const before = at % size;
    const sample = new Uint8Array(Math.min(window, before + data.length));
    sample.set(data.subarray(0, sample.length - before), before);
    const layouts = LAYOUTS.filter((l) => !l.framing && l.recordSize === size);
    const detection = detect(sample, { size: "unknown", layouts });
    const score = detection.layout && detection.confidence > 0 ? detection.candidates[0]!.score : 0;
    if (!best || score > best.score) best = { detection, score, sample };
  }
  if (!best || best.score === 0) {
    throw new UtmpError(UtmpErrorCode.UNKNOWN_LAYOUT,
      `utmpx: ${what.name} holds only zeros up to offset ${at}, and what follows fits no known layout; pass { layout } (--layout) to name it`, { path: what.path });
  }
  return sureLayout(best.detection, best.sample, what);
}
