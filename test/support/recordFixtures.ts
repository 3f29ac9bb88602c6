// Every fixture file under test/fixtures (or another root, such as the shared
// corpus) that reads as records of a known layout, with that layout: for suites
// that compare two ways of reading the same bytes.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fromBytes, type Layout } from "../../src/index.ts";
import { FIXTURES } from "./corpus.ts";
import { isNotRecordData } from "./paths.ts";

export interface RecordFixture {
  /** Path below the root (test/fixtures by default). */
  readonly name: string;
  /** Absolute path. */
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly layout: Layout;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return isNotRecordData(path) ? [] : [path];
  });
}

/** The fixtures below `root`, sorted by path; files of no known layout are left to the suites about detection. */
export function recordFixtures(root: string = FIXTURES): RecordFixture[] {
  if (!existsSync(root)) return [];
  return files(root).sort().flatMap((path) => {
    const bytes = new Uint8Array(readFileSync(path));
    try {
      const layout = fromBytes(bytes).layout;
      // a wtmpdb database is SQLite: its records are made from rows, not found in its bytes
      return layout.id === "wtmpdb" ? [] : [{ name: path.slice(root.length + 1), path, bytes, layout }];
    } catch {
      return [];
    }
  });
}
