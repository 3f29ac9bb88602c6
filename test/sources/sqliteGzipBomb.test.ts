// A SQLite database in a .gz is gathered into memory (its pages are read by
// number), so a small archive of a SQLite header and 1.25 GiB of zeros (6 MB)
// must be refused without being held: stream() gathered such a database up
// to 2 GiB before it refused it (2.17 GB of RSS for `utmpx dump` of one of 3
// GiB), and audit up to 1 GiB, and the refusal said "open the file by path
// instead" of an archive opened by path; the commands that open it by path
// (last, who, lastlog, convert, anonymize) held 1.11 GB, and said to read it
// with dump, json or last. Measured in child processes, each its own peak RSS
// (VmHWM).
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO } from "../support/paths.ts";
import { writeGzipBomb } from "../support/gzipBomb.ts";
import { bundlePackage, cliChild, nodeChild } from "../support/childNode.ts";
import { stream } from "../../src/index.ts";

const ZEROS = 1.25 * 2 ** 30;
const MAX_RSS_BYTES = 250 * 2 ** 20;
const dir = mkdtempSync(join(tmpdir(), "utmpx-sqlite-bomb-"));
const bomb = join(dir, "wtmp.db.gz");
const bundle = join(dir, "utmpx.mjs");
const CLI = join(REPO, "dist", "cli", "main.js");
const tooLarge = /is a gzip-compressed SQLite database of more than 1073741824 bytes decompressed: too large to gather into memory/;

beforeAll(async () => {
  // a real wtmpdb's first page, then zeros: a database whose size only decompressing tells
  await writeGzipBomb(bomb, ZEROS, readFileSync(join(REPO, "test", "fixtures", "wtmpdb", "db", "glibc.db")).subarray(0, 4096));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a .gz of a SQLite header and 1.25 GiB of zeros", () => {
  it("is small on disk", () => {
    expect(statSync(bomb).size).toBeLessThan(16 << 20);
  });

  it.skipIf(!existsSync(CLI) || !existsSync("/proc/self/status"))("utmpx dump refuses it, held one chunk at a time, saying to gunzip it first", () => {
    const r = cliChild(["dump", bomb]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(tooLarge);
    expect(r.stderr).toContain(`decompress it first (gunzip -k ${bomb}) and read the file it gives`);
    expect(r.stderr).not.toMatch(/open the file by path instead/);
    expect(r.peak).toBeLessThan(MAX_RSS_BYTES);
  }, 60_000);

  // audit reads a database file page by page too, but keeps every row: the advice says so
  it.skipIf(!existsSync(CLI) || !existsSync("/proc/self/status"))("utmpx audit refuses it by its size decompressed, before gathering it, saying what auditing the file takes", () => {
    const r = cliChild(["audit", bomb]);
    expect(r.stdout).toMatch(tooLarge);
    expect(r.stdout).toContain(`decompress it first (gunzip -k ${bomb}) and audit the file it gives, which audit reads page by page, keeping its rows in memory (a few hundred bytes each)`);
    expect(r.peak).toBeLessThan(MAX_RSS_BYTES);
  }, 60_000);

  // open() and fromBytes() decompress a .gz whole, synchronously: they said "read it with
  // stream()", which refuses it too, and the CLI "read it with utmpx dump, json or last",
  // which refuse it too, even to a user of last; and each command held 1.11 GB before it
  // refused it, where the CLI now counts it first (archivedDatabase.ts)
  const commands = [["last", "-f", bomb], ["who", bomb], ["lastlog", bomb],
    ["convert", "--to", "lastlog2", "-o", join(dir, "out.db"), bomb], ["anonymize", "--key", "k", "-o", join(dir, "anon.db"), bomb]];
  for (const args of commands) {
    it.skipIf(!existsSync(CLI) || !existsSync("/proc/self/status"))(`utmpx ${args[0]} refuses it, counted before it is held, saying to gunzip it first`, () => {
      const r = cliChild(args);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(tooLarge);
      expect(r.stderr).toContain(`decompress it first (gunzip -k ${bomb}) and read the file it gives, which is read page by page`);
      expect(r.stderr).not.toMatch(/dump|json|last\b|stream\(\)/);
      expect(r.peak).toBeLessThan(MAX_RSS_BYTES);
    }, 60_000);
  }

  it.skipIf(!existsSync("/proc/self/status"))("open() and fromBytes() of it are UNSUPPORTED, saying to decompress it to a file", () => {
    bundlePackage(bundle);
    const r = nodeChild<{ path: string; bytes: string }>(`
      import { readFileSync } from "node:fs";
      import { fromBytes, open } from ${JSON.stringify(pathToFileURL(bundle).href)};
      const message = (f) => { try { f(); return "no error"; } catch (e) { return e.code + " " + e.message; } };
      console.log(JSON.stringify({ path: message(() => open(process.argv[1]).layout), bytes: message(() => fromBytes(readFileSync(process.argv[1])).layout) }));
    `, [bomb]);
    expect(r.path).toMatch(tooLarge);
    expect(r.path).toMatch(/^UNSUPPORTED /);
    expect(r.path).toContain(`decompress it first (gunzip -k ${bomb}) and read the file it gives`);
    expect(r.bytes).toMatch(tooLarge);
    expect(r.bytes).toContain("decompress it to a file first and open that by its path");
  }, 60_000);

  it("stream() of it as a Blob (no path) is UNSUPPORTED, saying to decompress it to a file", async () => {
    const err = await (async () => {
      for await (const _ of stream(new Blob([readFileSync(bomb)]))) { /* refused before any batch */ }
    })().catch((e: unknown) => e) as { code?: string; message?: string };
    expect(err.code).toBe("UNSUPPORTED");
    expect(err.message).toMatch(tooLarge);
    expect(err.message).toContain("decompress it to a file first and open that by its path");
  }, 60_000);
});
