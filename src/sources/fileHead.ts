// A file's first bytes as its readers see them: decompressed when it is gzip,
// from the archive's first kilobyte alone. fileSource() decompresses a .gz
// whole on its first read, which is what its readers need, not a look at the
// first 16 bytes: utmpx last, asking whether a 9 MB archive was a SQLite
// database, made its 2 GB of zeros to look at 16 of them.
import { fileSystem, withFile } from "./fileAccess.ts";
import { GZIP_MAGIC_BYTES, isGzip, nodeZlib } from "./gzip.ts";
import { COMPRESSED_HEAD, gunzipHead } from "./gunzipHead.ts";

/**
 * Up to `n` first bytes of the file at `path`, decompressed when it is gzip
 * (fewer where this runtime cannot decompress synchronously, or the archive is
 * damaged there). Throws what reading the file throws.
 */
export function fileHead(path: string, n: number): Uint8Array {
  const head = new Uint8Array(Math.max(n, COMPRESSED_HEAD));
  const got = head.subarray(0, withFile(path, "read", () => fileSystem().read(path, 0, head)));
  if (got.length < GZIP_MAGIC_BYTES || !isGzip(got)) return got.subarray(0, n);
  const zlib = nodeZlib();
  return zlib ? gunzipHead(zlib, got, n) : new Uint8Array(0);
}
