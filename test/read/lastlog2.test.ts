// A lastlog2 database through the lastlog openers: openLastlog(),
// lastlogFromBytes() and lastlogFromBlob() tell it from a lastlog file by its
// bytes and give a Lastlog2. The databases are written by python's sqlite3 and
// read back by it as the expected rows (independent of src/sqlite/), in
// SQLite's own ORDER BY Name; a -wal left beside one is applied with a warning.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Lastlog, lastlogFromBytes, openLastlog, UtmpError, UtmpErrorCode, type UtmpWarning } from "../../src/index.ts";
import { lastlogFromBlob } from "../../src/read/open.ts";
import { Lastlog2 } from "../../src/read/lastlog2.ts";
import { errorOf } from "../support/errorOf.ts";
import { noPython } from "../sqlite/support.ts";

type Row = [string, number, string | null, string | null, string | null];

const BUILD = String.raw`
import json, os, shutil, sqlite3, sys
out = sys.argv[1]
SCHEMA = "CREATE TABLE IF NOT EXISTS Lastlog2(Name TEXT PRIMARY KEY, Time INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT)"
ROWS = [("root", 1723749426, "ssh", "10.12.80.2", "sshd"), ("alice", 1764374400, "tty1", "", "login"),
        ("bob", 1748736000, "pts/0", None, None), ("Zed", 1700000000, "pts/1", "zed.example.org", ""),
        ("adam", 0, None, None, None), ("zo\u00eb", 1764288000, "pts/2", "2001:db8::1", "gdm-password"),
        ("\U0001F600", 1262304000, "pts/3", "h" * 300, "sshd"), ("\ue000", 801964800, "pts/4", "x", "login"),
        ("n" * 254 + "\u00e9\u00e9", 1577836800, "tty2", ":0", "sddm-autologin")]
def dump(path):
    d = os.path.join(out, "scratch")
    os.makedirs(d, exist_ok=True)
    for ext in ("", "-wal"):
        if os.path.exists(path + ext): shutil.copy(path + ext, os.path.join(d, "x.db" + ext))
    con = sqlite3.connect(os.path.join(d, "x.db"))
    rows = [list(r) for r in con.execute("SELECT Name, Time, TTY, RemoteHost, Service FROM Lastlog2 ORDER BY Name")]
    con.close()
    shutil.rmtree(d)
    return rows
def make(path):
    con = sqlite3.connect(path)
    con.execute(SCHEMA)
    con.executemany("REPLACE INTO Lastlog2 VALUES(?,?,?,?,?)", ROWS)
    con.commit()
    return con
make(os.path.join(out, "base.db")).close()
# WAL: the rows checkpointed, then two transactions left in the log, copied while the connection is open
live = os.path.join(out, "live.db")
con = sqlite3.connect(live)
con.execute("PRAGMA journal_mode=WAL")
con.execute("PRAGMA wal_autocheckpoint=0")
con.execute(SCHEMA)
con.executemany("REPLACE INTO Lastlog2 VALUES(?,?,?,?,?)", ROWS)
con.commit()
con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
con.execute("REPLACE INTO Lastlog2 VALUES(?,?,?,?,?)", ("root", 1764370000, "pts/7", "192.0.2.9", "sshd"))
con.commit()
con.execute("DELETE FROM Lastlog2 WHERE Name = 'bob'")
con.execute("REPLACE INTO Lastlog2 VALUES(?,?,?,?,?)", ("newcomer", 1764371000, "tty7", "", "login"))
con.commit()
os.makedirs(os.path.join(out, "copy"))
for ext in ("", "-wal"): shutil.copy(live + ext, os.path.join(out, "copy", "live.db" + ext))
con.close()
shutil.copy(os.path.join(out, "copy", "live.db"), os.path.join(out, "dbonly.db"))
json.dump({"base": dump(os.path.join(out, "base.db")), "wal": dump(os.path.join(out, "copy", "live.db")),
           "dbonly": dump(os.path.join(out, "dbonly.db"))}, open(os.path.join(out, "expected.json"), "w"))
`;

const asRows = (db: Lastlog2): Row[] => db.rows().map((r) => [r.name, Number(r.time), r.tty, r.remoteHost, r.service]);

