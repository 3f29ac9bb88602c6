// The walk of a collection folder (src/cli/collection.ts): files of the wanted
// names are found; what it passes over is said, not skipped in silence: a FIFO,
// a link to nothing or to itself, and a folder below the one given that
// cannot be read (audit / met /proc's), which no longer stops the walk. The
// folder given, unreadable, is still an error.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

/** Folders whose reading fails, as /proc/1/fdinfo did for a non-root user. */
const unreadable = new Set<string>();
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  return {
    ...fs,
    readdirSync: ((path: string, options: unknown) => {
      if (unreadable.has(String(path))) throw Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), { code: "EACCES" });
      return (fs.readdirSync as (p: string, o: unknown) => unknown)(path, options);
    }) as typeof fs.readdirSync,
  };
});

const { filesUnder } = await import("../../src/cli/collection.ts");

const root = mkdtempSync(join(tmpdir(), "utmpx-collection-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("a collection folder's walk", () => {
  it("finds the wanted files and says what it passes over", () => {
    mkdirSync(join(root, "a", "var"), { recursive: true });
    mkdirSync(join(root, "b"));
    writeFileSync(join(root, "a", "var", "wtmp"), "");
    writeFileSync(join(root, "a", "var", "notes.txt"), "");
    execFileSync("mkfifo", [join(root, "a", "var", "btmp")]);
    symlinkSync(join(root, "nowhere"), join(root, "a", "var", "wtmp.1"));
    symlinkSync(join(root, "a", "var", "utmp"), join(root, "a", "var", "utmp")); // a loop
    writeFileSync(join(root, "b", "wtmp"), "");
    mkdirSync(join(root, "c"));
    unreadable.add(join(root, "c"));
    const skipped: [string, string][] = [];
    const files = filesUnder(root, (name) => /^(wtmp|btmp|utmp)/.test(name), [], (path, why) => skipped.push([path, why]));
    expect(files).toStrictEqual([join(root, "a", "var", "wtmp"), join(root, "b", "wtmp")]);
    expect(skipped).toStrictEqual([
      [join(root, "a", "var", "btmp"), "not a file (a FIFO)"],
      [join(root, "a", "var", "utmp"), "a link to no file (missing, a folder or a loop)"],
      [join(root, "a", "var", "wtmp.1"), "a link to no file (missing, a folder or a loop)"],
      [join(root, "c"), `cannot read the folder: EACCES: permission denied, scandir '${join(root, "c")}'`],
    ]);
    // without a listener, as before: an unreadable folder below stops the walk
    expect(() => filesUnder(root, () => true)).toThrow(/cannot read .*\/c: EACCES/);
  });

  it("the folder given, unreadable, is an error", () => {
    unreadable.add(join(root, "b"));
    expect(() => filesUnder(join(root, "b"), () => true, [], () => undefined)).toThrow(/cannot read .*\/b: EACCES/);
  });
});
