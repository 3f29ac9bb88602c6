// Synchronous positioned file reads in Node, Bun and Deno, found at run time
// so that no bundle for the browser pulls in node:fs.
import { UtmpError, UtmpErrorCode } from "./errors.ts";
import { seekDataFunction } from "./seekData.ts";

export interface SyncFileSystem {
  size(path: string): number;
  /** Reads up to target.length bytes at `offset`; returns how many were read (fewer only at end of file). */
  read(path: string, offset: number, target: Uint8Array): number;
  /** lseek(SEEK_DATA): the start of the next data at or after `offset`, or the size when only a hole follows. */
  nextData?(path: string, offset: number): number | undefined;
  /**
   * One write at the end of the file (O_APPEND: concurrent appenders never
   * interleave within it), creating the file if needed. `build(size)` makes the
   * bytes from the open file's size (it may throw to refuse; a PARTIAL_RECORD
   * refusal is asked again, `settled` true the last time). Returns the size before.
   */
  append(path: string, build: (size: number, settled: boolean) => Uint8Array): number;
  /** One positioned write of `bytes` at `offset` in an existing file. */
  writeAt(path: string, offset: number, bytes: Uint8Array): void;
}

interface NodeFs {
  statSync(path: string): { size: number };
  fstatSync(fd: number): { size: number };
  openSync(path: string, flags: string): number;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number, position?: number | null): number;
  closeSync(fd: number): void;
}

interface DenoFile {
  seekSync(offset: number, whence: number): number;
  readSync(p: Uint8Array): number | null;
  writeSync(p: Uint8Array): number;
  statSync(): { size: number };
  lockSync?(exclusive?: boolean): void;
  unlockSync?(): void;
  close(): void;
}
interface DenoNamespace {
  statSync(path: string): { size: number };
  openSync(path: string, options: { read?: boolean; write?: boolean; append?: boolean; create?: boolean }): DenoFile;
}

/**
 * Calls build(size) with the file's size, asking again while build refuses it
 * as a partial record: another process's append may be half-copied (the kernel
 * grows a file page by page), so a size that is not a whole number of records
 * must last a while before it counts as a damaged file.
 */
function buildWhenSettled(size: () => number, build: (size: number, settled: boolean) => Uint8Array): { size: number; bytes: Uint8Array } {
  for (let attempt = 0; ; attempt++) {
    const now = size();
    try {
      return { size: now, bytes: build(now, attempt >= SETTLE_ATTEMPTS) };
    } catch (err) {
      if (!(err instanceof UtmpError) || err.code !== UtmpErrorCode.PARTIAL_RECORD || attempt >= SETTLE_ATTEMPTS) throw err;
      sleepSync(SETTLE_MS);
    }
  }
}
const SETTLE_ATTEMPTS = 50;
const SETTLE_MS = 2;

/** Blocks the thread briefly; only reached on file-system hosts. The buffer is made
 * on first use because a page that is not cross-origin isolated has no SharedArrayBuffer. */
function sleepSync(ms: number): void {
  sleeper ??= new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(sleeper, 0, 0, ms);
}
let sleeper: Int32Array | undefined;

/** Writes all of `bytes` with `write`, which may write less at a time. */
function writeAll(write: (chunk: Uint8Array) => number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) done += write(bytes.subarray(done));
}

function nodeFs(): NodeFs | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.("node:fs") as NodeFs | undefined;
}

function fromNode(fs: NodeFs): SyncFileSystem {
  // Node has no lseek(SEEK_DATA); Bun, which runs this same code, has FFI
  const nextData = seekDataFunction((globalThis as { process?: { platform?: string } }).process?.platform);
  return {
    ...(nextData ? { nextData } : {}),
    append(path, build) {
      const fd = fs.openSync(path, "a");
      try {
        const { size, bytes } = buildWhenSettled(() => fs.fstatSync(fd).size, build);
        // one write() call: with O_APPEND the kernel places it at the end, whole
        const n = fs.writeSync(fd, bytes, 0, bytes.length, null);
        if (n !== bytes.length) throw new Error(`short write: ${n} of ${bytes.length} bytes`);
        return size;
      } finally {
        fs.closeSync(fd);
      }
    },
    writeAt(path, offset, bytes) {
      const fd = fs.openSync(path, "r+");
      try {
        writeAll((chunk) => fs.writeSync(fd, chunk, 0, chunk.length, offset + (bytes.length - chunk.length)), bytes);
      } finally {
        fs.closeSync(fd);
      }
    },
    size: (path) => fs.statSync(path).size,
    read(path, offset, target) {
      const fd = fs.openSync(path, "r");
      try {
        let done = 0;
        while (done < target.length) {
          const n = fs.readSync(fd, target, done, target.length - done, offset + done);
          if (n === 0) break;
          done += n;
        }
        return done;
      } finally {
        fs.closeSync(fd);
      }
    },
  };
}

