// Bun: wtmpdb databases read from their paths and from bytes, compared with
// what sqlite3 read from them (test/support/wtmpdbShared.ts).
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fromBytes, open, openWtmpdb, wtmpdbFromBytes } from "../../src/index.ts";
import { WTMPDB_FIXTURES, wtmpdbPairs } from "../support/wtmpdbShared.ts";

const path = (name: string): string => fileURLToPath(new URL(`../fixtures/wtmpdb/db/${name}`, import.meta.url));

for (const name of WTMPDB_FIXTURES) {
  test(`wtmpdb ${name}.db: open(path) and fromBytes`, () => {
    const json = readFileSync(path(`${name}.rows.json`), "utf8");
    for (const [got, want] of wtmpdbPairs(json, openWtmpdb(path(`${name}.db`)), open(path(`${name}.db`)))) expect(got).toEqual(want);
    const bytes = new Uint8Array(readFileSync(path(`${name}.db`)));
    for (const [got, want] of wtmpdbPairs(json, wtmpdbFromBytes(bytes), fromBytes(bytes))) expect(got).toEqual(want);
  });
}
