// Issue #4, part 1: on every binary fixture, stream() of a path, a Blob, a
// ReadableStream, an async iterable and a Node read stream yields exactly what
// the in-memory Database decode gives ([...open(path)] and its warnings): the
// same entries (JSON, per-record warnings, raw bytes) and the same
// PARTIAL_RECORD / RESYNC warnings at the same offsets and lengths.
import { createReadStream } from "node:fs";
import { describe, expect, it } from "vitest";
import { open, stream, UtmpError, UtmpErrorCode, type StreamSource } from "../../../src/index.ts";
import { asyncChunks, BINARY_FIXTURES, chunksOf, decodeFile, decodeStream, readBytes, utxlogEntryStarts } from "./support.ts";
import { streamError } from "./support.ts";

/** The error code open(path) fails with while detecting the layout, or undefined when it decodes. */
function openError(path: string): string | undefined {
  try {
    void open(path).layout;
    return undefined;
  } catch (err) {
    if (err instanceof UtmpError) return err.code;
    throw err;
  }
}

describe("stream() equals the in-memory decode on every fixture", () => {
  it("finds the fixtures, FreeBSD utx.log and a Berkeley DB lastlogx among them", () => {
    const names = BINARY_FIXTURES.map((f) => f.name);
    expect(names.length).toBeGreaterThanOrEqual(80);
    expect(names).toContain("s4/FreeBSD13.1/x86_64/utx.log");
    expect(names).toContain("s4/FreeBSD14.0/x86_64/utx.log");
    expect(names).toContain("s4/NetBSD9.3/x86_64/lastlogx");
    expect(names).toContain("utmp-rs/empty.utmp");
  });

  for (const { name, path } of BINARY_FIXTURES) {
    const code = openError(path);
    if (code !== undefined) {
      it(`${name}: stream() of every source fails as open() does (${code})`, async () => {
        expect(code).toBe(UtmpErrorCode.UNSUPPORTED_FORMAT); // the only detection failure among the fixtures
        const bytes = readBytes(path);
        const blob = new Blob([bytes]);
        for (const source of [path, blob, blob.stream(), asyncChunks(chunksOf(bytes, 1000)), [bytes]] as StreamSource[]) {
          const err = await streamError(source);
          expect(err).toBeInstanceOf(UtmpError);
          expect((err as UtmpError).code).toBe(code);
        }
      });
      continue;
    }

    it(`${name}`, async () => {
      const want = decodeFile(path);
      const bytes = readBytes(path);
      // (a wtmpdb database with no rows has no records, whatever its size)
      if (bytes.length >= 384 && want.layout !== "wtmpdb") expect(want.entries.length).toBeGreaterThan(0);
      const blob = new Blob([bytes]);
      const sources: [string, () => StreamSource][] = [
        ["path", () => path],
        ["Blob", () => blob],
        ["File", () => new File([bytes], "some-name")],
        ["blob.stream()", () => blob.stream()],
        ["async iterable of 1000-byte chunks", () => asyncChunks(chunksOf(bytes, 1000))],
        ["array of one chunk", () => [bytes]],
        ["fs.createReadStream (Buffers of 777 bytes)", () => createReadStream(path, { highWaterMark: 777 })],
      ];
      for (const [what, source] of sources) {
        const got = await decodeStream(source());
        expect(got.layout, what).toBe(want.layout);
        expect(got.entries, what).toStrictEqual(want.entries);
        expect(got.warnings, what).toStrictEqual(want.warnings);
      }
    });
  }

  it("the fixtures with a partial trailing record warn about it in every source", async () => {
    // known values, so that the parity above cannot pass by both sides dropping the warning
    const partial = [
      ["grr/utmp", 1920, 1], ["grr/wtmp", 1536, 1], ["plaso/wtmp.1", 1536, 1], ["plaso/utmp_corrupted", 1536, 50],
    ] as const;
    for (const [name, offset, length] of partial) {
      const { path } = BINARY_FIXTURES.find((f) => f.name === name)!;
      const want = [JSON.stringify({ code: "PARTIAL_RECORD", offset, length })];
      expect(decodeFile(path).warnings, name).toStrictEqual(want);
      expect((await decodeStream(new Blob([readBytes(path)]))).warnings, name).toStrictEqual(want);
      expect((await decodeStream(asyncChunks(chunksOf(readBytes(path), 7)))).warnings, name).toStrictEqual(want);
    }
  });

  it("FreeBSD utx.log entries start where an independent walk of the length prefixes says", async () => {
    for (const name of ["s4/FreeBSD13.1/x86_64/utx.log", "s4/FreeBSD14.0/x86_64/utx.log"]) {
      const { path } = BINARY_FIXTURES.find((f) => f.name === name)!;
      const bytes = readBytes(path);
      const starts = utxlogEntryStarts(bytes);
      expect(starts.length, name).toBeGreaterThan(5);
      const got = await decodeStream(asyncChunks(chunksOf(bytes, 13)));
      expect(got.layout).toBe("utxlog");
      expect(got.entries.map((e) => (JSON.parse(e) as [{ offset: number }])[0].offset), name).toStrictEqual(starts);
      expect(got.warnings).toStrictEqual([]);
    }
  });
});
