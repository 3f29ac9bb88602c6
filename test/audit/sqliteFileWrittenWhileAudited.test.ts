// Audit reads a database file a block at a time over the whole audit, so the
// live wtmp.db, written by sshd meanwhile, would be seen partly before and
// partly after a write: a login's Logout written between the rows and the free
// space read made the row's freed older version a "deleted row" (evidence of
// tampering for an ordinary login), and a file that grew was "cut short". The
// file is served as database A for its first N reads and B after, for N over
// the whole audit: every audit must find what A or B alone gives, nothing.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { FIXTURES } from "../support/paths.ts";
import type { ByteSource } from "../../src/sources/sources.ts";

const LIVE = "/nonexistent/live/wtmp.db";
interface Served { before: Uint8Array; after: Uint8Array; switchAfter: number; reads: number }
let served: Served = { before: new Uint8Array(0), after: new Uint8Array(0), switchAfter: Infinity, reads: 0 };

vi.mock("../../src/sources/sources.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/sources/sources.ts")>();
  return {
    ...real,
    fileSource: (path: string): ByteSource => {
      if (path !== LIVE) return real.fileSource(path);
      const now = () => (served.reads >= served.switchAfter ? served.after : served.before);
      return {
        name: path, path, size: () => now().length,
        readInto(offset: number, target: Uint8Array) {
          const got = now().subarray(offset, offset + target.length);
          served.reads++;
          target.set(got);
          return got.length;
        },
      };
    },
  };
});

const { audit } = await import("../../src/audit/audit.ts");

type SqlJs = { Database: new (bytes: Uint8Array) => { run(sql: string): void; export(): Uint8Array; close(): void } };
let sqlJs: SqlJs;

/** `base` with `sql` run on it by SQLite, its change counter moved on as a write to the file moves it (sql.js's export() does not). */
function written(base: Uint8Array, sql: string): Uint8Array {
  const db = new sqlJs.Database(base);
  db.run(sql);
  const bytes = db.export();
  db.close();
  // the counter (24) and "version-valid-for" (92), which a write keeps equal (else the header's page count is not SQLite's)
  const counter = new DataView(base.buffer, base.byteOffset).getUint32(24) + 1;
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(24, counter);
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(92, counter);
  return bytes;
}

/** 20,000 closed logins from `login` (µs): a database of more blocks than are kept (SourceBlocks: 8 of 64 KiB). */
function logins(login: number): string {
  let sql = "";
  for (let i = 0; i < 20_000; i++) {
    const at = login + i * 1_000_000;
    sql += `INSERT INTO wtmp (Type, User, Login, Logout, TTY, RemoteHost, Service) VALUES (3, 'u${i % 50}', ${at}, ${at + 500_000}, 'pts/${i % 9}', '198.51.100.${i % 250}', 'sshd');`;
  }
  return sql;
}

// sshd logs mallory in, then someone else, then mallory out: wtmpdb's UPDATE frees the row's older cell
const MALLORY = "INSERT INTO wtmp (Type, User, Login, Logout, TTY, RemoteHost, Service) VALUES (3, 'mallory', 1720000000000000, NULL, 'pts/4', '192.0.2.7', 'sshd');"
  + " INSERT INTO wtmp (Type, User, Login, Logout, TTY, RemoteHost, Service) VALUES (3, 'zed', 1720000100000000, NULL, 'pts/5', '192.0.2.8', 'sshd');"
  + " UPDATE wtmp SET Logout = 1720003600000000 WHERE User = 'mallory'";

let before: Uint8Array;

beforeAll(async () => {
  sqlJs = await ((await import("sql.js/dist/sql-wasm-inline.js")).default as () => Promise<SqlJs>)();
  before = written(new Uint8Array(readFileSync(join(FIXTURES, "wtmpdb", "db", "normal.db"))), logins(1_710_600_000_000_000));
}, 60_000);

/** What audits give, as "kind: explanation" and "error CODE: message", the file switching to `after` after each read of a whole audit. */
async function switching(after: Uint8Array): Promise<string[]> {
  const told = (report: Awaited<ReturnType<typeof audit>>) => [
    ...report.findings.filter((f) => f.kind !== "wtmpdb-rotated-rows").map((f) => `${f.kind}: ${f.explanation}`),
    ...report.errors.map((e) => `error ${e.code}: ${e.message}`),
  ];
  served = { before, after, switchAfter: Infinity, reads: 0 };
  expect(told(await audit([LIVE]))).toStrictEqual([]);
  const reads = served.reads;
  served = { before: after, after, switchAfter: Infinity, reads: 0 };
  expect(told(await audit([LIVE]))).toStrictEqual([]);
  const seen = new Set<string>();
  // after every read of a whole audit (some forty)
  for (let switchAfter = 1; switchAfter < reads; switchAfter++) {
    served = { before, after, switchAfter, reads: 0 };
    for (const line of told(await audit([LIVE]))) seen.add(line);
  }
  return [...seen];
}

describe("audit of a wtmp.db written while it is audited", () => {
  it("a login and its Logout written meanwhile: no deleted row", async () => {
    expect(await switching(written(before, MALLORY))).toStrictEqual([]);
  }, 120_000);

  it("the database grown meanwhile: not cut short", async () => {
    expect(await switching(written(before, `${MALLORY}; ${logins(1_730_600_000_000_000)}`))).toStrictEqual([]);
  }, 120_000);
});
