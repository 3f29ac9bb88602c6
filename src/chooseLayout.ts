// From the first bytes of a file to its layout, or to the error that says why
// there is none: shared by databases (positioned reads) and streams.
import { detect, describeCandidates, type Detection } from "./detect.ts";
import { findLayout, LAYOUTS, type Layout } from "./layouts.ts";
import { UtmpError, UtmpErrorCode } from "./errors.ts";

/** How many bytes detection wants from the start of a file. */
export const DETECTION_BYTES = 1 << 20;

/** The layout a `{ layout }` option names. @throws UtmpError BAD_LAYOUT_NAME */
export function resolveLayout(layout: string | Layout): Layout {
  if (typeof layout !== "string") return layout;
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
 * Detects the layout of `head` (the first bytes of `what`).
 * @throws UtmpError UNSUPPORTED_FORMAT or UNKNOWN_LAYOUT, naming the file, its size and the best candidates
 */
export function chooseLayout(head: Uint8Array, what: Described, layouts: readonly Layout[] = LAYOUTS): { layout: Layout; detection: Detection } {
  const detection = detect(head, { size: what.size ?? head.length, layouts });
  const size = what.size === undefined ? `at least ${head.length} bytes` : `${what.size} bytes`;
  if (detection.unsupported) {
    throw new UtmpError(UtmpErrorCode.UNSUPPORTED_FORMAT,
      `utmpx: ${what.name} (${size}) is a ${detection.unsupported}, which utmpx does not read`, { path: what.path });
  }
  if (!detection.layout) {
    throw new UtmpError(UtmpErrorCode.UNKNOWN_LAYOUT,
      `utmpx: ${what.name} (${size}) is not a utmp/wtmp/btmp file of any known layout; ` +
      `best candidates: ${describeCandidates(detection.candidates)}. Pass { layout } to force one.`, { path: what.path });
  }
  return { layout: detection.layout, detection };
}
