// A lastlog read with a given layout: a lastlog layout reads it as detection
// does; a layout of utmp/wtmp records is refused (read slot by slot, it gave
// each uid a "last login" made of pieces of records).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { lastlogFromBytes, type Entry } from "../../src/index.ts";
import { FIXTURES } from "../support/paths.ts";

const bytes = gunzipSync(readFileSync(join(FIXTURES, "lastlog", "lastlog.gz")));

describe("a lastlog with a given layout", () => {
  it("a lastlog layout reads the same logins as detection", () => {
    const row = (e: Entry) => [e.uid, e.seconds, e.line, e.host];
    const given = [...lastlogFromBytes(bytes, { layout: "lastlog292-le" })].map(row);
    expect(given.length).toBeGreaterThan(3);
    expect(given).toStrictEqual([...lastlogFromBytes(bytes)].map(row));
  });
  it("a records layout is refused by name, with the lastlog layouts", () => {
    expect(() => lastlogFromBytes(bytes, { layout: "linux384-le" })).toThrow(
      expect.objectContaining({ code: "BAD_INPUT", message: expect.stringMatching(/linux384-le is of utmp\/wtmp records.*lastlog292-le/) }));
  });
});
