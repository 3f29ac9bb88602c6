// The audit report is made in parts (a finding or a line each) for the CLI to
// write as they come. Joined, the parts must be the documented formats: the
// JSON document is JSON.stringify(document, null, 2) of the whole, byte for
// byte, and NDJSON one JSON.stringify(finding) a line; compared here on a
// report with findings of every shape (nested details, a null offset, errors)
// and on one with none.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encode, findLayout, type EntryInput } from "../../src/index.ts";
import { audit, type AuditReport } from "../../src/audit/audit.ts";
import { auditJson, auditJsonParts, auditNdjson, auditText, auditTextParts } from "../../src/format/auditReport.ts";
import { FIXTURES } from "../support/paths.ts";
import { backdate, zeroRecords } from "../audit/tamper.ts";

const T0 = 1_700_000_040;
const attempts: EntryInput[] = Array.from({ length: 60 }, (_, k) =>
  ({ type: "LOGIN_PROCESS", user: ["root", "admin", "tést\"q"][k % 3], line: "ssh:notty", host: `203.0.113.${k % 7}`, addr: `203.0.113.${k % 7}`, pid: 1, seconds: T0 + k, microseconds: 0 }));

const clean = new Uint8Array(readFileSync(join(FIXTURES, "s4", "CentOS7", "x86_64", "wtmp")));
const layout = findLayout("linux384-le")!;

/** The document as auditJson() documents it, made the plain way: one JSON.stringify of the whole. */
function wholeDocument(report: AuditReport): string {
  const findings = report.findings.map((f) => ({ kind: f.kind, category: f.category, file: f.file, offset: f.offset, offsetUnit: f.offsetUnit,
    records: f.records, before: f.before, after: f.after, explanation: f.explanation, details: f.details }));
  return `${JSON.stringify({ schema: 1, files: report.files, findings, errors: report.errors }, null, 2)}\n`;
}

describe("audit report parts", async () => {
  const report = await audit([
    { name: "h1/btmp", bytes: encode(attempts, "linux384-le"), host: "h1" },
    { name: "h1/wtmp", bytes: zeroRecords(clean, 384, 10, 2), host: "h1" },
    { name: "h2/wtmp", bytes: backdate(clean, layout, 20, 3, -86400 * 30), host: "h2" },
    { name: "h3/wtmp", bytes: new Uint8Array([1, 2, 3]), host: "h3" },
    join(FIXTURES, "no-such-host", "wtmp"),
  ], { now: 1_800_000_000 });
  const none = await audit([{ name: "clean/wtmp", bytes: clean }], { now: 1_800_000_000 });

  it("has findings with nested details, and an error, to show", () => {
    expect(report.findings.some((f) => f.kind === "attack-summary")).toBe(true);
    expect(report.findings.length).toBeGreaterThan(2);
    expect(report.errors.length).toBeGreaterThan(0);
    expect(none.findings).toHaveLength(0);
  });

  it("--json: the parts joined are JSON.stringify of the whole document", () => {
    for (const r of [report, none]) {
      const parts = [...auditJsonParts(r)];
      expect(parts.length).toBeGreaterThanOrEqual(r.findings.length);
      expect(parts.join("")).toBe(wholeDocument(r));
      expect(auditJson(r)).toBe(wholeDocument(r));
    }
  });

  it("--ndjson: a line of JSON.stringify(finding) each", () => {
    const lines = auditNdjson(report).split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((l) => JSON.parse(l))).toStrictEqual(JSON.parse(wholeDocument(report)).findings);
  });

  it("text: a part a line, the findings under their file, then the count", () => {
    const parts = [...auditTextParts(report)];
    for (const p of parts) expect(p).toMatch(/^[^\n]*\n$/);
    const text = auditText(report);
    expect(parts.join("")).toBe(text);
    for (const f of report.findings) expect(text).toContain(`  ${f.kind} [${f.category}]`);
    expect(parts.at(-1)).toBe(`${report.findings.length} findings in ${report.files.length} files; ${report.errors.length} not readable\n`);
  });
});
