// Reading the SQLite files we write with tools that are not ours: python's
// sqlite3 module (the system's libsqlite3) and, when it has been built, the
// wtmpdb 0.75 binary (test/fixtures/wtmpdb/PROVENANCE.md says how).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export const WTMPDB_BINARY = process.env.WTMPDB ?? "/work/wtmpdb-src/build/wtmpdb";
export const haveWtmpdb = existsSync(WTMPDB_BINARY);
export const havePython = spawnSync("python3", ["-c", "import sqlite3"]).status === 0;

/** A value as python reads it: text as its UTF-8 bytes in hex (exact, whatever the bytes), integers as decimal strings. */
export type PyValue = null | { i: string } | { t: string } | { f: number } | { b: string };

const SCRIPT = `
import sqlite3, sys, json
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
db.text_factory = bytes
def tag(v):
    if v is None: return None
    if isinstance(v, int): return {"i": str(v)}
    if isinstance(v, float): return {"f": v}
    if isinstance(v, bytes): return {"t": v.hex()}
    return {"b": bytes(v).hex()}
out = {"rows": [[tag(v) for v in r] for r in db.execute(sys.argv[2])]}
for p in ("journal_mode", "integrity_check", "page_count", "page_size", "freelist_count"):
    out[p] = db.execute("PRAGMA " + p).fetchone()[0]
    if isinstance(out[p], bytes): out[p] = out[p].decode()
out["schema"] = [r[0].decode() for r in db.execute("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY rowid")]
print(json.dumps(out))
`;

export interface PyResult {
  rows: PyValue[][];
  journal_mode: string;
  integrity_check: string;
  page_count: number;
  page_size: number;
  freelist_count: number;
  schema: string[];
}

/** `sql` run by python's sqlite3 on the database at `path` (read-only), with the database's state. */
export function pythonQuery(path: string, sql: string): PyResult {
  return JSON.parse(execFileSync("python3", ["-c", SCRIPT, path, sql], { encoding: "utf8", maxBuffer: 1 << 28 })) as PyResult;
}

const hex = (s: string) => Buffer.from(s, "utf8").toString("hex");

/** A row of values as python tags them, from plain JS values (strings as UTF-8). */
export function pyRow(values: ReadonlyArray<string | number | bigint | null>): PyValue[] {
  return values.map((v) => (v === null ? null : typeof v === "string" ? { t: hex(v) } : { i: String(v) }));
}

/** The wtmp table's rows, in ID order, as python reads them. */
export function wtmpRows(path: string): PyResult {
  return pythonQuery(path, "SELECT ID, Type, User, Login, Logout, TTY, RemoteHost, Service FROM wtmp ORDER BY ID");
}

/** Runs the wtmpdb binary; its stdout, stderr and status. */
export function wtmpdb(args: string[], env: Record<string, string> = {}): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(WTMPDB_BINARY, args, { encoding: "utf8", env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LC_ALL: "C", TZ: "UTC", ...env } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}
