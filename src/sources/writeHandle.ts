// The file calls writing needs, for Node (and Bun, which runs the same code)
// and Deno, synchronous and asynchronous, found at run time so that no browser
// bundle pulls in node:fs. Each call is one system call: what to do when a
// write comes up short is decided by safeWrite.ts, not here.
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";

/** An open file. */
export interface WriteHandle {
  size(): number;
  /** Reads up to target.length bytes at `offset`; returns how many (fewer only at the end of the file). */
  read(offset: number, target: Uint8Array): number;
  /** One write(2) at `position`, or at the end (O_APPEND) for null; returns how many bytes it took, which may be fewer. */
  write(bytes: Uint8Array, position: number | null): number;
  truncate(size: number): void;
  close(): void;
}

/** The same with promises. */
export interface AsyncWriteHandle {
  size(): Promise<number>;
  read(offset: number, target: Uint8Array): Promise<number>;
  write(bytes: Uint8Array, position: number | null): Promise<number>;
  truncate(size: number): Promise<void>;
  close(): Promise<void>;
}

export interface WriteFiles {
  /** append: O_WRONLY|O_APPEND|O_CREAT; else read and write an existing file. */
  open(path: string, append: boolean): WriteHandle;
  openAsync(path: string, append: boolean): Promise<AsyncWriteHandle>;
  /** Creates an empty `path` if it does not exist (O_EXCL): "unavailable" when the directory does not let us. */
  createNew(path: string): "created" | "exists" | "unavailable";
  /** Removes `path`; nothing if it is gone already. */
  remove(path: string): void;
  /** The time `path` was last modified (ms since 1970), or undefined when it does not exist. */
  modified(path: string): number | undefined;
}

