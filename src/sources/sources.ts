// Where a database's bytes come from: memory or a file, both read by offset.
// Gzip input (a rotated wtmp.1.gz) is decompressed whole on first use, so it
// reads like any other; such a source cannot be written to.
import { fileSystem, withFile, withFileAsync, type Allocation, type AsyncFileReader } from "./fileAccess.ts";
import { GZIP_MAGIC_BYTES, gunzipSync, isGzip, type Gunzipped } from "./gzip.ts";
import { truncationWarning } from "./gzipTruncation.ts";
import { damageWarning } from "./gzipMembers.ts";
import { UtmpError, UtmpErrorCode, type UtmpWarning } from "../util/errors.ts";
import { valueKind } from "../util/valueKind.ts";

export interface ByteSource {
  /** For messages: the path, or a description. */
  readonly name: string;
  readonly path: string | undefined;
  size(): number;
  /** Copies up to target.length bytes from `offset` into target; returns the count. */
  readInto(offset: number, target: Uint8Array): number;
  /**
   * Plain files in Node, Bun and Deno: the file opened for reads off the
   * JavaScript thread (see SyncFileSystem.openReader); undefined where the
   * runtime has none or the bytes are in memory (a .gz). Close it when done.
   */
  asyncReader?(): AsyncFileReader | undefined;
  /**
   * Where the next data at or after `offset` starts, skipping holes of a sparse
   * file (SEEK_DATA), or undefined where the runtime cannot tell.
   */
  nextData?(offset: number): number | undefined;
  /** Files only (not a .gz): what the file takes on disk, where the runtime tells it (see Allocation). */
  allocation?(): Allocation | undefined;
  /** Files only (not a .gz): one append of bytes built from the current size (see SyncFileSystem.append). */
  readonly append?: ((build: (size: number, settled: boolean) => Uint8Array) => number) | undefined;
  /** Files only (not a .gz): one positioned write. */
  readonly writeAt?: ((offset: number, bytes: Uint8Array) => void) | undefined;
  /**
   * What is wrong with the bytes that does not stop them being read (a gzip
   * archive cut short), once they have been read: it reads nothing itself (a
   * read opens the file, and a close drops the fcntl locks a writer holds).
   */
  notes?(): readonly UtmpWarning[];
}

/**
 * Bytes in memory; gzip bytes are decompressed when first read (see gunzipSync
 * for where that works), or given decompressed (blobBytes). `archive`: the path
 * of the file they were read from, which a refusal names (the source itself has
 * no path: it cannot be written to).
 */
export function memorySource(given: Uint8Array | Gunzipped, name = `<${"bytes" in given ? given.bytes.length : given.length} bytes>`, archive?: string): ByteSource {
  const bytes = "bytes" in given ? given.bytes : given;
  let gunzipped: Gunzipped | undefined = "bytes" in given ? given : isGzip(bytes) ? undefined : { bytes, truncated: undefined };
  // a failure is kept too: the bytes do not change, and a reader that asks again (openLastlog asks
  // whether it is SQLite, then its size) decompressed a refused gzip bomb once more, up to 1 GiB
  let failure: { error: unknown } | undefined;
  const data = () => {
    if (failure) throw failure.error;
    try {
      return (gunzipped ??= gunzipSync(bytes, name, archive)).bytes;
    } catch (error) {
      failure = { error };
      throw error;
    }
  };
  return {
    name, path: undefined,
    notes: () => [
      ...(gunzipped?.damage ?? []).map((d) => damageWarning(name, d)),
      ...(gunzipped?.truncated ? [truncationWarning(name, gunzipped.bytes.length, gunzipped.truncated)] : []),
    ],
    size: () => data().length,
    readInto(offset, target) {
      const all = data();
      const part = all.subarray(Math.min(offset, all.length), Math.min(offset + target.length, all.length));
      target.set(part);
      return part.length;
    },
  };
}

/** A file read afresh on every call (these files change while a system runs), or once decompressed when it is gzip. */
export function fileSource(path: string): ByteSource {
  // open(undefined) made a database that failed at its first read with node's own message
  if (typeof path !== "string") throw new TypeError(`utmpx: a file's path is ${valueKind(path)}, not a string`);
  let gzipped: ByteSource | undefined;
  let plain = false;
  /**
   * The decompressed contents when the file is gzip; checked until the file is
   * long enough to tell, then settled. The size is asked first, so an empty file
   * (one a writer is creating) is never opened for this: an open and close of the
   * file by this process would drop the fcntl locks the process holds on it.
   */
  const gzip = (): ByteSource | undefined => {
    if (plain || gzipped) return gzipped;
    const head = new Uint8Array(GZIP_MAGIC_BYTES);
    let got: number;
    try {
      if (fileSystem().size(path) < 2) return undefined;
      got = fileSystem().read(path, 0, head);
    } catch {
      return undefined; // missing or unreadable: the call itself reports it, as it always has
    }
    if (!isGzip(head.subarray(0, got))) {
      plain = got === head.length; // a shorter file may still grow
      return undefined;
    }
    const all = new Uint8Array(withFile(path, "read the size of", () => fileSystem().size(path)));
    const n = withFile(path, "read", () => fileSystem().read(path, 0, all));
    return (gzipped = memorySource(all.subarray(0, n), path, path));
  };
  const unwritable = () => new UtmpError(UtmpErrorCode.UNSUPPORTED,
    `utmpx: ${path} is gzip-compressed: decompress it to write to it`, { path });
  return {
    name: path, path,
    size: () => gzip()?.size() ?? withFile(path, "read the size of", () => fileSystem().size(path)),
    readInto: (offset, target) => gzip()?.readInto(offset, target) ?? withFile(path, "read", () => fileSystem().read(path, offset, target)),
    asyncReader: () => {
      if (gzip()) return undefined; // read from memory once decompressed
      const reader = withFile(path, "open", () => fileSystem().openReader?.(path));
      return reader && {
        read: (offset, target) => withFileAsync(path, "read", () => reader.read(offset, target)),
        close: () => withFile(path, "close", () => reader.close()),
      };
    },
    nextData: (offset) => (gzip() ? undefined : withFile(path, "seek in", () => fileSystem().nextData?.(path, offset))),
    allocation: () => (gzip() ? undefined : withFile(path, "read the size of", () => fileSystem().allocation?.(path))),
    notes: () => gzipped?.notes?.() ?? [],
    // A .gz has no append or writeAt, as bytes have none, once a read has found it
    // out. The getters themselves do no I/O (see gzip() on fcntl locks).
    get append() {
      if (gzipped) return undefined;
      return (build: (size: number, settled: boolean) => Uint8Array) => {
        if (gzip()) throw unwritable();
        return withFile(path, "append to", () => fileSystem().append(path, build));
      };
    },
    get writeAt() {
      if (gzipped) return undefined;
      return (offset: number, bytes: Uint8Array) => {
        if (gzip()) throw unwritable();
        withFile(path, "write", () => fileSystem().writeAt(path, offset, bytes));
      };
    },
  };
}

/** The first `length` bytes of `source` as a file of their own, read through it (nothing copied). */
export function prefixSource(source: ByteSource, length: number): ByteSource {
  return {
    name: source.name, path: undefined,
    size: () => Math.min(length, source.size()),
    readInto: (offset, target) => source.readInto(offset, target.subarray(0, Math.max(0, Math.min(target.length, length - offset)))),
  };
}
