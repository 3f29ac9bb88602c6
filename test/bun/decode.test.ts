// Bun: decodes the fixtures from their paths with open() (node:fs, found at run
// time) and from bytes, and checks every field of every record against util-linux
// utmpdump's output. Run: npm run test:bun (bun test test/bun/).
import { expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fromBytes, open, type Database } from "../../src/index.ts";
import { FIXTURES, decodedRow, expectedOf, sha256, type Expected } from "../support/fixtures-shared.ts";
import { checkReadAhead } from "../support/readAheadCheck.ts";

const fixturePath = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

function checkDatabase(db: Database, want: Expected): void {
  expect(db.layout.id).toBe(want.layoutId);
  expect(db.length).toBe(want.rows.length);
  const entries = [...db];
  expect(entries.map((e, i) => decodedRow(e, want.rows[i]!))).toEqual(want.rows);
  want.rows.forEach((row, i) => expect(decodedRow(db.at(i)!, row)).toEqual(row));
  expect(db.at(-1)?.offset).toBe(want.rows.at(-1)!.offset);
  db.reset();
  let n = 0;
  while (!db.next().done) n++;
  expect(n).toBe(want.rows.length);
}

for (const fixture of FIXTURES) {
  const path = fixturePath(fixture);
  const want = expectedOf(readFileSync(`${path}.expected.json`, "utf8"));

  test(`${fixture}: open(path)`, async () => {
    expect(await sha256(readFileSync(path))).toBe(want.sha256);
    checkDatabase(open(path), want);
  });

  test(`${fixture}: fromBytes`, () => {
    checkDatabase(fromBytes(new Uint8Array(readFileSync(path))), want);
  });
}

test("stream(path) and last's backward read: each window read ahead, the same batches", async () => {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-bun-ahead-"));
  try {
    await checkReadAhead(join(dir, "wtmp"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
