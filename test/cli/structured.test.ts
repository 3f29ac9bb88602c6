// --json, --ndjson and --csv of last, lastb and who: the rows the text shows,
// with stable field names and ISO-8601 UTC times with microseconds.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { open, sessions } from "../../src/index.ts";
import { FIXTURES, REPO } from "../support/paths.ts";

const CLI = join(REPO, "dist", "cli", "main.js");
const dir = join(FIXTURES, "generated-glibc-x86_64");
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env: { ...process.env, TZ: "UTC" } });
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

describe("structured output", () => {
  it("last --json: one object per row last prints, the same rows as sessions()", () => {
    const rows = JSON.parse(run("last", "--json", "-x", "-f", join(dir, "wtmp")).stdout) as { login: string; user: string; kind: string }[];
    const text = run("last", "-x", "-f", join(dir, "wtmp")).stdout.trimEnd().split("\n").slice(0, -2); // rows, without the begins line
    expect(rows).toHaveLength(text.length);
    const want = sessions([...open(join(dir, "wtmp"))], {}).map((s) => s.user);
    expect(rows.map((r) => r.user)).toStrictEqual(want.slice(0, rows.length));
    for (const r of rows) expect(r.login).toMatch(ISO);
  });

  it("last --ndjson and --csv agree with --json, and honour -n", () => {
    const json = JSON.parse(run("last", "--json", "-n", "4", "-f", join(dir, "wtmp")).stdout);
    const nd = run("last", "--ndjson", "-n", "4", "-f", join(dir, "wtmp")).stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(nd).toStrictEqual(json);
    const csv = run("last", "--csv", "-n", "4", "-f", join(dir, "wtmp")).stdout.split("\r\n");
    expect(csv[0]).toBe("kind,status,user,line,host,addr,pid,login,logout,duration,openOffset,closeOffset");
    expect(csv).toHaveLength(4 + 2);
  });

  it("lastb --json lists every failed login", () => {
    const rows = JSON.parse(run("lastb", "--json", "-f", join(dir, "btmp")).stdout) as { status: string }[];
    expect(rows).toHaveLength([...open(join(dir, "btmp"))].length);
    expect(new Set(rows.map((r) => r.status))).toStrictEqual(new Set(["failed"]));
  });

  it("who --json/--csv: the entries who lists", () => {
    const rows = JSON.parse(run("who", "--json", "-a", join(dir, "utmp")).stdout) as { type: string; date: string }[];
    const text = run("who", "-a", join(dir, "utmp")).stdout.trimEnd().split("\n");
    expect(rows).toHaveLength(text.length);
    for (const r of rows) expect(r.date).toMatch(ISO);
    expect(run("who", "--csv", "-b", join(dir, "utmp")).stdout.split("\r\n")[1]).toMatch(/^BOOT_TIME,2,,~~,reboot,~,/);
    expect(run("who", "--json", "--csv", join(dir, "utmp")).status).toBe(2);
  });
});

describe("detect --json", () => {
  it("names each file's layout in the order given", () => {
    const files = [join(FIXTURES, "plaso", "utmp_s390"), join(FIXTURES, "s4", "FreeBSD14.0", "x86_64", "utx.log")];
    const rows = JSON.parse(run("detect", "--json", ...files).stdout) as { file: string; layout: string; confidence: number }[];
    expect(rows.map((r) => [r.file, r.layout])).toStrictEqual([[files[0], "linux400-be"], [files[1], "utxlog"]]);
    for (const r of rows) expect(r.confidence).toBeGreaterThanOrEqual(0.9);
  });
});
