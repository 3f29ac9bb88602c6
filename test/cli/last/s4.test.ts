// `last` text against the captures the s4 author made on the original Linux
// machines (the `text` of the native_tool_output_on_original_system record in
// each <file>.expected.json). Local time there was US Pacific: every "begins"
// line is the first record's time at UTC-8 (UTC-7 in March-November), so
// TZ=America/Los_Angeles. The options are read off each capture's columns.
//
// Two things cannot come from the file alone, and each case says what it does:
// - sessions still open on the machine: util-linux checked the live system
//   (the pid's loginuid, the tty's owner) and printed "still logged in" for
//   some and "gone - no logout" for others; the cases answer that check as the
//   machine did, through sessions()'s liveSystem/isPhantom.
// - the s4 author anonymised addresses in the text (192.168.100.254) but not
//   the binary ut_addr_v6 (192.168.124.180): with -i our text is mapped back.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { open } from "../../../src/index.ts";
import { sessions } from "../../../src/sessions/sessions.ts";
import { formatLast, type LastFormatOptions } from "../../../src/format/last.ts";

const S4 = new URL("../../fixtures/s4/", import.meta.url).pathname;

function capture(file: string): string {
  const json = JSON.parse(readFileSync(S4 + file + ".expected.json", "utf8")) as { expected: { kind: string; text?: string }[] };
  const text = json.expected.find((e) => e.kind === "native_tool_output_on_original_system")?.text;
  if (text === undefined) throw new Error(`${file}: no capture`);
  return text;
}

interface Case {
  file: string;
  options: LastFormatOptions;
  /** ttys whose open session the machine reported "still logged in" */
  alive: string[];
  why: string;
  /** rows of ours, newest first, written after the capture was made */
  skipNewest?: number;
  lastb?: boolean;
}

const CASES: Case[] = [
  { file: "Debian11/aarch64_ARMv6/utmp", options: { fullTimes: true, hostLast: true, extended: true }, alive: [], why: "last -F -a -x -f utmp" },
  { file: "Debian11/aarch64_ARMv6/wtmp", options: { fullTimes: true, hostLast: true }, alive: [], why: "last -F -a" },
  { file: "Debian11/armv6l_ARMv6/utmp", options: { hostLast: true, ip: true, extended: true }, alive: ["pts/0"], why: "last -a -i -x -f utmp (0.0.0.0 for the boot rows)" },
  // the capture was made before the newest session (dietpi on pts/1 from ::1,
  // 20:36) was written: the file has one row more at the top
  { file: "Debian11/armv6l_ARMv6/wtmp", options: { hostLast: true }, alive: ["pts/0"], why: "last -a", skipNewest: 1 },
  { file: "Debian11/armv7l_ARMv6/wtmp", options: { fullTimes: true, hostLast: true }, alive: [], why: "last -F -a" },
  { file: "Debian13/RISC-V/utmp", options: { fullTimes: true, extended: true }, alive: ["pts/0"], why: "last -F -x -f utmp" },
  { file: "Debian13/RISC-V/wtmp", options: { fullTimes: true, extended: true }, alive: ["pts/0"], why: "last -F -x" },
  { file: "Ubuntu22/x86_64/wtmp", options: {}, alive: ["pts/1", "tty2"], why: "last" },
  { file: "Ubuntu22/x86_64/btmp.1", options: {}, alive: [], why: "lastb -f btmp.1", lastb: true },
];

describe("last on the s4 Linux captures (TZ=America/Los_Angeles)", () => {
  for (const c of CASES) {
    it(`${c.file}: ${c.why}`, () => {
      const entries = [...open(S4 + c.file)];
      const rows = sessions(entries, {
        now: 1_900_000_000,
        liveSystem: true,
        isPhantom: (s) => !c.alive.includes(s.line),
        lastb: c.lastb === true,
      });
      const name = c.file.split("/").pop()!;
      let ours = Buffer.from(formatLast(rows, {
        timeZone: "America/Los_Angeles", begins: { file: name, seconds: entries[0]!.seconds }, ...c.options,
      })).toString("latin1");
      if (c.options.ip) ours = ours.replaceAll("192.168.124.180", "192.168.100.254");
      if (c.skipNewest) ours = ours.split("\n").slice(c.skipNewest).join("\n");
      expect(ours.trimEnd()).toBe(capture(c.file).trimEnd());
    });
  }
});
