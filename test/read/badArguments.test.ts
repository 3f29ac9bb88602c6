// Bad arguments to the openers are refused up front, naming them: options of
// null failed as "Cannot read properties of null (reading 'wal')", a wal of
// null inside SQLite's reader as "reading 'length'", and bytes or undefined
// given to fromBlob() as "blob.slice(...).arrayBuffer is not a function".
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "../support/paths.ts";
import { detect, encode, fromBlob, fromBytes, lastlogFromBlob, lastlogFromBytes, open, openLastlog, editWtmpdbBytes, wtmpdbFromBlob, wtmpdbFromBytes } from "../../src/index.ts";

const bytes = encode([{ type: "USER_PROCESS", user: "alice", line: "pts/1", id: "ts/1", seconds: 1_700_000_000 }], "linux384-le");

describe("the openers' arguments", () => {
  it("options that are no object are TypeErrors naming the opener", () => {
    expect(() => fromBytes(bytes, null as never)).toThrow(new TypeError("utmpx: fromBytes() options are null, not an object"));
    expect(() => open("/nonexistent/wtmp", "x" as never)).toThrow(new TypeError('utmpx: open() options are the string "x", not an object'));
    expect(() => lastlogFromBytes(bytes, null as never)).toThrow(new TypeError("utmpx: lastlogFromBytes() options are null, not an object"));
    expect(() => openLastlog("/nonexistent/lastlog", 5 as never)).toThrow(new TypeError("utmpx: openLastlog() options are the number 5, not an object"));
    expect(() => wtmpdbFromBytes(bytes, null as never)).toThrow(new TypeError("utmpx: wtmpdbFromBytes() options are null, not an object"));
    expect([...fromBytes(bytes, undefined)].map((e) => e.user)).toEqual(["alice"]);
  });

  it("a wtmpdb -wal of null is a TypeError naming it", async () => {
    const { bytes: sqlite } = await editWtmpdbBytes(undefined, () => undefined);
    expect(() => wtmpdbFromBytes(sqlite, { wal: null as never })).toThrow(new TypeError("utmpx: options.wal is null, not bytes (a Uint8Array, another typed array or DataView, or an ArrayBuffer)"));
    expect(wtmpdbFromBytes(sqlite, { wal: undefined }).rows).toEqual([]);
  });

  // lastlogFromBytes(lastlog2, { wal: null }) failed as "reading 'length'"; openLastlog passed it over for the -wal beside the file
  it("a lastlog2 -wal of null is a TypeError naming it, from bytes and from a file", () => {
    const lastlog2 = join(FIXTURES, "lastlog", "lastlog2.db");
    const message = new TypeError("utmpx: options.wal is null, not bytes (a Uint8Array, another typed array or DataView, or an ArrayBuffer)");
    expect(() => lastlogFromBytes(readFileSync(lastlog2), { wal: null as never })).toThrow(message);
    expect(() => openLastlog(lastlog2, { wal: null as never })).toThrow(message);
    expect([...openLastlog(lastlog2)].length).toBe([...lastlogFromBytes(readFileSync(lastlog2), { wal: undefined })].length);
  });

  it("the Blob openers refuse what is no Blob, pointing bytes at the opener that takes them", async () => {
    await expect(fromBlob(undefined as never)).rejects.toThrow(new TypeError("utmpx: fromBlob(blob) is undefined, not a Blob or File"));
    await expect(fromBlob(bytes as never)).rejects.toThrow(new TypeError("utmpx: fromBlob(blob) is a Uint8Array, not a Blob or File (bytes go to fromBytes())"));
    await expect(lastlogFromBlob(bytes.buffer as never)).rejects.toThrow(new TypeError("utmpx: lastlogFromBlob(blob) is an object (ArrayBuffer), not a Blob or File (bytes go to lastlogFromBytes())"));
    await expect(wtmpdbFromBlob("x" as never)).rejects.toThrow(new TypeError('utmpx: wtmpdbFromBlob(blob) is the string "x", not a Blob or File'));
    await expect(fromBlob(new Blob([bytes.slice()]), null as never)).rejects.toThrow(new TypeError("utmpx: fromBlob() options are null, not an object"));
    expect([...(await fromBlob(new Blob([bytes.slice()])))].map((e) => e.user)).toEqual(["alice"]);
  });
});

// detect(w, null) failed as "reading 'size'", detect(w, { now: "x" }) as "getTime is not a function".
describe("detect()'s options", () => {
  it("are refused when no object, and now when no Date", () => {
    expect(() => detect(bytes, null as never)).toThrow(new TypeError("utmpx: detect() options are null, not an object"));
    expect(() => detect(bytes, { now: "x" as never })).toThrow(new TypeError('utmpx: detect() option now is the string "x", not a Date'));
    expect(() => detect(bytes, { now: 1_700_000_000 as never })).toThrow(new TypeError("utmpx: detect() option now is the number 1700000000, not a Date"));
    expect(detect(bytes, { now: new Date(1_800_000_000_000) }).layout?.id).toBe("linux384-le");
  });
  // a size of "x" was taken as the file's, and every layout scored NaN
  it("refuse a size that is no whole number of bytes at least the bytes given", () => {
    expect(() => detect(bytes, { size: "x" as never })).toThrow(/^utmpx: detect\(\) option size is the string "x", not "unknown" or the file's size in bytes/);
    expect(() => detect(bytes, { size: bytes.length - 1 })).toThrow(TypeError);
    expect(() => detect(bytes, { size: 1.5 })).toThrow(TypeError);
    expect(detect(bytes, { size: bytes.length * 4 }).layout?.id).toBe("linux384-le");
    expect(detect(bytes, { size: "unknown" }).layout?.id).toBe("linux384-le");
  });
});
