// An audit report as text for a responder, or as the documented JSON: one
// document (--json) or one finding per line (--ndjson). Each is made in parts,
// a finding or a line at a time, and host by host, for the CLI to write as they
// come (cli/audit.ts): a report of 559,320 findings (20 hosts) made as one
// string of 385 MB took the CLI to 2.1 GB. The functions that return the whole
// string join the parts.
import type { AuditReport } from "../audit/audit.ts";
import type { Finding } from "../audit/finding.ts";
import { MORE_FINDINGS } from "../audit/findingList.ts";

/** The version of the JSON document's shape: raised only when a field changes meaning or goes. */
export const AUDIT_SCHEMA_VERSION = 1;

/** The JSON document of `utmpx audit --json`. */
export function auditJson(report: AuditReport): string {
  return [...auditJsonParts(report)].join("");
}

/**
 * auditJson()'s text in parts, a finding each: JSON.stringify(document, null, 2)
 * of { schema, files, findings, errors }, each value stringified alone and
 * indented as deep as it lies (a string's newlines are escaped, so every
 * newline is the layout's).
 */
export function* auditJsonParts(report: AuditReport): Generator<string> {
  yield jsonHead(report.files);
  for (let k = 0; k < report.findings.length; k++) yield jsonFinding(report.findings[k]!, k === 0);
  yield jsonTail(report.errors, report.findings.length > 0);
}

/** The document up to its findings: the schema and the files. */
export function jsonHead(files: AuditReport["files"]): string {
  return `{\n  "schema": ${AUDIT_SCHEMA_VERSION},\n  "files": ${nested(files, 1)},\n  "findings": `;
}

/** A finding of the document's list; `first` opens the list. */
export function jsonFinding(f: Finding, first: boolean): string {
  return `${first ? "[\n" : ",\n"}    ${nested(ordered(f), 2)}`;
}

/** The rest of the document after its findings (`any`: the list was opened). */
export function jsonTail(errors: AuditReport["errors"], any: boolean): string {
  return `${any ? "\n  ]" : "[]"},\n  "errors": ${nested(errors, 1)}\n}\n`;
}

/** JSON.stringify(value, null, 2) of a value `depth` levels down in the document. */
function nested(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replaceAll("\n", `\n${"  ".repeat(depth)}`);
}

/** One JSON object per finding, one per line (`--ndjson`). */
export function auditNdjson(report: AuditReport): string {
  return report.findings.map(ndjsonLine).join("");
}

/** A finding as a line of NDJSON. */
export function ndjsonLine(f: Finding): string {
  return `${JSON.stringify(ordered(f))}\n`;
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
  return [...auditTextParts(report)].join("");
}

/** auditText()'s lines, one part each (with its newline). */
export function* auditTextParts(report: AuditReport): Generator<string> {
  yield* textFileParts(report.files, report.findings);
  yield* textEndParts(report.errors, foundCount(report.findings), report.files.length);
}

/** How many findings `list` stands for: a more-findings finding for the ones it counts, the others for one each. */
export function foundCount(list: readonly Finding[]): number {
  let n = 0;
  for (const f of list) n += f.kind === MORE_FINDINGS ? Number(f.details.findings) : 1;
  return n;
}

/** A file's count: how many findings, and how many of them listed where some are only counted (see FindingList). */
function countText(found: readonly Finding[]): string {
  if (found.length === 0) return "nothing found";
  const total = foundCount(found);
  const listed = found.filter((f) => f.kind !== MORE_FINDINGS).length;
  return `${total} finding${total === 1 ? "" : "s"}${listed < total ? `, ${listed} listed` : ""}`;
}

/** Each file's line and its findings under it (findings grouped by the file they name), in the order of `files`. */
export function* textFileParts(files: AuditReport["files"], findings: readonly Finding[]): Generator<string> {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  for (const file of files) {
    const found = byFile.get(file.file) ?? [];
    byFile.delete(file.file);
    yield `${file.file} (${file.role}, ${file.layout}, ${file.records} record${file.records === 1 ? "" : "s"}): ${countText(found)}\n`;
    for (const f of found) yield* findingLines(f);
  }
  // findings about a file not read as itself (none today: every finding names a file read)
  for (const [file, found] of byFile) {
    yield `${file}:\n`;
    for (const f of found) yield* findingLines(f);
  }
}

/** The files not read, then the count of findings and files. */
export function* textEndParts(errors: AuditReport["errors"], findings: number, files: number): Generator<string> {
  for (const e of errors) yield `${e.file}: not audited: ${e.message}\n`;
  yield `${findings} finding${findings === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}${errors.length ? `; ${errors.length} not readable` : ""}\n`;
}

/** A finding's lines, each with its newline. */
function findingLines(f: Finding): string[] {
  const lines = [`  ${f.kind} [${f.category}]${where(f)}, ${f.records} record${f.records === 1 ? "" : "s"}${window(f)}`, `    ${f.explanation}`];
  if (f.category === "attack" && f.kind === "attack-summary") lines.push(...attackLines(f));
  return lines.map((line) => `${line}\n`);
}
