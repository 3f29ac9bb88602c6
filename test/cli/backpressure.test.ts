// utmpx dump into a pipe its reader leaves unread: it waits for the reader
// (Output.ready after each batch) instead of holding the whole file's text in
// memory, and a reader that goes away (`| head -1`) ends it at once, status 0.
// Linux only: memory is read from /proc/<pid>/status.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO } from "../support/paths.ts";

const CLI = join(REPO, "dist", "cli", "main.js");
/**
 * 1,575,000 records (605 MB), about 200 MB of utmpdump text: well above the bound
 * below, cheap to write. A block is not a decode window (16,384 records), so no
 * two windows' text is the same and a buffer overwritten while queued would show.
 */
const BLOCK_RECORDS = 15_000;
const BLOCKS = 105;
/** What a stalled dump may hold: the runtime and one batch, nowhere near the text's size. */
const RSS_LIMIT = 150e6;

/** Resolves with the exit status and the time taken. */
function exited(child: ReturnType<typeof spawn>, started: number): Promise<{ status: number | null; seconds: number }> {
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, seconds: (performance.now() - started) / 1000 }));
  });
}

/** Peak resident memory of a live process so far, in bytes. */
async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)![1]) * 1024;
}

/**
 * The file `| head -1` reads: the records, then a sparse run of zeros to 64 GiB
 * (179 million records, no disk): dumping it all takes minutes, stopping at once
 * well under a second, so the bound below tells them apart on a loaded machine.
 */
const HEAD_FILE_BYTES = 64 * 2 ** 30;
/** A dump | head -1 that takes longer than this did not stop at once. */
const STOPPED_SECONDS = 15;

function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

describe.skipIf(process.platform !== "linux")("utmpx dump into a slow pipe", () => {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-backpressure-"));
  const file = join(dir, "wtmp");
  const reference = join(dir, "dump.txt");
  const huge = join(dir, "huge");

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    // one generated block written again and again: a large file in a fraction of the time generating it takes
    const { generateWtmp } = await import("../../bench/generate.mjs" as string);
    const block: Uint8Array = generateWtmp(BLOCK_RECORDS, 9);
    const fd = openSync(file, "w");
    for (let i = 0; i < BLOCKS; i++) writeSync(fd, block);
    closeSync(fd);
    writeFileSync(huge, block);
    truncateSync(huge, HEAD_FILE_BYTES);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("holds far less than the text while the reader stalls, then writes all of it", async () => {
    const stalled = spawn(process.execPath, [CLI, "dump", file], { stdio: ["ignore", "pipe", "ignore"] });
    try {
      stalled.stdout!.pause(); // nothing read until the reference run below is done
      const stalledExit = exited(stalled, performance.now());

      // the same dump to a file meanwhile: the stall lasts as long as writing all the text takes
      const out = openSync(reference, "w");
      const started = performance.now();
      const referenceRun = spawn(process.execPath, [CLI, "dump", file], { stdio: ["ignore", out, "ignore"] });
      let peak = 0;
      const sampler = setInterval(() => void peakRss(stalled.pid!).then((rss) => (peak = Math.max(peak, rss)), () => {}), 50);
      const ref = await exited(referenceRun, started);
      closeSync(out);
      await new Promise((resolve) => setTimeout(resolve, 300));
      clearInterval(sampler);
      peak = Math.max(peak, await peakRss(stalled.pid!));
      expect(ref.status).toBe(0);
      const textBytes = statSync(reference).size;
      expect(textBytes).toBeGreaterThan(RSS_LIMIT); // else the bound proves nothing
      expect(peak).toBeLessThan(RSS_LIMIT);

      // every byte as written to the file: buffers the stream kept while the pipe was full were not reused
      let bytes = 0;
      const hash = createHash("sha256");
      stalled.stdout!.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        hash.update(chunk);
      });
      stalled.stdout!.resume();
      expect((await stalledExit).status).toBe(0);
      expect(bytes).toBe(textBytes);
      expect(hash.digest("hex")).toBe(sha256(reference));
    } finally {
      stalled.kill(); // a check failed with it still waiting (a no-op once it has exited)
    }
  });

  it.each(["dump", "dump --csv"])("%s | head -1 stops at once with status 0", (line) => {
    const command = line.split(" ");
    const started = performance.now();
    const r = spawnSync("bash", ["-c", `"$@" | head -1; exit "\${PIPESTATUS[0]}"`, "bash", process.execPath, CLI, ...command, huge],
      { encoding: "latin1" });
    const seconds = (performance.now() - started) / 1000;
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")).toHaveLength(2);
    if (line === "dump") expect(r.stdout).toMatch(/^\[2\] \[00000\] \[~~  \] \[reboot  \] \[~           \] /); // the generator's first boot
    // it stopped, rather than formatting the rest into a closed pipe
    expect(seconds).toBeLessThan(STOPPED_SECONDS);
  });
});
