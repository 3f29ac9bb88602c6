// A small archive of a great deal of zeros (1.5 GiB from 7 MB) takes no more
// memory than its reading needs: whole reads refuse it one small chunk past
// their 1 GiB limit (zlib filled a second chunk of the limit before it told,
// 1.67 GB for this one), and `utmpx last`, which keeps a .gz's records to give
// them newest first, keeps none of its all-zero ones, nor decompresses it
// whole to see whether it is a SQLite database (1.67 GB before, under 250 MB
// now); who and lastlog, which open it whole, count it first (1.1 GB before).
// Measured in child processes, each its own peak RSS (VmHWM).
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO } from "../support/paths.ts";
import { writeGzipBomb } from "../support/gzipBomb.ts";
import { bundlePackage, cliChild, nodeChild } from "../support/childNode.ts";

const ZEROS = 1.5 * 2 ** 30;
const MAX_RSS_BYTES = 250 * 2 ** 20;
const dir = mkdtempSync(join(tmpdir(), "utmpx-gzip-bomb-"));
const bomb = join(dir, "wtmp.1.gz");
const bundle = join(dir, "utmpx.mjs");
const CLI = join(REPO, "dist", "cli", "main.js");

beforeAll(async () => {
  bundlePackage(bundle);
  await writeGzipBomb(bomb, ZEROS);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[]) => cliChild(args);

describe("a gzip archive of 1.5 GiB of zeros (7 MB)", () => {
  it("fromBytes refuses it past the 1 GiB limit, one small chunk past it", () => {
    expect(readFileSync(bomb).length).toBeLessThan(16 << 20);
    const r = nodeChild<{ code: string; message: string; peak: number }>(`
      import { readFileSync } from "node:fs";
      import { fromBytes } from ${JSON.stringify(pathToFileURL(bundle).href)};
      let code = "", message = "";
      try { fromBytes(readFileSync(process.argv[1])).layout; } catch (e) { code = e.code; message = e.message; }
      console.log(JSON.stringify({ code, message, peak: await peakRssBytes() }));
    `, [bomb]);
    expect(r.code).toBe("UNSUPPORTED");
    expect(r.message).toMatch(/decompresses to more than 1073741824 bytes/);
    expect(r.peak).toBeLessThan(2 ** 30 + MAX_RSS_BYTES);
  });

  // who and lastlog open it, which decompresses it whole: they held 1.1 GB before they refused
  // it, and both named last, which reads no lastlog; they count it first now (archiveCount.ts)
  for (const [command, streamers] of [["who", "utmpx dump, json or last"], ["lastlog", "utmpx dump or json"]] as const) {
    it.skipIf(!existsSync(CLI) || !existsSync("/proc/self/status"))(`utmpx ${command} refuses it, counted before it is held, naming ${streamers}`, () => {
      const r = cli([command, bomb]);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`utmpx: ${bomb} is gzip-compressed and decompresses to more than 1073741824 bytes: decompress it first, or read it with ${streamers}\n`);
      expect(r.peak).toBeLessThan(MAX_RSS_BYTES);
    }, 60_000);
  }

  it.skipIf(!existsSync(CLI) || !existsSync("/proc/self/status"))("utmpx last lists it as last does (no rows), keeping none of its zeros", () => {
    const r = cli(["last", "-f", bomb]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe("\nwtmp.1.gz begins Thu Jan  1 00:00:00 1970\n");
    expect(r.stderr).toBe(""); // 1.5 GiB is 4,194,304 records of 384 bytes
    expect(r.peak).toBeLessThan(MAX_RSS_BYTES);
  }, 60_000);
});
