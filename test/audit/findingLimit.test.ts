// A file with a finding in every other record (after a boot, 2,600 logouts whose
// lines no login opened, and 1,300 runs of zeroed records) is reported with the
// first `maxPerKind` findings of each kind and one more-findings finding per kind
// that counts the rest and says where they lie; a child process audits 400,000
// such records (200,000 findings) in bounded memory.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encode, type EntryInput } from "../../src/index.ts";
import { audit, type Finding } from "../../src/audit/audit.ts";
import { auditCommand, AUDIT_OPTIONS } from "../../src/cli/audit.ts";
import { parseArgs } from "../../src/cli/args.ts";
import { CliError } from "../../src/cli/cliError.ts";
import { sinkContext } from "../support/outputSink.ts";
import { bundlePackage, nodeChild } from "../support/childNode.ts";
import { UtmpError } from "../../src/util/errors.ts";

const T = 1_700_000_000;
const SIZE = 384;
const LOGOUTS = 2600;

/** A boot, then logouts on lines nobody opened, each third record zeroed (a run of one between two logouts). */
function records(): EntryInput[] {
  const out: EntryInput[] = [{ type: "BOOT_TIME", user: "reboot", line: "~", id: "~~", seconds: T }];
  for (let i = 0; i < LOGOUTS; i++) {
    out.push({ type: "DEAD_PROCESS", line: `pts/${i}`, id: `${i}`.slice(-4), pid: 100 + i, seconds: T + 10 + i });
    if (i % 2 === 1) out.push({ type: "EMPTY", seconds: 0 });
  }
  return out;
}
const bytes = encode(records(), "linux384-le");
/** Byte offset of the k-th logout (from 0): after the boot, and a zeroed record after every second logout. */
const logoutAt = (k: number) => SIZE * (1 + k + Math.floor(k / 2));
const zeroRuns = LOGOUTS / 2;

async function findings(options: Parameters<typeof audit>[1] = {}): Promise<Finding[]> {
  const report = await audit([{ name: "wtmp", bytes, role: "wtmp" }], { checks: ["sequence", "zeroed"], ...options });
  return [...report.findings];
}

const ofKind = (list: Finding[], kind: string) => list.filter((f) => f.kind === kind);

describe("findings of one kind past the limit", () => {
  it("every one listed with maxPerKind Infinity", async () => {
    const all = await findings({ maxPerKind: Infinity });
    expect(ofKind(all, "logout-without-login")).toHaveLength(LOGOUTS);
    expect(ofKind(all, "zeroed-records")).toHaveLength(zeroRuns);
    expect(ofKind(all, "more-findings")).toHaveLength(0);
  });

  it("by default the first 1000 of each kind, as listed without a limit, then one more-findings each", async () => {
    const all = await findings({ maxPerKind: Infinity });
    const limited = await findings();
    for (const [kind, total] of [["zeroed-records", zeroRuns], ["logout-without-login", LOGOUTS]] as const) {
      const every = ofKind(all, kind);
      expect(ofKind(limited, kind)).toStrictEqual(every.slice(0, 1000));
      const more = limited.find((f) => f.kind === "more-findings" && f.details.kind === kind)!;
      const rest = every.slice(1000);
      expect(more).toMatchObject({
        category: every[0]!.category, file: "wtmp", offset: rest[0]!.offset, offsetUnit: "byte",
        records: rest.reduce((n, f) => n + f.records, 0), before: null, after: null,
        details: { kind, findings: total - 1000, listed: 1000, firstOffset: rest[0]!.offset, lastOffset: rest.at(-1)!.offset },
      });
      expect(more.explanation).toBe(`${total - 1000} more ${kind} findings from byte ${rest[0]!.offset} to byte ${rest.at(-1)!.offset}, not listed: the first 1000 are (the limit per kind and file; audit with --max-per-kind all to list every one)`);
    }
    // each check's own findings first, its more-findings after them
    expect(limited.map((f) => f.kind === "more-findings" ? `more ${String(f.details.kind)}` : f.kind).filter((k, i, a) => k !== a[i - 1]))
      .toStrictEqual(["zeroed-records", "more zeroed-records", "logout-without-login", "more logout-without-login"]);
  });

  it("maxPerKind 0 only counts", async () => {
    const none = await findings({ maxPerKind: 0 });
    expect(none.map((f) => [f.kind, f.details.kind, f.details.findings])).toStrictEqual([
      ["more-findings", "zeroed-records", zeroRuns], ["more-findings", "logout-without-login", LOGOUTS],
    ]);
    expect(none[1]!.explanation).toMatch(/^2600 more logout-without-login findings from byte \d+ to byte \d+, not listed: none of that kind are listed/);
  });

  it("a limit that is no count is refused", async () => {
    for (const maxPerKind of [-1, Number.NaN, -Infinity]) {
      await expect(findings({ maxPerKind })).rejects.toThrow(UtmpError);
    }
  });
});

