// SourceBlocks stands for a whole file's bytes: every range it gives must be
// the file's bytes at that range, whatever blocks it crosses, and a range held
// must not change when later reads reuse its block's place in the cache.
import { describe, expect, it } from "vitest";
import { SourceBlocks } from "../../src/sqlite/blocks.ts";

function fileOf(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  let x = 7;
  for (let i = 0; i < n; i++) bytes[i] = x = (x * 1103515245 + 12345) >>> 16;
  return bytes;
}

function sourceOf(bytes: Uint8Array) {
  let reads = 0;
  return {
    get reads() { return reads; },
    size: () => bytes.length,
    readInto(offset: number, target: Uint8Array): number {
      reads++;
      const got = bytes.subarray(offset, offset + target.length);
      target.set(got);
      return got.length;
    },
  };
}

describe("SourceBlocks", () => {
  const file = fileOf(1_000_003);

  it("gives the file's bytes for every range: within a block, across blocks, past the end", () => {
    const blocks = new SourceBlocks(sourceOf(file));
    expect(blocks.length).toBe(file.length);
    const ranges: [number, number][] = [[0, 100], [65_530, 65_546], [65_536, 131_072], [4096 * 100, 4096 * 101], [1_000_000, 1_000_010], [999_000, 1_200_000], [5, 3], [0, 300_000]];
    let x = 1;
    for (let k = 0; k < 500; k++) {
      x = (x * 69069 + 1) >>> 0;
      const a = x % file.length;
      ranges.push([a, a + (x % 70_000)]);
    }
    for (const [a, b] of ranges) expect(Buffer.from(blocks.subarray(a, b)).equals(Buffer.from(file.subarray(a, b)))).toBe(true);
  });

  it("keeps a page it gave valid after its block leaves the cache", () => {
    const source = sourceOf(file);
    const blocks = new SourceBlocks(source);
    const first = blocks.subarray(4096, 8192);
    const copy = first.slice();
    for (let at = 65_536; at + 4096 <= file.length; at += 65_536) blocks.subarray(at, at + 4096);
    expect(first).toEqual(copy);
    // pages of one block are one read
    const before = source.reads;
    for (let at = 0; at < 65_536; at += 4096) blocks.subarray(at + 65_536 * 3, at + 65_536 * 3 + 4096);
    expect(source.reads - before).toBe(1);
  });
});
