// The core's pairing (assembly/lastPairs.ts, src/sessions/corePairs.ts) hands
// its state to the JavaScript pairer at what it does not do: these files make
// it do so in the middle of a batch, after several batches, with -n, and at a
// second file of another layout. Each is run with the core pairing and without
// it (LastRunOptions.corePairing false): the text, warnings and status must be
// the same. test/cli/last/corePairing.test.ts compares the two on random files.
import { describe, it, expect, vi } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findLayout } from "../../src/index.ts";
import type { Layout } from "../../src/layouts/table.ts";
import { buildFile, type RecordValues } from "../support/fixtureBuilder.ts";
import { runLast } from "../support/last/runLast.ts";
import { pairingFile } from "../support/last/pairingRecords.ts";
import { SessionPairer } from "../../src/sessions/pairer.ts";
import { crowdingNames, liveSlotSeed } from "../support/coreSlots.ts";
import { engine } from "../../src/core/engine.ts";

function layoutOf(id: string): Layout {
  const layout = findLayout(id);
  if (!layout) throw new Error(`no layout ${id}`);
  return layout;
}
const GLIBC = layoutOf("linux384-le");
const dir = mkdtempSync(join(tmpdir(), "utmpx-core-pairs-"));
const T0 = 1_700_000_000;
const USER = 7, DEAD = 8, BOOT = 2, RUN_LVL = 1;

function file(name: string, records: RecordValues[], layout = GLIBC): string {
  const path = join(dir, name);
  writeFileSync(path, buildFile(layout, records));
  return path;
}

/** Logins and logouts on `lines` lines, oldest first, a boot every `bootEvery` records. */
function sessions(count: number, lines: number, from = T0, bootEvery = 0): RecordValues[] {
  const out: RecordValues[] = [];
  for (let k = 0; k < count; k++) {
    const seconds = from + k * 60;
    if (bootEvery && k % bootEvery === 0) { out.push({ type: BOOT, user: "reboot", line: "~", seconds }); continue; }
    const line = `pts/${k % lines}`;
    out.push(k % 3 === 2 ? { type: DEAD, line, seconds, pid: k } : { type: USER, user: `u${k % 17}`, line, host: `h${k % 5}.example`, seconds, pid: k });
  }
  return out;
}

async function both(argv: string[], tz = "UTC") {
  const js = await runLast(argv, tz, { corePairing: false });
  const core = await runLast(argv, tz);
  expect(core.stdout).toBe(js.stdout);
  expect(core.stderr).toBe(js.stderr);
  expect(core.status).toBe(js.status);
  return core;
}

