// A wtmpdb database read through the ordinary openers: open(), fromBytes(),
// fromBlob(), stream(). The rows are written by python's sqlite3 (independent of
// src/sqlite/) and read back by it as the expected values; each row must come out
// as its login (or boot) at Login and, when closed, its logout (or shutdown) at
// Logout, exact to the microsecond, in time order.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { encode, fromBlob, fromBytes, open, stream, UtmpError, type Entry, type UtmpWarning } from "../../src/index.ts";
import { noPython } from "../sqlite/support.ts";

interface Row { ID: number; Type: number; User: string; Login: number; Logout: number | null; TTY: string | null; RemoteHost: string | null; Service: string | null }

const BUILD = String.raw`
import json, random, shutil, sqlite3, sys, os
out = sys.argv[1]
rng = random.Random(7)
SCHEMA = "CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, User TEXT NOT NULL, Login INTEGER, Logout INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT) STRICT"
def rows(first, n, t0):
    t = t0
    for i in range(first, first + n):
        t += rng.randint(0, 5_000_000_000)
        if i % 40 == 1:
            yield (i, 1, "reboot", t, t + rng.randint(1, 10**11) if rng.random() < 0.8 else None, "~", "6.1.0-%d-amd64" % (i % 7), None)
            continue
        host = rng.choice(["", None, "10.0.%d.%d" % (i % 256, i // 256 % 256), "2001:db8::%x" % i, "h%d.example.org" % i, "ünïcode-%d" % i])
        logout = t + rng.randint(0, 10**10) if rng.random() < 0.85 else None
        # the last: 1 + 2·40 bytes, cut at the field's 64 bytes inside a character (kept whole, as 63)
        yield (i, 3, rng.choice(["root", "alice", "bob", "a-user-name-longer-than-32-bytes-%d" % i, "x" + "ü" * 40]), t, logout,
               rng.choice(["pts/%d" % (i % 9), "tty1", None, "ssh"]), host, rng.choice(["sshd", "login", None, "gdm-password"]))
def dump(path):
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    data = [dict(r) for r in con.execute("SELECT * FROM wtmp ORDER BY ID")]
    con.close()
    return data
base = os.path.join(out, "w.db")
con = sqlite3.connect(base)
con.execute(SCHEMA)
con.executemany("INSERT INTO wtmp VALUES (?,?,?,?,?,?,?,?)", list(rows(1, 300, 1_600_000_000_000_000)))
con.commit()
con.close()
json.dump(dump(base), open(os.path.join(out, "w.json"), "w"))
# WAL: a checkpointed base, then transactions left in the log (a session closed, rows added), copied while open
wal = os.path.join(out, "live.db")
con = sqlite3.connect(wal)
con.execute("PRAGMA journal_mode=WAL")
con.execute("PRAGMA wal_autocheckpoint=0")
con.execute(SCHEMA)
con.executemany("INSERT INTO wtmp VALUES (?,?,?,?,?,?,?,?)", list(rows(1, 50, 1_700_000_000_000_000)))
con.commit()
con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
con.execute("UPDATE wtmp SET Logout = Login + 1234567 WHERE Logout IS NULL AND Type = 3")
con.executemany("INSERT INTO wtmp VALUES (?,?,?,?,?,?,?,?)", list(rows(51, 20, 1_800_000_000_000_000)))
con.commit()
for d in ("copy", "python"):  # the test's copy, and the one python reads (reading checkpoints the log into it)
    os.makedirs(os.path.join(out, d))
    shutil.copy(wal, os.path.join(out, d, "live.db"))
    shutil.copy(wal + "-wal", os.path.join(out, d, "live.db-wal"))
shutil.copy(wal, os.path.join(out, "live-dbonly.db"))
con.close()
json.dump(dump(os.path.join(out, "python", "live.db")), open(os.path.join(out, "live.json"), "w"))
json.dump(dump(os.path.join(out, "live-dbonly.db")), open(os.path.join(out, "live-dbonly.json"), "w"))
con = sqlite3.connect(os.path.join(out, "other.db"))
con.execute("CREATE TABLE Lastlog2(Name TEXT PRIMARY KEY, Time INTEGER NOT NULL, TTY TEXT, RemoteHost TEXT, Service TEXT)")
con.commit()
con.close()
con = sqlite3.connect(os.path.join(out, "plain.db"))
con.execute("CREATE TABLE notes(a, b)")
con.commit()
con.close()
`;

