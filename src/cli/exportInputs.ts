// Which files `utmpx export` reads, and whose they are. A file operand belongs
// to --host; a folder is a collection of hosts' files (collected/<host>/var/log/wtmp*):
// every login record file under it, the host being the first folder below it.
import { statSync } from "node:fs";
import { relative, sep } from "node:path";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { filesUnder, NOT_RECORDS, type Skipped } from "./collection.ts";

export interface ExportInput {
  readonly path: string;
  /** The path as the dataset names it: relative to the collection folder, or as given. */
  readonly source: string;
  readonly host: string;
}

/** A file of login records by its name: wtmp, btmp, utmp, their x forms, utx.log, wtmp.db; rotated (.1, -20240101) and .gz too. */
const RECORD_FILE = /^(wtmp|btmp|utmp|wtmpx|utmpx|utx\.log|utx\.lastlogin|wtmp\.db)([.-].*)?$/;

/** Whether sessions are paired from this file: a history (wtmp, utx.log, wtmp.db), not utmp's current state nor btmp's failures. */
export function isHistory(path: string): boolean {
  const name = path.split(/[\\/]/).pop() ?? path;
  return /^(wtmp|wtmpx|utx\.log|wtmp\.db)([.-].*)?$/.test(name) && !NOT_RECORDS.test(name);
}

/**
 * The inputs of `operands`, grouped by host (hosts in name order, each host's
 * files in walk order; the caller orders each host's history in time).
 * @throws UtmpError IO for an operand that does not exist or a folder that cannot be read; BAD_INPUT for a folder without login record files
 */
export function exportInputs(operands: readonly string[], host: string | undefined, skipped?: Skipped): Map<string, ExportInput[]> {
  const byHost = new Map<string, ExportInput[]>();
  const add = (input: ExportInput) => {
    const list = byHost.get(input.host) ?? [];
    list.push(input);
    byHost.set(input.host, list);
  };
  for (const operand of operands) {
    let isDir: boolean;
    try {
      isDir = statSync(operand).isDirectory();
    } catch (err) {
      throw new UtmpError(UtmpErrorCode.IO, `utmpx: cannot read ${operand}: ${(err as Error).message}`, { path: operand, cause: err });
    }
    if (!isDir) {
      add({ path: operand, source: operand, host: host ?? "unknown" });
      continue;
    }
    const files = filesUnder(operand, (name) => RECORD_FILE.test(name), [], skipped);
    // an export of nothing, status 0, was all a mistyped or empty collection gave
    if (files.length === 0) {
      throw new UtmpError(UtmpErrorCode.BAD_INPUT, `utmpx: ${operand} holds no login record files (wtmp, btmp, utmp, wtmpx, utmpx, utx.log, utx.lastlogin, wtmp.db, rotated or .gz) in it or below`, { path: operand });
    }
    for (const path of files) {
      const rel = relative(operand, path);
      const parts = rel.split(sep);
      // a file right in the folder is the --host machine's; below it, the first folder names the host
      add({ path, source: rel, host: parts.length > 1 ? parts[0]! : host ?? "unknown" });
    }
  }
  return new Map([...byHost].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
