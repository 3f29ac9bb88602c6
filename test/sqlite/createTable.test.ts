// Column names and the rowid alias from CREATE TABLE texts: wtmpdb's and
// lastlog2's exactly, and the variants SQLite accepts for them.
import { describe, expect, it } from "vitest";
import { parseCreateTable } from "../../src/sqlite/createTable.ts";

const WTMP = "CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, User TEXT NOT NULL, Login INTEGER, Logout INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT)";
const LASTLOG2 = "CREATE TABLE Lastlog2(Name TEXT PRIMARY KEY, Time INTEGER NOT NULL, TTY TEXT, RemoteHost TEXT, Service TEXT)";

describe("parseCreateTable", () => {
  it("reads wtmpdb's and lastlog2's schemas, with and without STRICT", () => {
    expect(parseCreateTable(WTMP)).toEqual({ columns: ["ID", "Type", "User", "Login", "Logout", "TTY", "RemoteHost", "Service"], rowidAlias: 0, strict: false, withoutRowid: false });
    expect(parseCreateTable(`${WTMP} STRICT`)!.strict).toBe(true);
    expect(parseCreateTable(LASTLOG2)).toEqual({ columns: ["Name", "Time", "TTY", "RemoteHost", "Service"], rowidAlias: -1, strict: false, withoutRowid: false });
    expect(parseCreateTable(`${LASTLOG2}  strict`)!.strict).toBe(true);
  });

  it("unquotes names and skips constraints, defaults and type arguments", () => {
    const s = parseCreateTable(`CREATE TABLE "my (t)"("a b" integer primary key autoincrement, [c,d] VARCHAR(10, 2) DEFAULT 'x, PRIMARY KEY', \`e\`\`f\` TEXT CHECK (length(e) > 0), CONSTRAINT u UNIQUE (a, b))`)!;
    expect(s.columns).toEqual(["a b", "c,d", "e`f"]);
    expect(s.rowidAlias).toBe(0);
  });

  it("knows SQLite's alias rules: a table-level key, DESC, non-INTEGER types, WITHOUT ROWID", () => {
    expect(parseCreateTable("CREATE TABLE t(x TEXT, id INTEGER, PRIMARY KEY(id))")!.rowidAlias).toBe(1);
    expect(parseCreateTable("CREATE TABLE t(id INTEGER PRIMARY KEY DESC, x)")!.rowidAlias).toBe(-1);
    expect(parseCreateTable("CREATE TABLE t(id INT PRIMARY KEY, x)")!.rowidAlias).toBe(-1);
    expect(parseCreateTable("CREATE TABLE t(a INTEGER, b INTEGER, PRIMARY KEY(a, b))")!.rowidAlias).toBe(-1);
    const w = parseCreateTable("CREATE TABLE t(id INTEGER PRIMARY KEY, x) WITHOUT ROWID")!;
    expect(w.withoutRowid).toBe(true);
    expect(w.rowidAlias).toBe(-1);
    expect(parseCreateTable("CREATE VIRTUAL TABLE t USING fts5")).toBeUndefined();
  });
});
