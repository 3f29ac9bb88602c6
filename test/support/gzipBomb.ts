// A gzip bomb for the tests of bounded reading: a few MB on disk that
// decompress to GBs, written through zlib as it goes, so that making one holds
// a megabyte at a time.
import { createWriteStream } from "node:fs";
import { createGzip } from "node:zlib";

/** Writes to `path` a .gz of `head` (when given: a real first page, say) followed by `zeros` zero bytes. */
export async function writeGzipBomb(path: string, zeros: number, head?: Uint8Array): Promise<void> {
  const out = createWriteStream(path);
  const gzip = createGzip({ level: 1 });
  gzip.pipe(out);
  if (head) gzip.write(head);
  const chunk = new Uint8Array(1 << 20);
  for (let written = 0; written < zeros; written += chunk.length) {
    if (!gzip.write(chunk)) await new Promise<void>((resolve) => gzip.once("drain", () => resolve()));
  }
  gzip.end();
  await new Promise<void>((resolve) => out.once("close", () => resolve()));
}
