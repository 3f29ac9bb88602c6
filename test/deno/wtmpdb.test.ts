// Deno: wtmpdb databases read from their paths (the Deno file system) and from
// bytes, compared with what sqlite3 read from them (test/support/wtmpdbShared.ts).
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { fromBytes, open, openWtmpdb, wtmpdbFromBytes } from "../../src/index.ts";
import { WTMPDB_FIXTURES, wtmpdbPairs } from "../support/wtmpdbShared.ts";

const path = (name: string): string => fileURLToPath(new URL(`../fixtures/wtmpdb/db/${name}`, import.meta.url));

for (const name of WTMPDB_FIXTURES) {
  Deno.test(`wtmpdb ${name}.db: open(path) and fromBytes`, () => {
    const json = Deno.readTextFileSync(path(`${name}.rows.json`));
    for (const [got, want] of wtmpdbPairs(json, openWtmpdb(path(`${name}.db`)), open(path(`${name}.db`)))) assert.deepEqual(got, want);
    const bytes = Deno.readFileSync(path(`${name}.db`));
    for (const [got, want] of wtmpdbPairs(json, wtmpdbFromBytes(bytes), fromBytes(bytes))) assert.deepEqual(got, want);
  });
}
