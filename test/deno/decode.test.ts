// Deno: decodes the fixtures from their paths with open() (the Deno file system
// or node:fs, found at run time) and from Deno.readFileSync bytes, and checks
// every field of every record against util-linux utmpdump's output.
// Run: npm run test:deno (deno test --allow-read --allow-env test/deno/).
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { fromBytes, open, type Database } from "../../src/index.ts";
import { FIXTURES, decodedRow, expectedOf, sha256, type Expected } from "../support/fixtures-shared.ts";
import { checkReadAhead } from "../support/readAheadCheck.ts";

const fixturePath = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

function checkDatabase(db: Database, want: Expected): void {
  assert.equal(db.layout.id, want.layoutId);
  assert.equal(db.detection?.layout?.id, want.layoutId);
  assert.equal(db.length, want.rows.length);
  const entries = [...db];
  assert.deepEqual(entries.map((e, i) => decodedRow(e, want.rows[i]!)), want.rows);
  assert.deepEqual(entries.map((e, i) => decodedRow(e.toJSON(), want.rows[i]!)), want.rows);
  want.rows.forEach((row, i) => assert.deepEqual(decodedRow(db.at(i)!, row), row));
  assert.equal(db.at(want.rows.length), undefined);
  // the iterator protocol by hand: next() to the end, then reset() starts over
  db.reset();
  let n = 0;
  while (!db.next().done) n++;
  assert.equal(n, want.rows.length);
  db.reset();
  assert.equal(db.next().value?.offset, 0);
}

for (const fixture of FIXTURES) {
  const path = fixturePath(fixture);
  const want = expectedOf(Deno.readTextFileSync(`${path}.expected.json`));

  Deno.test(`${fixture}: is the file expected.json describes`, async () => {
    const bytes = Deno.readFileSync(path);
    assert.equal(bytes.length, want.size);
    assert.equal(await sha256(bytes), want.sha256);
  });

  Deno.test(`${fixture}: open(path)`, () => {
    const db = open(path);
    assert.equal(db.path, path);
    checkDatabase(db, want);
  });

  Deno.test(`${fixture}: fromBytes(Deno.readFileSync(path))`, () => {
    const db = fromBytes(Deno.readFileSync(path));
    assert.equal(db.path, undefined);
    checkDatabase(db, want);
  });
}

Deno.test("stream(path) and last's backward read: each window read ahead, the same batches", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    await checkReadAhead(`${dir}/wtmp`);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
