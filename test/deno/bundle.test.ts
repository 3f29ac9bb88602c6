// Deno: the package's entry point, dist/index.js (the library bundled into one
// module by scripts/build-lib.mjs), decodes the fixtures as util-linux utmpdump
// does. npm test builds dist/ before Deno's tests run.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import type * as Library from "../../src/index.ts";
import { FIXTURES, decodedRow, expectedOf } from "../support/fixtures-shared.ts";

const entry = new URL("../../dist/index.js", import.meta.url);
const fixturePath = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

Deno.test("dist/index.js: open(path) and fromBytes() give utmpdump's fields", async () => {
  const bundle = (await import(entry.href)) as typeof Library;
  for (const fixture of FIXTURES) {
    const path = fixturePath(fixture);
    const want = expectedOf(Deno.readTextFileSync(`${path}.expected.json`));
    for (const db of [bundle.open(path), bundle.fromBytes(Deno.readFileSync(path))]) {
      assert.equal(db.layout.id, want.layoutId, fixture);
      assert.deepEqual([...db].map((e, i) => decodedRow(e, want.rows[i]!)), want.rows, fixture);
    }
  }
});