/** The records a row is read as: [type, user, line, host, id, µs, session]. */
function expected(rows: Row[]): [string, string, string, string, string, number, number][] {
  const events: { key: [number, number, number]; record: [string, string, string, string, string, number, number] }[] = [];
  for (const r of rows) {
    const boot = r.Type === 1;
    events.push({ key: [r.Login, r.ID, 0], record: [boot ? "BOOT_TIME" : "USER_PROCESS", r.User, r.TTY ?? "", r.RemoteHost ?? "", boot ? "~~" : r.Service ?? "", r.Login, r.ID] });
    if (r.Logout !== null) {
      events.push({ key: [r.Logout, r.ID, 1], record: [boot ? "RUN_LVL" : "DEAD_PROCESS", boot ? "shutdown" : "", r.TTY ?? "", boot ? r.RemoteHost ?? "" : "", boot ? "~~" : r.Service ?? "", r.Logout, r.ID] });
    }
  }
  events.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2]);
  return events.map((e) => e.record);
}

const cut = (text: string, width: number) => {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= width) return text;
  let end = width;
  while ((bytes[end]! & 0xc0) === 0x80) end--;
  return new TextDecoder().decode(bytes.subarray(0, end));
};

function actual(entries: Iterable<Entry>): [string, string, string, string, string, number, number][] {
  return [...entries].map((e) => [e.type, e.user!, e.line!, e.host!, e.id!, e.seconds * 1e6 + e.microseconds, e.session!]);
}

