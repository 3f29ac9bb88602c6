// The layout of a file whose records stop aligning halfway, from its first part.
import { Database } from "../read/database.ts";
import { fromBytes } from "../read/open.ts";
import type { Layout } from "../layouts/table.ts";
import type { ByteSource } from "../sources/sources.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";

/** The smallest prefix detection is asked about: a few records of the largest layouts. */
const MIN_PREFIX = 4096;

/**
 * The layout of a file detection cannot place as a whole, judged from its
 * first part: records that stop aligning halfway (bytes inserted) make the
 * whole look like no layout, though what comes before reads well, and the
 * structure check then says where and by how much. undefined: detect as usual
 * (and fail as usual, when no prefix fits either).
 */
export function layoutOfDamaged(source: ByteSource): Layout | undefined {
  try {
    void new Database(source).layout;
    return undefined;
  } catch (err) {
    if (!(err instanceof UtmpError) || err.code !== UtmpErrorCode.UNKNOWN_LAYOUT) return undefined;
  }
  const size = source.size();
  for (let length = Math.floor(size / 2); length >= MIN_PREFIX; length = Math.floor(length / 2)) {
    const prefix = new Uint8Array(length);
    source.readInto(0, prefix);
    try {
      return fromBytes(prefix).layout;
    } catch {
      // not this prefix either
    }
  }
  return undefined;
}
