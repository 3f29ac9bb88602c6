// `utmpx dump -r` against util-linux `utmpdump -r` on the same text: a field's
// bytes go into the record unchanged (UTF-8 names, invalid bytes), and a time
// that names no instant is refused with BAD_INPUT naming its line and field,
// where utmpdump -r would normalise it into another time; so is an address
// that is none, which utmpdump -r writes as zeros.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encode, fromBytes, UtmpError } from "../../src/index.ts";
import { parseUtmpdump } from "../../src/format/undump.ts";
import { REPO } from "../support/paths.ts";

const hasUtmpdump = spawnSync("utmpdump", ["-V"]).status === 0;
const CLI = join(REPO, "dist", "cli", "main.js");
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

// user, host and line without spaces and a four-char id: text utmpdump -r reads as we do
const NAMES = ["j\xc3\xb6rg", "\xe5\xbc\xa0\xe4\xbc\x9f", "h\xffst\x80x", "\xc3", "caf\xc3\xa9\xf0\x9f\x98\x80"];
const lineOf = (user: string, host: string) =>
  `[7] [01234] [ts/3] [${user.padEnd(32)}] [pts/3       ] [${host.padEnd(20)}] [192.0.2.7      ] [2024-03-09T08:00:00,000005+00:00]\n`;
const TEXT = NAMES.map((n, k) => lineOf(n, NAMES[(k + 1) % NAMES.length]!)).join("");

describe("dump -r writes a field's bytes as they are", () => {
  it("jörg is 6a c3 b6 72 67, whether the text comes as bytes or as a binary string", () => {
    for (const input of [latin1(TEXT), TEXT]) {
      const e = fromBytes(encode(parseUtmpdump(input), "linux384-le")).at(0)!;
      expect([...e.raw.user!]).toStrictEqual([0x6a, 0xc3, 0xb6, 0x72, 0x67]);
      expect(e.user).toBe("jörg");
    }
  });

  it.skipIf(!hasUtmpdump)("gives the records util-linux utmpdump -r gives, byte for byte", () => {
    const ours = encode(parseUtmpdump(latin1(TEXT)), "linux384-le");
    const theirs = new Uint8Array(execFileSync("utmpdump", ["-r"], { input: Buffer.from(latin1(TEXT)), stdio: ["pipe", "pipe", "ignore"] }));
    expect(theirs.length).toBe(384 * NAMES.length);
    expect(ours).toStrictEqual(theirs);
  });

  it.skipIf(!hasUtmpdump)("the CLI gives those bytes too", () => {
    const dir = mkdtempSync(join(tmpdir(), "undump-"));
    writeFileSync(join(dir, "in.txt"), latin1(TEXT));
    execFileSync(process.execPath, [CLI, "dump", "-r", "-o", join(dir, "out"), join(dir, "in.txt")]);
    const theirs = execFileSync("utmpdump", ["-r"], { input: Buffer.from(latin1(TEXT)), stdio: ["pipe", "pipe", "ignore"] });
    expect(new Uint8Array(readFileSync(join(dir, "out")))).toStrictEqual(new Uint8Array(theirs));
  });

  it("refuses a string holding chars that are not bytes (text decoded from the bytes) instead of guessing", () => {
    expect(() => parseUtmpdump(lineOf("€uro", "h"), "t.txt")).toThrow(/t\.txt:1: user holds a character above U\+00FF/);
  });
});

