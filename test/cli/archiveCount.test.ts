// last, who and lastlog count a .gz before they open it (sources/archiveCount.ts),
// so that a gzip bomb is refused within bounds (test/sources/gzipBomb.test.ts,
// sqliteGzipBomb.test.ts): an archive within the limit still reads as the
// plain file does, and a cut database is still refused as a cut database.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES } from "../support/paths.ts";
import { cliChild } from "../support/childNode.ts";

const dir = mkdtempSync(join(tmpdir(), "utmpx-archived-db-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function copies(fixture: string): { plain: string; gz: string; cut: string } {
  const bytes = readFileSync(join(FIXTURES, fixture));
  const base = join(dir, fixture.replaceAll("/", "_"));
  const gz = gzipSync(bytes);
  writeFileSync(base, bytes);
  writeFileSync(`${base}.gz`, gz);
  writeFileSync(`${base}.cut.gz`, gz.subarray(0, gz.length >> 1));
  return { plain: base, gz: `${base}.gz`, cut: `${base}.cut.gz` };
}

const utmpx = (args: string[]) => cliChild(args, { TZ: "UTC" });
const wtmpdb = copies("wtmpdb/db/normal.db");
const lastlog2 = copies("lastlog/lastlog2.db");
const wtmp = copies("generated-glibc-x86_64/wtmp");
const lastlog = { plain: join(dir, "lastlog"), gz: join(FIXTURES, "lastlog", "lastlog.gz") };
writeFileSync(lastlog.plain, gunzipSync(readFileSync(lastlog.gz)));
const PASSWD = join(FIXTURES, "lastlog", "passwd");

describe("records in a .gz within the limit", () => {
  for (const [name, args, file] of [
    ["who", (f: string) => ["who", f], wtmp],
    ["lastlog", (f: string) => ["lastlog", "--passwd", PASSWD, f], lastlog],
  ] as const) {
    it(`utmpx ${name} reads them as the plain file`, () => {
      const plain = utmpx(args(file.plain)), gz = utmpx(args(file.gz));
      expect(gz.status, gz.stderr).toBe(0);
      expect(gz.stdout).toBe(plain.stdout);
      expect(gz.stdout).not.toBe("");
    });
  }
});

describe("a SQLite database in a .gz within the bound", () => {
  for (const [name, args, file] of [
    ["last", (f: string) => ["last", "-f", f], wtmpdb],
    ["who", (f: string) => ["who", f], wtmpdb],
    ["lastlog", (f: string) => ["lastlog", f], lastlog2],
  ] as const) {
    it(`utmpx ${name} reads it as the plain file`, () => {
      const plain = utmpx(args(file.plain)), gz = utmpx(args(file.gz));
      expect(gz.status, gz.stderr).toBe(0);
      expect(gz.stdout.replaceAll(file.gz.split("/").at(-1)!, file.plain.split("/").at(-1)!)).toBe(plain.stdout);
      expect(gz.stdout).not.toBe("");
    });

    it(`utmpx ${name} refuses a cut one as a cut database`, () => {
      const r = utmpx(args(file.cut));
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/the gzip archive is cut short, and a database is not read from part of one/);
    });
  }
});
