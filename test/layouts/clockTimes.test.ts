// Files whose times a clock got wrong are still detected: a machine whose
// clock runs ahead (or an analysis box whose clock is behind) writes records
// after "now"; a device without a real-time clock logs 1970 until NTP answers;
// a record may carry no time at all. util-linux last lists them all; detection
// refused them ("not a utmp/wtmp/btmp file of any known layout") because it
// took a time outside 1980..tomorrow as a contradiction. Now bytes that fit
// nothing get a second look, with a typed record's time left out of its
// judgement (its type, pid and strings still tell the layout); every file the
// first look places is placed as before (the corpus and collision suites).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { detect } from "../../src/index.ts";
import { runLast } from "../support/last/runLast.ts";

/** [type, pid, line, id, user, host, seconds] */
type Spec = [number, number, string, string, string, string, number];

/** glibc x86_64 records (384 bytes), written field by field here, independent of the package's encoder. */
function glibc(specs: readonly Spec[], littleEndian = true): Uint8Array {
  const out = new Uint8Array(specs.length * 384);
  const view = new DataView(out.buffer);
  const text = (at: number, s: string) => out.set(new TextEncoder().encode(s), at);
  specs.forEach(([type, pid, line, id, user, host, seconds], i) => {
    const at = i * 384;
    view.setInt16(at, type, littleEndian);
    view.setInt32(at + 4, pid, littleEndian);
    text(at + 8, line);
    text(at + 40, id);
    text(at + 44, user);
    text(at + 76, host);
    view.setInt32(at + 340, seconds, littleEndian);
  });
  return out;
}

const BOOT = 2, RUN_LVL = 1, LOGIN = 6, USER = 7, DEAD = 8, OLD_TIME = 3, NEW_TIME = 4;
const NOW = new Date("2026-12-02T00:00:00Z");

/** A clock running three years ahead: every record after NOW. */
const AHEAD: Spec[] = [
  [BOOT, 0, "~", "~~", "reboot", "6.1.0", 1893456000],
  [USER, 10, "pts/0", "ts/0", "alice", "10.0.0.1", 1893456100],
  [DEAD, 10, "pts/0", "ts/0", "", "", 1893459700],
];
/** A Raspberry Pi without an RTC: boots at 1970, a login, then NTP steps the clock to 2024. */
const NO_RTC: Spec[] = [
  [BOOT, 0, "~", "~~", "reboot", "6.1.21-v8+", 5],
  [RUN_LVL, 0x35, "~", "~~", "runlevel", "6.1.21-v8+", 9],
  [LOGIN, 400, "tty1", "tty1", "LOGIN", "", 10],
  [USER, 400, "tty1", "tty1", "pi", "", 30],
  [OLD_TIME, 0, "|", "", "date", "", 40],
  [NEW_TIME, 0, "{", "", "date", "", 1710000000],
  [USER, 500, "pts/0", "ts/0", "pi", "192.168.1.10", 1710000100],
  [DEAD, 500, "pts/0", "ts/0", "", "", 1710003700],
  [DEAD, 400, "tty1", "tty1", "", "", 1710003800],
  [BOOT, 0, "~", "~~", "reboot", "6.1.21-v8+", 3],
  [RUN_LVL, 0x35, "~", "~~", "runlevel", "6.1.21-v8+", 8],
];

describe("detection of files with times a clock got wrong", () => {
  it.each([
    ["a clock running ahead", glibc(AHEAD), "linux384-le"],
    ["a clock running ahead, big-endian", glibc(AHEAD, false), "linux384-be"],
    ["a device without a real-time clock (1970, then 2024)", glibc(NO_RTC), "linux384-le"],
    ["one login at time 0", glibc([[USER, 6, "pts/1", "ts/1", "zero", "", 0]]), "linux384-le"],
    ["one login 100 s after the epoch", glibc([[USER, 6, "pts/1", "ts/1", "early", "", 100]]), "linux384-le"],
  ])("%s", (_, bytes, id) => {
    const d = detect(bytes, { now: NOW });
    expect(d.layout?.id, d.candidates.slice(0, 3).map((c) => `${c.layout.id} ${c.score.toFixed(2)}`).join(", ")).toBe(id);
    expect(d.confidence).toBeGreaterThan(0.5);
  });

  it("still refuses bytes that fit no layout", () => {
    const text = new TextEncoder().encode("#!/bin/sh\n# not a login record, whatever the clock\n".repeat(40));
    expect(detect(text, { now: NOW }).layout).toBeUndefined();
    let seed = 7;
    const noise = Uint8Array.from({ length: 384 * 20 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    expect(detect(noise, { now: NOW }).layout).toBeUndefined();
  });

  it("leaves the first look's times judged: a glibc login read as FreeBSD's big-endian utx has a 1970 time", () => {
    // with the times left out from the start, futx197 took this file (its partial record only cost it 10 %)
    const d = detect(glibc([[USER, 6, "pts/1", "ts/1", "zero", "", 0]]), { now: NOW });
    expect(d.candidates[0]!.layout.id).toBe("linux384-le");
  });
});

const dir = mkdtempSync(join(tmpdir(), "utmpx-clock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const lastPresent = spawnSync("last", ["--version"]).status === 0;

describe.skipIf(!lastPresent)("utmpx last on such files, against util-linux last", () => {
  it.each([["ahead", AHEAD], ["no-rtc", NO_RTC]] as const)("%s", async (name, specs) => {
    const path = join(dir, name);
    writeFileSync(path, glibc(specs));
    const theirs = spawnSync("last", ["-x", "-F", "-f", path], { env: { PATH: process.env.PATH, TZ: "UTC", LC_ALL: "C" }, encoding: "latin1" });
    expect(theirs.status).toBe(0);
    const ours = await runLast(["-x", "-F", "-f", path], "UTC");
    expect(ours.stderr).toBe("");
    expect(ours.stdout).toBe(theirs.stdout);
  });
});
