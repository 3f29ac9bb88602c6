// last, lastb and who in the locale of the environment, as util-linux last and
// coreutils who read it: non-ASCII bytes of names as "\ooo" outside a UTF-8
// LC_CTYPE, who's short times in a C/POSIX LC_TIME, and the C locale for all
// when any category names a locale that is not installed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { archiveNames, cliLocale, installedLocale } from "../../src/cli/locale.ts";
import { encode } from "../../src/write/encode.ts";
import { whoText } from "../../src/format/who.ts";
import { fromBytes } from "../../src/index.ts";
import { FIXTURES, REPO } from "../support/paths.ts";

const installed = (name: string) => ["C", "POSIX", "C.UTF-8", "C.utf8", "de_DE.UTF-8"].includes(name);
const locale = (env: Record<string, string>) => cliLocale(env, installed);

describe("cliLocale", () => {
  it("takes LC_ALL, else the category, else LANG, else C; empty counts as unset", () => {
    expect(locale({})).toStrictEqual({ utf8: false, hardTime: false });
    expect(locale({ LANG: "C.UTF-8" })).toStrictEqual({ utf8: true, hardTime: true });
    expect(locale({ LANG: "C.UTF-8", LC_ALL: "C" })).toStrictEqual({ utf8: false, hardTime: false });
    expect(locale({ LANG: "C.UTF-8", LC_CTYPE: "C" })).toStrictEqual({ utf8: false, hardTime: true });
    expect(locale({ LANG: "C", LC_CTYPE: "C.utf8" })).toStrictEqual({ utf8: true, hardTime: false });
    expect(locale({ LANG: "C", LC_TIME: "de_DE.UTF-8" })).toStrictEqual({ utf8: false, hardTime: true });
    expect(locale({ LC_ALL: "", LANG: "C.UTF-8" })).toStrictEqual({ utf8: true, hardTime: true });
    expect(locale({ LANG: "POSIX" })).toStrictEqual({ utf8: false, hardTime: false });
  });

  it("is C for every category when any names a locale that is not installed", () => {
    expect(locale({ LANG: "en_US.UTF-8" })).toStrictEqual({ utf8: false, hardTime: false });
    expect(locale({ LC_CTYPE: "C.UTF-8", LC_TIME: "xx_XX.UTF-8" })).toStrictEqual({ utf8: false, hardTime: false });
    expect(locale({ LANG: "C.UTF-8", LC_MESSAGES: "nowhere" })).toStrictEqual({ utf8: false, hardTime: false });
  });
});

describe("installed locales", () => {
  it.skipIf(!existsSync("/usr/lib/locale/C.utf8/LC_CTYPE"))("finds a locale directory by its name or its normalised codeset", () => {
    expect(installedLocale("C.UTF-8", () => new Set())).toBe(true);
    expect(installedLocale("C.utf8", () => new Set())).toBe(true);
    expect(installedLocale("xx_XX.UTF-8", () => new Set())).toBe(false);
    expect(installedLocale("../../tmp", () => new Set())).toBe(false);
  });

  it("finds names in glibc's locale-archive (normalised there)", () => {
    expect(installedLocale("de_DE.UTF-8", () => new Set(["de_DE.utf8"]))).toBe(true);
    expect(installedLocale("de_DE.ISO-8859-1", () => new Set(["de_DE.iso88591"]))).toBe(true);
    // a locarhead (magic, serial, namehash offset/used/size, string offset/used/size) and its string table
    const strings = Buffer.from("C.utf8\0de_DE.utf8\0en_US.utf8\0");
    const head = Buffer.alloc(56);
    [0xde020109, 1, 56, 0, 0, 56, strings.length, strings.length].forEach((v, i) => head.writeUInt32LE(v, i * 4));
    const file = join(mkdtempSync(join(tmpdir(), "utmpx-locale-")), "locale-archive");
    writeFileSync(file, Buffer.concat([head, strings]));
    expect([...archiveNames(file)]).toStrictEqual(["C.utf8", "de_DE.utf8", "en_US.utf8"]);
    expect(archiveNames("/nonexistent/locale-archive").size).toBe(0);
  });
});

describe("who's time format", () => {
  it("is %b %e %H:%M, 12 columns wide, in C/POSIX", () => {
    const db = fromBytes(encode([{ type: "USER_PROCESS", user: "jürgen", line: "pts/1", host: "münchen", seconds: 1_709_971_200 }], "linux384-le"));
    expect(whoText(db, { timeFormat: "posix", heading: true, all: true })).toBe(
      "NAME       LINE         TIME         IDLE          PID COMMENT  EXIT\n" +
      "jürgen  ? pts/1        Mar  9 08:00   ?             0 (münchen)\n");
  });
});

// the real tools, where installed: byte for byte in each environment
const CLI = join(REPO, "dist", "cli", "main.js");
const DIR = join(FIXTURES, "generated-glibc-x86_64");
const have = (tool: string) => spawnSync(tool, ["--version"]).status === 0;
const ENVS: Record<string, string>[] = [
  { LC_ALL: "C" }, { LANG: "C.UTF-8" }, {}, { LANG: "xx_XX.UTF-8" },
  { LC_CTYPE: "C.UTF-8", LC_TIME: "xx_XX.UTF-8" }, { LANG: "C.UTF-8", LC_CTYPE: "C" }, { LANG: "C", LC_TIME: "C.UTF-8" },
];
function runIn(env: Record<string, string>, command: string, args: string[]) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(LC_|LANG$|LANGUAGE$)/.test(k)));
  return spawnSync(command, args, { env: { ...base, ...env, TZ: "UTC" } }).stdout;
}

describe.skipIf(!have("last") || !have("who") || !existsSync(CLI))("against util-linux last and coreutils who", () => {
  // a utmp whose user and host are not ASCII, written by the package's own encoder
  const utmp = join(mkdtempSync(join(tmpdir(), "utmpx-locale-")), "utmp");
  writeFileSync(utmp, encode([
    { type: "BOOT_TIME", user: "reboot", line: "~", id: "~~", seconds: 1_709_971_000 },
    { type: "USER_PROCESS", user: "jürgen", line: "pts/1", id: "ts/1", host: "münchen.例", pid: 42, seconds: 1_709_971_200 },
  ], "linux384-le"));

  for (const env of ENVS) {
    it(JSON.stringify(env), () => {
      for (const [tool, args] of [["last", ["-Fwx", "-f", join(DIR, "wtmp")]], ["lastb", ["-w", "-f", join(DIR, "btmp")]],
        ["who", ["-aH", utmp]]] as const) {
        expect(runIn(env, process.execPath, [CLI, tool, ...args]).toString("latin1"), `${tool} ${args.join(" ")}`)
          .toBe(runIn(env, tool, [...args]).toString("latin1"));
      }
    });
  }
});
