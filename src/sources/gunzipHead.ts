// The first bytes a gzip archive decompresses to, from its first kilobyte
// alone: enough to tell what it holds (a SQLite database, records) without
// making the rest, which for a gzip bomb is gigabytes.
import { Z_SYNC_FLUSH } from "./gzipTruncation.ts";

/** Compressed bytes read for the head: a kilobyte of deflate makes at most about a megabyte. */
export const COMPRESSED_HEAD = 1 << 10;

/** What of node:zlib the head needs. */
interface HeadZlib {
  gunzipSync(data: Uint8Array, options: { maxOutputLength: number; finishFlush: number }): Uint8Array;
}

/**
 * Up to `n` first decompressed bytes of gzip `compressed` (of which only the
 * first COMPRESSED_HEAD bytes are read); none where the archive is damaged there.
 */
export function gunzipHead(zlib: HeadZlib, compressed: Uint8Array, n: number): Uint8Array {
  try {
    // a head cut from the archive: what it makes so far, without the error of its end
    const cut = compressed.subarray(0, COMPRESSED_HEAD);
    return zlib.gunzipSync(cut, { maxOutputLength: 1032 * COMPRESSED_HEAD + (1 << 16), finishFlush: Z_SYNC_FLUSH }).subarray(0, n);
  } catch {
    return new Uint8Array(0);
  }
}
