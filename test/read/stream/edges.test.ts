// Issue #4, part 7: degenerate inputs through stream(): empty input, input
// shorter than one record, random bytes, all-zero bytes, and sizes around the
// 1 MiB a stream gathers before it detects the layout. Every source kind gives
// what the in-memory decode of the same bytes gives, and the known values.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fromBytes, open, stream, UtmpError, UtmpErrorCode, type Layout, type StreamSource } from "../../../src/index.ts";
import { asyncChunks, chunksOf, decodeBytes, decodeStream, fixture, generateWtmp, lightKey, noisy, prng, readableOf, readBytes, tempDir, type Decoded } from "./support.ts";
import { streamError } from "./support.ts";

const tmp = tempDir("edges");
afterAll(() => tmp.remove());
let fileCount = 0;
function tempFile(bytes: Uint8Array): string {
  const path = join(tmp.dir, `input-${fileCount++}`);
  writeFileSync(path, bytes);
  return path;
}

/**
 * Every kind of source over `bytes`; one-byte chunks only where asked (of a
 * few MB they are millions of subarrays: built only to be left out, they cost
 * seconds of allocation and GC).
 */
function sourcesOf(bytes: Uint8Array<ArrayBuffer>, oneByteChunks = true): [string, StreamSource][] {
  return [
    ["path", tempFile(bytes)],
    ["Blob", new Blob([bytes])],
    ["blob.stream()", new Blob([bytes]).stream()],
    ["array of one chunk", [bytes]],
    ...(oneByteChunks ? [["one-byte chunks", asyncChunks(chunksOf(bytes, 1))] as [string, StreamSource]] : []),
    ["noisy chunks", readableOf(noisy(chunksOf(bytes, bytes.length > 100_000 ? 4099 : 5), bytes.length))],
  ];
}

function expectSame(got: Decoded, want: Decoded, what: string): void {
  expect(got.layout, what).toBe(want.layout);
  expect(got.entries, what).toStrictEqual(want.entries);
  expect(got.warnings, what).toStrictEqual(want.warnings);
}

