// The formatters refuse what they cannot write, naming it: utmpdumpLine(undefined)
// failed as "reading 'batch'", utmpdumpBatch(undefined) as "reading 'length'",
// toParquet(undefined) as "reading 'Symbol(Symbol.asyncIterator)'".
import { describe, expect, it } from "vitest";
import { encode, fromBytes, sessionsToParquet, toParquet, utmpdumpBatch, utmpdumpLine, writeParquet } from "../../src/index.ts";

const bytes = encode([{ type: "USER_PROCESS", user: "alice", line: "pts/1", id: "ts/1", seconds: 1_700_000_000 }], "linux384-le");

describe("utmpdumpLine() and utmpdumpBatch() arguments", () => {
  it("are TypeErrors naming them when no Entry or batch", () => {
    expect(() => utmpdumpLine(undefined as never)).toThrow(new TypeError("utmpx: utmpdumpLine(entry) is undefined, not an Entry (from a Database, stream() or a batch)"));
    expect(() => utmpdumpLine({ user: "alice" } as never)).toThrow(new TypeError("utmpx: utmpdumpLine(entry) is an object (Object), not an Entry (from a Database, stream() or a batch)"));
    expect(() => utmpdumpBatch(undefined as never)).toThrow(new TypeError("utmpx: utmpdumpBatch(batch) is undefined, not a batch (an EntryBatch: db.batches(), stream())"));
    expect(() => utmpdumpBatch([] as never)).toThrow(new TypeError("utmpx: utmpdumpBatch(batch) is an array, not a batch (an EntryBatch: db.batches(), stream())"));
    const [entry] = fromBytes(bytes);
    const [batch] = fromBytes(bytes).batches();
    expect(utmpdumpBatch(batch!)).toBe(utmpdumpLine(entry!));
  });
});

describe("Parquet of what is no iterable", () => {
  it("is a TypeError naming it, before the file is begun", async () => {
    await expect(toParquet(undefined as never)).rejects.toThrow(new TypeError("utmpx: the batches to write as Parquet (db.batches(), stream(), openAll()) are undefined, not an iterable"));
    const chunks: Uint8Array[] = [];
    await expect(writeParquet(5 as never, (c) => void chunks.push(c))).rejects.toThrow(TypeError);
    expect(chunks).toEqual([]);
    await expect(sessionsToParquet(null as never)).rejects.toThrow(new TypeError("utmpx: the sessions to write as Parquet (sessions()) are null, not an iterable"));
    expect((await toParquet(fromBytes(bytes).batches())).length).toBeGreaterThan(0);
  });
});
