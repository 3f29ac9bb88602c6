// Runs in real Chromium (vitest browser mode, see vitest.config.ts): decodes
// the fixtures from a File, as a page would from <input type=file>, and checks
// every field of every record against util-linux utmpdump's output.
import { describe, expect, it } from "vitest";
import { commands } from "vitest/browser";
import { fromBlob, fromBytes, open, UtmpError, type Database } from "../../src/index.ts";
import { FIXTURES, decodedRow, expectedOf, sha256, type Expected } from "../support/fixtures-shared.ts";
import { errorOf } from "../support/errorOf.ts";

// The test server reads files for the page (paths are relative to the project root).
async function load(fixture: string): Promise<{ bytes: Uint8Array; want: Expected }> {
  const base64 = await commands.readFile(`test/fixtures/${fixture}`, "base64");
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const want = expectedOf(await commands.readFile(`test/fixtures/${fixture}.expected.json`));
  return { bytes, want };
}

function checkDatabase(db: Database, want: Expected): void {
  expect(db.layout.id).toBe(want.layoutId);
  expect(db.detection?.layout?.id).toBe(want.layoutId);
  expect(db.path).toBeUndefined();
  expect(db.length).toBe(want.rows.length);
  const entries = [...db];
  expect(entries.map((e, i) => decodedRow(e, want.rows[i]!))).toEqual(want.rows);
  expect(entries.map((e, i) => decodedRow(e.toJSON(), want.rows[i]!))).toEqual(want.rows);
  // random access reads the same records
  want.rows.forEach((row, i) => expect(decodedRow(db.at(i)!, row)).toEqual(row));
  expect(decodedRow(db.at(-1)!, want.rows.at(-1)!)).toEqual(want.rows.at(-1));
  expect(db.at(want.rows.length)).toBeUndefined();
  // the iterator protocol by hand: next() to the end, then reset() starts over
  db.reset();
  let n = 0;
  while (!db.next().done) n++;
  expect(n).toBe(want.rows.length);
  expect(db.next().done).toBe(true);
  db.reset();
  expect(db.next().value?.offset).toBe(0);
}

describe.each(FIXTURES)("%s in Chromium", (fixture) => {
  it("is the fixture expected.json describes", async () => {
    const { bytes, want } = await load(fixture);
    expect(bytes.length).toBe(want.size);
    expect(await sha256(bytes)).toBe(want.sha256);
  });

  it("decodes from a File with fromBlob()", async () => {
    const { bytes, want } = await load(fixture);
    const file = new File([bytes as Uint8Array<ArrayBuffer>], fixture.split("/").pop()!);
    checkDatabase(await fromBlob(file), want);
  });

  it("decodes with fromBytes()", async () => {
    const { bytes, want } = await load(fixture);
    checkDatabase(fromBytes(bytes), want);
  });
});

describe("no file system in the browser", () => {
  it("open() fails with UNSUPPORTED when read, not at import", () => {
    const db = open("/var/run/utmp"); // lazy: nothing is read yet
    const error = errorOf(() => db.length);
    expect(error).toBeInstanceOf(UtmpError);
    expect((error as UtmpError).code).toBe("UNSUPPORTED");
  });
});
