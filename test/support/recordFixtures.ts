// Every fixture file under test/fixtures that reads as records of a known layout,
// with that layout: for suites that compare two ways of reading the same bytes.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fromBytes, type Layout } from "../../src/index.ts";
import { FIXTURES } from "./corpus.ts";
import { isNotRecordData } from "./paths.ts";

export interface RecordFixture {
  /** Path below test/fixtures. */
  readonly name: string;
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

/** The fixtures, sorted by path; files of no known layout are left to the suites about detection. */
export function recordFixtures(): RecordFixture[] {
  return files(FIXTURES).sort().flatMap((path) => {
    const bytes = new Uint8Array(readFileSync(path));
    try {
      const layout = fromBytes(bytes).layout;
      // a wtmpdb database is SQLite: its records are made from rows, not found in its bytes
      return layout.id === "wtmpdb" ? [] : [{ name: path.slice(FIXTURES.length + 1), bytes, layout }];
    } catch {
      return [];
    }
  });
}
