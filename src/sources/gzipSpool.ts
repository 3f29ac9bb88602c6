// A .gz read newest record first. A gzip member cannot be read from its end,
// so its records used to be decoded forward and every batch kept (about 130
// bytes a record: a 10 GB archive of records would have taken 3.4 GB). Here its
// decompressed bytes are kept instead, in memory while they are few, and past
// SPOOL_AFTER in a temporary file (unlinked as soon as it is open: nothing is
// left behind, whatever ends the process). Either is then a ByteSource, read
// from its end window by window like a plain file: memory stays flat, and the
// disk holds the archive's decompressed size for as long as it is read.
import { byteChunks } from "./streamSources.ts";
import { GzipTruncation, truncationWarning } from "./gzipTruncation.ts";
import { readError } from "./readError.ts";
import { memorySource, type ByteSource } from "./sources.ts";
import { allZero } from "../util/allZero.ts";
import { concatBytes } from "../util/concatBytes.ts";
import type { UtmpWarning } from "../util/errors.ts";

/** Decompressed bytes kept in memory; past them, the archive goes to a temporary file. */
export const SPOOL_AFTER = 16 << 20;

/** The decompressed archive, read by position, and how to let go of it. */
export interface SpooledGzip {
  readonly source: ByteSource;
  /**
   * Why decompression stopped before the archive's end (damaged deflate data,
   * a read error), when it did: `source` holds what came before, for the
   * caller to read and then throw this, as a stream gives its batches first.
   */
  readonly failure?: unknown;
  /** Closes the temporary file (its space is freed then); reads after it fail. */
  close(): void;
}

/** What the runtime offers to write a temporary file (node:fs, which Deno and Bun provide too). */
interface TempFiles {
  readonly fs: typeof import("node:fs");
  readonly dir: string;
  readonly join: (dir: string, name: string) => string;
}

/** node:fs, node:os and node:path where the runtime has them (Node, Deno, Bun); none in a browser, which gets no temporary file. */
function tempFiles(): TempFiles | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.("node:fs") as TempFiles["fs"] | undefined;
  const os = proc?.getBuiltinModule?.("node:os") as { tmpdir(): string } | undefined;
  const path = proc?.getBuiltinModule?.("node:path") as { join(a: string, b: string): string } | undefined;
  return fs && os && path ? { fs, dir: os.tmpdir(), join: path.join } : undefined;
}

/**
 * The decompressed bytes of the gzip file at `path`, named `path` in messages.
 * A cut or damaged archive gives what decompressed before the failure, with the
 * warning stream() gives for it. Undefined when the bytes outgrow memory and no
 * temporary file can take them (no file system, a read-only or full temporary
 * folder): the caller reads the archive its own way then.
 * @throws UtmpError when the file cannot be read or is no gzip at all; the
 *   signal's reason once it aborts
 */
export async function spoolGzip(path: string, onWarning: ((w: UtmpWarning) => void) | undefined, limit = SPOOL_AFTER, signal?: AbortSignal): Promise<SpooledGzip | undefined> {
  const { chunks, name } = await byteChunks(path, signal);
  if (!chunks) throw new Error(`spoolGzip: ${path} is not gzip`); // the caller asked isGzipFile first
  const held: Uint8Array[] = [];
  let total = 0;
  let file: TempFile | undefined;
  let finished = false;
  let failure: unknown;
  let kept = false;
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await iterator.next();
      } catch (err) {
        finished = true; // a source that threw is done
        if (total === 0 || signal?.aborted) throw readError(err, name, path, signal);
        // what came before the failure is read: cut short, with a warning; damaged beyond, then the error
        if (err instanceof GzipTruncation) onWarning?.(truncationWarning(name, total, err));
        else failure = readError(err, name, path);
        break;
      }
      if (next.done) {
        finished = true;
        break;
      }
      const chunk = next.value;
      if (!file) {
        held.push(chunk.slice()); // a producer may refill the buffer it gave
        total += chunk.length;
        if (total <= limit) continue;
        // a temporary folder that is full, read-only or missing: the archive is read another way, not refused
        file = openTemp(tempFiles());
        if (!file || !held.every((part) => file!.write(part))) return undefined;
        held.length = 0;
        continue;
      }
      if (!file.write(chunk)) return undefined;
      total += chunk.length;
    }
    kept = true;
  } finally {
    // left early (no temporary file to be had, or a failure): the file goes, the decompression stops
    if (!kept) file?.close();
    if (!finished) await iterator.return?.();
  }
  // given decompressed: memorySource does not take bytes that begin as gzip does for an archive of their own
  if (!file) return { source: memorySource({ bytes: concatBytes(held), truncated: undefined }, name), failure, close: () => {} };
  return { source: file.source(name, total), failure, close: () => file.close() };
}

/** A temporary file, written in order, then read by position; closing it frees its space (it has no name left). */
class TempFile {
  open = true;

  constructor(private readonly fs: typeof import("node:fs"), private readonly fd: number) {}

  /** Bytes written so far, holes included. */
  private size = 0;
  /** Where bytes were written: [start, end) pairs in order, touching ones merged. The rest is holes. */
  private readonly extents: number[] = [];

  /**
   * Appends `bytes`; false (and the file closed) when it cannot take them: no
   * space left, a quota. All-zero bytes are a hole, not written (a wiped wtmp,
   * or an archive of zeros: 1.5 GiB of them took the disk for nothing).
   */
  write(bytes: Uint8Array): boolean {
    try {
      if (allZero(bytes)) {
        this.size += bytes.length;
        this.fs.ftruncateSync(this.fd, this.size);
        return true;
      }
      for (let at = 0; at < bytes.length; ) at += this.fs.writeSync(this.fd, bytes, at, bytes.length - at, this.size + at);
      const e = this.extents;
      if (e.length > 0 && e[e.length - 1] === this.size) e[e.length - 1] = this.size + bytes.length;
      else e.push(this.size, this.size + bytes.length);
      this.size += bytes.length;
      return true;
    } catch {
      this.close();
      return false;
    }
  }

  source(name: string, size: number): ByteSource {
    return {
      name, path: undefined,
      size: () => size,
      readInto: (offset, target) => {
        if (!this.open) throw new Error("utmpx: a spooled .gz read after it was closed");
        const n = Math.max(0, Math.min(target.length, size - offset));
        if (n === 0) return 0;
        // a hole is zeros: filled here, not read (the kernel's zeros of a hole came at a third of the speed)
        if (!this.written(offset, offset + n)) {
          target.fill(0, 0, n);
          return n;
        }
        return this.fs.readSync(this.fd, target, 0, n, offset);
      },
    };
  }

  /** Whether any byte of [from, to) was written. */
  private written(from: number, to: number): boolean {
    const e = this.extents;
    // the first extent that ends after `from`
    let lo = 0, hi = e.length >> 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (e[2 * mid + 1]! <= from) lo = mid + 1;
      else hi = mid;
    }
    return lo < e.length >> 1 && e[2 * lo]! < to;
  }

  close(): void {
    if (this.open) this.fs.closeSync(this.fd);
    this.open = false;
  }
}

/** A temporary file, opened for reading and writing and already unlinked; undefined when none can be made. */
function openTemp(t: TempFiles | undefined): TempFile | undefined {
  if (!t) return undefined;
  try {
    const dir = t.fs.mkdtempSync(t.join(t.dir, "utmpx-"));
    try {
      return new TempFile(t.fs, t.fs.openSync(t.join(dir, "spool"), "wx+", 0o600));
    } finally {
      t.fs.rmSync(dir, { recursive: true, force: true });
    }
  } catch {
    return undefined;
  }
}
