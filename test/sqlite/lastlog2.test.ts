// lastlog2's table read into typed rows, compared with what python's sqlite3
// (an implementation independent of src/sqlite/) reads from the same files:
// liblastlog2's schema, the older NOT NULL one, STRICT, the columns in another
// order with one more, thousands of rows over many pages. Then hostile tables:
// values of kinds liblastlog2 never writes are a BAD_INPUT naming the row, and
// a truncated or mutated database is a UtmpError, never a crash or a hang.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteDatabase } from "../../src/sqlite/database.ts";
import { LASTLOG2_COLUMNS, lastlog2Table, readLastlog2Table, type Lastlog2Row } from "../../src/sqlite/lastlog2.ts";
import type { SqliteTable } from "../../src/sqlite/table.ts";
import { UtmpError, UtmpErrorCode } from "../../src/util/errors.ts";
import { errorOf } from "../support/errorOf.ts";
import { prng } from "../support/prng.ts";
import { SHARED_CORPUS } from "../support/corpus.ts";
import { noPython } from "./support.ts";

if (noPython) console.warn(noPython);

const BUILD = String.raw`
import json, os, random, sqlite3, sys
out = sys.argv[1]
rng = random.Random(5)
UTIL_LINUX = "CREATE TABLE IF NOT EXISTS Lastlog2(Name TEXT PRIMARY KEY, Time INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT)"
SCHEMAS = {
    "util-linux": UTIL_LINUX,
    "not-null": "CREATE TABLE Lastlog2(Name TEXT PRIMARY KEY, Time INTEGER NOT NULL, TTY TEXT, RemoteHost TEXT, Service TEXT)",
    "strict": UTIL_LINUX + " STRICT",
    "reordered": 'CREATE TABLE "lastlog2"(Service TEXT, Extra BLOB, "RemoteHost" TEXT, tty TEXT, time INTEGER, NAME TEXT PRIMARY KEY)',
}
def text(n):
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789.-:éü😀") for _ in range(n))
def rows(n):
    for i in range(n):
        name = "user%05d" % i if i % 17 else text(rng.randint(1, 300))
        t = rng.choice([0, 1_700_000_000 + i, -i, 2**40 + i, 2**62 + i, -(2**63), 2**63 - 1, 1])
        yield (name, t, rng.choice([None, "", "pts/%d" % (i % 50), "tty1", text(40)]),
               rng.choice([None, "", "10.0.%d.%d" % (i % 256, i // 256 % 256), "2001:db8::%x" % i, text(rng.randint(0, 600))]),
               rng.choice([None, "", "sshd", "login", "gdm-password"]))
cases = []
for name, schema in SCHEMAS.items():
    for count, page in ((5, 512), (2500, 1024)):
        case = "%s-%d" % (name, count)
        path = os.path.join(out, case + ".db")
        con = sqlite3.connect(path)
        con.execute("PRAGMA page_size=%d" % page)
        con.execute(schema)
        cols = "Name, Time, TTY, RemoteHost, Service"
        con.executemany("INSERT OR REPLACE INTO Lastlog2(%s) VALUES (?,?,?,?,?)" % cols, list(rows(count)))
        con.execute("DELETE FROM Lastlog2 WHERE rowid % 9 = 4")
        con.commit()
        data = [[str(r[0]), r[1], None if r[2] is None else str(r[2]), r[3], r[4], r[5]]
                for r in con.execute("SELECT rowid, Name, Time, TTY, RemoteHost, Service FROM Lastlog2 ORDER BY rowid")]
        con.close()
        json.dump(data, open(os.path.join(out, case + ".json"), "w"))
        cases.append(case)
print("\n".join(cases))
`;

/** A non-STRICT table where SQLite keeps whatever kind it is given. */
const HOSTILE = String.raw`
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.execute("CREATE TABLE Lastlog2(Name TEXT PRIMARY KEY, Time INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT)")
con.execute("INSERT INTO Lastlog2 VALUES ('fine', 1700000000, 'pts/0', 'h', 'sshd')")
con.execute("INSERT INTO Lastlog2 VALUES (" + sys.argv[2] + ")")
con.commit()
`;

/** The rows in rowid order (readLastlog2Table gives lastlog2's, by Name). */
function lastlog2Rows(table: SqliteTable): Lastlog2Row[] {
  return [...readLastlog2Table(table).rows].sort((a, b) => Number(a.rowid) - Number(b.rowid));
}

function bytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

/** Our rows as python dumped them: [rowid, Name, Time, TTY, RemoteHost, Service], integers as text. */
function ours(db: SqliteDatabase): unknown[][] {
  return [...lastlog2Rows(lastlog2Table(db)!)].map((r: Lastlog2Row) => [String(r.rowid), r.name, r.time === null ? null : String(r.time), r.tty, r.remoteHost, r.service]);
}

