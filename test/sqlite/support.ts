// Builds the SQLite cases with python's sqlite3 (test/sqlite/build.py) once
// per test file, and turns values into the tagged JSON build.py writes.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SqliteValue } from "../../src/sqlite/record.ts";

export type Tagged = null | { i: string } | { f: number } | { t: string } | { b: string };

/** Why the python-built cases cannot run here, or undefined when python3 with sqlite3 is present. */
export const noPython: string | undefined = (() => {
  try {
    execFileSync("python3", ["-c", "import sqlite3"], { stdio: "ignore" });
    return undefined;
  } catch {
    return "python3 with its sqlite3 module is not installed: the SQLite reader's comparison tests are skipped";
  }
})();

/** Runs build.py into a fresh temp dir; returns the dir and the case names. */
export function buildCases(): { dir: string; cases: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-sqlite-"));
  const out = execFileSync("python3", [join(import.meta.dirname, "build.py"), dir], { encoding: "utf8", maxBuffer: 1 << 24 });
  return { dir, cases: out.trim().split("\n") };
}

export function bytesOf(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

/** Our value in build.py's tagging: integers as decimal strings, whatever their JS type. */
export function tag(v: SqliteValue): Tagged {
  if (v === null) return null;
  if (typeof v === "bigint") return { i: v.toString() };
  if (typeof v === "number") return Number.isInteger(v) ? { i: String(v) } : { f: v };
  if (typeof v === "string") return { t: v };
  return { b: Buffer.from(v).toString("hex") };
}
