// A check that fails on a file for a reason of ours (a bug, a limit of the
// engine such as a Map's 2^24 keys) stops that file's audit with an INTERNAL
// error, and every other file is audited as if it were alone; an abort still
// ends the whole audit. The sequence check is wrapped to throw a RangeError
// inside the file named "boom".
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { FIXTURES } from "../support/paths.ts";

vi.mock("../../src/audit/sequences.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/audit/sequences.ts")>();
  const scan = real.sequences.scan!;
  return {
    sequences: {
      ...real.sequences,
      scan: (context: Parameters<typeof scan>[0]) => {
        const inner = scan(context);
        if (context.name !== "boom") return inner;
        return { ...inner, batch: () => { throw new RangeError("Map maximum size exceeded"); }, end: (warnings: Parameters<typeof inner.end>[0]) => inner.end(warnings) };
      },
    },
  };
});

const { audit } = await import("../../src/audit/audit.ts");
const wtmp = new Uint8Array(readFileSync(join(FIXTURES, "s4", "CentOS7", "x86_64", "wtmp")));
// two records zeroed: a finding of the zeroed check for the file audited in full
wtmp.fill(0, 384 * 3, 384 * 5);

describe("a check failing on one file", () => {
  it("stops that file with an INTERNAL error; the other files are audited in full", async () => {
    const alone = await audit([{ name: "good", bytes: wtmp, role: "wtmp", host: "b" }]);
    const report = await audit([
      { name: "boom", bytes: wtmp, role: "wtmp", host: "a" },
      { name: "good", bytes: wtmp, role: "wtmp", host: "b" },
    ]);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ file: "boom", code: "INTERNAL" });
    expect(report.errors[0]!.message).toContain("RangeError: Map maximum size exceeded");
    expect(report.files.map((f) => f.file)).toEqual(["good"]);
    expect(report.findings.filter((f) => f.file === "good")).toEqual(alone.findings);
    expect(alone.findings.length).toBeGreaterThan(0);
  });

  it("an abort still ends the whole audit", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(audit([{ name: "boom", bytes: wtmp, role: "wtmp" }], { signal: controller.signal })).rejects.toThrow("stop");
  });
});
