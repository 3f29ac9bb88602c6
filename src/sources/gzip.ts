// Gzip (a rotated wtmp.1.gz, an uploaded archive) wherever bytes come in. Async
// paths decompress with the web platform's DecompressionStream (Node, Deno, Bun,
// browsers); the sync ones (fromBytes, open) with node:zlib where the runtime has
// it (Node, Deno, Bun), and say what to use instead where it has not (browsers).
// Whole-input decompression holds the result in memory: it stops at a limit, so a
// small hostile archive cannot take the machine (stream() holds one window).
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { concatBytes } from "../util/concatBytes.ts";
import { decompression, GzipTruncation, isZlibTruncation, Z_SYNC_FLUSH } from "./gzipTruncation.ts";
import { gunzipMembers, type GzipDamage, type MemberZlib, type MembersRead } from "./gzipMembers.ts";
import { isAbortError } from "./readError.ts";
import { GUNZIP_LIMIT, gunzipTooLarge } from "./gunzipTooLarge.ts";
import { gunzipHead } from "./gunzipHead.ts";

export { GUNZIP_LIMIT } from "./gunzipTooLarge.ts";

/**
 * Whether `b` starts as a gzip member: magic 1f 8b, method 8 (deflate), no
 * reserved flag bit (as far as `b` goes: a cut archive of two or three bytes is
 * still one, and fails as one). The four bytes, not just the magic: a lastlog
 * whose first time happens to begin 1f 8b has a tty name (reserved bits set) after it.
 */
export function isGzip(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b && (b.length < 3 || b[2] === 8) && (b.length < 4 || (b[3]! & 0xe0) === 0);
}

/** Bytes the gzip check needs. */
export const GZIP_MAGIC_BYTES = 4;

/** What of a node:zlib Gunzip stream nodeGunzip.ts uses. */
export interface GunzipStream {
  write(chunk: Uint8Array): boolean;
  end(): void;
  flush(kind: number, callback: () => void): void;
  destroy(err?: unknown): void;
  pause(): void;
  resume(): void;
  readonly readableLength: number;
  once(event: "drain" | "close", listener: () => void): void;
  off(event: "drain" | "close", listener: () => void): void;
  on(event: "data", listener: (chunk: Uint8Array) => void): void;
  on(event: "end", listener: () => void): void;
  on(event: "error", listener: (err: unknown) => void): void;
}

interface NodeZlib extends MemberZlib {
  gunzipSync(data: Uint8Array, options: { maxOutputLength: number; chunkSize?: number; finishFlush?: number }): Uint8Array;
  createGunzip(options: { chunkSize: number }): GunzipStream;
}

/** The smallest output chunk asked of zlib (its default). */
const MIN_CHUNK = 1 << 14;

/**
 * The output chunk to decompress `bytes` in: the size their gzip trailer gives
 * (ISIZE, the last member's size modulo 2^32), within the limit. zlib's sync
 * call gathers its chunks and joins them, so the output stood twice in memory
 * at the end (2 GB of RSS for 1 GB of zeros from 4 MB of gzip); in one chunk it
 * is there once. A trailer that lies costs a join, or an allocation of pages
 * never touched, no more.
 */
function chunkFor(bytes: Uint8Array): number {
  const size = trailerSize(bytes);
  // past the limit (or a trailer that lies, or a cut archive's last bytes): small chunks, so that
  // zlib stops one chunk past the limit, where one chunk of the limit made it fill a second
  // (2 GB of zeros from a 9 MB archive took 2.1 GB before they were refused)
  if (size > GUNZIP_LIMIT) return MIN_CHUNK << 6;
  return Math.max(MIN_CHUNK, size);
}

/** The size the archive's last 4 bytes give (its last member's ISIZE, when it ends as a member does), or 0. */
function trailerSize(bytes: Uint8Array): number {
  if (bytes.length < 18) return 0;
  const at = bytes.length - 4;
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

/** node:zlib, where the runtime has it (Node, Deno, Bun). */
export function nodeZlib(): NodeZlib | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.("node:zlib") as NodeZlib | undefined;
}

/** The SQLite magic's length: what of the output the refusal looks at. */
const HEAD = 16;

const corrupt = (name: string, err: unknown) => new UtmpError(UtmpErrorCode.IO,
  `utmpx: cannot read ${name}: gzip: ${err instanceof Error ? err.message : String(err)}`, { cause: err });

/** An archive's decompressed bytes; for one cut short, those it holds before the cut, and the cut (see gzipTruncation.ts). */
export interface Gunzipped {
  readonly bytes: Uint8Array;
  readonly truncated: GzipTruncation | undefined;
  /** What was wrong with it that did not stop its data being read (gzipMembers.ts). */
  readonly damage?: readonly GzipDamage[];
}


/**
 * The decompressed bytes of gzip `bytes`, synchronously; `path`, the archive's
 * when it was read from one, is for the advice of a refusal.
 * @throws UtmpError UNSUPPORTED where the runtime cannot decompress synchronously (browsers) or past GUNZIP_LIMIT; IO for a corrupt archive, or a cut one holding nothing
 */
