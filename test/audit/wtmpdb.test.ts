// The SQLite checks on copies of a database wtmpdb 0.75 wrote (normal.db),
// edited with SQLite itself (sql.js) as a cleaner would: a row deleted from the
// middle, a Login moved back, the oldest rows rotated away; a -wal left beside
// a database; and values of kinds wtmpdb never writes (../fixtures/wtmpdb-kinds).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { audit, type Finding } from "../../src/audit/audit.ts";
import { FIXTURES } from "../support/paths.ts";

const normal = new Uint8Array(readFileSync(join(FIXTURES, "wtmpdb", "db", "normal.db")));

async function edited(sql: string): Promise<Uint8Array> {
  const init = (await import("sql.js/dist/sql-wasm-inline.js")).default as () => Promise<{ Database: new (bytes: Uint8Array) => { run(sql: string): void; export(): Uint8Array; close(): void } }>;
  const { Database } = await init();
  const db = new Database(normal);
  db.run(sql);
  const bytes = db.export();
  db.close();
  return bytes;
}

async function findings(bytes: Uint8Array, wal?: Uint8Array): Promise<Finding[]> {
  const report = await audit([{ name: "wtmp.db", bytes, wal }]);
  expect(report.errors).toStrictEqual([]);
  expect(report.files[0]!.role).toBe("wtmpdb");
  return [...report.findings];
}

const tampering = (f: Finding) => f.kind !== "wtmpdb-rotated-rows";

describe("wtmpdb", () => {
  it("untouched: nothing", async () => {
    expect((await findings(normal)).filter(tampering)).toStrictEqual([]);
  });

  it("a row deleted from the middle: the ID gap, and the row itself recovered from free space", async () => {
    const found = await findings(await edited("DELETE FROM wtmp WHERE ID = 12"));
    expect(found.map((f) => `${f.kind}@${f.offset}x${f.records}`)).toStrictEqual(["wtmpdb-id-gap@12x1", "wtmpdb-deleted-row@nullx1"]);
    const [gap, row] = found as [Finding, Finding];
    expect([gap.before, gap.after]).toStrictEqual(["2024-03-09T22:15:30.000700Z", "2024-03-10T06:59:30.000000Z"]);
    expect(row.details).toMatchObject({ user: "carol", tty: "pts/0" });
    expect([row.before, row.after]).toStrictEqual(["2024-03-09T23:00:00.500000Z", "2024-03-10T09:15:00.000000Z"]);
  });

  it("a login whose Logout was written later (wtmpdb's UPDATE): its older version lies in free space, and is no deleted row", async () => {
    // the row grows by its Logout, so SQLite writes it anew and frees the cell it had (a later
    // login's cell above it keeps that from going back to the page's unallocated middle)
    const bytes = await edited("INSERT INTO wtmp (Type, User, Login, Logout, TTY, RemoteHost, Service) VALUES (3, 'dave', 1710500000000000, NULL, 'pts/4', '192.0.2.7', 'sshd');"
      + " INSERT INTO wtmp (Type, User, Login, Logout, TTY, RemoteHost, Service) VALUES (3, 'erin', 1710500100000000, NULL, 'pts/5', '192.0.2.8', 'sshd');"
      + " UPDATE wtmp SET Logout = 1710503600000000 WHERE User = 'dave' AND Login = 1710500000000000");
    const dave = Buffer.from("dave");
    expect(Buffer.from(bytes).indexOf(dave)).not.toBe(Buffer.from(bytes).lastIndexOf(dave));
    expect((await findings(bytes)).filter(tampering)).toStrictEqual([]);
  });

  it("a Login moved back two days: out of ID order", async () => {
    const found = await findings(await edited("UPDATE wtmp SET Login = Login - 172800000000 WHERE ID = 14"));
    expect(found.filter((f) => f.kind === "wtmpdb-login-order").map((f) => f.offset)).toStrictEqual([14]);
    expect(found.filter((f) => f.kind === "wtmpdb-id-gap")).toStrictEqual([]);
  });

  it("the oldest rows rotated away (wtmpdb rotate's DELETE ... WHERE Login <= cutoff): no gap, no deleted row", async () => {
    const found = await findings(await edited("DELETE FROM wtmp WHERE Login <= 1704101400000000"));
    expect(found.filter(tampering)).toStrictEqual([]);
  });

  it("values of a kind wtmpdb never writes: each one, where wtmpdb last reads it as it does", async () => {
    const kinds = new Uint8Array(readFileSync(join(FIXTURES, "wtmpdb-kinds", "kinds.db")));
    const found = (await findings(kinds)).filter((f) => f.kind === "wtmpdb-value-kind");
    expect(found.map((f) => `${f.offset}:${String(f.details.column)}`)).toStrictEqual([
      "3:Login", "4:Login", "5:Login", "6:Logout", "7:Logout", "8:Type", "9:Type", "11:User", "11:TTY", "11:RemoteHost", "11:Service", "13:Login",
    ]);
    expect(found[0]!.details).toMatchObject({ kind: "text", value: "abc", readAs: "0" });
    expect(found[0]!.explanation).toBe(`row 3: Login holds text "abc", which wtmpdb never writes there (it reads it as 0): the row was written by something else, or edited`);
  });

  it("past the first 100 such values: one finding counting the rest", async () => {
    const init = (await import("sql.js/dist/sql-wasm-inline.js")).default as () => Promise<{ Database: new () => { run(sql: string): void; export(): Uint8Array; close(): void } }>;
    const { Database } = await init();
    const db = new Database();
    db.run("CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, User TEXT NOT NULL, Login INTEGER, Logout INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT)");
    for (let i = 1; i <= 130; i++) db.run(`INSERT INTO wtmp VALUES (${i}, 3, 'u', 'when${i}', NULL, 'pts/0', 'h', 'sshd')`);
    const bytes = db.export();
    db.close();
    const found = (await findings(bytes)).filter((f) => f.kind === "wtmpdb-value-kind");
    expect(found).toHaveLength(101);
    expect(found[100]).toMatchObject({ offset: null, records: 30, details: { more: 30, afterRow: 100 } });
  });

  it("a -wal with committed transactions: the notice to keep it", async () => {
    const db = new Uint8Array(readFileSync(join(FIXTURES, "lastlog", "lastlog2-wal.db")));
    const wal = new Uint8Array(readFileSync(join(FIXTURES, "lastlog", "lastlog2-wal.db-wal")));
    const report = await audit([{ name: "lastlog2.db", bytes: db, wal }]);
    expect(report.findings.map((f) => f.kind)).toStrictEqual(["sqlite-wal-uncheckpointed"]);
    expect(report.findings[0]!.details.framesApplied).toBeGreaterThan(0);
  });

  it("a -wal SQLite would not apply (random bytes, a damaged header): a finding that its transactions are out of reach", async () => {
    const db = new Uint8Array(readFileSync(join(FIXTURES, "lastlog", "lastlog2-wal.db")));
    const real = new Uint8Array(readFileSync(join(FIXTURES, "lastlog", "lastlog2-wal.db-wal")));
    const random = Uint8Array.from({ length: real.length }, (_, i) => (i * 2654435761) >>> 24);
    const header = real.slice();
    header[20]! ^= 1; // a salt: the header checksum no longer holds
    for (const [wal, why] of [[random, /its magic is 0x/], [header, /its header checksum does not match/]] as const) {
      const report = await audit([{ name: "lastlog2.db", bytes: db, wal }]);
      expect(report.findings.map((f) => f.kind)).toStrictEqual(["sqlite-wal-unreadable"]);
      expect(report.findings[0]!.explanation).toMatch(why);
    }
  });
});
