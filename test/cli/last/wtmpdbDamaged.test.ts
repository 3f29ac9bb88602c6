// `utmpx last -f` on a wtmpdb database with a leaf page damaged: wtmpdb itself
// (and SQLite) stops with "database disk image is malformed" and lists
// nothing; utmpx lists every other row, as `last` lists the same database with
// those rows deleted by python's sqlite3 (and wtmpdb, where it is built, lists
// that copy the same), and says on stderr what it passed over.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runLast } from "../../support/last/runLast.ts";
import { noPython } from "../../sqlite/support.ts";
import { WTMPDB_BINARY } from "../../write/wtmpdbSqlite.ts";

const VOLUME = new URL("../../fixtures/wtmpdb/db/volume.db", import.meta.url).pathname;
const be16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const be32 = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset).getUint32(at);

function python(script: string, ...args: string[]): string {
  return execFileSync("python3", ["-c", script, ...args], { encoding: "utf8" });
}

describe.skipIf(noPython !== undefined)("utmpx last -f on a damaged wtmp.db", () => {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-damaged-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("lists the rows past the damage, as last lists the database without them, and warns", async () => {
    const bytes = new Uint8Array(readFileSync(VOLUME));
    const P = be16(bytes, 16);
    const root = Number(python("import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT rootpage FROM sqlite_schema WHERE name='wtmp'\").fetchone()[0])", VOLUME));
    const ids = JSON.parse(python("import sqlite3,sys,json; print(json.dumps([r[0] for r in sqlite3.connect(sys.argv[1]).execute('SELECT ID FROM wtmp ORDER BY ID')]))", VOLUME)) as number[];
    // the root's children, read here from the page (a two-level tree: its children are leaves)
    const base = (root - 1) * P;
    expect(bytes[base]).toBe(0x05);
    const children = Array.from({ length: be16(bytes, base + 3) }, (_, i) => be32(bytes, (root - 1) * P + be16(bytes, base + 12 + 2 * i)));
    children.push(be32(bytes, base + 8));
    const cells = children.map((n) => { expect(bytes[(n - 1) * P]).toBe(0x0d); return be16(bytes, (n - 1) * P + 3); });
    const k = 1;
    const first = cells.slice(0, k).reduce((a, b) => a + b, 0);
    const lost = ids.slice(first, first + cells[k]!);

    const damaged = join(dir, "damaged.db");
    const b = bytes.slice(); b[(children[k]! - 1) * P] = 0x02;
    writeFileSync(damaged, b);
    const without = join(dir, "without.db");
    copyFileSync(VOLUME, without);
    python("import sqlite3,sys,json; c=sqlite3.connect(sys.argv[1]); c.executemany('DELETE FROM wtmp WHERE ID=?', [(i,) for i in json.loads(sys.argv[2])]); c.commit()", without, JSON.stringify(lost));

    const got = await runLast(["-f", damaged]);
    const want = await runLast(["-f", without]);
    expect(got.status).toBe(0);
    expect(got.stdout.replace(damaged, "DB")).toBe(want.stdout.replace(without, "DB"));
    expect(got.stdout.split("\n").length).toBeGreaterThan(100);
    expect(got.stderr).toBe(`utmpx last: warning: ${damaged}: SQLite database: page ${children[k]} is not a table B-tree page (type 0x2) (at database offset ${(children[k]! - 1) * P}): ` +
      `child ${k} of page ${root} and the rows under it are not read\n`);

    if (existsSync(WTMPDB_BINARY)) {
      const wtmpdb = (path: string) => spawnSync(WTMPDB_BINARY, ["last", "-f", path], { encoding: "utf8", env: { ...process.env, TZ: "UTC" } });
      const refused = wtmpdb(damaged);
      expect(refused.stdout).toBe("");
      expect(refused.stderr).toMatch(/malformed/);
      // wtmpdb's "begins" line counts from now; the rows are what must agree
      const rows = (s: string) => s.split("\n").filter((l) => l !== "" && !/ begins /.test(l));
      expect(rows(got.stdout)).toStrictEqual(rows(wtmpdb(without).stdout));
    }
  });
});
