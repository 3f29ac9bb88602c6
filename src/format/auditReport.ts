// An audit report as text for a responder, or as the documented JSON: one
// document (--json) or one finding per line (--ndjson). Findings are few (a
// btmp's millions of attempts are one summary), so plain strings do.
import type { AuditReport } from "../audit/audit.ts";
import type { Finding } from "../audit/finding.ts";

/** The version of the JSON document's shape: raised only when a field changes meaning or goes. */
export const AUDIT_SCHEMA_VERSION = 1;

/** The JSON document of `utmpx audit --json`. */
export function auditJson(report: AuditReport): string {
  return `${JSON.stringify({ schema: AUDIT_SCHEMA_VERSION, files: report.files, findings: report.findings.map(ordered), errors: report.errors }, null, 2)}\n`;
}

/** One JSON object per finding, one per line (`--ndjson`). */
export function auditNdjson(report: AuditReport): string {
  return report.findings.map((f) => `${JSON.stringify(ordered(f))}\n`).join("");
}

/** The schema's field order, whatever order a check built the finding in. */
function ordered(f: Finding): Finding {
  return { kind: f.kind, category: f.category, file: f.file, offset: f.offset, offsetUnit: f.offsetUnit, records: f.records,
    before: f.before, after: f.after, explanation: f.explanation, details: f.details };
}

function where(f: Finding): string {
  if (f.offset === null) return "";
  return f.offsetUnit === "rowid" ? ` at row ${f.offset}` : ` at byte ${f.offset}`;
}

function window(f: Finding): string {
  if (f.before === null && f.after === null) return "";
  return `, before ${f.before ?? "(none)"}, after ${f.after ?? "(none)"}`;
}

type Row = Record<string, unknown>;

/** The lists an attack summary carries, as indented lines. */
function attackLines(f: Finding): string[] {
  const d = f.details as { topSources?: Row[]; topUsers?: Row[]; burstSources?: Row[]; busiestMinutes?: Row[] };
  const lines: string[] = [];
  if (d.topSources?.length) {
    lines.push("    top sources:");
    for (const s of d.topSources) lines.push(`      ${String(s.source).padEnd(40)} ${String(s.attempts).padStart(9)}  ${s.first} to ${s.last}  peak ${s.peakPerMinute}/min`);
  }
  if (d.topUsers?.length) {
    lines.push("    top user names:");
    for (const u of d.topUsers) lines.push(`      ${String(u.user).padEnd(40)} ${String(u.attempts).padStart(9)}`);
  }
  if (d.busiestMinutes?.length) {
    lines.push("    busiest minutes (all sources):");
    for (const m of d.busiestMinutes) lines.push(`      ${m.minute}  ${m.attempts}`);
  }
  return lines;
}

/** The report as text: findings grouped by file in the order read, then a count. */
export function auditText(report: AuditReport): string {
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const file of report.files) {
    const findings = byFile.get(file.file) ?? [];
    byFile.delete(file.file);
    out.push(`${file.file} (${file.role}, ${file.layout}, ${file.records} record${file.records === 1 ? "" : "s"}): ${findings.length === 0 ? "nothing found" : `${findings.length} finding${findings.length === 1 ? "" : "s"}`}`);
    for (const f of findings) out.push(...findingLines(f));
  }
  // findings about a file not read as itself (none today: every finding names a file read)
  for (const [file, findings] of byFile) {
    out.push(`${file}:`);
    for (const f of findings) out.push(...findingLines(f));
  }
  for (const e of report.errors) out.push(`${e.file}: not audited: ${e.message}`);
  const n = report.findings.length;
  out.push(`${n} finding${n === 1 ? "" : "s"} in ${report.files.length} file${report.files.length === 1 ? "" : "s"}${report.errors.length ? `; ${report.errors.length} not readable` : ""}`);
  return `${out.join("\n")}\n`;
}

function findingLines(f: Finding): string[] {
  const lines = [`  ${f.kind} [${f.category}]${where(f)}, ${f.records} record${f.records === 1 ? "" : "s"}${window(f)}`, `    ${f.explanation}`];
  if (f.category === "attack" && f.kind === "attack-summary") lines.push(...attackLines(f));
  return lines;
}
