// A table damaged below its root page is read past the damage: every row still
// readable, a SQLITE_DAMAGED warning naming each place passed over and what it
// cost. The rows expected are python's sqlite3's rows of the database before
// it was damaged, less those of the damaged place, found here by walking the
// pages independently of src/sqlite/btree.ts.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit, fromBytes, lastlogFromBytes, wtmpdbFromBytes } from "../../src/index.ts";
import type { Lastlog2 } from "../../src/read/lastlog2.ts";
import { UtmpError, type UtmpWarning } from "../../src/util/errors.ts";
import { prng } from "../support/prng.ts";
import { buildCases, noPython } from "./support.ts";

const be16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const be32 = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset).getUint32(at);
const put32 = (b: Uint8Array, at: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint32(at, v);

/** The rowids python's sqlite3 reads from `path`'s `table`, in rowid order. */
function sqliteRowids(path: string, table: string): number[] {
  const out = execFileSync("python3", ["-c",
    `import sqlite3,sys,json; print(json.dumps([r[0] for r in sqlite3.connect(sys.argv[1]).execute('SELECT rowid FROM ${table} ORDER BY rowid')]))`, path], { encoding: "utf8" });
  return JSON.parse(out) as number[];
}

/** The leaves of the table B-tree at `root`, left to right, with their cell counts (pages of `P` bytes). */
function leaves(b: Uint8Array, P: number, root: number): { page: number; cells: number }[] {
  const out: { page: number; cells: number }[] = [];
  const walk = (n: number) => {
    const base = (n - 1) * P + (n === 1 ? 100 : 0);
    const count = be16(b, base + 3);
    if (b[base] === 0x0d) return void out.push({ page: n, cells: count });
    for (let i = 0; i < count; i++) walk(be32(b, (n - 1) * P + be16(b, base + 12 + 2 * i)));
    walk(be32(b, base + 8));
  };
  walk(root);
  return out;
}

/** `rows` are `all` less one run of `lost` consecutive rowids; returns where the run starts. */
function lessOneRun(rows: readonly number[], all: readonly number[], lost: number): number {
  expect(rows.length).toBe(all.length - lost);
  let at = 0;
  while (at < rows.length && rows[at] === all[at]) at++;
  expect(rows.slice(at)).toStrictEqual(all.slice(at + lost));
  return at;
}

const damaged = (warnings: readonly UtmpWarning[]) => warnings.filter((w) => w.code === "SQLITE_DAMAGED");

describe.skipIf(noPython !== undefined)("a table damaged below its root", () => {
  let dir = "";
  let db: Uint8Array;
  let all: number[];
  let root = 0;
  const P = 512;
  beforeAll(() => {
    ({ dir } = buildCases());
    db = new Uint8Array(readFileSync(join(dir, "wtmp-512.db")));
    all = sqliteRowids(join(dir, "wtmp-512.db"), "wtmp");
    root = Number(execFileSync("python3", ["-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT rootpage FROM sqlite_schema WHERE name='wtmp'\").fetchone()[0])",
      join(dir, "wtmp-512.db")], { encoding: "utf8" }).trim());
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const read = (b: Uint8Array) => {
    const { rows, warnings } = wtmpdbFromBytes(b);
    return { ids: rows.map((r) => r.id), warnings: damaged(warnings) };
  };

  it("reads the undamaged database whole, without a warning", () => {
    const r = read(db);
    expect(r.ids).toStrictEqual(all);
    expect(r.warnings).toStrictEqual([]);
  });

  it("passes over a leaf that is not a table page, or holds no cell, with exactly its rows", () => {
    const list = leaves(db, P, root);
    const leaf = list[Math.floor(list.length / 2)]!;
    const before = list.slice(0, list.indexOf(leaf)).reduce((n, l) => n + l.cells, 0);
    const notTable = db.slice(); notTable[(leaf.page - 1) * P] = 0x02;
    const noCell = db.slice(); noCell[(leaf.page - 1) * P + 3] = 0; noCell[(leaf.page - 1) * P + 4] = 0;
    for (const [b, why, offset] of [[notTable, /is not a table B-tree page \(type 0x2\)/, 0], [noCell, /a leaf below the root, holds no cell/, 3]] as const) {
      const r = read(b);
      expect(lessOneRun(r.ids, all, leaf.cells)).toBe(before);
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0]!.message).toMatch(why);
      expect(r.warnings[0]!.message).toMatch(/and the rows under it are not read$/);
      expect(r.warnings[0]!.offset).toBe((leaf.page - 1) * P + offset);
    }
  });

  it("passes over one cell: a pointer outside the content area, an overflow chain cut", () => {
    const list = leaves(db, P, root);
    const leaf = list[3]!;
    const before = list.slice(0, 3).reduce((n, l) => n + l.cells, 0);
    const base = (leaf.page - 1) * P;
    const b = db.slice(); b[base + 8 + 2 * 2] = 0xff; b[base + 9 + 2 * 2] = 0xff; // cell 2's pointer
    const r = read(b);
    expect(lessOneRun(r.ids, all, 1)).toBe(before + 2);
    expect(r.warnings.map((w) => [w.offset, /outside the content area \(at database offset \d+\): the row of cell 2 of page \d+ is not read$/.test(w.message)])).toStrictEqual([[base + 8 + 4, true]]);

    // the first row whose payload overflows: the next pointer of its chain's first page made 0 ends the chain early
    const { index, first } = firstOverflow(db, P, root);
    const c = db.slice(); put32(c, (first - 1) * P, 0);
    const cut = read(c);
    expect(lessOneRun(cut.ids, all, 1)).toBe(index);
    expect(cut.warnings).toHaveLength(1);
    expect(cut.warnings[0]!.message).toMatch(/overflow chain ends with \d+ payload bytes missing.*: the row of cell \d+ of page \d+ is not read$/);
  });

  // A damaged rowid or child pointer used to be the order's new mark: every sound row after it was
  // refused as "out of order" (one rowid cost 126 rows, one pointer 2,414 of 2,434)
  it("refuses a rowid beyond its page's range alone, and a child pointer to another page with the rows it replaced", () => {
    const list = leaves(db, P, root);
    const k = 2, leaf = list[k]!;
    const before = list.slice(0, k).reduce((n, l) => n + l.cells, 0);
    const base = (leaf.page - 1) * P;
    // cell 0's rowid (a one-byte varint after the payload size's) made 127, past the leaf's range
    const b = db.slice();
    const cell = base + be16(b, base + 8);
    let at = cell;
    while (b[at]! >= 0x80) at++;
    expect(b[at + 1]! < 0x80 && all[before]! < 127).toBe(true);
    b[at + 1] = 127;
    const r = read(b);
    expect(lessOneRun(r.ids, all, 1)).toBe(before);
    expect(r.warnings.map((w) => /rowid 127 lies outside the rowids its page may hold/.test(w.message))).toStrictEqual([true]);

    // the parent's pointer to this leaf made to point to a later leaf: this leaf's rows are lost, the later one is read in its place
    const parentOf = (n: number): { page: number; at: number } => {
      for (let p = 1; p <= db.length / P; p++) {
        const pb = (p - 1) * P + (p === 1 ? 100 : 0);
        if (db[pb] !== 0x05) continue;
        for (let i = 0; i < be16(db, pb + 3); i++) {
          const off = (p - 1) * P + be16(db, pb + 12 + 2 * i);
          if (be32(db, off) === n) return { page: p, at: off };
        }
      }
      throw new Error(`no interior cell points to page ${n}`);
    };
    const { at: pointer } = parentOf(leaf.page);
    const c = db.slice(); put32(c, pointer, list[k + 5]!.page);
    const moved = read(c);
    expect(lessOneRun(moved.ids, all, leaf.cells)).toBe(before);
    expect(moved.warnings).toHaveLength(1);
    expect(moved.warnings[0]!.message).toMatch(new RegExp(`page ${list[k + 5]!.page} holds rowids \\d+ to \\d+, outside those its parent points to .*: not the page meant`));
    expect(moved.warnings[0]!.offset).toBe(pointer);
  });

  // within its page's range, a rowid damaged upward was taken as the order's mark: the rows after it
  // on that page were refused as "out of order"; now the page's rowids are weighed together
  it("refuses a rowid damaged within its page's range alone, up or down", () => {
    const list = leaves(db, P, root);
    const k = 4, leaf = list[k]!;
    expect(leaf.cells).toBeGreaterThan(6);
    const before = list.slice(0, k).reduce((n, l) => n + l.cells, 0);
    const base = (leaf.page - 1) * P;
    /** Where cell `i`'s rowid varint lies and its length (after the payload size's varint). */
    const rowidAt = (b: Uint8Array, i: number) => {
      let at = base + be16(b, base + 8 + 2 * i);
      while (b[at]! >= 0x80) at++;
      at++;
      let end = at;
      while (b[end]! >= 0x80) end++;
      return { at, length: end + 1 - at };
    };
    /** Cell `i`'s rowid made `v`, in as many varint bytes as it had. */
    const setRowid = (b: Uint8Array, i: number, v: number) => {
      const { at, length } = rowidAt(b, i);
      expect(v).toBeLessThan(2 ** (7 * length));
      for (let j = length - 1, x = v; j >= 0; j--, x = Math.floor(x / 128)) b[at + j] = (x % 128) | (j < length - 1 ? 0x80 : 0);
    };
    const ids = all.slice(before, before + leaf.cells);
    for (const [cell, value] of [[0, ids[leaf.cells - 2]!], [3, ids[0]! - 1], [2, ids[5]!]] as const) {
      const b = db.slice();
      expect(rowidAt(b, cell).length).toBe(rowidAt(b, leaf.cells - 2).length);
      setRowid(b, cell, value);
      const r = read(b);
      expect(lessOneRun(r.ids, all, 1), `cell ${cell} made ${value}`).toBe(before + cell);
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0]!.message).toMatch(new RegExp(`rowid ${value} (is out of order with the other rows of its page|lies outside the rowids its page may hold)`));
    }
  });

  it("passes over a loop back to the root, with the rows under the child it replaced", () => {
    const b = db.slice(); put32(b, (root - 1) * P + 8, root); // the root's right-most child is the root
    const r = read(b);
    expect(r.ids).toStrictEqual(all.slice(0, r.ids.length));
    expect(r.ids.length).toBeLessThan(all.length);
    expect(r.ids.length).toBeGreaterThan(all.length / 2);
    expect(r.warnings.map((w) => w.offset)).toStrictEqual([(root - 1) * P + 8]);
    expect(r.warnings[0]!.message).toMatch(/page \d+ is reached twice/);
  });

  it("tells the first 100 places, then how many more", () => {
    const b = db.slice();
    let cells = 0;
    for (const leaf of leaves(db, P, root).slice(0, 60)) {
      const base = (leaf.page - 1) * P;
      for (let i = 0; i < Math.min(3, leaf.cells); i++, cells++) { b[base + 8 + 2 * i] = 0xff; b[base + 9 + 2 * i] = 0xff; }
    }
    expect(cells).toBeGreaterThan(150);
    const r = read(b);
    expect(r.ids).toHaveLength(all.length - cells);
    expect(r.warnings).toHaveLength(101);
    expect(r.warnings[100]!.length).toBe(cells - 100);
    expect(r.warnings[100]!.message).toMatch(new RegExp(`${cells - 100} more damaged place\\(s\\) after the first 100`));
    // read as records, the count is said too (it shares the 100th place's offset: a reader's warnings once each by code and offset lost it)
    const told: UtmpWarning[] = [];
    void [...fromBytes(b, { onWarning: (w) => told.push(w) })];
    expect(damaged(told)).toHaveLength(101);
  });

  it("on 60 randomly damaged databases: only UtmpErrors (damage at the root or above), rows in ID order, and most rows read past the damage", () => {
    const rand = prng(7);
    let refused = 0, read = 0, rows = 0;
    for (let k = 0; k < 60; k++) {
      const b = db.slice();
      for (let h = 1 + Math.floor(rand() * 6); h > 0; h--) {
        const page = Math.floor(rand() * (b.length / P));
        const at = rand() < 0.5 ? page * P + Math.floor(rand() * 16) : Math.floor(rand() * b.length);
        b[at] = Math.floor(rand() * 256);
      }
      try {
        const ids = wtmpdbFromBytes(b).rows.map((r) => r.id);
        for (let i = 1; i < ids.length; i++) expect(ids[i]!).toBeGreaterThan(ids[i - 1]!);
        read++;
        rows += ids.length;
      } catch (err) {
        if (!(err instanceof UtmpError)) throw err;
        refused++;
      }
    }
    // the root, the schema and the header are a few pages of the file: most damage lies below them
    expect(read).toBeGreaterThan(refused);
    expect(rows / read).toBeGreaterThan(all.length / 2);
  });

  it("reads the rest as records too (fromBytes), and the audit reports each place", async () => {
    const list = leaves(db, P, root);
    const leaf = list[5]!;
    const b = db.slice(); b[(leaf.page - 1) * P] = 0x0a; // an index leaf where a table leaf belongs
    const warnings: UtmpWarning[] = [];
    const records = [...fromBytes(b, { onWarning: (w) => warnings.push(w) })];
    const whole = [...fromBytes(db)];
    expect(records.length).toBeLessThan(whole.length);
    expect(damaged(warnings).map((w) => w.offset)).toStrictEqual([(leaf.page - 1) * P]);
    const report = await audit([{ bytes: b, name: "wtmp.db" }]);
    const found = report.findings.filter((f) => f.kind === "sqlite-damaged");
    expect(found.map((f) => [f.file, f.offset, f.offsetUnit])).toStrictEqual([["wtmp.db", (leaf.page - 1) * P, "byte"]]);
    expect(found[0]!.explanation).toMatch(/not a table B-tree page \(type 0xa\).*the rows under it are not read; SQLite stops reading the table there/);
    expect((await audit([{ bytes: db, name: "wtmp.db" }])).findings.filter((f) => f.kind === "sqlite-damaged")).toStrictEqual([]);
  });

  it("reads the rest of a damaged lastlog2 database, with its warning", () => {
    const path = join(dir, "lastlog2-strict-512.db");
    const bytes = new Uint8Array(readFileSync(path));
    const ll2Root = Number(execFileSync("python3", ["-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT rootpage FROM sqlite_schema WHERE name='Lastlog2'\").fetchone()[0])", path], { encoding: "utf8" }).trim());
    const rowids = sqliteRowids(path, "Lastlog2");
    const list = leaves(bytes, P, ll2Root);
    const leaf = list[1]!;
    const b = bytes.slice(); b[(leaf.page - 1) * P] = 0x02;
    const warnings: UtmpWarning[] = [];
    const ll = lastlogFromBytes(b, { onWarning: (w) => warnings.push(w) }) as Lastlog2;
    const got = ll.rows().map((r) => Number(r.rowid)).sort((x, y) => x - y);
    expect(lessOneRun(got, rowids, leaf.cells)).toBe(list[0]!.cells);
    expect(damaged(warnings).map((w) => w.offset)).toStrictEqual([(leaf.page - 1) * P]);
  });
});

/**
 * The first row of the table whose payload overflows its leaf: its index in
 * rowid order and its chain's first page (the 4 bytes after the local part,
 * whose size sqlite.org/fileformat.html 1.6 gives).
 */
function firstOverflow(b: Uint8Array, P: number, root: number): { index: number; first: number } {
  let index = 0;
  for (const leaf of leaves(b, P, root)) {
    const base = (leaf.page - 1) * P;
    for (let i = 0; i < leaf.cells; i++, index++) {
      let pos = base + be16(b, base + 8 + 2 * i);
      let payload = 0;
      for (let k = 0; k < 9; k++) { const v = b[pos++]!; payload = payload * 128 + (v & 0x7f); if (v < 0x80) break; }
      while (b[pos++]! >= 0x80); // the rowid
      const X = P - 35, M = Math.floor(((P - 12) * 32) / 255) - 23;
      const K = M + ((payload - M) % (P - 4));
      const local = payload <= X ? payload : K <= X ? K : M;
      if (local < payload) return { index, first: be32(b, pos + local) };
    }
  }
  throw new Error("no row overflows its leaf");
}
