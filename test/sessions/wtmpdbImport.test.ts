// The import rules against wtmpdb 0.75 itself: for every `wtmpdb import` the
// fixtures recorded (test/fixtures/wtmpdb/imports.json), the rows our rules
// make from the same files equal the rows wtmpdb left (db/*.rows.json, as
// sqlite3 -json printed them), IDs numbered in insertion order as SQLite
// numbers them in a new database.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encode, fromBytes, type EntryInput } from "../../src/index.ts";
import { wtmpdbImportRows } from "../../src/sessions/wtmpdbImport.ts";
import { asRecorded, importInput, recordedImports, recordedRows, WTMPDB, type ImportRun } from "./wtmpdbImportFixtures.ts";

describe("wtmpdb import's rows", () => {
  const imports = recordedImports();

  it("the fixtures recorded several imports", () => {
    expect(imports.map((i) => i.database)).toEqual(expect.arrayContaining(["normal.db", "edge.db", "split.db", "quirks.db", "volume.db", "glibc.db", "utmp-rs.db"]));
  });

  for (const { database, inputs } of imports) {
    it(`${database}: ${inputs.join(" ")}`, () => {
      const files = inputs.map((arg) => [...fromBytes(importInput(arg).bytes)]);
      expect(asRecorded(wtmpdbImportRows(files))).toEqual(recordedRows(database));
    });
  }

  it("a file given twice is imported twice, its logouts matched within each copy", () => {
    const split1 = [...fromBytes(importInput("../inputs/split-1.wtmp").bytes)];
    const rows = asRecorded(wtmpdbImportRows([split1, split1]));
    const runs = JSON.parse(readFileSync(join(WTMPDB, "imports.json"), "utf8")) as ImportRun[];
    const twice = runs.find((r) => r.args?.slice(3).join(" ") === "../inputs/split-1.wtmp ../inputs/split-1.wtmp");
    expect(rows).toEqual(twice?.rows);
  });
});

describe("the rules on other systems' records (wtmpdb reads Linux's only)", () => {
  const rowsOf = (inputs: EntryInput[], layout: string) => asRecorded(wtmpdbImportRows([[...fromBytes(encode(inputs, layout), { layout })]]));
  const row = (ID: number, Type: number, User: string, Login: number, Logout: number | null, TTY: string, RemoteHost: string) =>
    ({ ID, Type, User, Login: Login * 1e6, Logout: Logout === null ? null : Logout * 1e6, TTY, RemoteHost, Service: null });

  it("classic BSD utmp (no type, no pid): reboot and shutdown on \"~\", logouts by line", () => {
    const inputs: EntryInput[] = [
      { user: "reboot", line: "~", seconds: 100 },
      { user: "alice", line: "ttyp0", host: "h.example", seconds: 110 },
      { user: "bob", line: "ttyp1", seconds: 120 },
      { user: "", line: "ttyp0", seconds: 130 },
      { user: "shutdown", line: "~", seconds: 140 },
      { user: "", line: "ttyp1", seconds: 150 },
    ];
    expect(rowsOf(inputs, "bsd36-le")).toEqual([
      row(1, 1, "reboot", 100, 140, "~", ""),
      row(2, 3, "alice", 110, 130, "ttyp0", "h.example"),
      row(3, 3, "bob", 120, 150, "ttyp1", ""),
    ]);
  });

  it("FreeBSD utx.log: BOOT_TIME is a boot, SHUTDOWN_TIME its end; logouts by pid", () => {
    const inputs: EntryInput[] = [
      { type: "BOOT_TIME", seconds: 100 },
      { type: "USER_PROCESS", user: "alice", line: "pts/0", id: "a", pid: 700, host: "192.0.2.1", seconds: 110 },
      { type: "DEAD_PROCESS", id: "a", pid: 700, line: "pts/7", seconds: 120 },
      { type: "SHUTDOWN_TIME", seconds: 130 },
    ];
    expect(rowsOf(inputs, "utxlog")).toEqual([
      row(1, 1, "reboot", 100, 130, "~", ""),
      row(2, 3, "alice", 110, 120, "pts/0", "192.0.2.1"),
    ]);
  });

  it("a long uptime of unmatched logouts stays linear (wtmpdb walks back to the boot for each)", () => {
    const inputs: EntryInput[] = [{ type: "BOOT_TIME", user: "reboot", line: "~", id: "~~", seconds: 1 }];
    for (let i = 0; i < 60_000; i++) {
      inputs.push({ type: "USER_PROCESS", user: "u", line: `pts/${i}`, pid: 10_000 + i, seconds: 2 + i });
      inputs.push({ type: "DEAD_PROCESS", line: `tty${i}`, pid: 1, seconds: 2 + i });
    }
    const entries = [...fromBytes(encode(inputs, "linux384-le"), { layout: "linux384-le" })];
    const started = performance.now();
    const rows = wtmpdbImportRows([entries]);
    expect(rows).toHaveLength(60_001);
    expect(rows.every((r) => r.logout === null)).toBe(true);
    // the walk back would compare 1.8 billion pairs; the index answers each logout at once
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("times past 2^53 microseconds (a 64-bit tv_sec) are exact bigints", () => {
    const seconds = 2 ** 45; // × 10^6 is past 2^53
    const rows = wtmpdbImportRows([[...fromBytes(encode([{ type: "USER_PROCESS", user: "far", line: "pts/0", seconds, microseconds: 7 }], "linux400-le"), { layout: "linux400-le" })]]);
    expect(rows[0]!.login).toBe(BigInt(seconds) * 1_000_000n + 7n);
  });
});
