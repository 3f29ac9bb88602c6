// False positives are bugs: every real fixture, audited with the other files
// of its directory (one host's set: wtmp against lastlog and utmp, btmp against
// wtmp), gives no finding of tampering. What is allowed: attack summaries and
// the -wal notice (facts, not signs of tampering), and the findings listed in
// KNOWN, each for a reason visible in the file itself.
import { dirname, relative } from "node:path";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { audit, type Finding } from "../../src/audit/audit.ts";
import { FIXTURES, SHARED_CORPUS, sharedCorpusPresent, walk } from "../support/paths.ts";

/** The record files and databases below `root`, by directory. */
function directories(root: string): Map<string, string[]> {
  const files = walk(root).filter((p) => existsSync(`${p}.expected.json`) || (/\/(wtmpdb\/db|lastlog)\/[^/]+\.db$/.test(p))).sort();
  const byDirectory = new Map<string, string[]>();
  for (const f of files) byDirectory.set(dirname(f), [...(byDirectory.get(dirname(f)) ?? []), f]);
  return byDirectory;
}

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

/** The same in the shared corpus (present beside the repository in development), beyond what KNOWN lists. */
const KNOWN_SHARED: Record<string, string[]> = {
  ...KNOWN,
  // AppArmor's test of a truncated wtmp: 300 bytes, one record's worth cut
  "apparmor/wtmp-truncated": ["zeroed-records@0x1", "partial-record@0x1"],
  // util-linux's test vectors of extreme values: a time 0, INT32_MAX (2038), a jump of 22 years
  "util-linux/wtmp-a.BE": ["zeroed-records@6528x1", "time-regression@6144x1", "impossible-records@6912x1"],
  "util-linux/wtmp-a.LE": ["zeroed-records@6528x1", "time-regression@6144x1", "impossible-records@6912x1"],
  // Velociraptor's sample ends 256 bytes into a record
  "velociraptor/wtmp.1": ["partial-record@9984x1"],
};

const NOT_TAMPERING = (f: Finding) => f.category === "attack" || f.kind === "sqlite-wal-uncheckpointed" || f.kind === "wtmpdb-rotated-rows";

async function check(root: string, directory: string, known: Record<string, string[]>, files: string[]): Promise<void> {
  const report = await audit(files);
  // NetBSD's Berkeley DB lastlogx; a util-linux test file of no layout
  for (const e of report.errors) expect(["UNSUPPORTED_FORMAT", "UNKNOWN_LAYOUT"], e.message).toContain(e.code);
  const got: Record<string, string[]> = {};
  for (const f of report.findings) {
    if (NOT_TAMPERING(f)) continue;
    (got[relative(root, f.file)] ??= []).push(`${f.kind}@${f.offset}x${f.records}`);
  }
  const want = Object.fromEntries(Object.entries(known).filter(([file]) => dirname(file) === (relative(root, directory) || ".")));
  expect(got).toStrictEqual(want);
}

describe("untouched fixtures", () => {
  const byDirectory = directories(FIXTURES);
  it.each([...byDirectory.keys()].map((d) => [relative(FIXTURES, d) || ".", d]))("%s: no finding of tampering", async (_name, directory) => {
    await check(FIXTURES, directory, KNOWN, byDirectory.get(directory)!);
  });
});

describe.skipIf(!sharedCorpusPresent)("untouched files of the shared corpus", () => {
  const byDirectory = directories(SHARED_CORPUS);
  it("holds them", () => expect(byDirectory.size).toBeGreaterThan(0));
  it.each([...byDirectory.keys()].map((d) => [relative(SHARED_CORPUS, d) || ".", d]))("%s: no finding of tampering", async (_name, directory) => {
    await check(SHARED_CORPUS, directory, KNOWN_SHARED, byDirectory.get(directory)!);
  });
});
