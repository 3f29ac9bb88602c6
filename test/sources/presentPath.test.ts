// The system's wtmp or lastlog where a system has moved to SQLite (Debian 13:
// no /var/log/wtmp, a /var/lib/wtmpdb/wtmp.db): the first path that exists.
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { presentPath } from "../../src/sources/systemSource.ts";
import { defaultPaths } from "../../src/sources/defaultPaths.ts";

describe("presentPath", () => {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-present-"));
  const wtmp = join(dir, "wtmp"), db = join(dir, "wtmp.db");

  it("is the first when it exists, else the first that does, else the first", () => {
    expect(presentPath(wtmp, db)).toBe(wtmp);
    writeFileSync(db, "");
    expect(presentPath(wtmp, db)).toBe(db);
    writeFileSync(wtmp, "");
    expect(presentPath(wtmp, db)).toBe(wtmp);
    expect(presentPath(join(dir, "none"), undefined)).toBe(join(dir, "none"));
  });

  it("knows where Linux keeps wtmpdb and lastlog2", () => {
    if (process.platform !== "linux") return;
    expect(defaultPaths().wtmpdb).toBe("/var/lib/wtmpdb/wtmp.db");
    expect(defaultPaths().lastlog2).toBe("/var/lib/lastlog/lastlog2.db");
  });
});
