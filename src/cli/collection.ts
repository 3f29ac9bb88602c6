// The files of a collection folder (collected/<host>/var/log/wtmp*, as an
// analyst gathers them from many hosts) that a command reads: every file
// below it whose name `wanted` takes, in name order at each level (so a run
// lists them the same way every time).
import { readdirSync } from "node:fs";
import { isFile } from "./pathKind.ts";
import { join } from "node:path";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";

/** Beside a SQLite database, not one: its journal and shared memory (the -wal is applied when the database is read). */
export const NOT_RECORDS = /-(wal|shm|journal)$/;

export function filesUnder(dir: string, wanted: (name: string) => boolean, out: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    throw new UtmpError(UtmpErrorCode.IO, `utmpx: cannot read ${dir}: ${(err as Error).message}`, { path: dir, cause: err });
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) filesUnder(path, wanted, out);
    // a link to a file is read as the file (a folder of links into a mounted image); links to folders are not followed (no loops)
    else if ((entry.isFile() || (entry.isSymbolicLink() && isFile(path))) && wanted(entry.name) && !NOT_RECORDS.test(entry.name)) out.push(path);
  }
  return out;
}
