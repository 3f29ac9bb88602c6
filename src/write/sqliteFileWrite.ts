// Files written whole, never half: the new bytes go to a temporary file beside
// the target, are flushed to disk, and only then take the target's name (a
// rename, atomic on POSIX file systems). A crash at any moment leaves either
// the old file or the new one, never a mix, and a failure removes the
// temporary file. This is how a SQLite database changed in memory
// (sqliteImage.ts) is put back, and how `utmpx convert` creates its output.
//
// Just before the rename the target must still be the file the change was
// made from (same inode, size, and modification and change times to the
// nanosecond): a writer that takes neither our guard nor the fcntl lock (a
// system's wtmpdb or pam_lastlog2 in Node, where we cannot lock) may have
// committed a row meanwhile, and replacing the file would lose it. Then
// nothing is written and the caller is told to try again. What stays open is
// the instant between that check and the rename.
//
// The file calls are node:fs's, found at run time (no browser bundle pulls
// node:fs in); Deno and Bun provide node:fs too.
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";

type NodeFs = typeof import("node:fs");

function nodeFs(): NodeFs {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.("node:fs") as NodeFs | undefined;
  if (!fs) throw new UtmpError(UtmpErrorCode.UNSUPPORTED, "utmpx: this runtime has no file system to write to; use the functions that take and return bytes");
  return fs;
}

const code = (err: unknown): string | undefined => (err as { code?: string }).code;

/** What tells one state of a file from another: inode, size, mtime and ctime in nanoseconds; undefined for no file. */
function stampOf(fs: NodeFs, path: string): string | undefined {
  const s = fs.statSync(path, { bigint: true, throwIfNoEntry: false });
  return s && `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}

/** A file's bytes and the stamp of the state they were read in. */
export interface FileSnapshot {
  readonly bytes: Uint8Array;
  readonly stamp: string;
}

/**
 * The file's bytes with its stamp, or undefined when there is no such file.
 * Read again when the file changed while it was read (a writer without our
 * guard), up to a few times.
 */
export async function readSnapshot(path: string): Promise<FileSnapshot | undefined> {
  const fs = nodeFs();
  for (let attempt = 0; ; attempt++) {
    const before = stampOf(fs, path);
    if (before === undefined) return undefined;
    let buffer: Uint8Array;
    try {
      buffer = await fs.promises.readFile(path);
    } catch (err) {
      if (code(err) === "ENOENT") continue;
      throw err;
    }
    if (stampOf(fs, path) === before) return { bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), stamp: before };
    if (attempt === 4) throw new UtmpError(UtmpErrorCode.IO, `utmpx: ${path} kept changing while it was read; nothing written`, { path });
  }
}

/** The first `length` bytes of `path` (fewer when it is shorter), or undefined when there is no such file. */
export function readHead(path: string, length: number): Uint8Array | undefined {
  const fs = nodeFs();
  let fd: number;
  try {
    fd = fs.openSync(path, "r");
  } catch (err) {
    if (code(err) === "ENOENT") return undefined;
    throw err;
  }
  try {
    const head = new Uint8Array(length);
    return head.subarray(0, fs.readSync(fd, head, 0, length, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/** The size of `path`, or undefined when there is no such file. */
export function fileSize(path: string): number | undefined {
  return nodeFs().statSync(path, { throwIfNoEntry: false })?.size;
}

/** Creates the directory that will hold `path`, as wtmpdb does for its database (mode 0755, parents too). */
export function makeParentDirectory(path: string): void {
  const cut = path.lastIndexOf("/");
  if (cut > 0) nodeFs().mkdirSync(path.slice(0, cut), { recursive: true, mode: 0o755 });
}

function temporaryPath(path: string): string {
  const cut = path.lastIndexOf("/");
  const dir = cut >= 0 ? path.slice(0, cut + 1) : "";
  const random = Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, "0");
  // hidden, and named after its target so that one left by a crash says whose it was
  return `${dir}.${path.slice(cut + 1)}.utmpx-${random}.tmp`;
}

/**
 * Puts `bytes` (or the chunks, in order) at `path` whole. `expected` is the
 * stamp of the file the change was made from (readSnapshot's), or undefined
 * for none: then there must be no file, or an empty one. Otherwise nothing is
 * written. A replaced file keeps its mode and, where we may set it, its owner.
 * @throws UtmpError IO when the target changed meanwhile, or a file call fails (the target is then as it was)
 */
export async function writeWholeFile(path: string, expected: string | undefined, bytes: Uint8Array | AsyncIterable<Uint8Array>): Promise<void> {
  const fs = nodeFs();
  const before = fs.statSync(path, { throwIfNoEntry: false });
  const temp = temporaryPath(path);
  const handle = await fs.promises.open(temp, "wx", before ? before.mode & 0o7777 : 0o644);
  let placed = false;
  try {
    try {
      if (bytes instanceof Uint8Array) await writeAll(handle, bytes);
      else for await (const chunk of bytes) await writeAll(handle, chunk);
      if (before) {
        // a wtmp.db is often root:utmp 0664: keep that, as far as we are allowed to
        await handle.chown(before.uid, before.gid).catch(() => undefined);
        await handle.chmod(before.mode & 0o7777);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    const now = stampOf(fs, path);
    const unchanged = expected === undefined ? now === undefined || fs.statSync(path).size === 0 : now === expected;
    if (!unchanged) {
      throw new UtmpError(UtmpErrorCode.IO,
        `utmpx: ${path} was changed by another writer while this change was made; nothing written: try again`, { path });
    }
    if (now === undefined) {
      // no clobbering: a file created under this name since the check is not replaced
      await fs.promises.link(temp, path).catch(async (err: unknown) => {
        if (code(err) === "EEXIST") throw new UtmpError(UtmpErrorCode.IO, `utmpx: ${path} was created by another writer meanwhile; nothing written`, { path });
        // a file system without hard links (FAT, some network shares): rename, having checked just above
        await fs.promises.rename(temp, path);
      });
    } else {
      await fs.promises.rename(temp, path);
    }
    placed = true;
    await syncDirectory(fs, path);
  } finally {
    if (!placed || fs.existsSync(temp)) await fs.promises.rm(temp, { force: true });
  }
}

/** Writes all of `bytes` at the handle's position, however many calls it takes. */
async function writeAll(handle: import("node:fs/promises").FileHandle, bytes: Uint8Array): Promise<void> {
  for (let done = 0; done < bytes.length;) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, null);
    if (bytesWritten <= 0) throw new Error(`the disk took ${done} of ${bytes.length} bytes`);
    done += bytesWritten;
  }
}

/** Flushes the directory entry of `path` (the rename) to disk, where the system allows it. */
async function syncDirectory(fs: NodeFs, path: string): Promise<void> {
  const cut = path.lastIndexOf("/");
  try {
    const dir = await fs.promises.open(cut > 0 ? path.slice(0, cut) : cut === 0 ? "/" : ".", "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // some systems refuse fsync on a directory: the rename is made, only its durability is the system's
  }
}
