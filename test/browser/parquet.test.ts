// toParquet in real Chromium (vitest browser mode): from an uploaded File, the
// page writes the bytes Node writes (whose every row DuckDB reads back in
// test/format/parquet.test.ts); a codec the page cannot compress without help
// is a clear UtmpError, and works once a compressor is given.
import { expect, it } from "vitest";
import { commands } from "vitest/browser";
import { fromBlob, stream, UtmpError } from "../../src/index.ts";
import { toParquet } from "../../src/format/parquet.ts";
import { sha256 } from "../support/fixtures-shared.ts";
import { PARQUET_KNOWN_ANSWERS } from "../format/parquetKnownAnswers.ts";

async function load(fixture: string): Promise<Uint8Array> {
  const base64 = await commands.readFile(`test/fixtures/${fixture}`, "base64");
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

it.each(PARQUET_KNOWN_ANSWERS)("%s: the bytes Node writes, from an uploaded File", async (fixture, digest) => {
  const file = new File([(await load(fixture)) as Uint8Array<ArrayBuffer>], fixture.split("/").at(-1)!);
  const db = await fromBlob(file);
  expect(await sha256(await toParquet(db.batches(), { origin: { source: fixture, host: "browser" } }))).toBe(digest);
  // streamed straight from the File too
  expect(await sha256(await toParquet(stream(file), { origin: { source: fixture, host: "browser" } }))).toBe(digest);
});

it("GZIP without a compressor is UNSUPPORTED in a page; with one it writes", async () => {
  const file = new File([(await load(PARQUET_KNOWN_ANSWERS[0]![0])) as Uint8Array<ArrayBuffer>], "wtmp");
  const err = await toParquet(stream(file), { codec: "GZIP" }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(UtmpError);
  expect((err as UtmpError).code).toBe("UNSUPPORTED");
  // an identity "compressor" (not gzip: the file is not read back), enough to show the page's callback is the one used
  const calls: number[] = [];
  const bytes = await toParquet(stream(file), { codec: "GZIP", compressor: (input) => { calls.push(input.length); return input; } });
  expect(calls.length).toBeGreaterThan(0);
  expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe("PAR1");
});