describe.skipIf(noPython !== undefined)("lastlog2 rows vs python sqlite3", () => {
  let dir = "";
  let cases: string[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "utmpx-lastlog2-"));
    cases = execFileSync("python3", ["-c", BUILD, dir], { encoding: "utf8" }).trim().split("\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads every row as sqlite3 does, whatever the schema's form and column order", () => {
    expect(cases).toHaveLength(8);
    let rows = 0;
    for (const name of cases) {
      // python wrote integers as JSON numbers: compare them as text, exact past 2^53
      const want = (JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8").replace(/(?<=[[,])(-?\d+)(?=[,\]])/g, '"$1"')) as unknown[][]);
      const got = ours(new SqliteDatabase(bytes(join(dir, `${name}.db`))));
      expect(got, name).toEqual(want);
      rows += got.length;
    }
    expect(rows).toBeGreaterThan(8000);
  });

  it("finds the table by its columns' names, in any case and order", () => {
    const table = lastlog2Table(new SqliteDatabase(bytes(join(dir, "reordered-5.db"))))!;
    expect(LASTLOG2_COLUMNS.map((c) => table.column(c))).toEqual([5, 4, 3, 2, 0]);
  });

  function hostile(values: string): SqliteDatabase {
    const path = join(dir, "hostile.db");
    rmSync(path, { force: true });
    execFileSync("python3", ["-c", HOSTILE, path, values]);
    return new SqliteDatabase(bytes(path));
  }

  it.each([
    // a blob's text ends at its first NUL, as sqlite3_column_text hands it to C
    ["x'00ff', 1, 't', 'h', 's'", /row 2: Name holds a blob ""/, { name: "", time: 1 }],
    ["NULL, 1, 't', 'h', 's'", /row 2: Name is NULL/, { name: "", time: 1 }],
    ["'text-time', 'yesterday', 't', 'h', 's'", /row 2: Time holds text "yesterday"/, { time: 0 }],
    ["'real-time', 1.5, 't', 'h', 's'", /row 2: Time holds a real "1.5"/, { time: 1 }],
    // a whole REAL past 2^53: "1.0e+300" to lastlog2's strtoll
    ["'huge-real-time', 1e300, 't', 'h', 's'", /row 2: Time holds a real "1.0e\+300"/, { time: 1 }],
    ["'blob-tty', 1, x'01', 'h', 's'", /row 2: TTY holds a blob/, { tty: "\u0001" }],
    ["'blob-host', 1, 't', x'02', 's'", /row 2: RemoteHost holds a blob/, { remoteHost: "\u0002" }],
    ["'blob-service', 1, 't', 'h', x'03'", /row 2: Service holds a blob/, { service: "\u0003" }],
  ])("reads a row of (%s) as lastlog2 does, with a VALUE_KIND warning naming it", (values, message, row) => {
    const read = readLastlog2Table(lastlog2Table(hostile(values))!);
    expect(read.rows.find((r) => r.rowid === 2)).toMatchObject(row);
    expect(read.warnings).toHaveLength(1);
    expect(read.warnings[0]!.code).toBe("VALUE_KIND");
    expect(read.warnings[0]!.message).toMatch(message);
  });

  it("reads what SQLite itself would hand back as text: a number in a TEXT column, a NULL Time", () => {
    const rows = lastlog2Rows(lastlog2Table(hostile("42, NULL, 7, 8.5, 9"))!);
    expect(rows[1]).toEqual({ rowid: 2, name: "42", time: null, tty: "7", remoteHost: "8.5", service: "9" });
  });

  it("has no lastlog2 table where the table or one of its columns is missing", () => {
    const path = join(dir, "other.db");
    execFileSync("python3", ["-c", `import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("CREATE TABLE Lastlog2(Name TEXT, Time INTEGER, TTY TEXT, Host TEXT, Service TEXT)"); c.execute("CREATE TABLE other(x)"); c.commit()`, path]);
    expect(lastlog2Table(new SqliteDatabase(bytes(path)))).toBeUndefined();
    expect(lastlog2Table(new SqliteDatabase(bytes(join(dir, "strict-5.db"))))).toBeDefined();
  });

  it("gives a UtmpError, never a crash or a hang, for a truncated or mutated database", () => {
    const whole = bytes(join(dir, "util-linux-2500.db"));
    const read = (b: Uint8Array) => {
      const table = lastlog2Table(new SqliteDatabase(b));
      return table ? [...lastlog2Rows(table)].length : -1;
    };
    for (const size of [0, 50, 100, 1024, 4096, whole.length / 2, whole.length - 1]) {
      const err = errorOf(() => read(whole.slice(0, size)));
      expect(err, `truncated to ${size}`).toBeInstanceOf(UtmpError);
    }
    const random = prng(12);
    const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    const started = performance.now();
    let refused = 0;
    for (let i = 0; i < 300; i++) {
      const b = whole.slice();
      for (let k = int(1, 8); k > 0; k--) b[int(0, b.length - 1)] = int(0, 255);
      const err = errorOf(() => read(b));
      if (err !== undefined) {
        expect(err, `mutation ${i}`).toBeInstanceOf(UtmpError);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(30_000);
  });
});

describe("the corpus's lastlog2.db", () => {
  const path = join(SHARED_CORPUS, "apparmor", "lastlog2.db");
  const present = existsSync(path); // only in the development checkout (the file is GPL: read where it lies)

  it.skipIf(!present)("holds the login times apparmor's test asserts (STRICT, as openSUSE writes it)", () => {
    const expected = JSON.parse(readFileSync(`${path}.expected.json`, "utf8")).expected[0].values.last_login_tv_sec as Record<string, number>;
    const table = lastlog2Table(new SqliteDatabase(bytes(path)))!;
    expect(table.strict).toBe(true);
    const times = Object.fromEntries([...lastlog2Rows(table)].map((r) => [r.name, r.time]));
    for (const [user, seconds] of Object.entries(expected)) expect(times[user] ?? 0, user).toBe(seconds);
  });
});
