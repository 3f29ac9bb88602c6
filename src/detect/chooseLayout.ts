// From the first bytes of a file to its layout, or to the error that says why
// there is none: shared by databases (positioned reads) and streams.
import { valueKind } from "../util/valueKind.ts";
import { describeCandidates, detect, type Detection } from "./detect.ts";
import { findLayout, LAYOUTS, type Layout } from "../layouts/table.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";

/** How many bytes detection judges first. */
export const DETECTION_BYTES = 1 << 20;
/**
 * Below this confidence (a tie gives 0.5), detection looks again at more of the file (up to a
 * window) when there is more: a sparse file's first MiB may hold one record that
 * several rows explain equally well.
 */
export const RETRY_CONFIDENCE = 0.6;

/** Whether a detection on the first bytes is weak enough to look at more of them. */
export function worthMoreBytes(detection: Detection): boolean {
  return !detection.unsupported && (!detection.layout || detection.confidence < RETRY_CONFIDENCE);
}

/** The layout a `{ layout }` option names. @throws UtmpError BAD_LAYOUT_NAME */
export function resolveLayout(layout: string | Layout): Layout {
  if (typeof layout !== "string") {
    // a Layout row (the table's, or one built with its fields); anything else failed later, mid-read, as "reading 'type'"
    const row = layout as Partial<Layout> | null;
    if (typeof row === "object" && row !== null && typeof row.id === "string" && typeof row.recordSize === "number" && typeof row.fields === "object") return layout;
    throw new UtmpError(UtmpErrorCode.BAD_LAYOUT_NAME, `utmpx: the layout option is ${valueKind(layout)}, not a layout's name or a Layout row (findLayout())`);
  }
  const found = findLayout(layout);
  if (!found) {
    throw new UtmpError(UtmpErrorCode.BAD_LAYOUT_NAME,
      `utmpx: unknown layout "${layout}"; known: ${LAYOUTS.map((l) => l.id).join(", ")}`);
  }
  return found;
}

export interface Described {
  /** The file's name or a description, for messages. */
  readonly name: string;
  readonly path: string | undefined;
  /** The whole size when known (a stream's may not be). */
  readonly size: number | undefined;
}

/**
 * The detection's layout.
 * @throws UtmpError UNSUPPORTED_FORMAT or UNKNOWN_LAYOUT, naming the file, its size and the best candidates
 */
export function layoutOf(detection: Detection, head: Uint8Array, what: Described): { layout: Layout; detection: Detection } {
  const size = what.size === undefined ? `at least ${head.length} bytes` : `${what.size} bytes`;
  if (detection.unsupported) {
    throw new UtmpError(UtmpErrorCode.UNSUPPORTED_FORMAT,
      `utmpx: ${what.name} (${size}) is a ${detection.unsupported}, which utmpx does not read`, { path: what.path });
  }
  if (!detection.layout) {
    // a lastlog reader looks at lastlog layouts alone: a wtmp given to it is told apart, not called "no lastlog" alone
    const lastlog = detection.candidates.length > 0 && detection.candidates.every((c) => c.layout.kind === "lastlog");
    throw new UtmpError(UtmpErrorCode.UNKNOWN_LAYOUT,
      `utmpx: ${what.name} (${size}) is not a ${lastlog ? "lastlog" : "utmp/wtmp/btmp"} file of any known layout; ` +
      `best candidates: ${describeCandidates(detection.candidates)}. Pass { layout } to force one.${lastlog ? recordFileHint(head, what) : ""}`, { path: what.path });
  }
  return { layout: detection.layout, detection };
}

/** For bytes no lastlog layout fits: what they read as among the record layouts, when one fits them ("" when none does). */
function recordFileHint(head: Uint8Array, what: Described): string {
  const records = detect(head, { size: what.size ?? "unknown", layouts: LAYOUTS.filter((l) => l.kind !== "lastlog") });
  return records.layout ? ` It reads as a utmp/wtmp/btmp file of layout ${records.layout.id}: read it with last, dump or open().` : "";
}
