// The SQLite reader against python's sqlite3 on the same files: every row and
// value of every table, at page sizes 512 to 65536, with interior pages,
// overflow chains, deleted rows, STRICT tables and WALs (committed, torn,
// corrupt, big-endian checksums, an uncommitted transaction, none).
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteDatabase } from "../../src/sqlite/database.ts";
import { UtmpError } from "../../src/util/errors.ts";
import { buildCases, bytesOf, noPython, tag, type Tagged } from "./support.ts";

if (noPython) console.warn(noPython);

describe.skipIf(noPython !== undefined)("SQLite reader vs python sqlite3", () => {
  let dir = "";
  let cases: string[] = [];
  beforeAll(() => ({ dir, cases } = buildCases()));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function open(name: string, withWal = true): SqliteDatabase {
    const wal = join(dir, `${name}.db-wal`);
    return new SqliteDatabase(bytesOf(join(dir, `${name}.db`)), withWal && existsSync(wal) ? { wal: bytesOf(wal) } : {});
  }

  /** Every table's rows as python dumped them: [rowid, ...columns]. */
  function ours(db: SqliteDatabase): Record<string, Tagged[][]> {
    const out: Record<string, Tagged[][]> = {};
    const names = db.schema().filter((e) => e.type === "table").map((e) => e.name).sort();
    for (const name of names) {
      out[name] = [...db.table(name)!.rows()].map((r) => [tag(r.rowid), ...r.values.map(tag)]);
    }
    return out;
  }

  it("reads every row and value as sqlite3 does, in every case", () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
    let rows = 0;
    for (const name of cases) {
      const want = JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8")) as Record<string, Tagged[][]>;
      const got = ours(open(name));
      expect(Object.keys(got), name).toEqual(Object.keys(want));
      for (const t of Object.keys(want)) {
        expect(got[t]!.length, `${name} ${t}`).toBe(want[t]!.length);
        for (let i = 0; i < want[t]!.length; i++) if (JSON.stringify(got[t]![i]) !== JSON.stringify(want[t]![i])) expect(got[t]![i], `${name} ${t} row ${i}`).toEqual(want[t]![i]);
        rows += want[t]!.length;
      }
    }
    console.log(`sqlite: ${rows} rows compared over ${cases.length} cases`);
    expect(rows).toBeGreaterThan(20_000);
  });

  it("reads the header fields sqlite3 wrote", () => {
    for (const [name, size] of [["wtmp-512", 512], ["wtmp-strict-1024", 1024], ["wtmp-4096", 4096], ["wtmp-65536", 65536]] as const) {
      const db = open(name);
      expect(db.header.pageSize).toBe(size);
      expect(db.header.textEncoding).toBe(1);
      expect(db.header.schemaFormat).toBe(4);
      expect(db.pageCount * size).toBe(readFileSync(join(dir, `${name}.db`)).length);
      // deleting rows 3000-5000 left free pages
      expect(db.header.freelistCount, name).toBeGreaterThan(0);
      // the table is deep enough to have an interior root
      const root = db.table("wtmp")!.rootPage;
      expect(bytesOf(join(dir, `${name}.db`))[(root - 1) * size], name).toBe(0x05);
    }
  });

  it("gives the rowid for INTEGER PRIMARY KEY, columns from the CREATE sql, bigints beyond 2^53", () => {
    const wtmp = open("wtmp-4096").table("WTMP")!;
    expect(wtmp.columns).toEqual(["ID", "Type", "User", "Login", "Logout", "TTY", "RemoteHost", "Service"]);
    expect(wtmp.rowidAlias).toBe(0);
    const rows = [...wtmp.rows()];
    expect(rows.every((r) => r.values[0] === r.rowid)).toBe(true);
    const logouts = rows.map((r) => r.values[wtmp.column("logout")]);
    expect(logouts.some((v) => typeof v === "bigint")).toBe(true);
    expect(logouts.filter((v) => typeof v === "bigint").every((v) => (v as bigint) > BigInt(Number.MAX_SAFE_INTEGER) || (v as bigint) < -BigInt(Number.MAX_SAFE_INTEGER))).toBe(true);
    expect(typeof rows[0]!.values[3]).toBe("number"); // microseconds near 2^51 stay numbers
    const strict = open("lastlog2-strict-512").table("lastlog2")!;
    expect(strict.strict).toBe(true);
    expect(strict.rowidAlias).toBe(-1);
    expect(strict.columns).toEqual(["Name", "Time", "TTY", "RemoteHost", "Service"]);
  });

  it("reports what the WAL added, and ignores frames after the last valid commit", () => {
    const committed = open("wal-committed").wal!;
    expect(committed.transactionsApplied).toBeGreaterThanOrEqual(4);
    expect(committed.framesIgnored).toBe(0);
    expect(open("wal-bigendian").wal).toEqual(committed);
    for (const name of ["wal-truncated", "wal-corrupt", "wal-uncommitted"]) {
      const w = open(name).wal!;
      expect(w.framesIgnored, name).toBeGreaterThan(0);
      expect(w.framesApplied, name).toBeGreaterThan(0);
    }
    expect(open("wal-uncommitted").wal!.framesApplied).toBe(committed.framesApplied);
    expect(open("wal-truncated").wal!.transactionsApplied).toBe(committed.transactionsApplied - 1);
    // without its log the database lacks what only the log holds
    const bare = open("wal-committed", false);
    expect(bare.wal).toBeUndefined();
    expect(bare.table("Lastlog2")).toBeUndefined();
    expect(open("wal-committed").table("Lastlog2")).toBeDefined();
  });

  it("refuses a UTF-16 database clearly", () => {
    const err = (() => { try { new SqliteDatabase(bytesOf(join(dir, "utf16.db"))); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(UtmpError);
    expect((err as UtmpError).code).toBe("BAD_INPUT");
    expect((err as UtmpError).message).toMatch(/UTF-16le; only UTF-8/);
    expect((err as UtmpError).offset).toBe(56);
  });
});
