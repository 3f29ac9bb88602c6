// `utmpx last` pairs logins and logouts in two ways: in the WebAssembly core
// where it can (Linux layouts, text output, no operands, no --present), handing
// its state over to the JavaScript pairer (src/sessions/pairer.ts) when it meets
// a record it does not pair itself; and in the JavaScript pairer alone
// (LastRunOptions.corePairing: false). Both must print the same bytes, warn the
// same and exit the same, on:
//   - random wtmp files (test/support/last/pairingRecords.ts) whose records meet
//     every rule of last's pairing, several seeds, two layouts;
//   - every Linux fixture last reads (test/fixtures, and ../shared/corpus where present);
//   - two files at once (an older and a newer wtmp);
//   - files of 20,000 records, past several of the core's windows (4,096 records of
//     384 bytes), one with a lineless logout in its middle: a hand-over after the
//     core has paired batches;
// each with option sets that change what is listed, how, and where it stops.
// A test's name says the file (and seed), the options and the time zone.
import { afterAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { fromBytes } from "../../../src/index.ts";
import { runLast } from "../../support/last/runLast.ts";
import { pairingFile, type PairingOptions } from "../../support/last/pairingRecords.ts";
import { recordFixtures } from "../../support/recordFixtures.ts";
import { FIXTURES, SHARED_CORPUS } from "../../support/corpus.ts";
import { walk } from "../../support/paths.ts";

const DIR = mkdtempSync(join(tmpdir(), "utmpx-corePairing-"));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

interface Run { status: number; stdout: string; stderr: string }

/** The first line where two outputs differ, with three lines around it in each. */
function firstDifference(core: string, js: string): string {
  const a = core.split("\n"), b = js.split("\n");
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 3);
  const around = (xs: string[]) => xs.slice(from, i + 4).map((l, k) => `${String(from + k + 1).padStart(7)} ${JSON.stringify(l)}`).join("\n");
  return `first difference at line ${i + 1} (core path: ${a.length} lines, JS pairer: ${b.length} lines)\n` +
    `core path:\n${around(a)}\nJS pairer:\n${around(b)}`;
}

/** Runs last with the JS pairer and by default, and expects the same status, stderr and stdout; the JS pairer's run. */
async function expectSame(argv: string[], tz: string, label: string): Promise<Run> {
  const js = await runLast(argv, tz, { corePairing: false });
  const core = await runLast(argv, tz);
  expect(core.status, `${label}: exit status`).toBe(js.status);
  if (core.stderr !== js.stderr) expect(firstDifference(core.stderr, js.stderr), `${label}: stderr`).toBe("");
  // the outputs run to megabytes: a difference is shown where it starts, not as a diff of the whole
  if (core.stdout !== js.stdout) expect(firstDifference(core.stdout, js.stdout), `${label}: stdout`).toBe("");
  return js;
}

/** "YYYY-MM-DD hh:mm:ss" in UTC, as last's -s/-t/-p read it; undefined past what that form holds. */
function timeText(seconds: number): string | undefined {
  if (seconds < 0 || seconds >= 253_402_300_800) return undefined;
  return new Date(seconds * 1000).toISOString().slice(0, 19).replace("T", " ");
}

/** Times inside a file's span (its records' times at 35%, 50% and 65% of their order): for -s, -t and -p. */
interface Span { since: string; present: string; until: string }

function spanOf(bytes: Uint8Array): Span | undefined {
  const times: number[] = [];
  try {
    for (const e of fromBytes(bytes)) if (!e.zeroed) times.push(e.seconds);
  } catch {
    return undefined;
  }
  times.sort((a, b) => a - b);
  if (times.length < 3) return undefined;
  const at = (q: number) => timeText(times[Math.floor(q * (times.length - 1))]!);
  const since = at(0.35), present = at(0.5), until = at(0.65);
  return since && present && until ? { since, present, until } : undefined;
}

interface Case { argv: string[]; tz: string }

