// Bad arguments to the writers are refused, naming them, before anything is
// written: anonymize(bytes, null) failed as "Cannot read properties of null
// (reading 'name')", encode([{ date: "2020-01-01" }]) as "getTime is not a function",
// and db.put(null) inside the write, reported as IO "cannot write …".
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { anonymize, anonymizeStream, boot, encode, fromBytes, login, logout, open, shutdown, UtmpError } from "../../src/index.ts";

const bytes = encode([{ type: "USER_PROCESS", user: "alice", line: "pts/1", id: "ts/1", seconds: 1_700_000_000 }], "linux384-le");

describe("anonymize()'s options", () => {
  it("are a TypeError naming them when no object", async () => {
    await expect(anonymize(bytes, null as never)).rejects.toThrow(new TypeError("utmpx: anonymize() options are null, not an object"));
    await expect(anonymize(bytes, undefined as never)).rejects.toThrow(new TypeError("utmpx: anonymize() options are undefined, not an object"));
    await expect(anonymizeStream([bytes], "k" as never).next()).rejects.toThrow(new TypeError('utmpx: anonymizeStream() options are the string "k", not an object'));
    expect((await anonymize(bytes, { key: "k" })).length).toBe(bytes.length);
  });
});

describe("encode() of a date that is no Date", () => {
  it("is BAD_INPUT naming the entry and the field", () => {
    const err = (() => { try { encode([{ user: "a" }, { user: "b", date: "2020-01-01" as never }], "linux384-le"); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(UtmpError);
    expect(err).toMatchObject({ code: "BAD_INPUT", message: 'utmpx: entry 1: date is the string "2020-01-01", not a Date' });
    expect(fromBytes(encode([{ user: "a", date: new Date(1_700_000_000_500) }], "linux384-le"), { layout: "linux384-le" }).at(0)?.seconds).toBe(1_700_000_000);
  });
});

describe("db.put() of an entry that is no object", () => {
  it("is a TypeError naming it, as append([null]) is, and the file is left as it was", async () => {
    const dir = mkdtempSync(join(tmpdir(), "utmpx-put-"));
    try {
      const path = join(dir, "utmp");
      writeFileSync(path, bytes);
      const db = open(path);
      for (const put of [() => db.put(null as never), () => db.put(5 as never)]) {
        const err = (() => { try { put(); } catch (e) { return e; } })();
        expect(err).toBeInstanceOf(TypeError);
        expect(err).toMatchObject({ message: expect.stringMatching(/^utmpx: put\(entry\) is (null|the number 5), not an entry \(an object\)$/) });
      }
      await expect(db.putAsync(null as never)).rejects.toEqual(new TypeError("utmpx: put(entry) is null, not an entry (an object)"));
      expect(readFileSync(path)).toEqual(Buffer.from(bytes));
      expect(db.put({ type: "DEAD_PROCESS", line: "pts/1", id: "ts/1", seconds: 1_700_000_060 })).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("login, logout, boot and shutdown with arguments that are no objects", () => {
  // login(null) failed as "reading 'user'"; files of null as "reading 'wtmp'"
  it("are TypeErrors naming them, and nothing is written", () => {
    const dir = mkdtempSync(join(tmpdir(), "utmpx-login-args-"));
    try {
      const files = { utmp: join(dir, "utmp"), wtmp: join(dir, "wtmp") };
      expect(() => login(null as never, files)).toThrow(new TypeError("utmpx: login(info) is null, not an object"));
      expect(() => logout("pts/1" as never, files)).toThrow(new TypeError('utmpx: logout(info) is the string "pts/1", not an object'));
      expect(() => boot(null as never, files)).toThrow(new TypeError("utmpx: boot(info) is null, not an object"));
      expect(() => shutdown({}, null as never)).toThrow(new TypeError("utmpx: shutdown() files are null, not an object"));
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a file path that is no string", () => {
  // open(undefined) made a database that failed at its first read with node's own message
  it("is a TypeError when the database is made", () => {
    expect(() => open(undefined as never)).toThrow(new TypeError("utmpx: a file's path is undefined, not a string"));
    expect(() => open(5 as never)).toThrow(new TypeError("utmpx: a file's path is the number 5, not a string"));
  });
});
