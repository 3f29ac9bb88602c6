// In real Chromium: an uploaded .gz reads through fromBlob() as the plain file
// does (the page's own CompressionStream makes the archive); fromBytes() of one,
// which a browser cannot decompress synchronously, says what to use instead.
import { describe, expect, it } from "vitest";
import { commands } from "vitest/browser";
import { fromBlob, fromBytes, stream, UtmpError } from "../../src/index.ts";
import { errorOf } from "../support/errorOf.ts";

async function wtmp(): Promise<Uint8Array> {
  const base64 = await commands.readFile("test/fixtures/generated-glibc-x86_64/wtmp", "base64");
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const compressed = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(compressed).arrayBuffer());
}

describe("gzip in Chromium", () => {
  it("fromBlob of an uploaded .gz gives the plain file's entries", async () => {
    const plain = await wtmp();
    const gz = await gzip(plain);
    const want = [...fromBytes(plain)].map((e) => JSON.stringify(e));
    expect(want.length).toBeGreaterThan(10);
    const db = await fromBlob(new File([gz as Uint8Array<ArrayBuffer>], "wtmp.1.gz"));
    expect([...db].map((e) => JSON.stringify(e))).toStrictEqual(want);
    const streamed: string[] = [];
    for await (const batch of stream(new Blob([gz as Uint8Array<ArrayBuffer>]))) streamed.push(...[...batch].map((e) => JSON.stringify(e)));
    expect(streamed).toStrictEqual(want);
  });

  // DecompressionStream fails a cut archive in its flush, once all of it went in: what came out before is read
  it("a .gz cut short: fromBlob and stream give a true prefix of the records with a GZIP_TRUNCATED warning", async () => {
    const one = await wtmp();
    const plain = new Uint8Array(one.length * 200);
    for (let k = 0; k < 200; k++) plain.set(one, k * one.length); // 5,000 records: output comes out before the cut
    const gz = await gzip(plain);
    const cut = gz.subarray(0, Math.floor(gz.length * 0.6)) as Uint8Array<ArrayBuffer>;
    const want = [...fromBytes(plain)].map((e) => JSON.stringify(e));
    const db = await fromBlob(new File([cut], "wtmp.1.gz"));
    const got = [...db].map((e) => JSON.stringify(e));
    expect(got.length).toBeGreaterThan(0);
    expect(got.length).toBeLessThan(want.length);
    expect(got).toStrictEqual(want.slice(0, got.length));
    expect(db.warnings.map((w) => w.code)).toContain("GZIP_TRUNCATED");
    const warnings: string[] = [];
    const streamed: string[] = [];
    for await (const batch of stream(new Blob([cut]), { onWarning: (w) => warnings.push(w.code) })) streamed.push(...[...batch].map((e) => JSON.stringify(e)));
    expect(streamed.length).toBeGreaterThan(0);
    expect(streamed).toStrictEqual(want.slice(0, streamed.length));
    expect(warnings).toContain("GZIP_TRUNCATED");
  });

  it("fromBytes of gzip bytes: UNSUPPORTED, naming fromBlob() and stream()", async () => {
    const gz = await gzip(await wtmp());
    const error = errorOf(() => fromBytes(gz).layout);
    expect(error).toBeInstanceOf(UtmpError);
    expect((error as UtmpError).code).toBe("UNSUPPORTED");
    expect((error as UtmpError).message).toMatch(/gzip-compressed, and this runtime cannot decompress synchronously: use fromBlob\(\) or stream\(\)/);
  });
});
