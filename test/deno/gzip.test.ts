// Deno: a .gz reads through the sync entry points too (open, fromBytes: node:zlib,
// which Deno provides) and through fromBlob, as the plain file does. The archive
// is made by Deno's own CompressionStream.
// Run: npx deno test --allow-read --allow-write --allow-env --allow-ffi test/deno/gzip.test.ts
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { fromBlob, fromBytes, open } from "../../src/index.ts";

const WTMP = fileURLToPath(new URL("../fixtures/generated-glibc-x86_64/wtmp", import.meta.url));
const rows = (entries: Iterable<unknown>) => [...entries].map((e) => JSON.stringify(e));

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const compressed = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(compressed).arrayBuffer());
}

Deno.test("a .gz reads as the plain file through open, fromBytes and fromBlob", async () => {
  const plain = Deno.readFileSync(WTMP);
  const want = rows(open(WTMP));
  assert.ok(want.length > 10);
  const gz = await gzip(plain);
  const path = Deno.makeTempFileSync({ suffix: ".gz" });
  try {
    Deno.writeFileSync(path, gz);
    assert.deepEqual(rows(open(path)), want);
    assert.deepEqual(rows(fromBytes(gz)), want);
    assert.deepEqual(rows(await fromBlob(new Blob([gz as Uint8Array<ArrayBuffer>]))), want);
  } finally {
    Deno.removeSync(path);
  }
});
