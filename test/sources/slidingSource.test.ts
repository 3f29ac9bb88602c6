// SlidingSource: reads by position over a stream, holding only the part around
// the last read; a read outside it is a bug said as one, and a stream that is
// not the size counted is a file that changed.
import { describe, expect, it } from "vitest";
import { countBytes, fedFrom, SlidingSource } from "../../src/sources/slidingSource.ts";
import { UtmpError } from "../../src/util/errors.ts";

const BYTES = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7) & 255);

/** `bytes` in chunks of `size`. */
async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
}

const read = (source: SlidingSource, offset: number, length: number) => {
  const target = new Uint8Array(length);
  return target.subarray(0, source.readInto(offset, target));
};

describe("SlidingSource", () => {
  it("gives the bytes at any offset it holds, across chunks, and short at the end", async () => {
    const source = await SlidingSource.open("s", undefined, chunked(BYTES, 333), BYTES.length, 20_000);
    expect(source.size()).toBe(BYTES.length);
    expect(read(source, 1000, 2000)).toStrictEqual(BYTES.subarray(1000, 3000));
    expect(read(source, 9990, 100)).toStrictEqual(BYTES.subarray(9990));
    expect(read(source, 10_000, 10).length).toBe(0);
  });

  it("forward reads with a fill between them: what lies before the last read is let go, and reading it is INTERNAL", async () => {
    const source = await SlidingSource.open("s", undefined, chunked(BYTES, 100), BYTES.length, 1000);
    for (let offset = 0; offset < BYTES.length; offset += 500) {
      if (source.hungry) await source.fill();
      expect(read(source, offset, 500)).toStrictEqual(BYTES.subarray(offset, offset + 500));
    }
    await source.fill();
    expect(() => read(source, 0, 10)).toThrow(UtmpError);
    expect(() => read(source, 0, 10)).toThrow(/read while the stream holds/);
  });

  it("a stream shorter or longer than counted: IO, the file changed", async () => {
    await expect(SlidingSource.open("s", undefined, chunked(BYTES, 100), BYTES.length + 1, 20_000)).rejects.toThrow(/changed while it was read/);
    await expect(SlidingSource.open("s", undefined, chunked(BYTES, 100), BYTES.length - 50, 20_000)).rejects.toThrow(/changed while it was read/);
  });

  it("countBytes; fedFrom fills before each item a reader makes", async () => {
    expect(await countBytes(chunked(BYTES, 777))).toBe(BYTES.length);
    const source = await SlidingSource.open("s", undefined, chunked(BYTES, 100), BYTES.length, 1000);
    function* windows(): Generator<number> {
      for (let offset = 0; offset < BYTES.length; offset += 800) yield read(source, offset, 800).reduce((a, b) => a + b, 0);
    }
    const sums: number[] = [];
    for await (const sum of fedFrom(source, windows())) sums.push(sum);
    expect(sums.reduce((a, b) => a + b, 0)).toBe(BYTES.reduce((a, b) => a + b, 0));
  });
});
