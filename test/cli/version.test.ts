// The CLI's own surface: --version, --sample where a wtmp is read, --tz, and
// errors in the CLI's words. Runs the built dist/cli/main.js.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, REPO } from "../support/paths.ts";

const CLI = join(REPO, "dist", "cli", "main.js");
const DIR = join(FIXTURES, "generated-glibc-x86_64");
const SAMPLE = join(REPO, "samples", "wtmp");
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env: { ...process.env, TZ: "UTC" } });

describe("utmpx --version", () => {
  it("prints the package's version, from the bundle", () => {
    const { version } = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-V"]) {
      const r = run(flag);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`utmpx ${version}\n`);
    }
  });
});

describe("--sample", () => {
  it("reads the bundled sample in every command that reads a wtmp", () => {
    // dump, json and detect share one input path (forEachInput); last and who each choose their own
    expect(run("detect", "--sample").stdout).toBe(run("detect", SAMPLE).stdout);
    expect(run("last", "--sample", "-x").stdout).toBe(run("last", "-x", "-f", SAMPLE).stdout);
    expect(run("who", "--sample", "-a").stdout).toBe(run("who", "-a", SAMPLE).stdout);
  });

  it("is refused, in one line and status 2, where there is no wtmp to read", () => {
    for (const args of [["lastb", "--sample"], ["add", "--boot", "--sample"], ["dump", "-r", "--sample"]]) {
      const r = run(...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^utmpx: --sample reads the bundled sample wtmp: it goes with dump, json, detect, last and who/);
    }
  });
});

describe("--tz", () => {
  it("refuses a zone it does not know, in one line, status 2", () => {
    for (const args of [["last", "-f", join(DIR, "wtmp")], ["lastb", "-f", join(DIR, "btmp")], ["who", join(DIR, "utmp")]]) {
      const r = run(...args, "--tz", "Nowhere/Zone");
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe("utmpx: unknown time zone 'Nowhere/Zone' (--tz takes an IANA name such as Europe/Berlin, a POSIX rule such as JST-9, or UTC)\n");
    }
  });

  it("takes a POSIX rule: JST-9 prints the times Asia/Tokyo does (+9, no summer time)", () => {
    const posix = run("last", "-F", "-f", join(DIR, "wtmp"), "--tz", "JST-9");
    expect(posix.status).toBe(0);
    expect(posix.stdout).toBe(run("last", "-F", "-f", join(DIR, "wtmp"), "--tz", "Asia/Tokyo").stdout);
    expect(posix.stdout).not.toBe(run("last", "-F", "-f", join(DIR, "wtmp"), "--tz", "UTC").stdout);
  });

  it("takes IANA names, UTC aliases and TZ's leading colon", () => {
    expect(run("who", "-b", "--tz", ":Europe/Berlin", join(DIR, "utmp")).stdout).toBe("         system boot  2024-03-09 09:00\n");
    expect(run("who", "-b", "--tz", "UTC0", join(DIR, "utmp")).stdout).toBe("         system boot  2024-03-09 08:00\n");
  });

  it("reads an unknown TZ as UTC, as glibc does, rather than failing", () => {
    const r = spawnSync(process.execPath, [CLI, "who", "-b", join(DIR, "utmp")], { encoding: "utf8", env: { ...process.env, TZ: "Nowhere/Zone" } });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("         system boot  2024-03-09 08:00\n");
  });
});

describe("errors in the CLI's words", () => {
  it("says --layout, not the API's { layout }", () => {
    const readme = join(DIR, "README.md");
    for (const args of [["dump", readme], ["who", readme], ["last", "-f", readme]]) {
      const r = run(...args);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("Use --layout ID to force one.");
      expect(r.stderr).not.toContain("{ layout }");
    }
  });
});