export function gunzipSync(bytes: Uint8Array, name: string, path?: string): Gunzipped {
  const zlib = nodeZlib();
  if (!zlib) {
    throw new UtmpError(UtmpErrorCode.UNSUPPORTED,
      `utmpx: ${name} is gzip-compressed, and this runtime cannot decompress synchronously: use fromBlob() or stream(), or decompress it first`);
  }
  const view = (out: Uint8Array) => new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  // what the archive holds is told by its first bytes, made again from its first kilobyte: the output is gone
  const tooLarge = () => gunzipTooLarge(name, gunzipHead(zlib, bytes, HEAD), path);
  try {
    return { bytes: view(zlib.gunzipSync(bytes, { maxOutputLength: GUNZIP_LIMIT, chunkSize: chunkFor(bytes) })), truncated: undefined };
  } catch (err) {
    if (isTooLarge(err)) throw tooLarge();
    // garbage after the archive, a check that fails: read member by member, as gzip -dc reads them
    let members: MembersRead | undefined;
    try {
      members = gunzipMembers(zlib, bytes, GUNZIP_LIMIT);
    } catch (again) {
      if (isTooLarge(again)) throw tooLarge();
    }
    if (members && members.parts.some((part) => part.length > 0)) {
      return { bytes: concatBytes(members.parts), truncated: members.truncated, damage: members.damage };
    }
    if (!isZlibTruncation(err)) throw corrupt(name, err);
    let held: Uint8Array;
    try {
      held = zlib.gunzipSync(bytes, { maxOutputLength: GUNZIP_LIMIT, chunkSize: MIN_CHUNK << 6, finishFlush: Z_SYNC_FLUSH });
    } catch (again) {
      throw isTooLarge(again) ? tooLarge() : corrupt(name, err);
    }
    if (held.length === 0) throw corrupt(name, err);
    return { bytes: view(held), truncated: new GzipTruncation(err, true) };
  }
}

const isTooLarge = (err: unknown) => err instanceof RangeError || (err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";

/**
 * The bytes of `blob`, decompressed when it is gzip: by node:zlib where the
 * runtime has it (as gunzipSync), else by DecompressionStream (browsers).
 * @throws UtmpError IO for a corrupt archive, or a cut one holding nothing; UNSUPPORTED past GUNZIP_LIMIT
 */
export async function blobBytes(blob: Blob, name: string): Promise<Gunzipped> {
  if (!isGzip(new Uint8Array(await blob.slice(0, GZIP_MAGIC_BYTES).arrayBuffer()))) return { bytes: new Uint8Array(await blob.arrayBuffer()), truncated: undefined };
  if (nodeZlib()) return gunzipSync(new Uint8Array(await blob.arrayBuffer()), name);
  const { output, failure } = decompression(blob.stream() as ReadableStream<Uint8Array>);
  const reader = output.getReader();
  const parts: Uint8Array[] = [];
  try {
    // the reader's chunks one by one (a ReadableStream is not async-iterable in every browser)
    const chunks = {
      async *[Symbol.asyncIterator]() {
        try {
          for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
        } catch (err) {
          throw failure(err);
        }
      },
    };
    return { bytes: await gatherGunzipped(chunks, name, parts), truncated: undefined };
  } catch (err) {
    await reader.cancel().catch(() => undefined);
    const cut = err instanceof UtmpError ? err.cause : undefined;
    if (cut instanceof GzipTruncation && parts.length > 0) return { bytes: concatBytes(parts), truncated: cut };
    throw err;
  }
}

/**
 * The decompressed chunks of a gzip archive gathered into one array, within GUNZIP_LIMIT.
 * @throws UtmpError IO for a corrupt archive, UNSUPPORTED past GUNZIP_LIMIT
 */
export async function gatherGunzipped(chunks: AsyncIterable<Uint8Array>, name: string, parts: Uint8Array[] = []): Promise<Uint8Array> {
  let length = 0;
  try {
    for await (const value of chunks) {
      length += value.length;
      if (length > GUNZIP_LIMIT) throw gunzipTooLarge(name, firstBytes(parts, value, HEAD));
      parts.push(value);
    }
  } catch (err) {
    throw gunzipError(name, err);
  }
  return concatBytes(parts);
}

/** Up to `n` first bytes of `parts` then `next`, joined only when the first part is shorter. */
function firstBytes(parts: readonly Uint8Array[], next: Uint8Array, n: number): Uint8Array {
  const first = parts[0] ?? next;
  if (first.length >= n) return first.subarray(0, n);
  return concatBytes([...parts, next]).subarray(0, n);
}

/** An error met while decompressing `name` as UtmpError IO; ours (and aborts) as they are. */
export function gunzipError(name: string, err: unknown): unknown {
  return err instanceof UtmpError || isAbortError(err) ? err : corrupt(name, err);
}
