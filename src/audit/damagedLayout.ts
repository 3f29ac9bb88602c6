// The layout of a file whose records stop aligning halfway, from its first part.
import { Database } from "../read/database.ts";
import type { Layout } from "../layouts/table.ts";
import { prefixSource, type ByteSource } from "../sources/sources.ts";
import { GZIP_MAGIC_BYTES, isGzip } from "../sources/gzip.ts";
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
  // bytes that begin as gzip (an archive in an archive): their prefixes were once taken for archives, cut ones, and failed
  const magic = new Uint8Array(GZIP_MAGIC_BYTES);
  if (isGzip(magic.subarray(0, source.readInto(0, magic)))) return undefined;
  for (let length = Math.floor(size / 2); length >= MIN_PREFIX; length = Math.floor(length / 2)) {
    // judged through the source, not copied: detection reads no more than a window of it, whatever its length
    try {
      return new Database(prefixSource(source, length)).layout;
    } catch {
      // not this prefix either
    }
  }
  return undefined;
}
