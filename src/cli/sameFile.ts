// Whether two paths name one file: by real path (symlinks resolved; a file not
// there yet by its directory's real path and its name) or by inode (a hard
// link). What the commands that write a new file check against their inputs.
import { realpathSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return resolve(realpathSync(dirname(path)), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

function inode(path: string): string | undefined {
  const s = statSync(path, { throwIfNoEntry: false });
  return s ? `${s.dev}:${s.ino}` : undefined;
}

export function sameFile(a: string, b: string): boolean {
  if (realPath(a) === realPath(b)) return true;
  const ib = inode(b);
  return ib !== undefined && inode(a) === ib;
}
