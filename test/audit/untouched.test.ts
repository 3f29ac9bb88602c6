// False positives are bugs: every real fixture, audited with the other files
// of its directory (one host's set: wtmp against lastlog and utmp, btmp against
// wtmp), gives no finding of tampering. What is allowed: attack summaries and
// the -wal notice (facts, not signs of tampering), and the findings listed in
// KNOWN, each for a reason visible in the file itself.
import { dirname, relative } from "node:path";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { audit, type Finding } from "../../src/audit/audit.ts";
import { FIXTURES, walk } from "../support/paths.ts";

const files = walk(FIXTURES).filter((p) =>
  existsSync(`${p}.expected.json`) || (/\/(wtmpdb\/db|lastlog)\/[^/]+\.db$/.test(p))).sort();
const byDirectory = new Map<string, string[]>();
for (const f of files) byDirectory.set(dirname(f), [...(byDirectory.get(dirname(f)) ?? []), f]);

/** Findings the untouched fixtures do give, and why they are right to. */
const KNOWN: Record<string, string[]> = {
  // the files end one byte into a record (GRR's test data as committed)
  "grr/utmp": ["partial-record@1920x1"],
  "grr/wtmp": ["partial-record@1536x1"],
  // plaso's deliberately corrupted sample: two records of an undefined type, and a tail
  "plaso/utmp_corrupted": ["impossible-records@384x2", "partial-record@1536x1"],
  // plaso's wtmp.1 ends in two zeroed records and one byte: chkwtmp reports the same 3 deletions
  "plaso/wtmp.1": ["zeroed-records@768x3", "partial-record@1536x1"],
  // this set mixes two captures: wtmp ends on 2023-10-26 with lastlog, but wtmp.1 runs to 2023-12-01,
  // so root's later logins in wtmp.1 are newer than lastlog's
  "s4/OpenBSD7.2/x86_32/lastlog": ["lastlog-older-than-wtmp@0x1"],
};

const NOT_TAMPERING = (f: Finding) => f.category === "attack" || f.kind === "sqlite-wal-uncheckpointed" || f.kind === "wtmpdb-rotated-rows";

describe("untouched fixtures", () => {
  it.each([...byDirectory.keys()].map((d) => [relative(FIXTURES, d) || ".", d]))("%s: no finding of tampering", async (_name, directory) => {
    const report = await audit(byDirectory.get(directory)!);
    for (const e of report.errors) expect(e.code, e.message).toBe("UNSUPPORTED_FORMAT"); // NetBSD's Berkeley DB lastlogx
    const got: Record<string, string[]> = {};
    for (const f of report.findings) {
      if (NOT_TAMPERING(f)) continue;
      (got[relative(FIXTURES, f.file)] ??= []).push(`${f.kind}@${f.offset}x${f.records}`);
    }
    const want = Object.fromEntries(Object.entries(KNOWN).filter(([file]) => dirname(file) === relative(FIXTURES, directory)));
    expect(got).toStrictEqual(want);
  });
});
