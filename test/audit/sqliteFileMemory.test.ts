// Audit reads a SQLite database file a block at a time as its pages are asked
// for, as open() does, not whole: a 1.25 GiB file took 1.36 GB of RSS. A real
// wtmpdb (glibc.db, 10 rows) grown by 768 MiB of empty pages, its header's page
// count raised to cover them, so that every page is one the database has and
// the free-space check reads (sparse: no disk is written). Audited by the CLI
// in a child process, its own peak RSS (VmHWM): ~0.85 GB read whole, ~0.1 GB
// read by blocks.
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO } from "../support/paths.ts";
import { cliChild } from "../support/childNode.ts";

const EMPTY_PAGES_BYTES = 768 * 2 ** 20;
const MAX_RSS_BYTES = 200 * 2 ** 20;
const dir = mkdtempSync(join(tmpdir(), "utmpx-audit-db-file-"));
const database = join(dir, "wtmp.db");
const CLI = join(REPO, "dist", "cli", "main.js");

beforeAll(() => {
  const db = readFileSync(join(REPO, "test", "fixtures", "wtmpdb", "db", "glibc.db"));
  const view = new DataView(db.buffer, db.byteOffset, db.byteLength);
  const pageSize = view.getUint16(16) === 1 ? 65536 : view.getUint16(16);
  const size = db.length + EMPTY_PAGES_BYTES;
  // the page count (offset 28) is SQLite's only when "version-valid-for" (92) equals the change counter (24)
  expect(view.getUint32(92)).toBe(view.getUint32(24));
  view.setUint32(28, size / pageSize);
  writeFileSync(database, db);
  truncateSync(database, size);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("audit of a 768 MiB wtmpdb file", () => {
  it.skipIf(!existsSync(CLI) || !existsSync("/proc/self/status"))("reads every page, a block at a time", () => {
    const r = cliChild(["audit", database]);
    console.log(`audit of a ${EMPTY_PAGES_BYTES + 8192}-byte database file: peak RSS ${(r.peak / 2 ** 20).toFixed(1)} MiB`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("(wtmpdb, wtmpdb, 10 records)");
    expect(r.peak).toBeLessThan(MAX_RSS_BYTES);
  }, 60_000);
});
