// stream()'s arguments and its source's first failures: a signal that is no
// AbortSignal failed as "signal?.throwIfAborted is not a function", null
// options as "reading 'signal'", and a ReadableStream that errored within the
// first 16 bytes (read to look for gzip's magic) surfaced its raw Error, where
// one erroring later was UtmpError IO.
import { describe, expect, it } from "vitest";
import { encode, stream, UtmpError, UtmpErrorCode, type StreamSource, type StreamOptions } from "../../../src/index.ts";

const bytes = encode([{ type: "USER_PROCESS", user: "alice", line: "pts/1", id: "ts/1", seconds: 1_700_000_000 }], "linux384-le");

async function drain(source: StreamSource, options?: StreamOptions): Promise<number> {
  let n = 0;
  for await (const batch of stream(source, options)) n += batch.length;
  return n;
}

/** A stream that gives `first` bytes of the records, then fails. */
const failingAfter = (first: number) => new ReadableStream<Uint8Array>({
  start(c) { c.enqueue(bytes.slice(0, first)); c.error(new Error("net down")); },
});

describe("stream()'s arguments", () => {
  it("a signal that is no AbortSignal, and options that are no object, are TypeErrors naming them", async () => {
    await expect(drain([bytes], { signal: {} as never })).rejects.toThrow(new TypeError("utmpx: the signal option is an object (Object), not an AbortSignal"));
    await expect(drain([bytes], null as never)).rejects.toThrow(new TypeError("utmpx: stream() options are null, not an object"));
    expect(await drain([bytes], { signal: new AbortController().signal })).toBe(1);
  });

  it("a source failing within its first 16 bytes is UtmpError IO, as one failing later is", async () => {
    for (const first of [8, 300]) {
      const err = await drain(failingAfter(first), { name: "upload" }).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(UtmpError);
      expect(err).toMatchObject({ code: UtmpErrorCode.IO, message: "utmpx: cannot read upload: net down" });
      expect((err as Error).cause).toEqual(new Error("net down"));
    }
  });
});
