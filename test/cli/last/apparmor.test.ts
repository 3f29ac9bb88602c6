// `last` text against the `last` outputs stored with apparmor's wtmp examples
// (GPL, read from ../shared/corpus/apparmor/ when present). The notes in each
// <file>.expected.json say how each was made.
import { describe, it, expect } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { open } from "../../../src/index.ts";
import { sessions } from "../../../src/sessions/sessions.ts";
import { formatLast, type LastFormatOptions } from "../../../src/format/last.ts";

const DIR = new URL("../../../../shared/corpus/apparmor/", import.meta.url).pathname;
const have = existsSync(DIR + "wtmp-s390x");
if (!have) console.warn(`test/cli/last: ${DIR} is absent; apparmor's stored last outputs are not compared`);

// "now" for these runs: long after every record, so that a boot with no later
// shutdown is "still running" as it was when the captures were made
const NOW = 1_900_000_000;

function last(file: string, name: string, options: LastFormatOptions): string {
  const entries = [...open(DIR + file)];
  const rows = sessions(entries, { now: NOW });
  return Buffer.from(formatLast(rows, { begins: { file: name, seconds: entries[0]!.seconds }, ...options })).toString("latin1");
}

describe.skipIf(!have)("last on apparmor's wtmp examples", () => {
  it("wtmp-s390x: `last` on the original machine (TZ=America/New_York, German footer)", () => {
    // The capture is a terminal transcript: a prompt line before and after, and
    // the footer in German ("beginnt"). The newest session was still open on
    // the live machine ("still logged in"); read as a file it is "gone - no logout".
    const stored = readFileSync(DIR + "wtmp-s390x-expected-output", "latin1").split("\n");
    const expected = stored.filter((l) => !l.includes("@opensuse03:"))
      .join("\n").replace(" beginnt ", " begins ")
      .replace("Thu Jul 15 13:06   still logged in", "Thu Jul 15 13:06    gone - no logout");
    expect(last("wtmp-s390x", "wtmp", { timeZone: "America/New_York" })).toBe(expected);
  });

  it("wtmp-x86_64: `last -f wtmp-x86_64` (CEST)", () => {
    expect(last("wtmp-x86_64", "wtmp-x86_64", { timeZone: "Europe/Berlin" }))
      .toBe(readFileSync(DIR + "wtmp-x86_64-expected", "latin1"));
  });

  it("wtmp-x86_64-past: `last` (CET)", () => {
    expect(last("wtmp-x86_64-past", "wtmp-x86_64-past", { timeZone: "Europe/Berlin" }))
      .toBe(readFileSync(DIR + "wtmp-x86_64-past-expected", "latin1"));
  });

  it("wtmp-aarch64: the one line quoted from a bug report (UTC)", () => {
    // the stored file is a note with one line of `last` output, not a whole run
    const line = readFileSync(DIR + "wtmp-aarch64-expected-output", "latin1").split("\n")[0]!;
    expect(last("wtmp-aarch64", "wtmp", { timeZone: "UTC" }).split("\n")).toContain(line);
  });
});