describe("dump -r refuses times that name no instant", () => {
  const at = (time: string) => `[7] [1] [ts/3] [u] [pts/3] [h] [0.0.0.0] [${time}]`;
  const cases: [time: string, message: RegExp][] = [
    ["2024-13-09T08:00:00,000000+00:00", /month 13/],
    ["2024-00-09T08:00:00,000000+00:00", /month 0 /],
    ["2024-02-30T08:00:00,000000+00:00", /day 30 is not 01 to 29/],
    ["2023-02-29T08:00:00,000000+00:00", /day 29 is not 01 to 28/],
    ["1900-02-29T08:00:00,000000+00:00", /day 29 is not 01 to 28/],
    ["2024-04-31T08:00:00,000000+00:00", /day 31 is not 01 to 30/],
    ["2024-03-00T08:00:00,000000+00:00", /day 0 /],
    ["2024-03-09T99:00:00,000000+00:00", /hour 99/],
    ["2024-03-09T24:00:00,000000+00:00", /hour 24/],
    ["2024-03-09T08:60:00,000000+00:00", /minute 60/],
    ["2024-03-09T08:00:60,000000+00:00", /second 60/],
    ["2024-03-09T08:00:00,1000000+00:00", /microseconds 1000000/],
    ["2024-03-09T08:00:00,-1+00:00", /microseconds -1/],
    ["99999999999-03-09T08:00:00,000000+00:00", /year 99999999999/],
  ];
  for (const [time, message] of cases) {
    it(time, () => {
      const text = `${at("2024-03-09T08:00:00,000000+00:00")}\n\n${at(time)}\n`;
      let error: unknown;
      try {
        parseUtmpdump(text, "in.txt");
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UtmpError);
      expect((error as UtmpError).code).toBe("BAD_INPUT");
      expect((error as UtmpError).message).toMatch(/^utmpx: in\.txt:3: time /);
      expect((error as UtmpError).message).toMatch(message);
    });
  }

  it("still takes every real instant: leap days, the last microsecond, years before 1970 and after 9999", () => {
    const times = ["2024-02-29T23:59:59,999999+00:00", "2000-02-29T00:00:00,000000+00:00", "1969-12-31T23:59:59,000001+00:00", "12345-06-07T01:02:03,000004+00:00"];
    const entries = parseUtmpdump(times.map(at).join("\n"));
    expect(entries.map((e) => [e.seconds, e.microseconds])).toStrictEqual(
      times.map((t) => {
        const [, y, rest, us] = /^(\d+)(-.*),(\d+)/.exec(t)!;
        const d = new Date(`2000${rest}Z`);
        d.setUTCFullYear(Number(y));
        return [d.getTime() / 1000, Number(us)];
      }));
  });

  it.skipIf(!hasUtmpdump)("where util-linux utmpdump -r turns 30 February into 1 March (this is why we refuse)", () => {
    // utmpdump -r finds its fields at fixed columns: the line padded as utmpdump writes it
    const line = "[7] [00001] [ts/3] [u       ] [pts/3       ] [h                   ] [0.0.0.0        ] [2024-02-30T08:00:00,000000+00:00]\n";
    const rec = execFileSync("utmpdump", ["-r"], { input: line, stdio: ["pipe", "pipe", "ignore"] });
    expect(() => parseUtmpdump(line)).toThrow(/day 30 is not 01 to 29/);
    const e = fromBytes(new Uint8Array(rec), { layout: "linux384-le" }).at(0)!;
    expect(e.toJSON().date).toBe("2024-03-01T08:00:00.000000Z");
  });
});

describe("dump -r refuses an address that is none", () => {
  const at = (addr: string) => `[7] [00001] [ts/3] [u       ] [pts/3       ] [h                   ] [${addr.padEnd(15)}] [2024-02-20T08:00:00,000000+00:00]`;

  it("names the line and the address (it was written as 0.0.0.0)", () => {
    for (const addr of ["999.1.1.1", "1.2.3", "not-an-ip", "fe80::1%eth0"]) {
      const text = `${at("192.0.2.7")}\n${at(addr)}\n`;
      expect(() => parseUtmpdump(text, "in.txt"), addr).toThrow(new RegExp(`^utmpx: in\\.txt:2: address "${addr.replace(/\./g, "\\.")}" is not an IPv4 or IPv6 address`));
    }
  });

  it("takes what utmpdump prints: 0.0.0.0 for none, IPv6, IPv4-mapped", () => {
    const entries = parseUtmpdump(["0.0.0.0", "2001:db8::7", "::ffff:192.0.2.1", ""].map(at).join("\n"));
    expect(entries.map((e) => fromBytes(encode([e], "linux384-le")).at(0)!.addr)).toStrictEqual(["0.0.0.0", "2001:db8::7", "::ffff:192.0.2.1", "0.0.0.0"]);
  });

  it.skipIf(!hasUtmpdump)("where util-linux utmpdump -r writes zeros without a word (this is why we refuse)", () => {
    const rec = execFileSync("utmpdump", ["-r"], { input: `${at("999.1.1.1")}\n`, stdio: ["pipe", "pipe", "ignore"] });
    expect(rec.length).toBe(384);
    expect(fromBytes(new Uint8Array(rec), { layout: "linux384-le" }).at(0)!.addr).toBe("0.0.0.0");
  });
});