describe("utmpx audit --max-per-kind", () => {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-audit-limit-"));
  const file = join(dir, "wtmp");
  beforeAll(async () => (await import("node:fs")).writeFileSync(file, bytes));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(...argv: string[]) {
    const { out, ctx } = sinkContext();
    const status = await auditCommand(parseArgs(argv, AUDIT_OPTIONS), ctx);
    ctx.stdout.flush();
    return { status, lines: out.text.split("\n").filter((l) => l.trim() !== "") };
  }
  const kinds = (lines: string[]) => lines.filter((l) => l.startsWith("  ") && !l.startsWith("    ")).map((l) => l.trim().split(" ")[0]);

  it("lists N of each kind, all of them, or none", async () => {
    const five = await run("--check", "sequence", "--max-per-kind", "5", file);
    expect(five.status).toBe(1);
    expect(kinds(five.lines)).toStrictEqual([...Array(5).fill("logout-without-login"), "more-findings"]);
    // the counts say how many there are, and how many of them are listed
    expect(five.lines[0]).toBe(`${file} (wtmp, linux384-le, ${1 + LOGOUTS + LOGOUTS / 2} records): ${LOGOUTS} findings, 5 listed`);
    expect(five.lines.at(-1)).toBe(`${LOGOUTS} findings in 1 file`);
    expect(five.lines).toContain(`    ${LOGOUTS - 5} more logout-without-login findings from byte ${logoutAt(5)} to byte ${logoutAt(LOGOUTS - 1)}, not listed: the first 5 are (the limit per kind and file; audit with --max-per-kind all to list every one)`);
    expect(kinds((await run("--check", "sequence", "--max-per-kind", "all", file)).lines)).toStrictEqual(Array(LOGOUTS).fill("logout-without-login"));
    expect(kinds((await run("--check", "sequence", "--max-per-kind", "0", file)).lines)).toStrictEqual(["more-findings"]);
  });

  it("refuses a value that is neither a whole number nor all", async () => {
    for (const bad of ["-1", "1.5", "x", ""]) {
      await expect(run("--max-per-kind", bad, file)).rejects.toThrow(CliError);
    }
  });
});

describe("memory", () => {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-audit-limit-memory-"));
  const bundle = join(dir, "utmpx.mjs");
  beforeAll(() => {
    bundlePackage(bundle);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // 266,667 records with 200,000 logout-without-login and 66,666 zeroed-records
  // findings: held whole (maxPerKind Infinity) they took 558 MB of peak RSS here,
  // by default 114 MB (75 MB with no check that finds anything); the bound leaves room for another
  // machine's heap sizing, far under the 558 MB of the findings held whole
  it("a file of 200,000 findings of one kind is audited under 200 MB of peak RSS", () => {
    const path = join(dir, "wtmp");
    const bundleUrl = JSON.stringify(pathToFileURL(bundle).href);
    // made by a process of its own, so that the peak measured is the audit's alone
    const make = `
      import { appendFileSync, statSync, writeFileSync } from "node:fs";
      import { encode } from ${bundleUrl};
      const [path, count] = process.argv.slice(1);
      const T = ${T};
      writeFileSync(path, encode([{ type: "BOOT_TIME", user: "reboot", line: "~", id: "~~", seconds: T }], "linux384-le"));
      for (let from = 0; from < Number(count); from += 10000) {
        const records = [];
        for (let i = from; i < from + 10000; i++) {
          records.push({ type: "DEAD_PROCESS", line: "pts/" + i, id: String(i % 10000), pid: 100, seconds: T + 10 + i });
          if (i % 3 === 2) records.push({ type: "EMPTY", seconds: 0 });
        }
        appendFileSync(path, encode(records, "linux384-le"));
      }
      console.log(JSON.stringify({ size: statSync(path).size }));
    `;
    expect(nodeChild<{ size: number }>(make, [path, "200000"], 120_000).size).toBe((1 + 200_000 + 66_666) * SIZE);
    const script = `
      import { audit } from ${bundleUrl};
      const report = await audit([{ path: process.argv[1], role: "wtmp" }]);
      const more = report.findings.filter((f) => f.kind === "more-findings").map((f) => [f.details.kind, f.details.findings]);
      console.log(JSON.stringify({ listed: report.findings.length, more, records: report.files[0].records, peak: await peakRssBytes() }));
    `;
    const result = nodeChild<{ listed: number; more: [string, number][]; records: number; peak: number }>(script, [path], 120_000);
    console.log(`audit of ${result.records} records, 200,000 + 66,666 findings: peak RSS ${(result.peak / 2 ** 20).toFixed(1)} MiB`);
    expect(result.records).toBe(1 + 200_000 + 66_666);
    expect(result.more).toStrictEqual([["zeroed-records", 66_666 - 1000], ["logout-without-login", 200_000 - 1000]]);
    expect(result.listed).toBe(2002);
    expect(result.peak).toBeLessThan(200 * 1024 * 1024);
  }, 120_000);
});
