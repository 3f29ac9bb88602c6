// anonymize(bytes, null) failed as "Cannot read properties of null (reading
// 'name')": options that are no object are refused, before anything is read.
import { describe, expect, it } from "vitest";
import { anonymize, anonymizeStream, encode } from "../../src/index.ts";

const bytes = encode([{ type: "USER_PROCESS", user: "alice", line: "pts/1", id: "ts/1", seconds: 1_700_000_000 }], "linux384-le");

describe("anonymize()'s options", () => {
  it("are a TypeError naming them when no object", async () => {
    await expect(anonymize(bytes, null as never)).rejects.toThrow(new TypeError("utmpx: anonymize() options are null, not an object"));
    await expect(anonymize(bytes, undefined as never)).rejects.toThrow(new TypeError("utmpx: anonymize() options are undefined, not an object"));
    await expect(anonymizeStream([bytes], "k" as never).next()).rejects.toThrow(new TypeError('utmpx: anonymizeStream() options are the string "k", not an object'));
    expect((await anonymize(bytes, { key: "k" })).length).toBe(bytes.length);
  });
});
