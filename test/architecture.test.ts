// The shape ARCHITECTURE.md describes, proved from the imports of src/ by
// scripts/check-imports.mjs: no import cycle between files (type-only imports
// included) and no import of a layer above the importer's.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./support/paths.ts";

const SCRIPT = join(REPO, "scripts", "check-imports.mjs");

function check(dir?: string) {
  const r = spawnSync(process.execPath, [SCRIPT, ...(dir ? [dir] : [])], { encoding: "utf8" });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe("src/ is layered", () => {
  it("has no import cycle and no import of a higher layer", () => {
    const r = check();
    expect(r.out).toMatch(/: 0 cycles, 0 imports against the layers/);
    expect(r.status).toBe(0);
  });

  it("every layer the script knows is in ARCHITECTURE.md, and every folder of src/ is a layer", () => {
    const architecture = readFileSync(join(REPO, "ARCHITECTURE.md"), "utf8");
    const layers = [...readFileSync(SCRIPT, "utf8").matchAll(/^ {2}\["([^"]+)"\],$/gm)].map((m) => m[1]!);
    expect(layers.length).toBeGreaterThan(8);
    for (const layer of layers) expect(architecture, layer).toContain(`${layer.endsWith(".ts") ? layer : `${layer}/`}`);
  });

  it("finds a planted cycle, a type-only one included, and an import upward", () => {
    const dir = mkdtempSync(join(tmpdir(), "utmpx-layers-"));
    for (const folder of ["util", "core", "cli"]) mkdirSync(join(dir, folder));
    writeFileSync(join(dir, "core", "a.ts"), `import type { B } from "./b.ts";\nexport interface A { b: B }\n`);
    writeFileSync(join(dir, "core", "b.ts"), `import type { A } from "./a.ts";\nexport interface B { a: A }\n`);
    writeFileSync(join(dir, "util", "c.ts"), `export { run } from "../cli/d.ts";\n`);
    writeFileSync(join(dir, "cli", "d.ts"), `export const run = 1;\n`);
    const r = check(dir);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/cycle: .*core\/a\.ts <-> .*core\/b\.ts/);
    expect(r.out).toMatch(/layer: .*util\/c\.ts imports .*cli\/d\.ts: cli is above util/);
  });
});