describe("last: the core's pairing hands over to the JavaScript pairer", () => {
  it("at a logout without a line, in the middle of a file of several batches", async () => {
    const records = sessions(12_000, 40, T0, 997);
    // older than the newest 7,000 records: met after the core paired a batch or more
    records.splice(5_000, 0, { type: DEAD, id: "s/3", seconds: T0 + 5_000 * 60 - 30 }, { type: USER, user: "bsd", line: "", id: "s/3", seconds: T0 + 5_000 * 60 - 90 });
    const path = file("lineless.wtmp", records);
    for (const argv of [["-x"], ["-F", "-w", "-x", "-i"], ["-x", "-n", "6500"]]) {
      const r = await both(["-f", path, ...argv]);
      expect(r.stdout).toMatch(/system boot/);
    }
    await both(["-f", path, "-x"], "America/New_York");
  });

  it("when more lines wait than its table holds (logouts whose logins are older)", async () => {
    const records: RecordValues[] = [];
    // 40,000 logins, then their 40,000 logouts: read newest first, the logouts wait on 40,000 lines
    for (let k = 0; k < 40_000; k++) records.push({ type: USER, user: "w", line: `l${k}`, seconds: T0 + k });
    for (let k = 0; k < 40_000; k++) records.push({ type: DEAD, line: `l${k}`, seconds: T0 + 100_000 + k });
    const path = file("waiting.wtmp", records);
    const r = await both(["-f", path, "-F"]);
    // every login closed by its own logout
    expect(r.stdout.match(/ - /g)?.length).toBe(40_000);
    expect(r.stdout).not.toMatch(/gone|still/);
  });

  it("finds each of 30,000 lines waiting in its table, in runs of neighbouring slots", async () => {
    // 30,000 logins, then their logouts in a shuffled order: read newest first, 30,000 lines wait
    // (no hand-over), then each login finds its own
    const records: RecordValues[] = [];
    for (let k = 0; k < 30_000; k++) records.push({ type: USER, user: "w", line: `t${k}`, seconds: T0 + k });
    const order = Array.from({ length: 30_000 }, (_, k) => (k * 7_919) % 30_000);
    for (const k of order) records.push({ type: DEAD, line: `t${k}`, seconds: T0 + 100_000 + k });
    const r = await both(["-f", file("drops.wtmp", records), "-F"]);
    expect(r.stdout.match(/ - /g)?.length).toBe(30_000);
    expect(r.stdout).not.toMatch(/gone|still/);
  });

  it("at an unknown type (last's warning), a runlevel byte outside ASCII and a time past its reach", async () => {
    for (const odd of [{ type: 42, user: "x", line: "pts/1" }, { type: RUN_LVL, user: "runlevel", line: "~", pid: 0x1ff }, { type: USER, user: "far", line: "pts/2", seconds: 2 ** 40 }]) {
      const records = sessions(9_000, 30, T0, 1_500);
      records.splice(4_500, 0, { seconds: T0 + 4_500 * 60 - 10, ...odd });
      // 64-bit times (2^40 s fits)
      await both(["-f", file("odd.wtmp", records, layoutOf("linux400-le")), "-x"]);
      await both(["-f", file("odd.wtmp", records, layoutOf("linux400-le")), "-x", "-F"], "Europe/Berlin");
    }
  });

  it("at an older file of a layout it does not pair (Solaris), and on through one it does (libc5's 12-byte lines)", async () => {
    const newer = file("newer.wtmp", sessions(6_000, 20, T0, 1_100));
    for (const [name, layout] of [["solaris.wtmpx", "solaris372-le"], ["libc5.wtmp", "libc5-56-le"]] as const) {
      const older = file(name, sessions(3_000, 20, T0 - 1_000_000, 700), layoutOf(layout));
      const r = await both(["-x", "-f", older, "-f", newer]);
      expect(r.stdout).toMatch(/newer.wtmp|begins/);
      await both(["-x", "-n", "5000", "-f", older, "-f", newer]);
    }
  });

  it("on the live system, checks the logins it lists as gone as the JavaScript pairer does", async () => {
    // a check that says some logins are running: by user, pid and line, so both answers come up
    const checks: string[] = [];
    const liveCheck = (s: { user: string; line: string; pid: number; seconds: number }) => {
      checks.push(`${s.user}|${s.line}|${s.pid}|${s.seconds}`);
      return !(s.user.startsWith("r") || s.pid % 3 === 0 || s.line === "tty1");
    };
    for (const seed of [1, 2, 3]) {
      const path = join(dir, `live-${seed}.wtmp`);
      writeFileSync(path, pairingFile(seed, { count: 3_000 }));
      for (const argv of [["-x"], ["-F", "-w", "-i"], ["-n", "40"]]) {
        checks.length = 0;
        const js = await runLast(["-f", path, ...argv], "UTC", { corePairing: false, liveCheck });
        const jsChecks = checks.splice(0);
        const core = await runLast(["-f", path, ...argv], "UTC", { liveCheck });
        expect(core).toEqual(js);
        // the same logins asked about, in the same order
        expect(checks).toEqual(jsChecks);
      }
      const rows = (await runLast(["-f", path], "UTC", { liveCheck })).stdout;
      expect(rows).toMatch(/still logged in/);
      expect(rows).toMatch(/gone - no logout/);
    }
  });

  it("stops at -n rows across batches, as the JavaScript pairer does", async () => {
    const path = file("limit.wtmp", sessions(20_000, 25, T0, 3_001));
    for (const n of ["1", "4095", "4096", "9999"]) {
      const r = await both(["-f", path, "-n", n]);
      expect(r.stdout.split("\n").length).toBe(Number(n) + 3);
    }
  });

  it("hands over when lines fall on neighbouring slots of its table, not probing thousands of slots a record", async () => {
    // 30,000 lines whose probes start in the first 4,096 of the table's 65,536 slots, under this
    // process's seed (a file cannot know it: test/core/slotSeed.test.ts): one run of 30,000 taken
    // slots, which each record's line was looked for along (10 s for 135 MB with a fixed seed,
    // the JavaScript pairer 1.4 s)
    const lines = crowdingNames("c", 30_000, 0xffff, 4_096, liveSlotSeed());
    const records: RecordValues[] = [];
    let seconds = T0;
    for (let round = 0; round < 2; round++) for (const line of lines) records.push({ type: USER, user: "u", line, seconds: seconds++ });
    for (const line of lines) records.push({ type: DEAD, line, seconds: seconds++ });
    const path = file("crafted.wtmp", records);
    const takeOver = vi.spyOn(SessionPairer.prototype, "takeOver");
    try {
      const r = await both(["-f", path]);
      expect(r.stdout.match(/ - /g)?.length).toBe(60_000);
      // the host's pairer took the file over from the core, which looked at no more than 256 slots for a line
      expect(takeOver).toHaveBeenCalled();
      expect(engine().lastPairs().steps).toBeLessThan(30_000 * 300);
    } finally {
      takeOver.mockRestore();
    }
  });
});