function randomBytes(n: number, seed: number): Uint8Array<ArrayBuffer> {
  const r = prng(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(r() * 256);
  return out;
}

describe("empty input", () => {
  it("yields no batch and no warning from any source, with the layout the in-memory decode picks", async () => {
    const want = decodeBytes(new Uint8Array(0));
    expect(want.entries).toStrictEqual([]);
    expect(want.warnings).toStrictEqual([]);
    const sources: [string, StreamSource][] = [
      ...sourcesOf(new Uint8Array(0)),
      ["the empty fixture's path", fixture("utmp-rs/empty.utmp")],
      ["an empty array", []],
      ["an iterable of empty chunks", [new Uint8Array(0), new Uint8Array(0)]],
      ["an async iterable of nothing", asyncChunks([])],
      ["an empty ReadableStream", readableOf([])],
    ];
    for (const [what, source] of sources) {
      const got = await decodeStream(source);
      expectSame(got, want, what);
      expect(got.batches, what).toBe(0);
    }
  });
});

describe("input shorter than one record", () => {
  const wtmp = readBytes(fixture("s4/Ubuntu22/x86_64/wtmp"));
  for (const length of [1, 3, 100, 383]) {
    it(`${length} bytes of a wtmp: no entry, one PARTIAL_RECORD warning for all of them`, async () => {
      const bytes = wtmp.slice(0, length);
      const want = decodeBytes(bytes);
      expect(want.entries).toStrictEqual([]);
      expect(want.warnings).toStrictEqual([JSON.stringify({ code: "PARTIAL_RECORD", offset: 0, length })]);
      for (const [what, source] of sourcesOf(bytes)) expectSame(await decodeStream(source), want, `${length} bytes, ${what}`);
    });
  }
});

describe("random bytes", () => {
  for (const size of [4096, 100_000, 3 << 20]) {
    it(`${size} random bytes fail with UNKNOWN_LAYOUT from every source, as open() does`, async () => {
      const bytes = randomBytes(size, size);
      expect(() => fromBytes(bytes).layout).toThrow(expect.objectContaining({ code: UtmpErrorCode.UNKNOWN_LAYOUT }));
      const sources = sourcesOf(bytes, size <= 100_000);
      for (const [what, source] of sources) {
        const err = await streamError(source);
        expect(err, what).toBeInstanceOf(UtmpError);
        expect((err as UtmpError).code, what).toBe(UtmpErrorCode.UNKNOWN_LAYOUT);
      }
    });
  }

  it("the stream stays usable after a failure: a good input decodes right after", async () => {
    expect(await streamError(new Blob([randomBytes(5000, 1)]))).toBeInstanceOf(UtmpError);
    const path = fixture("s4/Ubuntu22/x86_64/wtmp");
    expectSame(await decodeStream(new Blob([readBytes(path)])), decodeBytes(readBytes(path)), "after a failure");
  });
});

describe("all-zero input", () => {
  for (const size of [384, 384 * 10, 384 * 10 + 5, (1 << 20) + 1, 3 << 20]) {
    it(`${size} zero bytes decode as the in-memory decode does: zeroed EMPTY records`, async () => {
      const bytes = new Uint8Array(size);
      const db = fromBytes(bytes);
      const layout: Layout = db.layout;
      const all = [...db];
      expect(all).toHaveLength(Math.floor(size / layout.recordSize));
      expect(all.every((e) => e.zeroed && e.type === "EMPTY")).toBe(true);
      const want = decodeBytes(bytes, {}, lightKey);
      const sources = sourcesOf(bytes, size <= 100_000);
      for (const [what, source] of sources) expectSame(await decodeStream(source, {}, lightKey), want, `${size} zeros, ${what}`);
    });
  }
});

describe("sizes around the 1 MiB a stream reads before it detects the layout", () => {
  it("a wtmp cut at 1 MiB - 1, 1 MiB and 1 MiB + 1 bytes (and + one record)", async () => {
    const full = await generateWtmp(2800, 21); // 1 075 200 bytes
    for (const length of [(1 << 20) - 1, 1 << 20, (1 << 20) + 1, (1 << 20) + 384]) {
      const bytes = full.slice(0, length);
      const want = decodeBytes(bytes, {}, lightKey);
      expect(want.entries).toHaveLength(Math.floor(length / 384));
      expect(want.warnings).toHaveLength(length % 384 === 0 ? 0 : 1);
      const sources: [string, StreamSource][] = [
        ["Blob", new Blob([bytes])],
        ["chunks of 1 MiB", asyncChunks(chunksOf(bytes, 1 << 20))],
        ["chunks of 1 MiB - 1", asyncChunks(chunksOf(bytes, (1 << 20) - 1))],
        ["chunks of 4099", readableOf(chunksOf(bytes, 4099))],
      ];
      for (const [what, source] of sources) expectSame(await decodeStream(source, {}, lightKey), want, `${length} bytes, ${what}`);
    }
  });
});

describe("errors and options at the start", () => {
  it("a path that does not exist fails with IO, as open() does", async () => {
    const missing = join(tmp.dir, "no-such-file");
    expect(() => open(missing).layout).toThrow(expect.objectContaining({ code: UtmpErrorCode.IO }));
    const err = await streamError(missing);
    expect(err).toBeInstanceOf(UtmpError);
    expect((err as UtmpError).code).toBe(UtmpErrorCode.IO);
  });

  it("a layout option skips detection (onLayout without a detection); a bad layout name fails with BAD_LAYOUT_NAME", async () => {
    const path = fixture("plaso/utmp_s390");
    const bytes = readBytes(path);
    const seen: [string, unknown][] = [];
    let n = 0;
    for await (const batch of stream([bytes], { layout: "linux400-be", onLayout: (l, d) => seen.push([l.id, d]) })) n += batch.length;
    expect(seen).toStrictEqual([["linux400-be", undefined]]);
    expect(n).toBe(6);
    for (const source of [path, [bytes]] as StreamSource[]) {
      let err: unknown;
      try {
        for await (const _ of stream(source, { layout: "no-such-layout" })) { /* drain */ }
      } catch (e) {
        err = e;
      }
      expect((err as UtmpError).code).toBe(UtmpErrorCode.BAD_LAYOUT_NAME);
    }
  });
});
