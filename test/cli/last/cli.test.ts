// `utmpx last` in-process: argument parsing (getopt as last uses it), files,
// and the whole output for the generated fixture.
import { describe, it, expect } from "vitest";
import { existsSync, readFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { last, parseLastArgs } from "../../../src/cli/last.ts";
import { sinkContext } from "../../support/outputSink.ts";
import { runLast } from "../../support/last/runLast.ts";

const FIXTURE = new URL("../../fixtures/generated-glibc-x86_64/wtmp", import.meta.url).pathname;
const SHARED = new URL("../../../../shared/corpus/generated-glibc-x86_64/", import.meta.url).pathname;

/** `utmpx last` in-process; `env.TZ` undefined: no zone set. */
const run = (argv: string[], env: { TZ?: string } = { TZ: "UTC" }) => runLast(argv, env.TZ);

describe("parseLastArgs", () => {
  it("reads bundled short options, -<digits>, repeated -f and operands anywhere", () => {
    const a = parseLastArgs(["-Fwx", "-f", "a", "root", "-fb", "-12", "--time-format=iso", "tty1"]);
    expect(a.files).toEqual(["a", "b"]);
    expect(a.operands).toEqual(["root", "tty1"]);
    expect(a.options.get("limit")).toBe("12");
    expect(a.options.has("fulltimes") && a.options.has("fullnames") && a.options.has("system")).toBe(true);
    expect(a.options.get("time-format")).toBe("iso");
  });
  it("accepts unique long prefixes and -n with -<digits> as last adds them", () => {
    expect(parseLastArgs(["--sys", "--lim", "3"]).options.get("limit")).toBe("3");
    expect(parseLastArgs(["-n", "3", "-5"]).options.get("limit")).toBe("35");
    expect(() => parseLastArgs(["--full"])).toThrow(/ambiguous/);
    expect(() => parseLastArgs(["-q"])).toThrow(/invalid option/);
  });
});

describe("utmpx last", () => {
  it.skipIf(!existsSync(SHARED))("prints what util-linux last -F -w -x -i prints", async () => {
    const r = await run(["-f", FIXTURE, "-F", "-w", "-x", "-i"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(SHARED + "wtmp.last-Fwxi.txt", "latin1"));
  });

  it("limits rows with -n and -<number>, keeping the begins line", async () => {
    const r = await run(["-f", FIXTURE, "-3"]);
    expect(r.stdout.split("\n")).toHaveLength(3 + 3);
    expect(r.stdout).toMatch(/\nwtmp begins Sat Mar  9 08:00:00 2024\n$/);
    expect((await run(["-f", FIXTURE, "-n", "2"])).stdout.split("\n")).toHaveLength(2 + 3);
  });

  it("filters by user and by tty (with or without 'tty')", async () => {
    const users = (await run(["-f", FIXTURE, "alice"])).stdout.split("\n").filter((l) => l && !l.includes("begins"));
    expect(users).toHaveLength(2);
    expect(users.every((l) => l.startsWith("alice "))).toBe(true);
    const ttys = (await run(["-f", FIXTURE, "7"])).stdout.split("\n").filter((l) => l && !l.includes("begins"));
    expect(ttys).toEqual([expect.stringMatching(/^alice +tty7 /)]);
  });

  it("reads --since/--until/--present in the --tz zone", async () => {
    const since = (await run(["-f", FIXTURE, "-s", "2024-03-09 08:10", "-R"])).stdout;
    expect(since).not.toContain("bob");
    expect(since).toContain("erin");
    const berlin = (await run(["-f", FIXTURE, "--tz", "Europe/Berlin", "-p", "2024-03-09 09:05", "-R"])).stdout;
    expect(berlin).toContain("bob      pts/0        Sat Mar  9 09:02 - 09:09");
    expect(berlin).not.toContain("erin");
  });

  it("rejects bad values with last's messages, as usage errors (status 2; util-linux last exits 1)", async () => {
    const soon = await run(["-f", FIXTURE, "-s", "soon"]);
    expect(soon.stderr).toContain('invalid time value "soon"');
    expect(soon.status).toBe(2);
    expect((await run(["-f", FIXTURE, "--time-format", "long"])).stderr).toContain("unknown time format: long");
    expect((await run(["-f", FIXTURE, "-F", "--time-format", "iso"])).status).toBe(2);
  });

  // util-linux reads -n with strtos32_or_err: "-n 99999999999" is refused, not taken as no limit
  it("refuses a -n count outside an int as last does; -<digits> wrap as last's loop adds them", async () => {
    for (const n of ["99999999999", "2147483648", "-2147483649"]) {
      const r = await run(["-f", FIXTURE, "-n", n]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`failed to parse number: '${n}': Numerical result out of range`);
    }
    const whole = (await run(["-f", FIXTURE])).stdout;
    expect((await run(["-f", FIXTURE, "-n", "2147483647"])).stdout).toBe(whole);
    expect((await run(["-f", FIXTURE, "-n", "-5"])).stdout).toBe(whole); // negative: no limit, as last's unsigned compare
    // 4294967298 wraps to 2 in last's int, as util-linux 2.38.1 last -4294967298 shows two rows
    expect((await run(["-f", FIXTURE, "-4294967298"])).stdout).toBe((await run(["-f", FIXTURE, "-n", "2"])).stdout);
  });

  // util-linux's -d prints getnameinfo()'s name for the address, the numeric address when DNS
  // has none (these documentation addresses have none anywhere): the stored -i output
  it.skipIf(!existsSync(SHARED))("-d prints the address as -i does, as util-linux last -d where DNS has no name", async () => {
    const r = await run(["-f", FIXTURE, "-F", "-w", "-x", "-d"]);
    expect(r.stdout).toBe(readFileSync(SHARED + "wtmp.last-Fwxi.txt", "latin1"));
  });

  it("--help names the command, lastb's its btmp, and lists the options it takes", async () => {
    for (const lastb of [false, true]) {
      const { out, ctx } = sinkContext();
      expect(await last(parseLastArgs(["--help"]), ctx, { lastb })).toBe(0);
      ctx.stdout.flush();
      expect(out.text).toContain(lastb ? " utmpx lastb [options]" : " utmpx last [options]");
      expect(out.text).toContain(lastb ? "the system's btmp" : "the system's wtmp");
      for (const option of ["-d, --dns", "--json", "--tz <zone>"]) expect(out.text).toContain(option);
      expect(out.text.includes("--follow")).toBe(!lastb); // lastb does not follow
    }
  });

  // glibc 2.40 reads ut_tv.tv_sec unsigned; util-linux 2.38 on glibc 2.36 prints these as 1901 (README: differences)
  it("reads 384-byte times past 2038 unsigned", async () => {
    const record = (type: number, user: string, line: string, seconds: number) => {
      const b = new Uint8Array(384);
      const v = new DataView(b.buffer);
      v.setInt16(0, type, true);
      v.setInt32(4, 1000, true);
      b.set(new TextEncoder().encode(line), 8);
      b.set(new TextEncoder().encode(user), 44);
      v.setUint32(340, seconds, true);
      return b;
    };
    const dir = mkdtempSync(join(tmpdir(), "utmpx-last-"));
    const file = join(dir, "wtmp");
    writeFileSync(file, Buffer.concat([record(7, "bob", "pts/2", 0x80000010), record(8, "", "pts/2", 0x80000100), record(7, "carol", "pts/3", 0xfffffff0)]));
    const r = await run(["-F", "-f", file]);
    expect(r.stdout).toContain("bob      pts/2                         Tue Jan 19 03:14:24 2038 - Tue Jan 19 03:18:24 2038  (00:04)");
    expect(r.stdout).toContain("carol    pts/3                         Sun Feb  7 06:28:00 2106   gone - no logout");
  });

  it("reads several files, .gz too, as one history oldest first", async () => {
    const bytes = readFileSync(FIXTURE);
    const dir = mkdtempSync(join(tmpdir(), "utmpx-last-"));
    // the first 10 records in wtmp.1.gz, the rest in wtmp: given newest first
    writeFileSync(join(dir, "wtmp.1.gz"), gzipSync(bytes.subarray(0, 384 * 10)));
    writeFileSync(join(dir, "wtmp"), bytes.subarray(384 * 10));
    const split = await run(["-f", join(dir, "wtmp"), "-f", join(dir, "wtmp.1.gz"), "-x"]);
    const whole = await run(["-f", FIXTURE, "-x"]);
    expect(split.stdout.replace("wtmp.1.gz begins", "wtmp begins")).toBe(whole.stdout);
  });
});
