// The package's entry point, dist/index.js, is the library bundled into one
// module (scripts/build-lib.mjs): it decodes the fixtures from their paths and
// from bytes as util-linux utmpdump does, field by field, as the modules under
// src/ do (the other suites test those). npm test builds dist/ first.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { REPO } from "./support/paths.ts";
import { FIXTURES, decodedRow, expectedOf } from "./support/fixtures-shared.ts";

type Library = typeof import("../src/index.ts");
const bundle = (await import(pathToFileURL(join(REPO, "dist", "index.js")).href)) as Library;

describe("dist/index.js, the bundled library", () => {
  it.each(FIXTURES)("%s: open(path) and fromBytes() give utmpdump's fields", (fixture) => {
    const path = join(REPO, "test", "fixtures", fixture);
    const want = expectedOf(readFileSync(`${path}.expected.json`, "utf8"));
    for (const db of [bundle.open(path), bundle.fromBytes(readFileSync(path))]) {
      expect(db.layout.id).toBe(want.layoutId);
      const entries = [...db];
      expect(entries.map((e, i) => decodedRow(e, want.rows[i]!))).toStrictEqual(want.rows);
      expect(entries.map((e, i) => decodedRow(e.toJSON(), want.rows[i]!))).toStrictEqual(want.rows);
    }
  });

  it("exports what src/index.ts exports", async () => {
    const modules = (await import("../src/index.ts")) as Record<string, unknown>;
    expect(Object.keys(bundle).sort()).toStrictEqual(Object.keys(modules).sort());
  });
});
