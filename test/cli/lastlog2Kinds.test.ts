// lastlog2 rows holding values of other kinds than liblastlog2 writes (text,
// reals and blobs in Time; blobs, bytes outside UTF-8 and NULL in the text
// columns and Name; numbers in Name): `utmpx lastlog` prints what util-linux
// lastlog2 2.41.5 prints for them, recorded from a build of it
// (test/fixtures/lastlog2-kinds, see its PROVENANCE.md), byte for byte in two
// zones, and tells each such value as a VALUE_KIND warning; the library gives
// the rows as lastlog2's listing reads them, and the audit a finding each.
// They were refused: one planted row hid every user's last login.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { lastlogCommand, LASTLOG_OPTIONS } from "../../src/cli/lastlog.ts";
import { parseArgs } from "../../src/cli/args.ts";
import { audit, openLastlog, type Lastlog2 } from "../../src/index.ts";
import { sinkContext } from "../support/outputSink.ts";
import { FIXTURES } from "../support/paths.ts";

const DIR = join(FIXTURES, "lastlog2-kinds");
interface Case { file: string; args: string[]; tz: string; exit: number; stdout: string }
const recorded = JSON.parse(readFileSync(join(DIR, "cases.json"), "utf8")) as { tool: string; cases: Case[] };

async function ours(argv: string[], tz: string): Promise<{ status: number; stdout: Buffer; stderr: string }> {
  const { out, err, ctx } = sinkContext();
  vi.stubEnv("TZ", tz);
  const status = await lastlogCommand(parseArgs(argv, LASTLOG_OPTIONS), ctx);
  ctx.stdout.flush();
  ctx.stderr.flush();
  return { status, stdout: Buffer.concat(out.chunks), stderr: Buffer.concat(err.chunks).toString() };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("utmpx lastlog on values of the wrong kind, as util-linux lastlog2", () => {
  it("holds the recorded cases of lastlog2 2.41.5", () => {
    expect(recorded.tool).toBe("lastlog2 from util-linux 2.41.5");
    expect(recorded.cases).toHaveLength(24);
    // the listing's Error lines, the -u reading that differs from the listing's, bytes outside UTF-8, printf's (null)
    const listing = recorded.cases.find((c) => c.file === "kinds.db" && c.args.length === 0 && c.tz === "UTC")!.stdout;
    expect(listing).toContain("\nError: Invalid numeric time entry for 't-text': '123abc'\n\n");
    expect(listing).toContain("x-badutf8        t\xfft      h\xc3");
    expect(listing).toContain("(null)           pts/12");
    expect(recorded.cases.find((c) => c.file === "kinds.db" && c.args.join() === "-u,root" && c.tz === "UTC")!.stdout).toContain("(unknown)");
  });

  it.each(recorded.cases.map((c) => [`${c.file} ${c.args.join(" ")} TZ=${c.tz}`, c] as const))("%s", async (_, c) => {
    // the fixture passwd has root and nobody, as the recording machine's had
    const got = await ours([join(DIR, c.file), "--passwd", join(FIXTURES, "lastlog", "passwd"), ...c.args], c.tz);
    expect(got.status).toBe(c.exit);
    const want = Buffer.from(c.stdout, "latin1");
    if (!got.stdout.equals(want)) expect(got.stdout.toString("latin1")).toBe(c.stdout);
  });

  it("tells each value read as lastlog2 reads it, naming its row and column", async () => {
    const { stderr } = await ours([join(DIR, "kinds.db")], "UTC");
    const told = stderr.split("\n").filter((l) => l.includes("not what liblastlog2 writes there"));
    expect(told).toHaveLength(16);
    expect(told).toContain(`utmpx: warning: lastlog2 row 2: Time holds text "123abc", not what liblastlog2 writes there: read as lastlog2 reads it (123, with lastlog2's "Invalid numeric time entry" error)`);
    expect(told).toContain(`utmpx: warning: lastlog2 row 12: Time holds a real "1.0e+300", not what liblastlog2 writes there: read as lastlog2 reads it (1, with lastlog2's "Invalid numeric time entry" error; lastlog2 -u reads 9223372036854775807)`);
    expect(told).toContain(`utmpx: warning: lastlog2 row 17: Name is NULL, not what liblastlog2 writes there: read as lastlog2 reads it ("", printed "(null)"; lastlog2 -u finds no such row)`);
  });
});

describe("a lastlog2 database with values of the wrong kind, through the library", () => {
  it("gives every row in lastlog2's order, Time as its listing reads it, with VALUE_KIND warnings at the rows' cells", () => {
    const warnings: string[] = [];
    const db = openLastlog(join(DIR, "kinds.db"), { onWarning: (w) => warnings.push(`${w.code} ${w.offset}`) }) as Lastlog2;
    const rows = db.rows();
    expect(rows.map((r) => r.name)).toEqual(["", "alice", "b\ufffd", "root", "t-blob", "t-blobnul", "t-empty", "t-huge", "t-neg",
      "t-real", "t-realbig", "t-spaces", "t-text", "t-word", "x-badutf8", "x-blobs", "nobody"]);
    const time = new Map(rows.map((r) => [r.name, r.time]));
    expect(time.get("t-text")).toBe(123);
    expect(time.get("t-word")).toBe(0);
    expect(time.get("t-real")).toBe(1700000000);
    expect(time.get("t-huge")).toBe(1); // stored as the real 1e20: "1.0e+20"
    expect(time.get("t-blob")).toBe(1700000000);
    expect(time.get("t-blobnul")).toBe(170);
    expect(time.get("t-spaces")).toBe(77);
    expect(time.get("t-neg")).toBe(-9); // the real -9.22e18, "-9.22337203685478e+18"
    expect(rows.find((r) => r.name === "x-blobs")).toMatchObject({ tty: "tty1", remoteHost: "host", service: "" });
    expect(rows.find((r) => r.name === "x-badutf8")).toMatchObject({ tty: "t\ufffdt", remoteHost: "h\ufffd" });
    // entries: a Time of 0 never logged in; the rest as rows
    expect(db.get("t-text")?.seconds).toBe(123);
    expect(db.get("t-word")).toBeUndefined();
    expect(warnings).toHaveLength(16);
    expect(warnings.every((w) => w.startsWith("VALUE_KIND ") && Number(w.split(" ")[1]) > 0)).toBe(true);
  });

  it("reads a NULL Time as never logged in (lastlog2's listing crashes on it), with a warning", async () => {
    const db = openLastlog(join(DIR, "null-time.db")) as Lastlog2;
    expect(db.rows().map((r) => [r.name, r.time])).toEqual([["alice", 1700000000], ["bob", null]]);
    expect(db.get("bob")).toBeUndefined();
    const { status, stdout, stderr } = await ours([join(DIR, "null-time.db")], "UTC");
    expect(status).toBe(0);
    expect(stdout.toString()).toMatch(/\nbob +pts\/2 +\*\*Never logged in\*\*\n$/);
    expect(stderr).toContain("lastlog2 row 2: Time is NULL, not what liblastlog2 writes there: read as lastlog2 reads it (0, never logged in, as lastlog2 -u reads it; its listing crashes on a NULL Time)");
  });

  it("audits each value as a lastlog2-value-kind finding", async () => {
    const report = await audit([join(DIR, "kinds.db")]);
    const found = report.findings.filter((f) => f.kind === "lastlog2-value-kind");
    expect(found).toHaveLength(16);
    expect(found.find((f) => (f.details as { row: number }).row === 2)!.explanation).toContain(`Time holds text "123abc", which liblastlog2 never writes there (lastlog2 reads it as 123`);
  });
});
