// Bun: a .gz reads through the sync entry points too (open, fromBytes: node:zlib)
// and through fromBlob, as the plain file does. The archive is made by Bun's own
// CompressionStream. Run: bun test test/bun/gzip.test.ts
import { expect, test } from "bun:test";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fromBlob, fromBytes, open } from "../../src/index.ts";

const WTMP = fileURLToPath(new URL("../fixtures/generated-glibc-x86_64/wtmp", import.meta.url));
const rows = (entries: Iterable<unknown>) => [...entries].map((e) => JSON.stringify(e));

test("a .gz reads as the plain file through open, fromBytes and fromBlob", async () => {
  const plain = new Uint8Array(readFileSync(WTMP));
  const want = rows(open(WTMP));
  expect(want.length).toBeGreaterThan(10);
  const compressed = new Blob([plain]).stream().pipeThrough(new CompressionStream("gzip"));
  const gz = new Uint8Array(await new Response(compressed).arrayBuffer());
  const path = join(mkdtempSync(join(tmpdir(), "gzip-bun-")), "wtmp.1.gz");
  writeFileSync(path, gz);
  expect(rows(open(path))).toEqual(want);
  expect(rows(fromBytes(gz))).toEqual(want);
  expect(rows(await fromBlob(new Blob([gz])))).toEqual(want);
});
