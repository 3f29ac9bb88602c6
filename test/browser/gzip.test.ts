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

  it("fromBytes of gzip bytes: UNSUPPORTED, naming fromBlob() and stream()", async () => {
    const gz = await gzip(await wtmp());
    const error = errorOf(() => fromBytes(gz).layout);
    expect(error).toBeInstanceOf(UtmpError);
    expect((error as UtmpError).code).toBe("UNSUPPORTED");
    expect((error as UtmpError).message).toMatch(/gzip-compressed, and this runtime cannot decompress synchronously: use fromBlob\(\) or stream\(\)/);
  });
});
