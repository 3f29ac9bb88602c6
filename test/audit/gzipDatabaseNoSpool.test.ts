// A SQLite database in a .gz is gathered into memory (its pages are read by
// number), counted first: audit spooled the archive to a temporary file before
// it looked at what it held, so a 6 MB archive of a SQLite header and 1.25 GiB
// of zeros wrote 1.25 GiB to disk only to be refused. spoolGzip is wrapped to
// count its calls: none for a database, small or too large; records still
// spool, as their windows are read by position.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { FIXTURES } from "../support/paths.ts";
import { writeGzipBomb } from "../support/gzipBomb.ts";

const spooled: string[] = [];
vi.mock("../../src/sources/gzipSpool.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/sources/gzipSpool.ts")>();
  return { ...real, spoolGzip: (path: string, ...rest: Parameters<typeof real.spoolGzip> extends [string, ...infer R] ? R : never) => {
    spooled.push(path);
    return real.spoolGzip(path, ...rest);
  } };
});

const { audit } = await import("../../src/audit/audit.ts");
const dir = mkdtempSync(join(tmpdir(), "utmpx-audit-gz-nospool-"));
const database = join(dir, "wtmp.db.gz");
const bomb = join(dir, "bomb.db.gz");
const wtmp = join(dir, "wtmp.1.gz");
const glibcDb = readFileSync(join(FIXTURES, "wtmpdb", "db", "glibc.db"));

beforeAll(async () => {
  writeFileSync(database, gzipSync(glibcDb));
  writeFileSync(wtmp, gzipSync(readFileSync(join(FIXTURES, "s4", "CentOS7", "x86_64", "wtmp"))));
  await writeGzipBomb(bomb, 1.25 * 2 ** 30, glibcDb.subarray(0, 4096));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(() => {
  spooled.length = 0;
});

describe("audit of a SQLite database in a .gz", () => {
  it("reads every row without spooling the archive", async () => {
    const report = await audit([database]);
    expect(report.errors).toStrictEqual([]);
    expect(report.files).toMatchObject([{ role: "wtmpdb", records: 10 }]);
    expect(spooled).toStrictEqual([]);
  });

  it("refuses one past 1 GiB decompressed, counted, without spooling it", async () => {
    const report = await audit([bomb]);
    expect(report.files).toStrictEqual([]);
    expect(report.errors).toMatchObject([{ code: "UNSUPPORTED" }]);
    expect(report.errors[0]!.message).toMatch(/is a gzip-compressed SQLite database of more than 1073741824 bytes decompressed: too large to gather into memory/);
    expect(spooled).toStrictEqual([]);
  }, 60_000);

  it("a wtmp in a .gz is still spooled (the wrapper counts)", async () => {
    const report = await audit([wtmp]);
    expect(report.errors).toStrictEqual([]);
    expect(spooled).toStrictEqual([wtmp]);
  });
});
