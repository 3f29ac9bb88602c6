// SqliteTable.estimateRows sizes a reader's columns before it reads: from the
// interior pages and three leaves only. Trees written by python's sqlite3 (one
// leaf; two levels; four levels with 512-byte pages; rows deleted from the
// front, as wtmpdb rotate leaves them) give an estimate no smaller than the rows
// rows() reads nor far above them (a leaf's worth and a fifth; a half with rows
// deleted), and at most the limit;
// a tree with a loop gives 0 (rows() then says what is wrong).
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SqliteDatabase } from "../../src/sqlite/database.ts";
import { bytesOf, noPython } from "./support.ts";

const BUILD = String.raw`
import sqlite3, sys
path, page, rows, drop = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
con = sqlite3.connect(path)
con.execute("PRAGMA page_size=%d" % page)
con.execute("CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, User TEXT NOT NULL, Login INTEGER, Logout INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT)")
con.executemany("INSERT INTO wtmp VALUES (?,?,?,?,?,?,?,?)",
  ((i, 3, "user%d" % (i % 50), 1700000000000000 + i * 1000000, None, "pts/%d" % (i % 9), "10.0.%d.%d" % (i // 256 % 256, i % 256), "sshd") for i in range(1, rows + 1)))
con.execute("DELETE FROM wtmp WHERE ID <= ?", (drop,))
con.commit()
con.execute("VACUUM") if drop == 0 else None
con.close()
`;

describe.skipIf(noPython)("SqliteTable.estimateRows", () => {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-estimate-"));
  const table = (name: string, page: number, rows: number, drop = 0) => {
    const path = join(dir, `${name}.db`);
    execFileSync("python3", ["-c", BUILD, path, String(page), String(rows), String(drop)]);
    const db = new SqliteDatabase(bytesOf(path));
    return { db, wtmp: db.table("wtmp")! };
  };

  it.each([
    ["one leaf", 4096, 20, 0],
    ["two levels", 4096, 20_000, 0],
    ["four levels (512-byte pages)", 512, 30_000, 0],
    ["the oldest rows deleted", 4096, 20_000, 8_000],
  ])("%s: no fewer than the rows, not far above", (_, page, rows, drop) => {
    const { db, wtmp } = table(`t${page}-${rows}-${drop}`, page, rows, drop);
    const read = [...wtmp.rows()].length;
    expect(read).toBe(rows - drop);
    const estimate = wtmp.estimateRows(1 << 24);
    const perLeaf = Math.ceil(db.header.pageSize / 20); // rows of ~20 bytes and more: fewer than this fit a leaf
    expect(estimate).toBeGreaterThanOrEqual(read);
    expect(estimate).toBeLessThanOrEqual(read + perLeaf + Math.ceil(read * (drop > 0 ? 0.5 : 0.2)));
    expect(wtmp.estimateRows(100)).toBe(Math.min(100, estimate));
  });

  it("gives 0 for a tree whose interior page points back at itself", () => {
    const { db } = table("loop", 512, 30_000, 0);
    const bytes = new Uint8Array(db.header.pageSize * db.pageCount);
    bytes.set(bytesOf(join(dir, "loop.db")));
    const root = new SqliteDatabase(bytes).table("wtmp")!.rootPage;
    const base = (root - 1) * 512;
    expect(bytes[base]).toBe(0x05); // an interior page
    // its right-most child: itself
    new DataView(bytes.buffer).setUint32(base + 8, root);
    const damaged = new SqliteDatabase(bytes).table("wtmp")!;
    expect(damaged.estimateRows(1 << 24)).toBe(0);
    expect(() => [...damaged.rows()]).toThrow(/reached twice/);
  });
});
