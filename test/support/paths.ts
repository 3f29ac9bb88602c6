// Where tests find their files: test/fixtures (in the repo, permissive licences)
// and ../shared/corpus (GPL/AGPL conformance files, present beside the repo in CI).
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const FIXTURES = join(REPO, "test", "fixtures");
export const SHARED_CORPUS = join(REPO, "..", "shared", "corpus");
export const sharedCorpusPresent = existsSync(SHARED_CORPUS);

/** Every file below `dir` (recursively), as absolute paths. */
export function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/**
 * Fixture files that are not records of any layout: notes, expected values,
 * the scripts and passwd files that made or go with fixtures, SQLite -wal logs,
 * and compressed copies (a .gz holds its records one level down).
 */
export function isNotRecordData(path: string): boolean {
  return /\.(md|json|txt|py|sh|sql|gz)$|-wal$|\/passwd$/.test(path);
}

/** Pairs of (binary, util-linux utmpdump text) below `dir`: `X.utmpdump.<arch>.txt` beside `X`. */
export function utmpdumpPairs(dir: string): { binary: string; text: string }[] {
  return walk(dir)
    .filter((p) => /\.utmpdump\.[\w-]+\.txt$/.test(p))
    .map((text) => ({ binary: text.replace(/\.utmpdump\.[\w-]+\.txt$/, ""), text }))
    .filter(({ binary }) => existsSync(binary));
}
