// A gzip archive cut short (copied off a host half-way, a rotated file cut by a
// full disk): what it holds up to the cut is read, as gzip -dc prints it, with a
// GZIP_TRUNCATED warning, rather than nothing and an error. A corrupt archive
// (a bad code, a CRC that does not match) is still an error: its bytes cannot be
// trusted. node:zlib tells the two apart (Z_BUF_ERROR: the input ended first);
// DecompressionStream (browsers) fails on a cut archive only once all of it has
// gone in, in its flush, so a failure after the input ended is taken for a cut,
// "or damaged at its end" as the warning says.
import { UtmpError, type UtmpWarning } from "../util/errors.ts";
import { isAbortError } from "./readError.ts";

/** zlib's Z_SYNC_FLUSH: all that what came so far makes comes out (of a cut archive, without the error its end raises). */
export const Z_SYNC_FLUSH = 2;

/**
 * The failure of decompressing an archive that ends before its compressed data
 * does; or, `damaged`, one a stream found damaged after some of its data (see
 * isZlibDamage): read up to there too, with its own warning.
 */
export class GzipTruncation extends Error {
  /** `whole` (damaged only): everything the archive holds was read again member by member, as gzip -dc reads it. */
  constructor(readonly reason: unknown, readonly precise: boolean, readonly damaged = false, readonly whole = false) {
    super(`the gzip archive ${damaged ? "is damaged" : "ends early"}: ${reason instanceof Error ? reason.message : String(reason)}`);
    this.name = "GzipTruncation";
  }
}

/** Whether node:zlib's error says its input ended before the compressed data did. */
export function isZlibTruncation(err: unknown): boolean {
  return err !== null && typeof err === "object" && (err as { code?: unknown }).code === "Z_BUF_ERROR";
}

/**
 * Whether node:zlib's error, met after some data came out, says what gzip -dc
 * reads past: bytes after a member that are no member (garbage after the
 * archive), or a member whose CRC-32 or length does not match its data.
 */
export function isZlibDamage(err: unknown): boolean {
  return isZlibDataError(err) && /incorrect (header|data|length) check/.test((err as Error).message);
}

/**
 * Whether node:zlib's error is any damage of the data (Z_DATA_ERROR), a member's
 * deflate data too ("too many length or distance symbols"): gzip -dc keeps the
 * members before such a member, which a read member by member recovers.
 */
export function isZlibDataError(err: unknown): boolean {
  return err instanceof Error && (err as { code?: unknown }).code === "Z_DATA_ERROR";
}

/** The warning for `name`, cut (or found damaged) after `offset` decompressed bytes. */
export function truncationWarning(name: string, offset: number, cut: GzipTruncation): UtmpWarning {
  const reason = cut.reason instanceof Error ? cut.reason.message : String(cut.reason);
  if (cut.damaged) {
    return {
      code: "GZIP_DAMAGED", offset, length: 0,
      message: cut.whole
        ? `${name}: the gzip archive is damaged: ${reason} (read as gzip -dc reads it)`
        : `${name}: the gzip archive is damaged (${reason}: garbage after its end, or a member whose check fails): ` +
          `the ${offset} bytes decompressed before that are read, the rest of the member then being read is lost`,
    };
  }
  const what = cut.precise ? "is cut short" : "is cut short or damaged at its end";
  return {
    code: "GZIP_TRUNCATED", offset, length: 0,
    message: `${name}: the gzip archive ${what} (${reason}): the ${offset} bytes it holds before that are read, what followed is lost`,
  };
}

/**
 * `compressed` through a DecompressionStream, and what to throw for a failure
 * of its output: once all of `compressed` has gone in, a cut archive's
 * (GzipTruncation, see above); before, or ours, or an abort, as it came.
 */
export function decompression(compressed: ReadableStream<Uint8Array>): { output: ReadableStream<Uint8Array>; failure: (err: unknown) => unknown } {
  let ended = false;
  const input = compressed.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({ flush() { ended = true; } }));
  const output = input.pipeThrough(new DecompressionStream("gzip") as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
  return { output, failure: (err) => (ended && !(err instanceof UtmpError) && !isAbortError(err) ? new GzipTruncation(err, false) : err) };
}
