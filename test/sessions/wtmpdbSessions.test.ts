// wtmpdb rows as Sessions, against wtmpdb 0.75 itself: the recorded `wtmpdb last
// -w` of each fixture database (test/fixtures/wtmpdb) lists its rows in the
// order wtmpdbSessions gives them, each with its user, and says "crash",
// "still logged in" or "still running" exactly where the Session's status does.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openWtmpdb, wtmpdbFromBytes, wtmpdbSessions } from "../../src/index.ts";

const DIR = new URL("../fixtures/wtmpdb/", import.meta.url).pathname;
const DATABASES = ["normal", "edge", "handmade", "glibc", "quirks", "split", "utmp-rs", "rotated", "emptytable"];

describe("wtmpdbSessions", () => {
  it.each(DATABASES)("%s.db: the rows wtmpdb last -w lists, in its order, with its open-row words", (name) => {
    const db = openWtmpdb(join(DIR, "db", `${name}.db`));
    const want: { ID: number }[] = JSON.parse(readFileSync(join(DIR, "db", `${name}.rows.json`), "utf8") || "[]");
    expect(db.rows.map((r) => r.id)).toEqual(want.map((r) => r.ID));
    const text = readFileSync(join(DIR, "out", name, "UTC", "w.txt")).toString("latin1");
    const lines = text.includes(" begins ") ? text.slice(0, text.lastIndexOf("\n\n")).split("\n").filter((l) => l !== "") : [];
    const sessions = wtmpdbSessions(db.rows);
    expect(sessions.length).toBe(lines.length);
    sessions.forEach((s, i) => {
      const line = lines[i]!;
      expect(line.startsWith(`${s.bytes.user.padEnd(8)} `), `row ${i}: ${line}`).toBe(true);
      expect(line.includes(" - crash "), line).toBe(s.status === "crash");
      expect(line.includes(" - still logged in"), line).toBe(s.status === "still-logged-in");
      expect(line.includes(" - still running"), line).toBe(s.stillRunning);
      const row = db.rows.find((r) => r.id === s.evidence.open.offset)!;
      expect([row.user, Number(row.login)]).toEqual([s.user, s.login.seconds * 1e6 + s.login.microseconds]);
    });
  });

  it("reads the same rows from bytes as from the path", () => {
    const bytes = new Uint8Array(readFileSync(join(DIR, "db", "normal.db")));
    expect(wtmpdbFromBytes(bytes).rows).toEqual(openWtmpdb(join(DIR, "db", "normal.db")).rows);
  });
});