describe.skipIf(noPython)("wtmpdb through the openers", () => {
  let dir: string;
  let rows: Row[];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "utmpx-wtmpdb-"));
    execFileSync("python3", ["-c", BUILD, dir]);
    rows = JSON.parse(readFileSync(join(dir, "w.json"), "utf8"));
  });
  const want = () => expected(rows).map((r) => [r[0], cut(r[1], 64), cut(r[2], 64), cut(r[3], 256), cut(r[4], 32), r[5], r[6]]);

  it("gives each row's login and logout, boot and shutdown, in time order, exact to the microsecond", () => {
    const db = open(join(dir, "w.db"));
    expect(db.layout.id).toBe("wtmpdb");
    expect(db.detection?.confidence).toBe(1);
    expect(actual(db)).toEqual(want());
    expect(db.length).toBe(rows.length + rows.filter((r) => r.Logout !== null).length);
    // the rows' users of 81 bytes are cut at the records' 64, and said once
    const long = rows.filter((r) => new TextEncoder().encode(String(r.User)).length > 64);
    expect(long.length).toBeGreaterThan(0);
    expect(db.warnings.map((w) => [w.code, w.offset, w.length])).toEqual([["TEXT_CUT", long[0]!.ID, long.length]]);
  });

  // a µs count past 2^53 (year 2255) lost its last digits on the way to the record: 740993 read as 740992
  it("keeps times past 2^53 µs exact to the microsecond", () => {
    const path = join(dir, "far.db");
    execFileSync("python3", ["-c", `
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, User TEXT NOT NULL, Login INTEGER, Logout INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT)")
db.execute("INSERT INTO wtmp VALUES(1, 3, 'far', 9007199254740993, 9007199254740995, 'pts/0', NULL, 'sshd')")
db.commit()`, path]);
    const [login, logout] = [...open(path)];
    expect([login!.secondsBig, login!.microseconds, logout!.secondsBig, logout!.microseconds]).toStrictEqual([9007199254n, 740993, 9007199254n, 740995]);
  });

  // "SQLite database: page 74 lies past the end ..." named no file: with several read, which one was it?
  it("names the file in an error of its bytes", () => {
    const path = join(dir, "cut.db");
    writeFileSync(path, readFileSync(join(dir, "w.db")).subarray(0, 4096 + 100));
    for (const read of [() => [...open(path)], () => [...fromBytes(readFileSync(path))]]) {
      const error = (() => { try { read(); } catch (err) { return err; } })();
      expect(error).toBeInstanceOf(UtmpError);
      expect((error as UtmpError).message).toMatch(/^utmpx: (\S+cut\.db|<\d+ bytes>): SQLite database: /);
    }
  });

  it("reads the same from bytes, a Blob, a stream of small chunks and a .gz", async () => {
    const bytes = new Uint8Array(readFileSync(join(dir, "w.db")));
    expect(actual(fromBytes(bytes))).toEqual(want());
    expect(actual(await fromBlob(new Blob([bytes])))).toEqual(want());
    const chunks = async function* () { for (let i = 0; i < bytes.length; i += 100) yield bytes.subarray(i, i + 100); };
    const streamed: Entry[] = [];
    for await (const batch of stream(chunks())) streamed.push(...batch);
    expect(actual(streamed)).toEqual(want());
    const gz = join(dir, "w.db.gz");
    writeFileSync(gz, gzipSync(bytes));
    expect(actual(open(gz))).toEqual(want());
    const fromGz: Entry[] = [];
    for await (const batch of stream(gz)) fromGz.push(...batch);
    expect(actual(fromGz)).toEqual(want());
  });

  // a name is no address: "" (as a BSD record without one), not the 0.0.0.0 of 16 zero bytes
  it("gives an address for RemoteHost when it is one, for last -i, and none when it is a name", () => {
    let names = 0;
    for (const e of open(join(dir, "w.db"))) {
      if (e.type !== "USER_PROCESS") continue;
      const isV4 = /^\d+\.\d+\.\d+\.\d+$/.test(e.host!);
      const isV6 = e.host!.startsWith("2001:db8::");
      if (!isV4 && !isV6) names++;
      expect(e.addr).toBe(isV4 || isV6 ? e.host : "");
    }
    expect(names).toBeGreaterThan(0);
  });

  it("applies the committed transactions of a -wal file beside the database, and says so", () => {
    const withWal: Row[] = JSON.parse(readFileSync(join(dir, "live.json"), "utf8"));
    const without: Row[] = JSON.parse(readFileSync(join(dir, "live-dbonly.json"), "utf8"));
    expect(withWal.length).toBeGreaterThan(without.length); // the log holds rows the file alone does not
    const seen: UtmpWarning[] = [];
    const db = open(join(dir, "copy", "live.db"), { onWarning: (w) => seen.push(w) });
    expect(actual(db)).toEqual(expected(withWal).map((r) => [r[0], cut(r[1], 64), r[2], r[3], r[4], r[5], r[6]]));
    expect(seen.map((w) => w.code)).toEqual(["WAL_APPLIED", "TEXT_CUT"]);
    expect(seen[0]!.message).toMatch(/live\.db: 1 committed transaction\(s\) \(\d+ pages\) of its -wal file applied/);
    expect(actual(open(join(dir, "live-dbonly.db")))).toEqual(expected(without).map((r) => [r[0], cut(r[1], 64), r[2], r[3], r[4], r[5], r[6]]));
  });

  it("applies a -wal given with the database's bytes or Blob (an upload has no file beside it)", async () => {
    const withWal: Row[] = JSON.parse(readFileSync(join(dir, "live.json"), "utf8"));
    const without: Row[] = JSON.parse(readFileSync(join(dir, "live-dbonly.json"), "utf8"));
    const rows = (r: Row[]) => expected(r).map((x) => [x[0], cut(x[1], 64), x[2], x[3], x[4], x[5], x[6]]);
    const bytes = new Uint8Array(readFileSync(join(dir, "copy", "live.db")));
    const wal = new Uint8Array(readFileSync(join(dir, "copy", "live.db-wal")));
    const seen: UtmpWarning[] = [];
    expect(actual(fromBytes(bytes, { wal, onWarning: (w) => seen.push(w) }))).toEqual(rows(withWal));
    expect(seen.map((w) => w.code)).toEqual(["WAL_APPLIED", "TEXT_CUT"]);
    expect(actual(await fromBlob(new Blob([bytes]), { wal: new Blob([wal]) }))).toEqual(rows(withWal));
    expect(actual(await fromBlob(new Blob([bytes]), { wal }))).toEqual(rows(withWal));
    // without it, the database alone
    expect(actual(fromBytes(bytes))).toEqual(rows(without));
  });

  it("takes its layout by name or row, as any other (db.layout given back), and no layout encodes to it", async () => {
    const path = join(dir, "w.db");
    const detected = open(path);
    expect(actual(open(path, { layout: "wtmpdb" }))).toEqual(want());
    expect(actual(open(path, { layout: detected.layout }))).toEqual(want());
    const bytes = new Uint8Array(readFileSync(path));
    const streamed: Entry[] = [];
    for await (const batch of stream(new Blob([bytes]), { layout: "wtmpdb" })) streamed.push(...batch);
    expect(actual(streamed)).toEqual(want());
    expect(() => encode([...detected].slice(0, 3), "wtmpdb")).toThrow(/wtmpdb is a SQLite database, not records/);
    expect(() => fromBytes(new Uint8Array(4096), { layout: "wtmpdb" }).layout).toThrow(UtmpError);
  });

  it("refuses to append records to a wtmpdb database, leaving it as it was", () => {
    const path = join(dir, "w.db");
    const before = readFileSync(path);
    const db = open(path);
    expect(() => db.append({ type: "USER_PROCESS", user: "x", line: "pts/1" })).toThrow(/is a wtmpdb database: records are not appended/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it("names a lastlog2 database and other SQLite files instead of reading them as wtmp", () => {
    expect(() => open(join(dir, "other.db")).layout).toThrow(/is a lastlog2 database: read it with openLastlog\(\) or utmpx lastlog/);
    expect(() => open(join(dir, "plain.db")).layout).toThrow(/is a SQLite database without wtmpdb's wtmp table/);
  });

  it("gives a UtmpError, not a crash, for a truncated or damaged database", () => {
    const bytes = new Uint8Array(readFileSync(join(dir, "w.db")));
    for (const cutAt of [100, 1000, 4096 + 10, bytes.length - 4096]) {
      let error: unknown;
      try {
        [...fromBytes(bytes.subarray(0, cutAt))];
      } catch (err) {
        error = err;
      }
      expect(error, `cut at ${cutAt}`).toBeInstanceOf(UtmpError);
    }
  });
});

// Rows are read as records of fixed fields (layouts/wtmpdb.ts): a longer text is cut there, and said
describe("text longer than the records' fields", () => {
  it("is cut at its field, with one TEXT_CUT warning naming the columns; none when every text fits", async () => {
    const init = (await import("sql.js/dist/sql-wasm-inline.js")).default as () => Promise<{ Database: new () => { run(sql: string, params?: unknown[]): void; export(): Uint8Array; close(): void } }>;
    const { Database } = await init();
    const make = (user: string, host: string) => {
      const db = new Database();
      db.run("CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, User TEXT NOT NULL, Login INTEGER, Logout INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT)");
      db.run("INSERT INTO wtmp VALUES (1, 3, 'ok', 1700000000000000, NULL, 'pts/0', 'h', 'sshd')");
      db.run("INSERT INTO wtmp VALUES (2, 3, ?, 1700000001000000, NULL, 'pts/1', ?, 'sshd')", [user, host]);
      const bytes = db.export();
      db.close();
      return fromBytes(bytes);
    };
    const long = make("é".repeat(50), "h".repeat(300)); // User: 100 bytes of UTF-8
    const entries = [...long];
    expect(entries.map((e) => [e.user, e.host?.length])).toStrictEqual([["ok", 1], ["é".repeat(32), 256]]);
    const cut = long.warnings.filter((w) => w.code === "TEXT_CUT");
    expect(cut).toHaveLength(1);
    expect(cut[0]).toMatchObject({ offset: 2, length: 1 });
    expect(cut[0]!.message).toMatch(/1 row\(s\), the first row 2, hold text longer .*: User \(up to 100 bytes, of 64\), RemoteHost \(up to 300 bytes, of 256\)/);
    const fits = make("u".repeat(64), "h".repeat(256));
    void [...fits];
    expect(fits.warnings.filter((w) => w.code === "TEXT_CUT")).toStrictEqual([]);
  });
});