interface NodeFileHandle {
  stat(): Promise<{ size: number }>;
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  write(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<{ bytesWritten: number }>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

interface NodeFs {
  openSync(path: string, flags: string): number;
  fstatSync(fd: number): { size: number };
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): number;
  ftruncateSync(fd: number, length: number): void;
  closeSync(fd: number): void;
  unlinkSync(path: string): void;
  statSync(path: string, options: { throwIfNoEntry: false }): { mtimeMs: number } | undefined;
  promises: { open(path: string, flags: string): Promise<NodeFileHandle> };
}

/** Whether `err` is one of `names`, by its code (Node's, and Deno 2's) or its class name (Deno's). */
const is = (err: unknown, names: readonly string[]) => {
  const { code, name } = err as { code?: string; name?: string };
  return names.includes(code ?? "") || names.includes(name ?? "");
};
const EXISTS = ["EEXIST", "AlreadyExists"];
const MISSING = ["ENOENT", "NotFound"];
/** Errors that mean "we may not create a file there", not a failure of the write itself. */
const UNAVAILABLE = ["EACCES", "EPERM", "EROFS", "ENOENT", "ENOTDIR", "PermissionDenied", "NotCapable", "NotFound", "NotADirectory"];

/** createNew() around the runtime's exclusive create: what its error means for a guard file. */
function createNewBy(create: () => void): "created" | "exists" | "unavailable" {
  try {
    create();
    return "created";
  } catch (err) {
    if (is(err, EXISTS)) return "exists";
    if (is(err, UNAVAILABLE)) return "unavailable";
    throw err;
  }
}

/** remove() around the runtime's unlink: a file already gone is removed. */
function removeBy(unlink: () => void): void {
  try {
    unlink();
  } catch (err) {
    if (!is(err, MISSING)) throw err;
  }
}

/** Reads until `target` is full or the file ends. */
function readFully(read: (into: Uint8Array, at: number) => number, offset: number, target: Uint8Array): number {
  let done = 0;
  while (done < target.length) {
    const n = read(target.subarray(done), offset + done);
    if (n <= 0) break;
    done += n;
  }
  return done;
}

function fromNode(fs: NodeFs): WriteFiles {
  return {
    open(path, append) {
      const fd = fs.openSync(path, append ? "a" : "r+");
      return {
        size: () => fs.fstatSync(fd).size,
        read: (offset, target) => readFully((into, at) => fs.readSync(fd, into, 0, into.length, at), offset, target),
        write: (bytes, position) => fs.writeSync(fd, bytes, 0, bytes.length, position),
        truncate: (size) => fs.ftruncateSync(fd, size),
        close: () => fs.closeSync(fd),
      };
    },
    async openAsync(path, append) {
      const handle = await fs.promises.open(path, append ? "a" : "r+");
      return {
        size: async () => (await handle.stat()).size,
        async read(offset, target) {
          let done = 0;
          while (done < target.length) {
            const { bytesRead } = await handle.read(target, done, target.length - done, offset + done);
            if (bytesRead <= 0) break;
            done += bytesRead;
          }
          return done;
        },
        write: async (bytes, position) => (await handle.write(bytes, 0, bytes.length, position)).bytesWritten,
        truncate: (size) => handle.truncate(size),
        close: () => handle.close(),
      };
    },
    createNew: (path) => createNewBy(() => fs.closeSync(fs.openSync(path, "wx"))),
    remove: (path) => removeBy(() => fs.unlinkSync(path)),
    modified: (path) => fs.statSync(path, { throwIfNoEntry: false })?.mtimeMs,
  };
}

interface DenoFile {
  seekSync(offset: number, whence: number): number;
  readSync(p: Uint8Array): number | null;
  writeSync(p: Uint8Array): number;
  truncateSync(len: number): void;
  statSync(): { size: number };
  seek(offset: number, whence: number): Promise<number>;
  read(p: Uint8Array): Promise<number | null>;
  write(p: Uint8Array): Promise<number>;
  truncate(len: number): Promise<void>;
  stat(): Promise<{ size: number }>;
  close(): void;
}
interface DenoNamespace {
  openSync(path: string, options: object): DenoFile;
  open(path: string, options: object): Promise<DenoFile>;
  removeSync(path: string): void;
  statSync(path: string): { mtime: Date | null };
}

const denoOptions = (append: boolean) => (append ? { append: true, create: true } : { read: true, write: true });

function fromDeno(deno: DenoNamespace): WriteFiles {
  return {
    open(path, append) {
      const file = deno.openSync(path, denoOptions(append));
      return {
        size: () => file.statSync().size,
        read: (offset, target) => readFully((into, at) => (file.seekSync(at, 0), file.readSync(into) ?? 0), offset, target),
        write(bytes, position) {
          if (position !== null) file.seekSync(position, 0);
          return file.writeSync(bytes);
        },
        truncate: (size) => file.truncateSync(size),
        close: () => file.close(),
      };
    },
    async openAsync(path, append) {
      const file = await deno.open(path, denoOptions(append));
      return {
        size: async () => (await file.stat()).size,
        async read(offset, target) {
          let done = 0;
          while (done < target.length) {
            await file.seek(offset + done, 0);
            const n = (await file.read(target.subarray(done))) ?? 0;
            if (n <= 0) break;
            done += n;
          }
          return done;
        },
        async write(bytes, position) {
          if (position !== null) await file.seek(position, 0);
          return file.write(bytes);
        },
        truncate: (size) => file.truncate(size),
        close: async () => file.close(),
      };
    },
    createNew: (path) => createNewBy(() => deno.openSync(path, { write: true, createNew: true }).close()),
    remove: (path) => removeBy(() => deno.removeSync(path)),
    modified(path) {
      try {
        return deno.statSync(path).mtime?.getTime() ?? Date.now(); // no mtime (never on Linux): never stale
      } catch (err) {
        if (is(err, MISSING)) return undefined;
        throw err;
      }
    },
  };
}

let cached: WriteFiles | undefined;

/** The runtime's file calls for writing, or an UNSUPPORTED error (a browser has none). */
export function writeFiles(): WriteFiles {
  if (cached) return cached;
  // Deno's own API where it exists (its permissions describe its native calls)
  const deno = (globalThis as { Deno?: DenoNamespace }).Deno;
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = deno ? undefined : (proc?.getBuiltinModule?.("node:fs") as NodeFs | undefined);
  if (deno) cached = fromDeno(deno);
  else if (fs) cached = fromNode(fs);
  else throw new UtmpError(UtmpErrorCode.UNSUPPORTED, "utmpx: this runtime has no file system to write to");
  return cached;
}

/** The operating system, as the FFI lock needs to know it. */
export function operatingSystem(): string | undefined {
  const g = globalThis as { Deno?: { build?: { os?: string } }; process?: { platform?: string } };
  return g.Deno?.build?.os ?? g.process?.platform;
}
