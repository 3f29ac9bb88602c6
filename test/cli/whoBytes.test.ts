// `utmpx who` prints a record's names and host as their bytes, as coreutils
// who does: valid UTF-8, invalid UTF-8 (a Latin-1 name) and control bytes
// alike, padded by bytes. Compared byte for byte with the installed coreutils
// who on the same utmp, in a UTF-8 and in the C locale.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encode } from "../../src/write/encode.ts";
import { fromBytes } from "../../src/index.ts";
import { whoBytes, whoText } from "../../src/format/who.ts";
import { REPO } from "../support/paths.ts";

const CLI = join(REPO, "dist", "cli", "main.js");
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const utf8 = (s: string) => new TextEncoder().encode(s);

// lines that are no device: who prints them the same whatever /dev holds
const ENTRIES = [
  { type: "USER_PROCESS" as const, user: latin1("j\xfcrgen"), line: "nodev/1", host: latin1("h\xf6st.example"), pid: 101, seconds: 1_700_000_000 },
  { type: "USER_PROCESS" as const, user: utf8("jörg"), line: "nodev/2", host: utf8("wörk.example"), pid: 102, seconds: 1_700_000_060 },
  { type: "USER_PROCESS" as const, user: latin1("\xff\xfe"), line: latin1("nodev/\xe9"), host: "plain", pid: 103, seconds: 1_700_000_120 },
];

const coreutilsWho = spawnSync("who", ["--version"], { encoding: "utf8" }).status === 0;
const dir = mkdtempSync(join(tmpdir(), "utmpx-who-bytes-"));
const utmp = join(dir, "utmp");
writeFileSync(utmp, encode(ENTRIES, "linux384-le"));

function run(command: string[], env: Record<string, string>): Buffer {
  const r = spawnSync(command[0]!, command.slice(1), { env: { PATH: process.env.PATH ?? "", TZ: "UTC", ...env } });
  expect(r.status, r.stderr.toString()).toBe(0);
  return r.stdout;
}

describe("who prints the records' bytes", () => {
  it("whoBytes keeps each byte; whoText is its UTF-8 reading", () => {
    const db = fromBytes(encode(ENTRIES, "linux384-le"));
    const bytes = whoBytes(db, { all: false });
    expect(Buffer.from(bytes).includes(Buffer.from(latin1("j\xfcrgen")))).toBe(true);
    expect(Buffer.from(bytes).includes(Buffer.from(utf8("jörg")))).toBe(true);
    expect(whoText(db)).toBe(new TextDecoder().decode(bytes));
  });

  for (const env of [{ LANG: "C.UTF-8" }, { LC_ALL: "C" }]) {
    it.skipIf(!coreutilsWho)(`as coreutils who, byte for byte (${JSON.stringify(env)})`, () => {
      for (const options of [[], ["-H"], ["-q"], ["-u"]]) {
        const ours = run([process.execPath, CLI, "who", ...options, utmp], env);
        const theirs = run(["who", ...options, utmp], env);
        expect(ours.toString("latin1"), options.join(" ")).toBe(theirs.toString("latin1"));
      }
    });
  }
});
