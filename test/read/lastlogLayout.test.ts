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
  it("a wtmp given as a lastlog is called no lastlog, and named for what it reads as", () => {
    const wtmp = new Uint8Array(readFileSync(join(FIXTURES, "generated-glibc-x86_64", "wtmp")));
    const err = (() => { try { [...lastlogFromBytes(wtmp)]; } catch (e) { return e as { code: string; message: string }; } })();
    expect(err?.code).toBe("UNKNOWN_LAYOUT");
    expect(err?.message).toMatch(/is not a lastlog file of any known layout; best candidates: .*It reads as a utmp\/wtmp\/btmp file of layout linux384-le: read it with last, dump or open\(\)\.$/);
    // bytes that are nothing: no hint
    const noise = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7919 + 13) % 251);
    const none = (() => { try { [...lastlogFromBytes(noise)]; } catch (e) { return e as { message: string }; } })();
    expect(none?.message).toMatch(/is not a lastlog file of any known layout; best candidates: [^]*force one\.$/);
  });
});
