// The package's audit over the files the page holds, its findings placed on
// the viewer's rows: each by the byte offset of its first record (found in the
// file's offset column), a run of zeroed records as its whole run, and on the
// timeline at the time the audit gives. The files are audited together, as
// one host's: that is how a responder drops them, and the cross-source checks
// (utmp against wtmp, lastlog against wtmp, attacks then logins) need it.
import { audit, type Finding as AuditFinding } from "../../src/index.ts";
import type { Finding, Offsets } from "../protocol.ts";

export interface AuditFile {
  readonly id: number;
  readonly name: string;
  readonly bytes: Uint8Array;
  /** A SQLite database's -wal, dropped with it. */
  readonly wal: Uint8Array | undefined;
  readonly btmp: boolean;
  /** The layout chosen by hand, if any. */
  readonly layout: string | undefined;
  /** The file's records' byte offsets, in row order (ascending). */
  readonly offsets: Offsets;
}

/** Rows listed per finding at most: a wiped file may be one run of a million zeroed records. */
const MAX_ROWS = 10_000;

/** The row whose record holds byte `offset` (the last one for an offset past them all); -1 when none. */
export function rowAt(offsets: Offsets, offset: number): number {
  let lo = 0, hi = offsets.length; // first row with an offset above `offset`
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (offsets[mid]! <= offset) lo = mid + 1; else hi = mid;
  }
  return lo - 1;
}

/** Seconds of an audit time ("2024-03-09T08:09:30.000005Z"), NaN for none. */
export function secondsOf(iso: string | null): number {
  if (!iso) return NaN;
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(iso);
  if (!m) return NaN;
  return Date.parse(`${m[1]}Z`) / 1000 + (m[2] ? Number(`0.${m[2]}`) : 0);
}

function placed(f: AuditFinding, file: AuditFile | undefined): Finding {
  const rows: number[] = [];
  if (file && f.offset !== null && f.offsetUnit === "byte") {
    const first = rowAt(file.offsets, f.offset);
    const run = f.category === "zeroed" ? Math.min(f.records, MAX_ROWS) : 1;
    if (first >= 0) for (let r = first; r < first + run && r < file.offsets.length; r++) rows.push(r);
  }
  const more = rows.length > 1 && f.records > rows.length ? ` (the first ${rows.length} listed)` : "";
  return { kind: f.kind, category: f.category, offset: f.offset, count: f.records, records: rows,
    explanation: f.explanation + more, at: secondsOf(f.after ?? f.before) };
}

/** Each file's findings (by file id), and the audit's errors in words. */
export async function auditFiles(files: readonly AuditFile[], signal: AbortSignal): Promise<{ byFile: Map<number, Finding[]>; errors: string[] }> {
  const report = await audit(files.map((f) => ({ name: f.name, bytes: f.bytes, wal: f.wal, role: f.btmp ? "btmp" as const : undefined, layout: f.layout })), { signal });
  const byName = new Map(files.map((f) => [f.name, f]));
  const byFile = new Map<number, Finding[]>(files.map((f) => [f.id, []]));
  for (const f of report.findings) {
    const file = byName.get(f.file);
    // a finding about the host (no file of its own): with the first file
    byFile.get(file?.id ?? files[0]!.id)?.push(placed(f, file));
  }
  return { byFile, errors: report.errors.map((e) => `${e.file}: ${e.message}`) };
}