/** The option sets every file is listed with. */
function optionCases(span: Span | undefined): Case[] {
  const utc = (argv: string[]): Case => ({ argv, tz: "UTC" });
  const cases: Case[] = [
    [], ["-F", "-w", "-x", "-i"], ["-x"], ["-F", "-a"], ["-R", "-x"], ["--time-format", "iso", "-x", "-w"], ["--time-format", "notime"],
    ["-n", "7", "-x"], ["-n", "1"],
  ].map(utc);
  for (const tz of ["UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]) cases.push({ argv: ["-x", "-F"], tz });
  // operands and --present: the JS pairer's anyway
  cases.push(utc(["root"]), utc(["pts/1"]), utc(["-x", "-F", "root", "pts/1"]));
  if (span) {
    cases.push(
      utc(["-s", span.since, "-t", span.until, "-x"]),
      utc(["-t", span.present, "-F", "-w"]),
      { argv: ["-s", span.since, "-x", "-F"], tz: "Australia/Lord_Howe" },
      utc(["-p", span.present]), utc(["-p", span.present, "-x", "-F"]),
    );
  }
  return cases;
}

const caseName = (c: Case) => `last ${c.argv.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(" ")} (TZ=${c.tz})`;

/** Every option case on one file, a test each. */
function eachCase(path: string, bytes: Uint8Array, where: string, extra: Case[] = []): void {
  for (const c of [...optionCases(spanOf(bytes)), ...extra]) {
    const label = `${where}: ${caseName(c)}`;
    it(caseName(c), async () => {
      const js = await expectSame(["-f", path, ...c.argv], c.tz, label);
      expect(js.status, `${label}: exit status (both paths)`).toBe(0);
    });
  }
}

/** Writes a random file of pairingFile(seed, o) to the temp dir. */
function randomFile(seed: number, o: PairingOptions): { path: string; bytes: Uint8Array } {
  const bytes = pairingFile(seed, o);
  const path = join(DIR, `wtmp-seed${seed}-${o.layout ?? "linux384-le"}-${o.count}`);
  writeFileSync(path, bytes);
  return { path, bytes };
}

/** What the rows of `last -F -w -x -i` must show for the mix to reach every rule (so the comparison is not vacuous). */
const SHOWN: [string, RegExp][] = [
  ["a crash", / - crash /], ["a shutdown ending a session", / - down /], ["a login never closed", /gone - no logout/],
  ["a session whose logout is at 'now' (still running)", /^(?!.*(?:system boot|system down|\(to lvl)).*still running *$/m],
  ["a boot", /system boot/], ["a shutdown", /system down/],
  ["a runlevel change", /\(to lvl \S\)/], ["a runlevel change to level NUL", /\(to lvl  /], ["a clock change", /new time/], ["a clock change", /old time/],
  ["a line cut by last", /\bftp {9}/], ["a session of minutes", /\(00:\d\d\)/], ["a session of days", /\(\d+\+\d\d:\d\d\)/],
  ["a 32-byte user", /a-user-name-of-exactly-32-bytes!/],
];

function expectEveryStatus(run: Run, where: string, signed: boolean): void {
  for (const [what, re] of SHOWN) expect(re.test(run.stdout), `${where}: no row shows ${what} (${re})`).toBe(true);
  if (signed) expect(run.stdout, `${where}: a time before 1970`).toMatch(/ 19[0-6]\d /);
  // sessions closed by a logout of their line: a login time, then a full logout time (not crash, down or gone)
  const closed = run.stdout.match(/\d{4} - [A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4} +\(/g)?.length ?? 0;
  expect(closed, `${where}: sessions closed by a logout`).toBeGreaterThan(50);
  expect(run.stderr, `${where}: warning of an unknown type`).toMatch(/unrecognized ut_type/);
  expect(run.stderr, `${where}: warning of a partial record`).toMatch(/partial 384-byte record|partial 400-byte record/);
}

const RANDOM: { seed: number; options: PairingOptions }[] = [
  { seed: 1, options: { count: 3000 } },
  { seed: 2, options: { count: 2000 } },
  { seed: 3, options: { count: 2000 } },
  { seed: 4, options: { count: 2000, start: 1_700_000_000 } },
  // i64 seconds: times before 1970
  { seed: 5, options: { count: 2000, layout: "linux400-le" } },
];

describe("core pairing = JS pairer: random wtmp files", () => {
  for (const { seed, options } of RANDOM) {
    const where = `seed ${seed}, ${options.count} records of ${options.layout ?? "linux384-le"}`;
    describe(where, () => {
      const { path, bytes } = randomFile(seed, options);
      it("meets every rule of last's pairing (rows of every status)", async () => {
        expectEveryStatus(await runLast(["-f", path, "-F", "-w", "-x", "-i"], "UTC", { corePairing: false }), where, options.layout === "linux400-le");
      });
      eachCase(path, bytes, where, seed === 1 ? [{ argv: ["--json"], tz: "UTC" }, { argv: ["--json", "-x", "-n", "50"], tz: "America/New_York" }] : []);
    });
  }
});

/** Linux wtmp/utmp/btmp files of a root (test/fixtures, the shared corpus), .gz ones too, each once by content. */
function linuxFiles(root: string, seen: Set<string>): { name: string; path: string; bytes: Uint8Array }[] {
  const plain = recordFixtures(root).map((f) => ({ name: f.name, path: f.path, bytes: f.bytes, layout: f.layout }));
  const gz = walk(root).filter((p) => p.endsWith(".gz")).sort().flatMap((path) => {
    try {
      const bytes = new Uint8Array(gunzipSync(readFileSync(path)));
      return [{ name: path.slice(root.length + 1), path, bytes, layout: fromBytes(bytes).layout }];
    } catch {
      return [];
    }
  });
  return [...plain, ...gz].filter((f) => {
    if (f.layout.os !== "Linux" || f.layout.kind !== "records") return false;
    const key = createHash("sha256").update(f.bytes).digest("hex");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const seen = new Set<string>();
const REPO_FILES = linuxFiles(FIXTURES, seen);
const SHARED_FILES = linuxFiles(SHARED_CORPUS, seen);

describe("core pairing = JS pairer: the Linux fixtures", () => {
  it("finds them", () => {
    expect(REPO_FILES.length, "Linux record files under test/fixtures").toBeGreaterThan(40);
    expect(REPO_FILES.some((f) => f.name.endsWith(".gz")), "a .gz wtmp").toBe(true);
  });
  for (const f of REPO_FILES) {
    describe(`test/fixtures/${f.name}`, () => eachCase(f.path, f.bytes, `test/fixtures/${f.name}`));
  }
});

describe.skipIf(SHARED_FILES.length === 0)(`core pairing = JS pairer: the Linux files of ${SHARED_CORPUS} not in test/fixtures`, () => {
  for (const f of SHARED_FILES) {
    describe(f.name, () => eachCase(f.path, f.bytes, `${SHARED_CORPUS}/${f.name}`));
  }
});

describe("core pairing = JS pairer: two files in one run", () => {
  const older = randomFile(11, { count: 1500, start: 1_300_000_000 });
  const newer = randomFile(12, { count: 1500, start: 1_600_000_000 });
  const s4 = join(FIXTURES, "s4/Debian11/armv7l_ARMv6");
  const pairs: [string, string, string][] = [
    ["random seeds 11 (older) and 12 (newer)", older.path, newer.path],
    ["random seeds 12 (newer) and 11 (older), given newest first", newer.path, older.path],
    ["s4 Debian11 armv7l wtmp.1 backup and wtmp", join(s4, "wtmp.1-2023010601.backup"), join(s4, "wtmp")],
  ];
  const span = spanOf(newer.bytes)!;
  for (const [what, a, b] of pairs) {
    describe(what, () => {
      for (const c of [[], ["-x", "-F"], ["-n", "7", "-x"], ["-x", "-s", span.since], ["root"]]) {
        it(caseName({ argv: c, tz: "UTC" }), async () => {
          const js = await expectSame(["-f", a, "-f", b, ...c], "UTC", `${what}: ${caseName({ argv: c, tz: "UTC" })}`);
          expect(js.status).toBe(0);
        });
      }
    });
  }
});

describe("core pairing = JS pairer: files of several core windows", () => {
  const MIDDLE = 10_000;
  const files: [string, PairingOptions][] = [
    // no lineless logout but one, in the middle: the core pairs the first windows read, then hands over
    [`seed 21, 20,000 records, one lineless logout at record ${MIDDLE}`, { count: 20_000, lineless: false, linelessAt: [MIDDLE] }],
    // lineless logouts all through: a hand-over in the first window
    ["seed 22, 20,000 records", { count: 20_000 }],
  ];
  for (const [where, options] of files) {
    const seed = where.startsWith("seed 21") ? 21 : 22;
    describe(where, () => {
      const { path, bytes } = randomFile(seed, options);
      if (seed === 21) {
        it("has its one lineless logout in the middle (read after three windows)", () => {
          // last's lineless logouts: DEAD_PROCESS, or any type with no user (a ghost login), with an id and no line
          const lineless = [...fromBytes(bytes)]
            .filter((e) => !e.zeroed && e.line === "" && e.id !== "" && (e.type === "DEAD_PROCESS" || e.user === ""))
            .map((e) => e.offset / 384);
          expect(lineless).toStrictEqual([MIDDLE]);
          expect(bytes.length).toBeGreaterThan(4 * 4096 * 384);
        });
      }
      const span = spanOf(bytes)!;
      const cases: Case[] = [
        [], ["-x", "-F", "-w", "-i"], ["-n", "5000", "-x"], ["-n", "7000", "-x"], ["-n", "4097"], ["-s", span.since, "-t", span.until, "-x"],
        ["--time-format", "iso", "-x"], ["root"], ["-p", span.present],
      ].map((argv) => ({ argv, tz: "UTC" }));
      cases.push({ argv: ["-x", "-F"], tz: "America/New_York" });
      for (const c of cases) {
        it(caseName(c), async () => {
          const js = await expectSame(["-f", path, ...c.argv], c.tz, `${where}: ${caseName(c)}`);
          expect(js.status).toBe(0);
        });
      }
    });
  }
});
