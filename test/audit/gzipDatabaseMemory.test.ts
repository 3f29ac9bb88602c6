// Audit gathers a SQLite database in a .gz whole (its pages are read by
// number): into one array of the size counted, not a list of chunks and then a
// joined copy of them, which took twice the database (a .gz of a 600 MiB one:
// 1.29 GB of RSS in audit, 0.71 GB in dump). A real wtmpdb followed by 256 MiB
// of zeros (which SQLite ignores past the page count in its header), audited
// by the CLI in a child process, its own peak RSS (VmHWM): ~0.35 GB gathered
// once, ~0.6 GB gathered twice.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO } from "../support/paths.ts";
import { writeGzipBomb } from "../support/gzipBomb.ts";
import { cliChild } from "../support/childNode.ts";

const ZEROS = 256 * 2 ** 20;
const MAX_RSS_BYTES = ZEROS + 160 * 2 ** 20;
const dir = mkdtempSync(join(tmpdir(), "utmpx-audit-gz-db-"));
const archive = join(dir, "wtmp.db.gz");
const CLI = join(REPO, "dist", "cli", "main.js");

beforeAll(async () => {
  await writeGzipBomb(archive, ZEROS, readFileSync(join(REPO, "test", "fixtures", "wtmpdb", "db", "glibc.db")));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("audit of a .gz of a 256 MiB wtmpdb", () => {
  it.skipIf(!existsSync(CLI) || !existsSync("/proc/self/status"))("reads every row, holding the database once", () => {
    const r = cliChild(["audit", archive]);
    console.log(`audit of a .gz of a ${ZEROS + 8192}-byte database: peak RSS ${(r.peak / 2 ** 20).toFixed(1)} MiB`);
    expect(r.stdout).toContain("(wtmpdb, wtmpdb, 10 records)");
    expect(r.peak).toBeLessThan(MAX_RSS_BYTES);
  }, 60_000);
});
