// Writing wtmpdb databases as libwtmpdb does: each verb's rows read back by
// python's sqlite3 (the system's libsqlite3, not ours) and, when built, by
// wtmpdb 0.75 itself; the schema compared with the one wtmpdb writes; and
// every refusal leaving the file byte for byte as it was.
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UtmpError } from "../../src/util/errors.ts";
import { editWtmpdbBytes, editWtmpdbFile, wtmpdbBoot, wtmpdbLogin, wtmpdbLogout, wtmpdbShutdown, WTMPDB_SCHEMA } from "../../src/write/wtmpdb.ts";
import { readSnapshot, writeWholeFile } from "../../src/write/sqliteFileWrite.ts";
import { editLastlog2Bytes } from "../../src/write/lastlog2.ts";
import { FIXTURES } from "../support/paths.ts";
import { havePython, haveWtmpdb, pyRow, pythonQuery, wtmpdb, wtmpRows } from "./wtmpdbSqlite.ts";

const tmp = mkdtempSync(join(tmpdir(), "utmpx-wtmpdb-write-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = (name = "wtmp.db") => join(mkdtempSync(join(tmp, `${n++}-`)), name);
const WTMPDB_DB = join(FIXTURES, "wtmpdb", "db");

async function rejection(p: Promise<unknown>): Promise<UtmpError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(UtmpError);
  return err as UtmpError;
}

describe.skipIf(!havePython)("wtmpdb verbs, read back by python's sqlite3", () => {
  it("creates the database with wtmpdb's exact schema and nothing else", async () => {
    const path = fresh();
    await wtmpdbLogin(path, { user: "alice", login: 1, tty: "pts/0" });
    const schema = readFileSync(join(FIXTURES, "wtmpdb", "schema.sql"), "utf8").trim();
    const got = pythonQuery(path, "SELECT 1");
    // `sqlite3 .schema` prints what sqlite_schema holds, with a ';'
    expect(got.schema.map((s) => `${s};`)).toEqual([schema]);
    expect(WTMPDB_SCHEMA).toBe(schema.replace("CREATE TABLE wtmp", "CREATE TABLE IF NOT EXISTS wtmp"));
    expect(got.journal_mode).toBe("delete");
    expect(got.integrity_check).toBe("ok");
    // the same header as wtmpdb's own file but for the SQLite version that wrote it
    const ours = readFileSync(path).subarray(0, 96), theirs = readFileSync(join(WTMPDB_DB, "emptytable.db")).subarray(0, 96);
    expect(Buffer.compare(ours.subarray(16, 24), theirs.subarray(16, 24))).toBe(0); // page size, versions, reserved, fractions
    expect(Buffer.compare(ours.subarray(32, 92), theirs.subarray(32, 92))).toBe(0); // freelist, schema format, encoding...
  });

  it("login returns each row's ID, logout sets Logout of that ID, boot and shutdown as wtmpdb boot/shutdown", async () => {
    const path = fresh();
    expect(await wtmpdbBoot(path, { login: 1_717_200_000_000_001, kernel: "6.1.0-21-amd64" })).toBe(1);
    const a = await wtmpdbLogin(path, { user: "alice", login: 1_717_203_600_123_456, tty: "pts/0", remoteHost: "192.0.2.1", service: "sshd" });
    const b = await wtmpdbLogin(path, { user: "bob", login: 1_717_203_700_000_000n, tty: "tty1", service: "login" });
    expect([a, b]).toEqual([2, 3]);
    await wtmpdbLogout(path, a, 1_717_207_200_654_321);
    expect(await wtmpdbShutdown(path, 1_717_228_800_000_000)).toBe(1);
    expect(wtmpRows(path).rows).toEqual([
      pyRow([1, 1, "reboot", 1_717_200_000_000_001, 1_717_228_800_000_000, "~", "6.1.0-21-amd64", null]),
      pyRow([2, 3, "alice", 1_717_203_600_123_456, 1_717_207_200_654_321, "pts/0", "192.0.2.1", "sshd"]),
      pyRow([3, 3, "bob", 1_717_203_700_000_000, null, "tty1", null, "login"]),
    ]);
  });

  it("shutdown closes the newest open row on TTY \"~\" (by Login), leaving closed and older ones", async () => {
    const path = fresh();
    await wtmpdbBoot(path, { login: 100, kernel: "k" });
    await wtmpdbBoot(path, { login: 300, kernel: "k" });
    await wtmpdbBoot(path, { login: 200, kernel: "k" }); // inserted last, but not the newest
    expect(await wtmpdbShutdown(path, 400)).toBe(2);
    expect(await wtmpdbShutdown(path, 500)).toBe(3);
    expect(await wtmpdbShutdown(path, 600)).toBe(1);
    const err = await rejection(wtmpdbShutdown(path, 700));
    expect(err.code).toBe("BAD_INPUT");
    expect(err.message).toContain('no open boot row');
  });

  it("logout of a closed row sets it again, as libwtmpdb's UPDATE does; of a missing ID it is refused, the file untouched", async () => {
    const path = fresh();
    const id = await wtmpdbLogin(path, { user: "u", login: 10, tty: "pts/1" });
    await wtmpdbLogout(path, id, 20);
    await wtmpdbLogout(path, id, 30);
    const before = readFileSync(path);
    const err = await rejection(wtmpdbLogout(path, 99, 40));
    expect(err.code).toBe("BAD_INPUT");
    expect(err.message).toContain("no row with ID 99");
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(wtmpRows(path).rows[0]![4]).toEqual({ i: "30" });
  });

  it("keeps times exact in microseconds, past 2^53 as bigints, and text bytes as given", async () => {
    const path = fresh();
    const big = 2n ** 53n + 1n;
    const latin1 = new Uint8Array([0x6a, 0xfc, 0x72, 0x67, 0x65, 0x6e]); // "jürgen" in Latin-1: not UTF-8
    const id = await wtmpdbLogin(path, { user: latin1, login: big, tty: "pts/0", remoteHost: "münchen.例え.jp" });
    await wtmpdbLogout(path, id, new Date(Date.UTC(2106, 1, 7, 6, 28, 16, 999)));
    const row = wtmpRows(path).rows[0]!;
    expect(row[2]).toEqual({ t: "6afc7267656e" });
    expect(row[3]).toEqual({ i: big.toString() });
    expect(row[4]).toEqual({ i: String(Date.UTC(2106, 1, 7, 6, 28, 16, 999) * 1000) });
    expect(row[6]).toEqual({ t: Buffer.from("münchen.例え.jp").toString("hex") });
  });

  it("refuses times SQLite cannot hold exactly, before touching the file", async () => {
    const path = fresh();
    for (const login of [1.5, Number.MAX_SAFE_INTEGER + 2, 2n ** 63n, NaN]) {
      expect((await rejection(wtmpdbLogin(path, { user: "u", login }))).code).toBe("OUT_OF_RANGE");
    }
    expect(existsSync(path)).toBe(false);
  });

  it("adds to a database wtmpdb made, keeping its rows, numbering after them", async () => {
    const path = fresh();
    copyFileSync(join(WTMPDB_DB, "normal.db"), path);
    const before = wtmpRows(path).rows;
    expect(await wtmpdbLogin(path, { user: "zed", login: 1_800_000_000_000_000, tty: "pts/9" })).toBe(before.length + 1);
    const after = wtmpRows(path);
    expect(after.rows.slice(0, before.length)).toEqual(before);
    expect(after.integrity_check).toBe("ok");
  });

  it("a bulk insert into reserved room leaves a file of exactly its pages", async () => {
    const path = fresh();
    const rows = Array.from({ length: 5000 }, (_, i) => ({ type: 3, user: `user${i % 7}`, login: 1_700_000_000_000_000 + i, logout: i % 3 ? 1_700_000_000_500_000 + i : null, tty: `pts/${i % 11}`, remoteHost: "192.0.2.7", service: null }));
    await editWtmpdbFile(path, (w) => w.insertRows(rows));
    const got = wtmpRows(path);
    expect(got.rows).toHaveLength(5000);
    expect(got.integrity_check).toBe("ok");
    expect(got.freelist_count).toBe(0);
    expect(statSync(path).size).toBe(got.page_count * got.page_size);
    expect(got.rows[4999]).toEqual(pyRow([5000, 3, "user1", 1_700_000_000_000_000 + 4999, 1_700_000_000_500_000 + 4999, "pts/5", "192.0.2.7", null]));
  });

  it("keeps a WAL-mode database in WAL mode", async () => {
    const path = fresh();
    await wtmpdbLogin(path, { user: "a", login: 1, tty: "t" });
    const bytes = readFileSync(path);
    bytes[18] = bytes[19] = 2; // what PRAGMA journal_mode=WAL leaves once its last connection has closed
    writeFileSync(path, bytes);
    await wtmpdbLogin(path, { user: "b", login: 2, tty: "t" });
    const got = wtmpRows(path);
    expect(got.journal_mode).toBe("wal");
    expect(got.rows.map((r) => r[2])).toEqual([{ t: "61" }, { t: "62" }]);
  });

  it("keeps the file's mode, and leaves no lock or temporary file beside it", async () => {
    const path = fresh();
    await wtmpdbLogin(path, { user: "a", login: 1, tty: "t" });
    chmodSync(path, 0o640);
    await wtmpdbLogin(path, { user: "b", login: 2, tty: "t" });
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(readdirSync(join(path, ".."))).toEqual(["wtmp.db"]);
  });
});

describe("refusals leave the target as it was", () => {
  const cases: Array<[string, (path: string) => void, string, RegExp]> = [
    ["a truncated database", (p) => writeFileSync(p, readFileSync(join(WTMPDB_DB, "volume.db")).subarray(0, 40_000)), "BAD_INPUT", /damaged|malformed/],
    ["a database with a damaged page", (p) => {
      const b = readFileSync(join(WTMPDB_DB, "volume.db"));
      b.fill(0xff, 4096 * 3 + 8, 4096 * 3 + 40); // cell pointers of a B-tree page
      writeFileSync(p, b);
    }, "BAD_INPUT", /damaged|malformed/],
    ["a file that is not SQLite (a wtmp)", (p) => copyFileSync(join(FIXTURES, "wtmpdb", "inputs", "normal.wtmp"), p), "BAD_INPUT", /not a SQLite database/],
    ["a header alone", (p) => writeFileSync(p, readFileSync(join(WTMPDB_DB, "normal.db")).subarray(0, 100)), "BAD_INPUT", /damaged|malformed|not a database/],
  ];
  for (const [what, make, code, message] of cases) {
    it(`${what}: a UtmpError, the bytes unchanged`, async () => {
      const path = fresh();
      make(path);
      const before = readFileSync(path);
      const err = await rejection(wtmpdbLogin(path, { user: "x", login: 1, tty: "t" }));
      expect(err.code).toBe(code);
      expect(err.message).toMatch(message);
      expect(readFileSync(path).equals(before)).toBe(true);
      expect(readdirSync(join(path, ".."))).toEqual(["wtmp.db"]);
    });
  }

  it("bad arguments: BAD_INPUT naming the field (they were INTERNAL, with SQLite's words), nothing written or created", async () => {
    const path = fresh();
    await wtmpdbLogin(path, { user: "alice", login: 1_700_000_000_000_000, tty: "pts/0" });
    const before = readFileSync(path);
    const cases: Array<[unknown, RegExp]> = [
      [{}, /wtmpdb user is undefined, not a string or bytes/],
      [{ user: null }, /wtmpdb user is null/],
      [{ user: 5 }, /wtmpdb user is the number 5/],
      [{ user: "a", type: "x" }, /wtmpdb type is the string "x", not a whole number/],
      [{ user: "a", type: 1.5 }, /wtmpdb type is the number 1.5/],
      [{ user: "a", tty: {} }, /wtmpdb tty is an object/],
      [{ user: "a", remoteHost: 1 }, /wtmpdb remoteHost is the number 1/],
      [{ user: "a", service: [] }, /wtmpdb service is an array/],
    ];
    for (const [login, message] of cases) {
      const err = await rejection(wtmpdbLogin(path, login as never));
      expect(err.code, JSON.stringify(login)).toBe("BAD_INPUT");
      expect(err.message).toMatch(message);
    }
    expect((await rejection(wtmpdbBoot(path, { kernel: 6 } as never))).message).toMatch(/wtmpdb remoteHost is the number 6/);
    expect(readFileSync(path).equals(before)).toBe(true);
    const missing = fresh();
    expect((await rejection(wtmpdbLogin(missing, {} as never))).code).toBe("BAD_INPUT");
    expect(existsSync(missing)).toBe(false);
    // the in-memory writer checks its rows too, bulk inserts included
    expect((await rejection(editWtmpdbBytes(undefined, (w) => w.insertRows([{ user: "a", login: 1 }, { user: null, login: 2 } as never])))).code).toBe("BAD_INPUT");
  });

  // A logout before its login is stored, as libwtmpdb stores it: a clock set
  // back during a session writes one, and refusing it would leave the session
  // open for ever.
  it("a logout or shutdown before the row's login is stored as given", async () => {
    const path = fresh();
    const id = await wtmpdbLogin(path, { user: "alice", login: 1_700_000_000_000_000, tty: "pts/0" });
    await wtmpdbLogout(path, id, 1_699_999_999_000_000);
    expect(wtmpRows(path).rows[0]![4]).toEqual({ i: "1699999999000000" });
  });

  it("a database of another program's tables (lastlog2), or a wtmp table of other columns", async () => {
    const ll2 = fresh("lastlog2.db");
    writeFileSync(ll2, (await editLastlog2Bytes(undefined, (w) => w.set([{ user: "root", time: 1 }]))).bytes);
    const before = readFileSync(ll2);
    const err = await rejection(wtmpdbLogin(ll2, { user: "x", login: 1 }));
    expect(err.code).toBe("BAD_INPUT");
    expect(err.message).toContain("not a wtmpdb database");
    expect(readFileSync(ll2).equals(before)).toBe(true);
    // a table named wtmp that is not wtmpdb's
    const other = fresh("other.db");
    writeFileSync(other, (await editLastlog2Bytes(undefined, (w) => w.set([{ user: "root", time: 1 }]))).bytes);
    const renamed = (await editWtmpdbBytes(readFileSync(other), () => undefined).catch((e: unknown) => e)) as UtmpError;
    expect(renamed.message).toContain("not a wtmpdb database");
  });

  it("a wtmp table without wtmpdb's columns", async () => {
    const { sqliteLibrary } = await import("../../src/write/sqliteLibrary.ts");
    const SQL = await sqliteLibrary();
    const db = new SQL.Database();
    db.run("CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, User TEXT, Time INTEGER)");
    const bytes = db.export();
    db.close();
    const err = (await editWtmpdbBytes(bytes, (w) => w.login({ user: "x", login: 1 })).catch((e: unknown) => e)) as UtmpError;
    expect(err).toBeInstanceOf(UtmpError);
    expect(err.code).toBe("BAD_INPUT");
    expect(err.message).toContain("no column Type, Login, Logout, TTY, RemoteHost, Service");
  });

  it("a -wal beside the database (a connection may hold it): refused, not checkpointed", async () => {
    const path = fresh();
    copyFileSync(join(WTMPDB_DB, "normal.db"), path);
    writeFileSync(`${path}-wal`, new Uint8Array(32 + 24 + 4096));
    const before = readFileSync(path);
    const err = await rejection(wtmpdbLogin(path, { user: "x", login: 1 }));
    expect(err.code).toBe("UNSUPPORTED");
    expect(err.message).toContain("wal_checkpoint");
    expect(readFileSync(path).equals(before)).toBe(true);
    // an empty -wal (SQLite truncates it so) is no log: writing goes ahead
    writeFileSync(`${path}-wal`, new Uint8Array(0));
    expect(await wtmpdbLogin(path, { user: "x", login: 1 })).toBe(21);
  });

  it("a hot rollback journal beside the database: refused", async () => {
    const path = fresh();
    copyFileSync(join(WTMPDB_DB, "normal.db"), path);
    const journal = new Uint8Array(512);
    journal.set([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]);
    writeFileSync(`${path}-journal`, journal);
    const err = await rejection(wtmpdbLogin(path, { user: "x", login: 1 }));
    expect(err.code).toBe("UNSUPPORTED");
    expect(err.message).toContain("rollback journal");
    // a journal whose header SQLite zeroed (journal_mode=PERSIST) is not hot
    writeFileSync(`${path}-journal`, new Uint8Array(512));
    expect(await wtmpdbLogin(path, { user: "x", login: 1 })).toBe(21);
  });

  it("logout and shutdown of a database that does not exist: refused, nothing created", async () => {
    const path = fresh();
    expect((await rejection(wtmpdbLogout(path, 1, 2))).code).toBe("IO");
    expect((await rejection(wtmpdbShutdown(path, 2))).code).toBe("IO");
    expect(existsSync(path)).toBe(false);
  });

  it("the whole-file write refuses when the target changed since it was read, and removes its temporary file", async () => {
    const path = fresh("target");
    writeFileSync(path, "old");
    const snapshot = await readSnapshot(path);
    writeFileSync(path, "new"); // another writer, between our read and our write
    const err = await rejection(writeWholeFile(path, snapshot!.stamp, new Uint8Array([9])));
    expect(err.code).toBe("IO");
    expect(err.message).toContain("changed by another writer");
    expect(readFileSync(path, "utf8")).toBe("new");
    expect(readdirSync(join(path, ".."))).toEqual(["target"]);
    // and never clobbers a file that appeared where none was
    const err2 = await rejection(writeWholeFile(path, undefined, new Uint8Array([9])));
    expect(err2.code).toBe("IO");
    expect(readFileSync(path, "utf8")).toBe("new");
  });
});

describe.skipIf(!haveWtmpdb)("files we write, read by wtmpdb 0.75", () => {
  it("wtmpdb last lists our rows, boottime finds our boot, shutdown closes it", async () => {
    const path = fresh();
    await wtmpdbBoot(path, { login: 1_717_200_000_000_000, kernel: "6.1.0-21-amd64" });
    const id = await wtmpdbLogin(path, { user: "alice", login: 1_717_203_600_000_000, tty: "pts/0", remoteHost: "192.0.2.1", service: "sshd" });
    await wtmpdbLogout(path, id, 1_717_207_200_000_000);
    await wtmpdbLogin(path, { user: "bob", login: 1_717_210_000_000_000, tty: "pts/1", remoteHost: "", service: "sshd" });
    const last = wtmpdb(["last", "-F", "-S", "-f", path]);
    expect(last.status).toBe(0);
    expect(last.stdout).toMatch(/^alice +pts\/0 +192\.0\.2\.1 +sshd +Sat Jun  1 01:00:00 2024 - Sat Jun  1 02:00:00 2024  \(01:00\)/m);
    expect(last.stdout).toMatch(/^bob +pts\/1 +sshd +Sat Jun  1 02:46:40 2024 - still logged in/m);
    expect(last.stdout).toMatch(/^reboot +system boot +6\.1\.0-21-amd64 +Sat Jun  1 00:00:00 2024 - still running/m);
    const boottime = wtmpdb(["boottime", "-f", path]);
    expect(boottime.stdout).toContain("Sat Jun  1 00:00:00 2024");
    // and wtmpdb's own shutdown closes our boot row: the file is one it can write to
    expect(wtmpdb(["shutdown", "-f", path]).status).toBe(0);
    expect(wtmpRows(path).rows[0]![4]).not.toBeNull();
  });
});
