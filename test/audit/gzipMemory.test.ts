// Auditing many .gz archives takes the memory of one window, not of every
// archive decompressed: each is read as a stream (audit/gzipArchive.ts). Ten
// archives of 25 MB decompressed are audited by a child Node process (so that
// the figure is its own), which reports its peak resident set size; holding
// them decompressed, as the audit once did until its end, took over 350 MB.
// The package is loaded from an esbuild bundle of src/ written beside the data.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO } from "../support/paths.ts";
import { bundlePackage, nodeChild } from "../support/childNode.ts";

const ARCHIVES = 10;
const RECORDS = 65_000; // 384 bytes each: 24 960 000
const MAX_RSS_BYTES = 250 * 1024 * 1024;

const dir = mkdtempSync(join(tmpdir(), "utmpx-audit-gz-memory-"));
const archive = join(dir, "wtmp.1.gz");
const bundle = join(dir, "utmpx.mjs");

beforeAll(() => {
  bundlePackage(bundle);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("audit of many .gz archives", () => {
  it(`${ARCHIVES} archives of 25 MB decompressed: every record read, peak RSS under 250 MB`, () => {
    const generator = pathToFileURL(join(REPO, "bench", "generate.mjs")).href;
    // the archive is written by the child too: the 25 MB array never lives in this worker
    const script = `
      import { writeFileSync } from "node:fs";
      import { gzipSync } from "node:zlib";
      import { generateWtmp } from ${JSON.stringify(generator)};
      import { audit } from ${JSON.stringify(pathToFileURL(bundle).href)};
      const [count, path, archives] = process.argv.slice(1);
      writeFileSync(path, gzipSync(generateWtmp(Number(count), 7), { level: 1 }));
      // the checks that read bytes again (structure, zeroed); the others keep what they find, not the bytes
      const report = await audit(Array.from({ length: Number(archives) }, () => path), { checks: ["structure", "zeroed"] });
      console.log(JSON.stringify({ records: report.files.map((f) => f.records), errors: report.errors.length, peak: await peakRssBytes() }));
    `;
    const result = nodeChild<{ records: number[]; errors: number; peak: number }>(script, [String(RECORDS), archive, String(ARCHIVES)], 120_000);
    console.log(`audit of ${ARCHIVES} .gz archives of ${RECORDS * 384} bytes: peak RSS ${(result.peak / 2 ** 20).toFixed(1)} MiB`);
    expect(result.errors).toBe(0);
    expect(result.records).toStrictEqual(Array.from({ length: ARCHIVES }, () => RECORDS));
    expect(result.peak).toBeLessThan(MAX_RSS_BYTES);
  }, 120_000);
});
