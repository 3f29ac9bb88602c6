// The text helpers refuse what they cannot print, naming it: utmpdumpLine(undefined)
// failed as "reading 'batch'", utmpdumpBatch(undefined) as "reading 'length'".
import { describe, expect, it } from "vitest";
import { encode, fromBytes, utmpdumpBatch, utmpdumpLine } from "../../src/index.ts";

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
