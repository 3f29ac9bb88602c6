// The -wal beside a database is read into memory to apply its pages: one past
// 256 MiB is looked at only as far as its header (a 3 GB sparse -wal overflowed
// a buffer's length, an internal error, exit 70; a 1 GB one of zeros took 1.1 GB
// to be ignored), and its errors name it (a -wal that is a directory was "cannot
// read wtmp.db: EISDIR").
import { copyFileSync, mkdirSync, mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { open, UtmpError, type UtmpWarning } from "../../src/index.ts";
import { WAL_MAX_BYTES } from "../../src/read/wal.ts";
import { FIXTURES } from "../support/paths.ts";

const dir = mkdtempSync(join(tmpdir(), "utmpx-wal-"));
function database(name: string): string {
  const path = join(dir, name);
  copyFileSync(join(FIXTURES, "wtmpdb", "db", "normal.db"), path);
  return path;
}
function caught(f: () => unknown): UtmpError {
  try { f(); } catch (err) { return err as UtmpError; }
  throw new Error("no error");
}

describe("a -wal beside a database", () => {
  const rows = [...open(database("plain.db"))].length;

  it("past 256 MiB and no log SQLite would take (zeros): ignored, with the warning, from its header alone", () => {
    const db = database("zeros.db");
    writeFileSync(`${db}-wal`, new Uint8Array(0));
    truncateSync(`${db}-wal`, WAL_MAX_BYTES + 1); // sparse: no disk, and only its header is read
    const seen: UtmpWarning[] = [];
    expect([...open(db, { onWarning: (w) => seen.push(w) })].length).toBe(rows);
    expect(seen.map((w) => w.code)).toEqual(["WAL_IGNORED"]);
    expect(seen[0]!.message).toContain("its magic is 0x00000000");
  });

  it("past 256 MiB with a log's magic: UNSUPPORTED, naming the -wal and what to do", () => {
    const db = database("big.db");
    writeFileSync(`${db}-wal`, new Uint8Array([0x37, 0x7f, 0x06, 0x82, 0, 0x2d, 0xe2, 0x18]));
    truncateSync(`${db}-wal`, 3 * 2 ** 30);
    const err = caught(() => [...open(db)]);
    expect(err).toBeInstanceOf(UtmpError);
    expect(err.code).toBe("UNSUPPORTED");
    expect(err.message).toBe(`utmpx: ${db}-wal is 3221225472 bytes, past the 256 MiB of log this reads: let SQLite checkpoint it first (sqlite3 ${db} 'PRAGMA wal_checkpoint'), or copy the database without it`);
  });

  it("a directory: an IO error naming the -wal", () => {
    const db = database("dir.db");
    mkdirSync(`${db}-wal`);
    const err = caught(() => [...open(db)]);
    expect(err.code).toBe("IO");
    expect(err.message).toMatch(new RegExp(`^utmpx: cannot read ${db}-wal: EISDIR`));
  });
});
