// A reader of stream(path) dropped without return() (its iterator left after a
// next(), never finished): the generator's finally never runs, so the file the
// reads ahead keep open, and the core's read-ahead slots, were held for the
// life of the process. They are now let go of when the reader is collected
// (ReadAhead's FinalizationRegistry). Run in a child Node with --expose-gc, on
// the bundled library (dist/index.js, built before the tests).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, expect, it } from "vitest";
import { REPO } from "../support/paths.ts";

const dir = mkdtempSync(join(tmpdir(), "utmpx-dropped-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it.runIf(process.platform === "linux")("a dropped reader's file is closed once the reader is collected", () => {
  const path = join(dir, "wtmp");
  writeFileSync(path, new Uint8Array(10_000 * 384)); // three windows of zero records
  const library = pathToFileURL(join(REPO, "dist", "index.js")).href;
  const script = `
    import { readdirSync } from "node:fs";
    const { stream } = await import(${JSON.stringify(library)});
    const fds = () => readdirSync("/proc/self/fd").length;
    const before = fds();
    // in a function of its own, so that no frame still holding this one keeps the iterator
    async function readOneBatch() {
      const it = stream(${JSON.stringify(path)}, { layout: "linux384-le" })[Symbol.asyncIterator]();
      await it.next(); // then dropped: never finished, never returned
    }
    for (let k = 0; k < 3; k++) await readOneBatch();
    const held = fds();
    for (let k = 0; k < 50 && fds() > before; k++) {
      globalThis.gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    console.log(JSON.stringify({ before, held, after: fds() }));
  `;
  const out = execFileSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], { encoding: "utf8" });
  const { before, held, after } = JSON.parse(out) as { before: number; held: number; after: number };
  expect(held).toBe(before + 3); // each dropped reader's file, open
  expect(after).toBe(before);
});
