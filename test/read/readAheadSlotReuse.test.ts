// A batch decoded from a read-ahead slot is held by the core (RecordBatch.coreText)
// until the core's next call that changes its records: a stamp the window's
// writers move (Engine.window()). A read into a slot moved nothing: a reader that
// stopped early gave the slots back, the next reader's first read landed in
// slot 0 over the records of the batch the first one still held, and the core's
// writers (dump, json, export, last) wrote that batch from the other file's
// bytes, with no error, where a read into the window makes them fall back.
import { expect, it } from "vitest";
import { Database, findLayout, type EntryBatch } from "../../src/index.ts";
import { memorySource, type ByteSource } from "../../src/sources/sources.ts";
import type { AsyncFileReader } from "../../src/sources/fileAccess.ts";
import { utmpdumpBatch } from "../../src/format/utmpdump.ts";
import { buildRecord } from "../support/fixtureBuilder.ts";

const layout = findLayout("linux384-le")!;

/** 10,000 records of `user` (three windows: read ahead). */
function records(user: string): Uint8Array {
  const bytes = new Uint8Array(10_000 * layout.recordSize);
  for (let k = 0; k < 10_000; k++) {
    bytes.set(buildRecord(layout, { type: 7, user, line: `pts/${k % 9}`, host: `${user}-host`, pid: k, seconds: 1_700_000_000 + k }), k * layout.recordSize);
  }
  return bytes;
}

/** The bytes, their asynchronous reads landing as soon as they are asked for (the promise settles later, as a read's does). */
function source(bytes: Uint8Array, name: string): ByteSource {
  const inMemory = memorySource(bytes, name);
  return {
    ...inMemory,
    asyncReader(): AsyncFileReader {
      return { read: async (offset, target) => inMemory.readInto(offset, target), close: () => undefined };
    },
  };
}

it("a batch a reader stopped at is not written from the bytes another reader reads into its slot", async () => {
  // transient, with its strings: the host writes it as well as the core does, from its columns
  const a = new Database(source(records("alice"), "a"), { layout }).batchesAhead(undefined, true);
  const first = await a.next();
  const batch = first.value as EntryBatch;
  const want = utmpdumpBatch(batch); // written by the core, from the slot
  expect(want).toContain("[alice");
  await a.return(undefined); // stopped early: the slots are given back, the batch is not read again by `a`
  // another reader starts: its first read goes into slot 0, where `batch`'s records lie
  const b = new Database(source(records("bob"), "b"), { layout }).batchesAhead(undefined, true);
  const next = b.next();
  // before b decodes, `batch` is written: by the core only while it holds its records
  const got = utmpdumpBatch(batch);
  expect(got.includes("[bob")).toBe(false);
  expect(got).toBe(want);
  await next;
  await b.return(undefined);
});
