// Writing lastlog2 databases as pam_lastlog2 does (liblastlog2's write_entry):
// its table created with liblastlog2's exact statement, one row per user set
// by REPLACE INTO, read back by python's sqlite3; a WAL-mode database (util-
// linux 2.42's ll2_set_journal_mode) stays in WAL mode.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UtmpError } from "../../src/util/errors.ts";
import { editLastlog2Bytes, lastlog2Write, LASTLOG2_SCHEMA } from "../../src/write/lastlog2.ts";
import { openLastlog } from "../../src/index.ts";
import { FIXTURES, SHARED_CORPUS } from "../support/paths.ts";
import { havePython, pyRow, pythonQuery } from "./wtmpdbSqlite.ts";

const tmp = mkdtempSync(join(tmpdir(), "utmpx-lastlog2-write-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(mkdtempSync(join(tmp, `${n++}-`)), "lastlog2.db");
const rows = (path: string) => pythonQuery(path, "SELECT Name, Time, TTY, RemoteHost, Service FROM Lastlog2 ORDER BY Name");

describe.skipIf(!havePython)("lastlog2 writes, read back by python's sqlite3", () => {
  it("creates liblastlog2's table and sets one row per user, a later login replacing the earlier", async () => {
    const path = fresh();
    await lastlog2Write(path, { user: "root", time: 1_700_000_000, tty: "tty1", remoteHost: "", service: "login" });
    await lastlog2Write(path, { user: "alice", time: 1_700_000_100n, tty: "pts/0", remoteHost: "192.0.2.1", service: "sshd" });
    await lastlog2Write(path, { user: "root", time: new Date(1_700_000_200_999), tty: "pts/1", remoteHost: "198.51.100.2", service: "sshd" });
    const got = rows(path);
    // SQLite keeps the statement as given, less IF NOT EXISTS and the ';' (the primary key's index has no SQL)
    expect(got.schema).toEqual(["CREATE TABLE Lastlog2(Name TEXT PRIMARY KEY, Time INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT)"]);
    expect(LASTLOG2_SCHEMA).toBe("CREATE TABLE IF NOT EXISTS Lastlog2(Name TEXT PRIMARY KEY, Time INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT);");
    expect(got.integrity_check).toBe("ok");
    expect(got.rows).toEqual([
      pyRow(["alice", 1_700_000_100, "pts/0", "192.0.2.1", "sshd"]),
      pyRow(["root", 1_700_000_200, "pts/1", "198.51.100.2", "sshd"]),
    ]);
  });

  it("adds to the corpus's lastlog2.db (written by pam_lastlog2), keeping the other users' rows", async () => {
    const source = join(SHARED_CORPUS, "apparmor", "lastlog2.db");
    let original: Buffer;
    try {
      original = readFileSync(source);
    } catch {
      return; // the shared corpus is not beside the repository here
    }
    const path = fresh();
    copyFileSync(source, path);
    const before = rows(path).rows;
    await lastlog2Write(path, { user: "zz-new-user", time: 1_800_000_000, tty: "pts/5", remoteHost: null, service: "sshd" });
    const after = rows(path).rows;
    const added = pyRow(["zz-new-user"])[0];
    expect(after.filter((r) => JSON.stringify(r[0]) !== JSON.stringify(added))).toEqual(before);
    expect(after).toHaveLength(before.length + 1);
    expect(original.length).toBeGreaterThan(0);
  });

  it("keeps a WAL-mode database in WAL mode", async () => {
    const path = fresh();
    await lastlog2Write(path, { user: "a", time: 1 });
    const bytes = readFileSync(path);
    bytes[18] = bytes[19] = 2;
    writeFileSync(path, bytes);
    await lastlog2Write(path, { user: "b", time: 2 });
    const got = rows(path);
    expect(got.journal_mode).toBe("wal");
    expect(got.rows.map((r) => r[0])).toEqual(pyRow(["a", "b"]));
  });

  it("refuses a wtmpdb database, the file untouched", async () => {
    const path = fresh();
    copyFileSync(join(FIXTURES, "wtmpdb", "db", "normal.db"), path);
    const before = readFileSync(path);
    for (const entry of [{ user: "x", time: 1 }, { user: "y" }]) {
      const err = await lastlog2Write(path, entry).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(UtmpError);
      expect((err as UtmpError).code).toBe("BAD_INPUT");
    }
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});

describe("a row without a user name", () => {
  const refusal = async (p: Promise<unknown>) => {
    const err = await p.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(UtmpError);
    expect((err as UtmpError).code).toBe("BAD_INPUT");
    return (err as UtmpError).message;
  };

  it("is refused, the database untouched and still readable (a NULL Name made every row unreadable)", async () => {
    const path = fresh();
    await lastlog2Write(path, { user: "alice", time: 1_700_000_000, tty: "pts/1" });
    const before = readFileSync(path);
    expect(await refusal(lastlog2Write(path, { time: 1_700_000_005 } as never))).toMatch(/lastlog2 user is undefined, not a string or bytes/);
    expect(await refusal(lastlog2Write(path, { user: null, time: 1 } as never))).toMatch(/lastlog2 user is null/);
    expect(await refusal(lastlog2Write(path, { user: 1000, time: 1 } as never))).toMatch(/lastlog2 user is the number 1000/);
    expect(await refusal(lastlog2Write(path, { user: "", time: 1 }))).toMatch(/lastlog2 user is empty/);
    expect(await refusal(lastlog2Write(path, { user: "bob", tty: {} } as never))).toMatch(/lastlog2 tty is an object/);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect([...openLastlog(path)].map((e) => [e.user, e.line])).toEqual([["alice", "pts/1"]]);
  });

  it("creates no file when refused, and the in-memory writer refuses it too", async () => {
    const path = fresh();
    await refusal(lastlog2Write(path, { time: 1 } as never));
    expect(existsSync(path)).toBe(false);
    await refusal(editLastlog2Bytes(undefined, (w) => w.set([{ user: "a" }, { user: "b", remoteHost: 5 } as never])));
  });
});
