// The files of a collection folder (collected/<host>/var/log/wtmp*, as an
// analyst gathers them from many hosts) that a command reads: every file
// below it whose name `wanted` takes, in name order at each level (so a run
// lists them the same way every time).
import { readdirSync, type Dirent } from "node:fs";
import { isFile } from "./pathKind.ts";
import { join } from "node:path";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";

/** Beside a SQLite database, not one: its journal and shared memory (the -wal is applied when the database is read). */
export const NOT_RECORDS = /-(wal|shm|journal)$/;

/**
 * What a walk passed over, and why: a folder below the one given that cannot be
 * read (`audit /` met /proc's), a file of a wanted name that is not one (a
 * FIFO, a socket, a link to nothing or to a loop). Without it, such a folder
 * stops the walk and such entries go unsaid.
 */
export type Skipped = (path: string, why: string) => void;

/** A Skipped that warns on `stderr`, as audit and export do. */
export function warnSkipped(stderr: { write(text: string): unknown }): Skipped {
  return (path, why) => stderr.write(`utmpx: warning: ${path} not read: ${why}\n`);
}

export function filesUnder(dir: string, wanted: (name: string) => boolean, out: string[] = [], skipped?: Skipped, top = true): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if (top || !skipped) throw new UtmpError(UtmpErrorCode.IO, `utmpx: cannot read ${dir}: ${(err as Error).message}`, { path: dir, cause: err });
    skipped(dir, `cannot read the folder: ${(err as Error).message}`);
    return out;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) filesUnder(path, wanted, out, skipped, false);
    else if (!wanted(entry.name) || NOT_RECORDS.test(entry.name)) continue;
    // a link to a file is read as the file (a folder of links into a mounted image); links to folders are not followed (no loops)
    else if (entry.isFile() || (entry.isSymbolicLink() && isFile(path))) out.push(path);
    else skipped?.(path, entry.isSymbolicLink() ? "a link to no file (missing, a folder or a loop)" : `not a file (${kindOf(entry)})`);
  }
  return out;
}

function kindOf(entry: Dirent): string {
  return entry.isFIFO() ? "a FIFO" : entry.isSocket() ? "a socket" : entry.isCharacterDevice() || entry.isBlockDevice() ? "a device" : "not a regular file";
}
