// `utmpx last -f wtmp.db` against wtmpdb 0.75 itself: every `wtmpdb last` run
// recorded in test/fixtures/wtmpdb/cases.json (built from its source, see that
// folder's PROVENANCE.md) is run here in-process and its stdout compared byte
// for byte, with its exit status. The one difference allowed is the name in the
// "begins" line: the database is given here by its full path.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runLast as run } from "../../support/last/runLast.ts";

const DIR = new URL("../../fixtures/wtmpdb/", import.meta.url).pathname;

interface Case { id: string; database: string; args: string[]; TZ: string; stdout: string; exit: number; stderr: string; env_dependent?: string }
const cases: Case[] = JSON.parse(readFileSync(join(DIR, "cases.json"), "utf8")).cases;

/** The args with each -f value (also --file=, -fX) made absolute; and the names so replaced. */
function absolute(args: string[]): { argv: string[]; names: Map<string, string> } {
  const names = new Map<string, string>();
  const abs = (p: string) => { const a = join(DIR, "db", p); names.set(p, a); return a; };
  const argv: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if ((a === "-f" || a === "--file") && i + 1 < args.length) { argv.push(a, abs(args[++i]!)); continue; }
    if (a.startsWith("--file=")) { argv.push(`--file=${abs(a.slice(7))}`); continue; }
    argv.push(a);
  }
  return { argv, names };
}

/**
 * The runs left out, and why: what utmpx does differently on purpose (README, "wtmpdb").
 * - several -f: wtmpdb reads only its last; utmpx reads them all as one history;
 * - -j: wtmpdb's own JSON (unescaped, invalid for an empty database); utmpx has --json/--ndjson/--csv;
 * - -d: reverse DNS (127.0.0.1 became "localhost" from /etc/hosts): utmpx asks no resolver;
 * - a zero-byte file: SQLite calls it an empty database, but it is as much an empty wtmp, and utmpx reads it as one;
 * - an unknown option or --help: usage errors exit 2 in utmpx (1 in wtmpdb), with utmpx's usage.
 */
function leftOut(c: Case): string | undefined {
  const a = c.args;
  if (a.filter((x) => x === "-f" || x.startsWith("--file")).length !== 1) return "several -f";
  if (a.some((x) => /^-[a-zA-Z]*j/.test(x) || x === "--json")) return "-j";
  if (a.some((x) => /^-[a-zA-Z]*d/.test(x) || x === "--dns")) return "-d";
  if (c.database === "emptyfile.db") return "zero-byte file";
  if (a.includes("-z") || a.includes("--help")) return "usage error";
  return undefined;
}
const lastRuns = cases.filter((c) => c.args[0] === "last" && leftOut(c) === undefined);

describe("utmpx last -f wtmp.db, as wtmpdb 0.75 last", () => {
  it("covers the recorded runs", () => {
    expect(lastRuns.length).toBeGreaterThan(700);
  });

  it.each(lastRuns.map((c) => [c.id, c] as const))("%s", async (_id, c) => {
    const { argv, names } = absolute(c.args.slice(1));
    const got = await run(argv, c.TZ);
    let want = readFileSync(join(DIR, c.stdout)).toString("latin1");
    for (const [given, abs] of names) {
      want = want.replace(`\n${given} begins `, `\n${abs} begins `).replace(new RegExp(`^${given.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} has no entries`, "m"), `${abs} has no entries`);
    }
    expect(got.stdout).toBe(want);
    expect(got.status === 0 ? 0 : 1, got.stderr).toBe(c.exit === 0 ? 0 : 1);
  });
});

describe("utmpx last over a wtmp and a wtmp.db", () => {
  it("reads both as one history, as util-linux last reads wtmp (the database's rows as the records they stand for)", async () => {
    const wtmp = join(DIR, "inputs", "split-2.wtmp");
    const db = join(DIR, "db", "normal.db");
    const both = await run(["-f", wtmp, "-f", db], "UTC");
    expect(both.status).toBe(0);
    const alone = await run(["-f", wtmp], "UTC");
    const rows = (text: string) => text.split("\n\n")[0]!.split("\n").filter((l) => l !== "");
    // every row of the wtmp alone is listed, and the database adds its own
    const mixed = rows(both.stdout);
    for (const row of rows(alone.stdout)) expect(mixed).toContain(row);
    expect(mixed.length).toBeGreaterThan(rows(alone.stdout).length);
    expect(mixed.some((l) => l.startsWith("maximili pts/3"))).toBe(true); // a session of normal.db
  });
});

describe("utmpx last over several wtmp.db, one of them unreadable", () => {
  // It listed nothing of the good ones, and its message named no file.
  it("lists the others, names the one it could not read, and exits 1", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const good = join(DIR, "db", "normal.db");
    const cut = join(mkdtempSync(join(tmpdir(), "utmpx-wtmpdb-cut-")), "cut.db");
    writeFileSync(cut, readFileSync(good).subarray(0, 4096 + 100)); // a page and a bit: its table lies past the end
    const alone = await run(["-f", good], "UTC");
    const both = await run(["-f", good, "-f", cut], "UTC");
    expect(both.status).toBe(1);
    expect(both.stdout).toBe(alone.stdout);
    expect(both.stderr.split("\n")[0]).toMatch(new RegExp(`^utmpx( last)?: ${cut.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: SQLite database: `));
    const none = await run(["-f", cut], "UTC");
    expect([none.status, none.stdout]).toStrictEqual([1, ""]);
  });
});
