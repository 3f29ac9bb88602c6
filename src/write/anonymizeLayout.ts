// The layout `anonymize` rewrites a file in: the one asked for, else the one
// detection finds (as a Database judges it: the first MiB, then a window more
// when that is not convincing). Formats it does not rewrite are refused here,
// before any byte is written.
import type { Layout } from "../layouts/table.ts";
import { detect } from "../detect/detect.ts";
import { DETECTION_BYTES, layoutOf, resolveLayout, worthMoreBytes, type Described } from "../detect/chooseLayout.ts";
import { engine } from "../core/engine.ts";
import { isSqlite } from "../sqlite/header.ts";
import { isGzip } from "../sources/gzip.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";

/**
 * The layout to rewrite the bytes `head(n)` begins (`n` bytes at most) in.
 * @throws UtmpError UNSUPPORTED_FORMAT for a SQLite database (wtmpdb, lastlog2), a gzip archive or a lastlogx; UNKNOWN_LAYOUT, BAD_LAYOUT_NAME
 */
export function anonymizeLayout(head: (length: number) => Uint8Array, what: Described, layout?: string | Layout): Layout {
  let bytes = head(Math.min(what.size ?? DETECTION_BYTES, DETECTION_BYTES));
  if (isSqlite(bytes)) {
    // Rows rewritten in place would leave their old text in free pages, in
    // the -wal and in the B-tree's order: a safe copy is a new database written
    // row by row, which anonymize does not do (yet).
    throw new UtmpError(UtmpErrorCode.UNSUPPORTED_FORMAT,
      `utmpx: ${what.name} is a SQLite database (wtmpdb or lastlog2); anonymize rewrites record files only, since a database keeps deleted and replaced text in its free pages and -wal`,
      { path: what.path });
  }
  if (isGzip(bytes)) {
    throw new UtmpError(UtmpErrorCode.UNSUPPORTED_FORMAT,
      `utmpx: ${what.name} is gzip-compressed: decompress it first (anonymize writes a copy in the file's own layout)`, { path: what.path });
  }
  if (layout !== undefined) return resolveLayout(layout);
  let detection = detect(bytes, { size: what.size ?? "unknown" });
  if (worthMoreBytes(detection) && (what.size === undefined || what.size > bytes.length)) {
    const more = head(Math.min(what.size ?? Infinity, engine().windowCapacity));
    if (more.length > bytes.length) {
      bytes = more;
      detection = detect(bytes, { size: what.size ?? "unknown" });
    }
  }
  return layoutOf(detection, bytes, what).layout;
}
