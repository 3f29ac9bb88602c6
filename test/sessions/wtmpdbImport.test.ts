// The import rules against wtmpdb 0.75 itself: for every `wtmpdb import` the
// fixtures recorded (test/fixtures/wtmpdb/imports.json), the rows our rules
// make from the same files equal the rows wtmpdb left (db/*.rows.json, as
// sqlite3 -json printed them), IDs numbered in insertion order as SQLite
// numbers them in a new database.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fromBytes } from "../../src/index.ts";
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