function fromDeno(deno: DenoNamespace): SyncFileSystem {
  const nextData = seekDataFunction((globalThis as { Deno?: { build?: { os?: string } } }).Deno?.build?.os);
  return {
    ...(nextData ? { nextData } : {}),
    append(path, build) {
      const file = deno.openSync(path, { append: true, create: true });
      try {
        // Deno has file locks (flock): other lock-taking writers wait, so the size checked is the size written at
        file.lockSync?.(true);
        const { size, bytes } = buildWhenSettled(() => file.statSync().size, build);
        const n = file.writeSync(bytes);
        if (n !== bytes.length) throw new Error(`short write: ${n} of ${bytes.length} bytes`);
        return size;
      } finally {
        file.close();
      }
    },
    writeAt(path, offset, bytes) {
      const file = deno.openSync(path, { write: true });
      try {
        file.seekSync(offset, 0);
        writeAll((chunk) => file.writeSync(chunk), bytes);
      } finally {
        file.close();
      }
    },
    size: (path) => deno.statSync(path).size,
    read(path, offset, target) {
      const file = deno.openSync(path, { read: true });
      try {
        file.seekSync(offset, 0);
        let done = 0;
        while (done < target.length) {
          const n = file.readSync(target.subarray(done));
          if (n === null || n === 0) break;
          done += n;
        }
        return done;
      } finally {
        file.close();
      }
    },
  };
}

let cached: SyncFileSystem | undefined;

/** The runtime's file system, or an UNSUPPORTED error (in a browser: use fromBytes or fromBlob). */
export function fileSystem(): SyncFileSystem {
  if (cached) return cached;
  // Deno's own API where it exists (it also offers node:fs, but its native calls are the ones its permissions describe)
  const deno = (globalThis as { Deno?: DenoNamespace }).Deno;
  const fs = deno ? undefined : nodeFs();
  if (deno) cached = fromDeno(deno);
  else if (fs) cached = fromNode(fs);
  else throw new UtmpError(UtmpErrorCode.UNSUPPORTED, "utmpx: this runtime has no file system; use fromBytes() or fromBlob()");
  return cached;
}

/** Runs a file operation, turning runtime errors into UtmpError IO with the path. */
export function withFile<T>(path: string, what: string, op: () => T): T {
  try {
    return op();
  } catch (err) {
    if (err instanceof UtmpError) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    throw new UtmpError(UtmpErrorCode.IO, `utmpx: cannot ${what} ${path}: ${detail}`, { path, cause: err });
  }
}

/** buildWhenSettled() for asynchronous sizes: waits without blocking. */
async function buildWhenSettledAsync(size: () => Promise<number>, build: (size: number, settled: boolean) => Uint8Array): Promise<{ size: number; bytes: Uint8Array }> {
  for (let attempt = 0; ; attempt++) {
    const now = await size();
    try {
      return { size: now, bytes: build(now, attempt >= SETTLE_ATTEMPTS) };
    } catch (err) {
      if (!(err instanceof UtmpError) || err.code !== UtmpErrorCode.PARTIAL_RECORD || attempt >= SETTLE_ATTEMPTS) throw err;
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    }
  }
}

/** The asynchronous file calls writing needs (Node and Bun: node:fs/promises; Deno: its own). */
export interface AsyncFileSystem {
  append(path: string, build: (size: number, settled: boolean) => Uint8Array): Promise<number>;
  writeAt(path: string, offset: number, bytes: Uint8Array): Promise<void>;
}

interface NodeFileHandle {
  stat(): Promise<{ size: number }>;
  write(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<{ bytesWritten: number }>;
  close(): Promise<void>;
}

let asyncCached: AsyncFileSystem | undefined;

export async function asyncFileSystem(): Promise<AsyncFileSystem> {
  if (asyncCached) return asyncCached;
  const deno = (globalThis as { Deno?: unknown }).Deno as
    | { open(path: string, o: object): Promise<{ stat(): Promise<{ size: number }>; write(p: Uint8Array): Promise<number>; seek(o: number, w: number): Promise<number>; lock?(e: boolean): Promise<void>; close(): void }> }
    | undefined;
  if (deno) {
    asyncCached = {
      async append(path, build) {
        const file = await deno.open(path, { append: true, create: true });
        try {
          await file.lock?.(true);
          const { size, bytes } = await buildWhenSettledAsync(async () => (await file.stat()).size, build);
          const n = await file.write(bytes);
          if (n !== bytes.length) throw new Error(`short write: ${n} of ${bytes.length} bytes`);
          return size;
        } finally {
          file.close();
        }
      },
      async writeAt(path, offset, bytes) {
        const file = await deno.open(path, { write: true });
        try {
          await file.seek(offset, 0);
          for (let done = 0; done < bytes.length;) done += await file.write(bytes.subarray(done));
        } finally {
          file.close();
        }
      },
    };
    return asyncCached;
  }
  const fs = nodeFs() as unknown as { promises?: { open(path: string, flags: string): Promise<NodeFileHandle> } } | undefined;
  if (!fs?.promises) throw new UtmpError(UtmpErrorCode.UNSUPPORTED, "utmpx: this runtime has no file system to write to");
  const promises = fs.promises;
  asyncCached = {
    async append(path, build) {
      const handle = await promises.open(path, "a");
      try {
        const { size, bytes } = await buildWhenSettledAsync(async () => (await handle.stat()).size, build);
        const { bytesWritten } = await handle.write(bytes, 0, bytes.length, null);
        if (bytesWritten !== bytes.length) throw new Error(`short write: ${bytesWritten} of ${bytes.length} bytes`);
        return size;
      } finally {
        await handle.close();
      }
    },
    async writeAt(path, offset, bytes) {
      const handle = await promises.open(path, "r+");
      try {
        for (let done = 0; done < bytes.length;) done += (await handle.write(bytes, done, bytes.length - done, offset + done)).bytesWritten;
      } finally {
        await handle.close();
      }
    },
  };
  return asyncCached;
}

/** withFile() for promises. */
export async function withFileAsync<T>(path: string, what: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (err instanceof UtmpError) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    throw new UtmpError(UtmpErrorCode.IO, `utmpx: cannot ${what} ${path}: ${detail}`, { path, cause: err });
  }
}
