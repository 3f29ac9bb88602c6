// Database.batchesAhead() and batchesBackwardAhead() open the file for their
// reads ahead before they compile the filter: a filter compileFilter refuses
// (a `since` that is no time) threw with the file left open, one descriptor
// lost per call (stream(path) with such a filter too).
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { findLayout, open, stream } from "../../src/index.ts";
import { buildRecord } from "../support/fixtureBuilder.ts";

const layout = findLayout("linux384-le")!;
const dir = mkdtempSync(join(tmpdir(), "utmpx-ahead-filter-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const openFds = () => readdirSync("/proc/self/fd").length;

it("a filter refused leaves no file open (forward, backward, stream)", async () => {
  // 10,000 records: three windows, so the reads go ahead
  const bytes = new Uint8Array(10_000 * layout.recordSize);
  for (let k = 0; k < 10_000; k++) bytes.set(buildRecord(layout, { type: 7, user: "u", line: "pts/1", pid: k, seconds: 1_700_000_000 + k }), k * layout.recordSize);
  const path = join(dir, "wtmp");
  writeFileSync(path, bytes);
  const bad = { since: new Date("not a time") };
  const before = openFds();
  const db = open(path, { layout });
  await expect((async () => { for await (const _ of db.batchesAhead(bad)) void _; })()).rejects.toThrow(/not a time/);
  await expect((async () => { for await (const _ of db.batchesBackwardAhead(bad)) void _; })()).rejects.toThrow(/not a time/);
  await expect((async () => { for await (const _ of stream(path, { layout, filter: bad })) void _; })()).rejects.toThrow(/not a time/);
  expect(openFds()).toBe(before);
});
