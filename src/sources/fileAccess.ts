// Synchronous positioned file reads in Node, Bun and Deno, found at run time
// so that no bundle for the browser pulls in node:fs; and their asynchronous
// twin, which the runtime serves on another thread (read/readAhead.ts). Writes
// go through writeGuard.ts and safeWrite.ts (writeHandle.ts has their file calls).
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { seekDataFunction } from "./seekData.ts";
import { appendFile, overwriteFile, type AppendBuilder } from "./safeWrite.ts";
import { withWriteGuard } from "./writeGuard.ts";
import { refusePipe, type FileKind } from "./pipe.ts";

export interface SyncFileSystem {
  size(path: string): number;
  /** Reads up to target.length bytes at `offset`; returns how many were read (fewer only at end of file). */
  read(path: string, offset: number, target: Uint8Array): number;
  /**
   * The file opened for reads the runtime does off the JavaScript thread
   * (libuv's pool, Deno's blocking threads), so the caller can decode while
   * the bytes come: one open for the reads of a pass, as each read of a window
   * is one trip to that thread (an open and a close per read made three, each
   * waiting for this thread to be free).
   */
  openReader?(path: string): AsyncFileReader;
  /** lseek(SEEK_DATA): the start of the next data at or after `offset`, or the size when only a hole follows. */
  nextData?(path: string, offset: number): number | undefined;
  /** The bytes the file has on disk (st_blocks × 512) and its block size, where the runtime tells them. */
  allocation?(path: string): Allocation | undefined;
  /**
   * One write at the end of the file (O_APPEND: concurrent appenders never
   * interleave within it), creating the file if needed, holding the write guard.
   * `build(size)` makes the bytes from the open file's size (see AppendBuilder).
   * Returns the size before. A short write is taken back (safeWrite.ts).
   */
  append(path: string, build: AppendBuilder): number;
  /** A positioned write of `bytes` at `offset` in an existing file, holding the write guard; a short one is undone. */
  writeAt(path: string, offset: number, bytes: Uint8Array): void;
}

/** A file open for asynchronous positioned reads, one at a time. */
export interface AsyncFileReader {
  /** Reads up to target.length bytes at `offset` (fewer only at end of file); `target` is not to be touched until it settles. */
  read(offset: number, target: Uint8Array): Promise<number>;
  close(): void;
}

/**
 * What a file takes on disk: far fewer bytes than its size is a sparse file
 * (a lastlog where a uid near 2^32 logged in is a TB of holes).
 */
export interface Allocation {
  /** st_blocks × 512: data and the file system's own blocks for it. */
  readonly bytes: number;
  /** st_blksize: the preferred I/O size (ext4 and XFS: their block; NFS and CIFS: 1 MiB; ZFS: its record size). */
  readonly blockSize: number;
}

interface NodeFs {
  statSync(path: string): { size: number; blocks: number; blksize: number } & FileKind;
  openSync(path: string, flags: string): number;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  closeSync(fd: number): void;
  read(fd: number, buffer: Uint8Array, offset: number, length: number, position: number,
    callback: (err: Error | null, bytesRead: number) => void): void;
}

/** isFifo and isSocket: Deno 1.41 and later, null off Unix. */
interface DenoFileInfo {
  size: number;
  /** null off Unix. */
  blocks?: number | null;
  blksize?: number | null;
  isFifo?: boolean | null;
  isSocket?: boolean | null;
}

interface DenoFile {
  statSync(): DenoFileInfo;
  seekSync(offset: number, whence: number): number;
  readSync(p: Uint8Array): number | null;
  read(p: Uint8Array): Promise<number | null>;
  close(): void;
}
interface DenoNamespace {
  statSync(path: string): DenoFileInfo;
  openSync(path: string, options: { read?: boolean }): DenoFile;
}

/** Writing is the same in every runtime: the guard, then one safe write. */
const writing: Pick<SyncFileSystem, "append" | "writeAt"> = {
  append: (path, build) => withWriteGuard(path, () => appendFile(path, build)),
  writeAt: (path, offset, bytes) => withWriteGuard(path, () => overwriteFile(path, offset, bytes)),
};

function nodeFs(): NodeFs | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.("node:fs") as NodeFs | undefined;
}

function fromNode(fs: NodeFs): SyncFileSystem {
  // Node has no lseek(SEEK_DATA); Bun, which runs this same code, has FFI
  const nextData = seekDataFunction((globalThis as { process?: { platform?: string } }).process?.platform);
  return {
    ...(nextData ? { nextData } : {}),
    ...writing,
    size(path) {
      const stat = fs.statSync(path);
      refusePipe(path, stat);
      return stat.size;
    },
    allocation(path) {
      const stat = fs.statSync(path);
      return { bytes: stat.blocks * 512, blockSize: stat.blksize };
    },
    read(path, offset, target) {
      // before the open: a socket's (stdin under some supervisors) fails with ENXIO, which says nothing
      refusePipe(path, fs.statSync(path));
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
    openReader(path) {
      refusePipe(path, fs.statSync(path));
      const fd = fs.openSync(path, "r");
      const readAt = (target: Uint8Array, offset: number) => new Promise<number>((resolve, reject) =>
        fs.read(fd, target, 0, target.length, offset, (err, n) => (err ? reject(err) : resolve(n))));
      return {
        async read(offset, target) {
          let done = 0;
          while (done < target.length) {
            const n = await readAt(target.subarray(done), offset + done);
            if (n === 0) break;
            done += n;
          }
          return done;
        },
        close: () => fs.closeSync(fd),
      };
    },
  };
}

const denoKind = (info: DenoFileInfo): FileKind => ({ isFIFO: () => info.isFifo === true, isSocket: () => info.isSocket === true });

function fromDeno(deno: DenoNamespace): SyncFileSystem {
  const nextData = seekDataFunction((globalThis as { Deno?: { build?: { os?: string } } }).Deno?.build?.os);
  return {
    ...(nextData ? { nextData } : {}),
    ...writing,
    size(path) {
      const stat = deno.statSync(path);
      refusePipe(path, denoKind(stat));
      return stat.size;
    },
    allocation(path) {
      const stat = deno.statSync(path);
      return typeof stat.blocks === "number" && typeof stat.blksize === "number" ? { bytes: stat.blocks * 512, blockSize: stat.blksize } : undefined;
    },
    read(path, offset, target) {
      const file = deno.openSync(path, { read: true });
      try {
        refusePipe(path, denoKind(file.statSync()));
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
    openReader(path) {
      const file = deno.openSync(path, { read: true });
      try {
        refusePipe(path, denoKind(file.statSync()));
      } catch (err) {
        file.close();
        throw err;
      }
      return {
        async read(offset, target) {
          // one read in flight at a time (ReadAhead's): the position set here is its own
          file.seekSync(offset, 0);
          let done = 0;
          while (done < target.length) {
            const n = await file.read(target.subarray(done));
            if (n === null || n === 0) break;
            done += n;
          }
          return done;
        },
        close: () => file.close(),
      };
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
