// A scan's findings, at most so many of each kind per file. A damaged or hostile
// file can hold a finding in every record (a 10 GB wtmp of logouts with no
// login: 26 million), and each finding is an object of a kilobyte; kept whole,
// they took the audit's memory with them. Past the limit a kind is counted, not
// built, and the list ends with one "more-findings" finding per kind that says
// how many more there were and where they lie.
import type { Finding, FindingBody, FindingCategory } from "./finding.ts";

/** The kind of the finding that counts those of a kind past the limit. */
export const MORE_FINDINGS = "more-findings";

interface Dropped {
  readonly category: FindingCategory;
  findings: number;
  records: number;
  readonly firstOffset: number | null;
  lastOffset: number | null;
}

export class FindingList {
  private readonly kept: (FindingBody | (() => FindingBody))[] = [];
  /** Findings of each kind listed (kept) so far. */
  private readonly listed = new Map<string, number>();
  private readonly dropped = new Map<string, Dropped>();

  /** `limit`: findings of one kind listed, at most (Infinity: every one). */
  constructor(private readonly limit: number) {}

  /**
   * Lists the finding `make()` builds, unless `kind` has `limit` listed already:
   * then it only counts (make is not called), with its offset and records.
   */
  add(kind: string, category: FindingCategory, offset: number | null, records: number, make: () => FindingBody): void {
    const n = this.listed.get(kind) ?? 0;
    if (n < this.limit) {
      this.listed.set(kind, n + 1);
      this.kept.push(make());
      return;
    }
    const d = this.dropped.get(kind);
    if (d) {
      d.findings++;
      d.records += records;
      if (offset !== null) d.lastOffset = offset;
    } else this.dropped.set(kind, { category, findings: 1, records, firstOffset: offset, lastOffset: offset });
  }

  /**
   * A finding only known at the end (built then, by `make`), listed whatever the
   * limit: for the few a check defers (structure's realigned runs, at most 17).
   */
  addLater(make: () => FindingBody): void {
    this.kept.push(make);
  }

  /** The findings listed, in the order added, then one more-findings per kind past the limit. */
  list(): FindingBody[] {
    const out = this.kept.map((f) => (typeof f === "function" ? f() : f));
    for (const [kind, d] of this.dropped) out.push(moreFindings(kind, d, this.listed.get(kind) ?? 0));
    return out;
  }
}

function moreFindings(kind: string, d: Dropped, listed: number): FindingBody {
  const where = d.firstOffset === null ? "" : d.lastOffset === d.firstOffset ? ` at byte ${d.firstOffset}` : ` from byte ${d.firstOffset} to byte ${d.lastOffset}`;
  return {
    kind: MORE_FINDINGS, category: d.category, offset: d.firstOffset, records: d.records, before: null, after: null,
    explanation: `${d.findings} more ${kind} finding${d.findings === 1 ? "" : "s"}${where}, not listed: ${listed === 0 ? "none of that kind are listed" : `the first ${listed} are`} (the limit per kind and file; audit with --max-per-kind all to list every one)`,
    details: { kind, findings: d.findings, listed, firstOffset: d.firstOffset, lastOffset: d.lastOffset },
  };
}

/**
 * The findings of a check across a host's files (utmp against wtmp, lastlog
 * against wtmp), limited as a scan's are: per kind and per file a finding
 * names. A hostile utmp of a million slots missing from wtmp is a million
 * findings. Listed file by file, in the order each file's first finding came.
 */
export class AcrossFindings {
  private readonly byFile = new Map<string, FindingList>();

  constructor(private readonly limit: number) {}

  add(file: string, kind: string, category: FindingCategory, offset: number | null, records: number, make: () => FindingBody): void {
    let list = this.byFile.get(file);
    if (list === undefined) this.byFile.set(file, (list = new FindingList(this.limit)));
    list.add(kind, category, offset, records, make);
  }

  list(): Finding[] {
    const out: Finding[] = [];
    for (const [file, list] of this.byFile) for (const body of list.list()) out.push({ ...body, file, offsetUnit: body.offsetUnit ?? "byte" });
    return out;
  }
}
