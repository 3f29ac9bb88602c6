// The recorded `wtmpdb import` runs of test/fixtures/wtmpdb (imports.json and
// db/*.rows.json), for the tests that compare our rows with them.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import type { ImportedRow } from "../../src/sessions/wtmpdbImport.ts";
import { textOf } from "../../src/sessions/byteStrings.ts";
import { FIXTURES } from "../support/paths.ts";

export const WTMPDB = join(FIXTURES, "wtmpdb");

export interface RecordedRow { ID: number; Type: number; User: string; Login: number; Logout: number | null; TTY: string | null; RemoteHost: string | null; Service: string | null }

export interface ImportRun { database?: string; args?: string[]; exit?: number; rows?: number | RecordedRow[] }

/** wtmpdb's rows of a recorded database. */
export function recordedRows(database: string): RecordedRow[] {
  const plain = join(WTMPDB, "db", database.replace(/\.db$/, ".rows.json"));
  const text = (() => {
    try {
      return readFileSync(plain, "utf8");
    } catch {
      return gunzipSync(readFileSync(`${plain}.gz`)).toString("utf8");
    }
  })();
  return JSON.parse(text) as RecordedRow[];
}

/** An import's input as given to wtmpdb (relative to db/), and its bytes (the volume input was imported gunzipped). */
export function importInput(arg: string): { name: string; bytes: Uint8Array } {
  if (arg === "volume.wtmp") return { name: arg, bytes: gunzipSync(readFileSync(join(WTMPDB, "inputs", "volume.wtmp.gz"))) };
  return { name: arg, bytes: new Uint8Array(readFileSync(join(WTMPDB, "db", arg))) };
}

/** The recorded `wtmpdb import` runs that made a database: their database and input files. */
export function recordedImports(): Array<{ database: string; inputs: string[] }> {
  const runs = JSON.parse(readFileSync(join(WTMPDB, "imports.json"), "utf8")) as ImportRun[];
  return runs
    .filter((r) => r.database && r.args?.[0] === "import" && r.exit === 0)
    .map((r) => ({ database: r.database!, inputs: r.args!.slice(3) }));
}

/** Our rows as sqlite3 -json prints them (UTF-8 text; Service NULL, as import leaves it). */
export function asRecorded(rows: readonly ImportedRow[]): RecordedRow[] {
  return rows.map((r, i) => ({
    ID: i + 1, Type: r.type, User: textOf(r.user), Login: Number(r.login), Logout: r.logout === null ? null : Number(r.logout),
    TTY: textOf(r.tty), RemoteHost: textOf(r.remoteHost), Service: null,
  }));
}