describe.skipIf(noPython !== undefined)("a lastlog2 database through the lastlog openers", () => {
  let dir = "";
  let expected: { base: Row[]; wal: Row[]; dbonly: Row[] };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "utmpx-ll2-"));
    execFileSync("python3", ["-c", BUILD, dir]);
    expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8"));
  });
  const file = (name: string) => join(dir, name);
  const bytes = (name: string) => new Uint8Array(readFileSync(file(name)));

  it("openLastlog gives a Lastlog2 whose rows are sqlite3's, in its name order", () => {
    const db = openLastlog(file("base.db"));
    expect(db).toBeInstanceOf(Lastlog2);
    expect(db).toBeInstanceOf(Lastlog);
    expect(db.layout.id).toBe("lastlog2");
    expect(db.path).toBe(file("base.db"));
    expect(asRows(db as Lastlog2)).toEqual(expected.base);
    expect(db.length).toBe(expected.base.length);
    expect(db.warnings).toEqual([]);
  });

  it("iterates the users who logged in as entries: Name as user, TTY as line, RemoteHost as host, Service as id", () => {
    const entries = [...openLastlog(file("base.db"))];
    const loggedIn = expected.base.filter((r) => r[1] !== 0);
    expect(entries.map((e) => e.seconds)).toEqual(loggedIn.map((r) => r[1]));
    for (const [i, e] of entries.entries()) {
      const [name, , tty, host, service] = loggedIn[i]!;
      expect(e.type).toBe("USER_PROCESS");
      expect(e.uid).toBeUndefined();
      expect(e.line).toBe(tty ?? "");
      expect(e.id).toBe(service ?? "");
      // text past the record's 256 bytes is cut at a character boundary; rows() keeps it whole
      const cut = new TextDecoder().decode(new TextEncoder().encode(name).subarray(0, 256)).replace(/\uFFFD$/, "");
      expect(e.user).toBe(cut);
      expect(e.host).toBe((host ?? "").slice(0, 256));
      // an address when RemoteHost is one (node's isIP as the judge); a name or nothing is no address, not 0.0.0.0
      const family = isIP(host ?? "");
      if (family === 4) expect(e.addr).toBe(host);
      else if (family === 6) expect(e.addr).not.toBe("");
      else expect(e.addr).toBe("");
    }
    expect(entries.find((e) => e.user === "root")!.toJSON()).toMatchObject({ user: "root", line: "ssh", host: "10.12.80.2", addr: "10.12.80.2", id: "sshd", date: "2024-08-15T19:17:06.000000Z" });
  });

  it("finds a user by name; a uid, an unknown name or a user who never logged in finds nothing", () => {
    const db = openLastlog(file("base.db"));
    expect(db.get("zo\u00eb")?.seconds).toBe(1764288000);
    expect(db.get("adam")).toBeUndefined(); // Time 0
    expect(db.get("nobody")).toBeUndefined();
    expect(db.get(0)).toBeUndefined();
  });

  it("takes a given layout over the bytes, as open() does: the file is then read as a lastlog of that layout", () => {
    for (const db of [openLastlog(file("base.db"), { layout: "lastlog292-le" }), lastlogFromBytes(bytes("base.db"), { layout: "lastlog292-le" })]) {
      expect(db).not.toBeInstanceOf(Lastlog2);
      expect(db.layout.id).toBe("lastlog292-le");
    }
  });

  it("lastlogFromBytes and lastlogFromBlob read the same", async () => {
    const fromBytes = lastlogFromBytes(bytes("base.db"));
    const fromBlob = await lastlogFromBlob(new Blob([bytes("base.db")]));
    for (const db of [fromBytes, fromBlob]) {
      expect(db).toBeInstanceOf(Lastlog2);
      expect(db.path).toBeUndefined();
      expect(asRows(db as Lastlog2)).toEqual(expected.base);
    }
  });

  it("applies the -wal beside a path, with a WAL_APPLIED warning on each pass", () => {
    const heard: UtmpWarning[] = [];
    const db = openLastlog(file("copy/live.db"), { onWarning: (w) => heard.push(w) }) as Lastlog2;
    expect(asRows(db)).toEqual(expected.wal);
    expect(expected.wal).not.toEqual(expected.dbonly);
    expect(db.warnings).toHaveLength(1);
    expect(db.warnings[0]).toMatchObject({ code: "WAL_APPLIED", offset: 0 });
    expect(db.warnings[0]!.message).toMatch(/live\.db: 2 committed transaction\(s\) \(\d+ pages\) of its -wal file applied/);
    expect([...db].map((e) => e.user)).toContain("newcomer");
    expect([...db].map((e) => e.user)).not.toContain("bob");
    expect(heard.map((w) => w.code)).toEqual(["WAL_APPLIED", "WAL_APPLIED", "WAL_APPLIED"]);
  });

  it("applies a WAL given as bytes or a Blob, and reads the database alone without one", async () => {
    const db = bytes("copy/live.db"), wal = bytes("copy/live.db-wal");
    expect(asRows(lastlogFromBytes(db) as Lastlog2)).toEqual(expected.dbonly);
    expect(lastlogFromBytes(db).warnings).toEqual([]);
    const withWal = lastlogFromBytes(db, { wal }) as Lastlog2;
    expect(asRows(withWal)).toEqual(expected.wal);
    expect(withWal.warnings.map((w) => w.code)).toEqual(["WAL_APPLIED"]);
    expect(asRows((await lastlogFromBlob(new Blob([db]), { wal: new Blob([wal]) })) as Lastlog2)).toEqual(expected.wal);
    // a path with no -wal beside it, its log given: applied
    expect(asRows(openLastlog(file("dbonly.db")) as Lastlog2)).toEqual(expected.dbonly);
    expect(asRows(openLastlog(file("dbonly.db"), { wal }) as Lastlog2)).toEqual(expected.wal);
  });

  it("reads the file afresh on each pass, and another file when path is set", () => {
    const path = file("changing.db");
    writeFileSync(path, bytes("base.db"));
    const db = openLastlog(path) as Lastlog2;
    expect([...db].map((e) => e.user)).not.toContain("later");
    execFileSync("python3", ["-c", `import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("REPLACE INTO Lastlog2 VALUES('later',1764000000,'tty9','','login')"); c.commit()`, path]);
    expect([...db].map((e) => e.user)).toContain("later");
    db.path = file("copy/live.db");
    expect(db.path).toBe(file("copy/live.db"));
    expect(asRows(db)).toEqual(expected.wal);
  });

  it("refuses every write, leaving the database as it was", async () => {
    const path = file("kept.db");
    writeFileSync(path, bytes("base.db"));
    const db = openLastlog(path);
    const input = { type: "USER_PROCESS" as const, user: "mallory", line: "pts/9", seconds: 1 };
    for (const write of [() => db.append(input), () => db.put(input)]) {
      const err = errorOf(write);
      expect(err).toBeInstanceOf(UtmpError);
      expect((err as UtmpError).code).toBe(UtmpErrorCode.UNSUPPORTED);
      expect((err as UtmpError).message).toMatch(/kept\.db is a lastlog2 database: records are not written to it/);
    }
    await expect(db.appendAsync(input)).rejects.toThrow(/lastlog2 database/);
    await expect(db.putAsync(input)).rejects.toThrow(/lastlog2 database/);
    expect(bytes("kept.db")).toEqual(bytes("base.db"));
  });

  it("gives a UtmpError for a truncated database, a wtmpdb one and SQLite without the table", () => {
    const base = bytes("base.db");
    // page 2 is the table's (page 3, its name index, this reader never needs)
    for (const size of [16, 100, 4096, 4096 + 2000, 8191]) {
      const err = errorOf(() => [...lastlogFromBytes(base.slice(0, size))]);
      expect(err, `truncated to ${size}`).toBeInstanceOf(UtmpError);
      expect((err as UtmpError).code).toBe(UtmpErrorCode.BAD_INPUT);
    }
    execFileSync("python3", ["-c", `import sqlite3,sys
c=sqlite3.connect(sys.argv[1]); c.execute("CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, User TEXT NOT NULL, Login INTEGER, Logout INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT)"); c.commit()
c=sqlite3.connect(sys.argv[2]); c.execute("CREATE TABLE users(name)"); c.commit()`, file("wtmp.db"), file("other.db")]);
    expect(() => [...openLastlog(file("wtmp.db"))]).toThrow(/wtmp\.db is a wtmpdb database, not a lastlog2 one/);
    expect(() => [...openLastlog(file("other.db"))]).toThrow(/other\.db is a SQLite database without lastlog2's Lastlog2/);
    expect((errorOf(() => openLastlog(file("other.db")).length) as UtmpError).code).toBe(UtmpErrorCode.UNSUPPORTED_FORMAT);
  });

  it("still gives a Lastlog for a lastlog file, and a missing path still fails when used", () => {
    const lastlog = new Uint8Array(292 * 3);
    new DataView(lastlog.buffer).setUint32(292, 1700000000, true);
    const db = lastlogFromBytes(lastlog);
    expect(db).not.toBeInstanceOf(Lastlog2);
    expect([...db].map((e) => [e.uid, e.seconds])).toEqual([[1, 1700000000]]);
    expect(db.get("root")).toBeUndefined(); // a lastlog holds no names
    const missing = openLastlog(file("no-such-file"));
    expect(missing).not.toBeInstanceOf(Lastlog2);
    expect((errorOf(() => [...missing]) as UtmpError).code).toBe(UtmpErrorCode.IO);
  });
});
