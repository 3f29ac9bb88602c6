// Damaged databases and logs: each gives a UtmpError BAD_INPUT naming an
// offset, never a hang, a crash or an allocation beyond the input's size.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VarintReader } from "../../src/sqlite/bytes.ts";
import { localPayload } from "../../src/sqlite/btree.ts";
import { SqliteDatabase } from "../../src/sqlite/database.ts";
import { UtmpError } from "../../src/util/errors.ts";
import { prng } from "../support/prng.ts";
import { buildCases, noPython } from "./support.ts";

/** Opens and reads every table to the end; returns the error, or undefined when all read. */
function readAll(db: Uint8Array, wal?: Uint8Array): unknown {
  try {
    const d = new SqliteDatabase(db, wal === undefined ? {} : { wal });
    for (const e of d.schema()) if (e.type === "table") for (const _ of d.table(e.name)!.rows()) void _;
    return undefined;
  } catch (e) {
    return e;
  }
}

function expectBad(err: unknown, message: RegExp): UtmpError {
  expect(err).toBeInstanceOf(UtmpError);
  const u = err as UtmpError;
  expect(u.code).toBe("BAD_INPUT");
  expect(u.message).toMatch(message);
  expect(u.message).toMatch(/offset \d+/);
  expect(typeof u.offset).toBe("number");
  return u;
}

