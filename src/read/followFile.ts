// The file calls following needs, which plain reads do not: an open descriptor
// (so a file renamed away by rotation is still read to its end), its inode and
// size, and a path's inode, to tell that the path now names another file.
// node:fs is found at run time (Node, Bun, and Deno's node:fs), so browser
// bundles stay free of it.
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { refusePipe, type FileKind } from "../sources/pipe.ts";

interface Stats { ino: number; size: number; mtimeMs: number; isDirectory?(): boolean }
interface NodeFs {
  openSync(path: string, flags: string): number;
  fstatSync(fd: number): Stats & FileKind;
  statSync(path: string): Stats;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  closeSync(fd: number): void;
  readdirSync(path: string): string[];
}

function nodeFs(): NodeFs {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.("node:fs") as NodeFs | undefined;
  if (!fs) throw new UtmpError(UtmpErrorCode.UNSUPPORTED, "utmpx: following a file needs a file system (Node, Deno or Bun)");
  return fs;
}

const isMissing = (err: unknown) => (err as { code?: string }).code === "ENOENT";

/** An open file being followed. */
export class FollowedFile {
  private constructor(readonly path: string, private readonly fd: number, readonly inode: number, private readonly fs: NodeFs) {}

  /** The file at `path` opened for reading, or undefined when there is none (yet). */
  static open(path: string): FollowedFile | undefined {
    const fs = nodeFs();
    let fd: number;
    try {
      fd = fs.openSync(path, "r");
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw new UtmpError(UtmpErrorCode.IO, `utmpx: cannot read ${path}: ${(err as Error).message}`, { path, cause: err });
    }
    const stat = fs.fstatSync(fd);
    try {
      // a pipe never grows by its size: followed, it would be waited on forever
      refusePipe(path, stat);
      // a directory opens, and fails at its first read with a bare EISDIR
      if (stat.isDirectory?.()) throw new UtmpError(UtmpErrorCode.IO, `utmpx: cannot read ${path}: it is a directory`, { path });
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
    return new FollowedFile(path, fd, stat.ino, fs);
  }

  /** The open file's size now (whatever its name has become). */
  size(): number {
    return this.fs.fstatSync(this.fd).size;
  }

  /** Reads up to target.length bytes at `offset`; how many were read. */
  read(offset: number, target: Uint8Array): number {
    let done = 0;
    while (done < target.length) {
      const n = this.fs.readSync(this.fd, target, done, target.length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    return done;
  }

  close(): void {
    this.fs.closeSync(this.fd);
  }
}

/** The inode, size and modification time of what `path` names now, or undefined when nothing does. */
export function pathStat(path: string): Stats | undefined {
  try {
    const s = nodeFs().statSync(path);
    return { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs };
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw new UtmpError(UtmpErrorCode.IO, `utmpx: cannot read ${path}: ${(err as Error).message}`, { path, cause: err });
  }
}

/**
 * The file rotation moved `path` to, by its inode: a sibling whose name starts
 * with the file's (wtmp.1, wtmp-20240101), or undefined when it is gone or compressed.
 */
export function findRotated(path: string, inode: number): string | undefined {
  const fs = nodeFs();
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  const dir = cut < 0 ? "." : path.slice(0, cut) || "/";
  const base = path.slice(cut + 1);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return undefined;
  }
  for (const name of names) {
    if (name === base || !name.startsWith(base)) continue;
    const candidate = `${dir}/${name}`;
    try {
      if (fs.statSync(candidate).ino === inode) return candidate;
    } catch { /* gone meanwhile */ }
  }
  return undefined;
}
