// last -s/-t/-p's time grammar under hostile text: linear time, a bounded
// length, C's integer ranges, and the same valid/invalid verdicts as util-linux
// 2.38.1 `last` (checked live where that `last` is installed).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_TIME_TEXT, parseTimestamp } from "../../src/time/timestamp.ts";
import { parseSpan } from "../../src/time/timeSpan.ts";
import { strptime } from "../../src/time/strptime.ts";
import { FIXTURES, REPO } from "../support/paths.ts";

const NOW = 1_710_000_000; // Sat 2024-03-09 16:00:00 UTC
const p = (t: string) => parseTimestamp(t, { now: NOW, timeZone: "UTC" });
const utc = (s: string) => Date.parse(s) / 1000;
const elapsed = (f: () => unknown) => { const t0 = performance.now(); f(); return performance.now() - t0; };

// verdicts of util-linux 2.38.1 `last -s TEXT` (status 0 or 1), TZ=UTC
const VALID = [
  "-5min", "+5min", "-1s", "-1 s", "1s ago", " 1s ago", "1s  ago", "+30 s", "+ 30s", "+30s5m", "+.5s", "+5  min", "+1.0s", "+01s",
  "+1seconds", "+1.+5s", "+1y 1y", "+9223372036854775807us", "+1.999999999999999999s", "+18446744073710s", "-18446744073709s",
  "2012-09-\t22", "2012-09- 22", "2012-09-22\t16:34", "2012-09-22\v16:34", "2012-09-2216:34", "2012-9-5", "2012922163422",
  " 2012-09-22", "Sat  2012-09-22", "sat 2012-09-22", "Saturday 2012-09-22", "1960-01-01", "1970-01-01 00:00:00", "0012-01-01",
  "2012-02-31", "9999-12-31 23:59:61", "12-09-22T16:34:22", "20120922163422", "12-09-22 16:34", "now", "today", "yesterday",
];
const INVALID = [
  "+30", "-30", "30 ago", "+30s 5", "+1.s", "+1.5", "+5m in", "+1. s", "+1s1", "+1 ago", "1 ago", "+1secondsx", "+1e", "+0x10s",
  "+-1s", "+1.-5s", "+1 .5s", "+1y1", "+", "-", " ago", "+9223372036854775808us", "+1.9999999999999999999s",
  "+1.99999999999999999999s", "20129221634", "2012-09-22 ", "24:00", "12:60", "1969-12-31 23:59:59", "@1348331662",
  "2012-09-22 16:34:22.5", "Mon 2012-09-22", "soon", `+${"9".repeat(400)}`,
];

describe("the time grammar", () => {
  it("gives util-linux last's verdicts", () => {
    for (const t of VALID) expect(p(t), JSON.stringify(t)).not.toBeUndefined();
    for (const t of INVALID) expect(p(t), JSON.stringify(t)).toBeUndefined();
  });

  it("keeps C's unsigned 64-bit microseconds: before 1970 wraps far ahead, a sum past 2^64 wraps back", () => {
    const wrap = (seconds: number) => Number(BigInt.asUintN(64, BigInt(seconds) * 1_000_000n) / 1_000_000n);
    expect(p("1960-01-01")).toBe(wrap(utc("1960-01-01T00:00:00Z")));
    expect(p("0012-01-01")).toBe(wrap(-61_788_528_000)); // year 12, not 1912
    expect(p("+18446744073710s")).toBe(NOW); // 448,384 µs past now, after the wrap
    expect(p("-9999999999999s")).toBe(0);
    expect(p(`+${"9".repeat(18)}s`)).toBeLessThan(2 ** 64 / 1e6); // never Infinity
    expect(p("2012922163422")).toBe(utc("2012-09-22T16:34:00Z")); // %m stops at one digit when two would overshoot 12
  });

  it("refuses text longer than MAX_TIME_TEXT at once", () => {
    expect(p(`12-09-22${" ".repeat(100_000)}x`)).toBeUndefined();
    expect(p(`+1s${" ".repeat(MAX_TIME_TEXT)}`)).toBeUndefined();
    expect(p(`+1s${" ".repeat(MAX_TIME_TEXT - 3)}`)).toBe(NOW + 1);
  });

  it("reads in linear time below the bound too (the regular expressions took seconds)", () => {
    const spaces = " ".repeat(100_000);
    const base = { year: 2024, month: 3, day: 9, hour: 0, minute: 0, second: 0 };
    expect(elapsed(() => expect(strptime(`12-09-22${spaces}x`, "%y-%m-%d %H:%M:%S", base)).toBeUndefined())).toBeLessThan(2000);
    expect(elapsed(() => expect(strptime(`12-09-22${spaces}16:34`, "%y-%m-%d %H:%M", base)?.minute).toBe(34))).toBeLessThan(2000);
    expect(elapsed(() => expect(parseSpan(`1.${"9".repeat(100_000)}s`)).toBeUndefined())).toBeLessThan(2000);
    expect(elapsed(() => expect(parseSpan(`${"1s ".repeat(30_000)}`)).toBe(30_000_000_000n))).toBeLessThan(2000);
  });
});

const lastVersion = spawnSync("last", ["--version"], { encoding: "utf8" });
const haveLast = lastVersion.status === 0 && lastVersion.stdout.includes("util-linux 2.38");
const WTMP = join(FIXTURES, "generated-glibc-x86_64", "wtmp");
const CLI = join(REPO, "dist", "cli", "main.js");
const env = { ...process.env, TZ: "UTC", LC_ALL: "C.UTF-8" };

describe.skipIf(!haveLast)("against the installed util-linux last", () => {
  it("agrees on every verdict above", () => {
    for (const t of [...VALID, ...INVALID]) {
      const r = spawnSync("last", ["-f", WTMP, "-s", t], { env });
      expect(r.status, JSON.stringify(t)).toBe(VALID.includes(t) ? 0 : 1);
    }
  });

  it("utmpx last -s/-t shows the same rows for wrapped times", () => {
    for (const [option, t] of [["-s", "1960-01-01"], ["-t", "1960-01-01"], ["-s", "+18446744073710s"], ["-s", "12-09-22T16:34:22"]] as const) {
      const want = spawnSync("last", ["-f", WTMP, option, t], { env, encoding: "utf8" });
      const got = spawnSync(process.execPath, [CLI, "last", "-f", WTMP, option, t], { env, encoding: "utf8" });
      expect(got.stdout, `${option} ${t}`).toBe(want.stdout.replace(/^last: .*\n/, ""));
    }
  });
});

describe("utmpx last with hostile time text", () => {
  it("refuses at once, in util-linux's words, with status 2", () => {
    for (const t of [`12-09-22${" ".repeat(100_000)}x`, `+1.${"9".repeat(100_000)}s`, `+${"9".repeat(400)}`]) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [CLI, "last", "-f", WTMP, "-s", t], { env, encoding: "utf8" });
      expect(performance.now() - t0).toBeLessThan(5000);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(`utmpx last: invalid time value "${t}"\n`);
    }
  });
});