const be32 = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset).getUint32(at);
const put32 = (b: Uint8Array, at: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint32(at, v);

describe.skipIf(noPython !== undefined)("SQLite reader on hostile input", () => {
  let dir = "";
  let db512: Uint8Array; // wtmp, 512-byte pages, interior pages and long overflow chains
  const P = 512;
  const copy = () => db512.slice();
  beforeAll(() => {
    ({ dir } = buildCases());
    db512 = new Uint8Array(readFileSync(join(dir, "wtmp-512.db")));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const root = () => new SqliteDatabase(db512).table("wtmp")!.rootPage;
  /** The pages of the wtmp tree, found by walking it here (independently of btree.ts). */
  function leaves(b: Uint8Array): number[] {
    const out: number[] = [];
    const todo = [root()];
    while (todo.length > 0) {
      const n = todo.pop()!;
      const base = (n - 1) * P;
      const count = (b[base + 3]! << 8) | b[base + 4]!;
      if (b[base] === 0x0d) out.push(n);
      else {
        for (let i = 0; i < count; i++) todo.push(be32(b, base + ((b[base + 12 + 2 * i]! << 8) | b[base + 13 + 2 * i]!)));
        todo.push(be32(b, base + 8));
      }
    }
    return out;
  }
  /** Some cell's overflow pointer: its file offset and the first overflow page. */
  function overflowStart(b: Uint8Array): { at: number; first: number } {
    const v = new VarintReader();
    for (const n of leaves(b)) {
      const base = (n - 1) * P;
      const count = (b[base + 3]! << 8) | b[base + 4]!;
      for (let i = 0; i < count; i++) {
        const off = base + ((b[base + 8 + 2 * i]! << 8) | b[base + 9 + 2 * i]!);
        const size = v.read(b, off, b.length, 0, "database") as number;
        v.read(b, v.pos, b.length, 0, "database");
        const local = localPayload(size, P);
        if (local < size) return { at: v.pos + local, first: be32(b, v.pos + local) };
      }
    }
    throw new Error("no overflow cell in the fixture");
  }

  it("refuses a bad magic, a truncated header, an impossible page size", () => {
    const b = copy(); b[3] = b[3]! ^ 1;
    expect(expectBad(readAll(b), /magic/).offset).toBe(0);
    expectBad(readAll(db512.slice(0, 60)), /header truncated/);
    const c = copy(); c[16] = 3; c[17] = 0;
    expect(expectBad(readAll(c), /page size 768/).offset).toBe(16);
  });

  it("refuses a truncated file", () => {
    expectBad(readAll(db512.slice(0, db512.length / 2)), /the header counts \d+ pages of 512 bytes, but the file of \d+ bytes holds \d+: it was cut short/);
    expectBad(readAll(db512.slice(0, 300)), /holds no whole page|past the end|cut short/);
  });

  // Both read as some rows, silently, before: the pages then came from the wrong
  // places, or a page's rows were dropped. python's sqlite3 refuses both.
  it("refuses a page size changed (the header's page count then lies past the file) and a page below the root with no cell", () => {
    const b = copy(); b[16] = 0x10; b[17] = 0; // 4096
    expect(expectBad(readAll(b), /the header counts \d+ pages of 4096 bytes, but the file of \d+ bytes holds \d+: .*page size \(at offset 16\) changed/).offset).toBe(28);
    const leaf = leaves(db512)[1]!;
    const c = copy(); c[(leaf - 1) * P + 3] = 0; c[(leaf - 1) * P + 4] = 0;
    expect(expectBad(readAll(c), new RegExp(`page ${leaf}, a leaf below the root, holds no cell`)).offset).toBe((leaf - 1) * P + 3);
    const r = root();
    const d = copy(); d[(r - 1) * P + 3] = 0; d[(r - 1) * P + 4] = 0;
    expectBad(readAll(d), new RegExp(`page ${r}, an interior page, holds no cell`));
    if (!noPython) for (const damaged of [b, c]) expect(() => sqliteCount(damaged), "python's sqlite3 refuses it").toThrow(/malformed/);
  });

  it("refuses a loop of page pointers and a child out of range", () => {
    const r = root();
    const b = copy(); put32(b, (r - 1) * P + 8, r); // the root's right-most child is the root
    expect(expectBad(readAll(b), /page \d+ is reached twice/).offset).toBe((r - 1) * P + 8);
    const c = copy(); put32(c, (r - 1) * P + 8, 0x7fffffff);
    expectBad(readAll(c), /page number 2147483647 is out of range/);
  });

  it("refuses a loop in an overflow chain and a chain that ends early", () => {
    const { at, first } = overflowStart(db512);
    const b = copy(); put32(b, (first - 1) * P, first);
    expectBad(readAll(b), new RegExp(`overflow page ${first} is reached twice`));
    const c = copy(); put32(c, (first - 1) * P, 0);
    expectBad(readAll(c), /overflow chain ends with \d+ payload bytes missing/);
    // a chain that runs into a page of the tree: each page has one owner
    const d = copy(); put32(d, at, root());
    expect(expectBad(readAll(d), /is reached twice/).offset).toBe(at);
  });

  it("refuses cell offsets past the page, varints past the page, absurd payload sizes", () => {
    const leaf = leaves(db512)[0]!;
    const base = (leaf - 1) * P;
    const b = copy(); b[base + 8] = 0xff; b[base + 9] = 0xff;
    expect(expectBad(readAll(b), /outside the content area/).offset).toBe(base + 8);
    const c = copy(); c[base + 8] = (P - 2) >> 8; c[base + 9] = (P - 2) & 0xff; c[base + P - 2] = 0xff; c[base + P - 1] = 0xff;
    expectBad(readAll(c), /varint runs past the end of its page/);
    const d = copy();
    const cell = base + ((d[base + 8]! << 8) | d[base + 9]!);
    d.fill(0xff, cell, cell + 9); // payload size -1
    expectBad(readAll(d), /payload size -1 is out of range/);
    const e = copy(); e[cell] = 0x87; e[cell + 1] = 0xff; e[cell + 2] = 0xff; e[cell + 3] = 0x7f; // 2^28: more than the file holds
    expectBad(readAll(e), /payload size \d+ is out of range/);
    const f = copy(); f[base] = 0x02; // an index page where a table page belongs
    expectBad(readAll(f), /not a table B-tree page \(type 0x2\)/);
  });

  /** The WAL header's checksum (fileformat 4.1) written into it: a header as sound as SQLite writes it. */
  function sealHeader(wal: Uint8Array): Uint8Array {
    const big = (be32(wal, 0) & 1) === 1;
    const view = new DataView(wal.buffer, wal.byteOffset);
    let s0 = 0, s1 = 0;
    for (let i = 0; i < 24; i += 8) {
      s0 = (s0 + view.getUint32(i, !big) + s1) >>> 0;
      s1 = (s1 + view.getUint32(i + 4, !big) + s0) >>> 0;
    }
    put32(wal, 24, s0);
    put32(wal, 28, s1);
    return wal;
  }

  it("refuses a WAL whose sound header has another format version, as SQLite will not open it", () => {
    const wal = new Uint8Array(readFileSync(join(dir, "wal-committed.db-wal")));
    const db = new Uint8Array(readFileSync(join(dir, "wal-committed.db")));
    const v = wal.slice(); put32(v, 4, 3007001);
    expectBad(readAll(db, sealHeader(v)), /format version 3007001 is not 3007000/);
    if (!noPython) expect(() => sqliteCount(db, v), "python's sqlite3 refuses it too").toThrow();
    expect(readAll(db, new Uint8Array(0))).toBeUndefined(); // an empty log is no log
  });
  /** How many wtmp rows python's sqlite3 reads from a copy of `db` with `wal` beside it. */
  function sqliteCount(db: Uint8Array, wal?: Uint8Array): number {
    const at = mkdtempSync(join(tmpdir(), "utmpx-wal-"));
    writeFileSync(join(at, "w.db"), db);
    if (wal !== undefined) writeFileSync(join(at, "w.db-wal"), wal);
    try {
      const out = execFileSync("python3", ["-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM wtmp').fetchone()[0])", join(at, "w.db")],
        { stdio: ["ignore", "pipe", "pipe"] });
      return Number(String(out).trim());
    } finally {
      rmSync(at, { recursive: true, force: true });
    }
  }

  // SQLite's recovery ignores a log whose header it does not take, and reads the
  // database alone; such a log made an intact database unreadable here.
  it("ignores a WAL with a bad magic, page size or header checksum, or a header cut short, and says why", () => {
    const wal = new Uint8Array(readFileSync(join(dir, "wal-committed.db-wal")));
    const db = new Uint8Array(readFileSync(join(dir, "wal-committed.db")));
    const rows = (w?: Uint8Array) => {
      const d = new SqliteDatabase(db, w === undefined ? {} : { wal: w });
      return { rows: [...d.table("wtmp")!.rows()].map((r) => r.values), ignored: d.wal?.ignored };
    };
    const alone = rows();
    const a = wal.slice(); a[0] = 0;
    const c = wal.slice(); c[16] = c[16]! ^ 1;
    // a page size no database has (the header checksum then fails too: SQLite looks at the size first)
    const p = wal.slice(); put32(p, 8, 3);
    // another version, the checksum not redone: the checksum, checked first, fails
    const v = wal.slice(); put32(v, 4, 3007001);
    // a sound header of another page size: no frame's checksum holds at that size
    const q = sealHeader(wal.slice()); put32(q, 8, 2 * be32(wal, 8)); sealHeader(q);
    const cases = [
      [a, /its magic is 0x007f068[23], not a WAL's/], [c, /its header checksum does not match/], [wal.slice(0, 20), /its header is cut short \(20 of 32 bytes\)/],
      [p, /its page size 3 is not a power of two in 512..65536/], [v, /its header checksum does not match/], [q, /its page size \d+ differs from the database's \d+/],
    ] as const;
    for (const [damaged, why] of cases) {
      const read = rows(damaged);
      expect(read.rows).toStrictEqual(alone.rows);
      expect(read.ignored).toMatch(why);
      if (!noPython) expect(sqliteCount(db, damaged), "python's sqlite3 reads the same rows").toBe(alone.rows.length);
    }
    expect(rows(wal).rows).not.toStrictEqual(alone.rows); // the log, whole, has rows of its own
  });

  it("never throws anything but UtmpError, nor hangs, on 400 randomly damaged databases", () => {
    const rand = prng(12);
    const started = Date.now();
    let failed = 0;
    for (let k = 0; k < 400; k++) {
      const b = copy();
      const hits = 1 + Math.floor(rand() * 8);
      for (let h = 0; h < hits; h++) {
        // half the damage on page headers and cell pointers, where it hurts most
        const page = Math.floor(rand() * (b.length / P));
        const at = rand() < 0.5 ? page * P + Math.floor(rand() * 16) : Math.floor(rand() * b.length);
        b[at] = Math.floor(rand() * 256);
      }
      const err = readAll(b);
      if (err !== undefined) {
        if (!(err instanceof UtmpError)) throw err;
        failed++;
      }
    }
    expect(failed).toBeGreaterThan(100);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
