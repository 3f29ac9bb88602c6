// Export throughput: `utmpx export` of one file of N records (bench/data, made
// by bench/generate.mjs) to Parquet (each codec), JSON lines and CSV, against
// `utmpx dump --ndjson` of the same file in the same run: records/s, MB/s of
// input, peak RSS (GNU time) and the output's size. Whole processes, each run
// BENCH_RUNS times; the median is reported. Run directly
// (`node bench/export.mjs`, after `npm run build`) or call exportBench().
//
// Environment: BENCH_RECORDS (1000000), BENCH_RUNS (3), BENCH_SHAPE (friendly),
// BENCH_BIG_GB (0: skip; else the peak RSS of exporting a file of this many GB).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, RECORD, repeatedFile, shapeFile, warmPageCache } from "./data.mjs";

const CLI = join(ROOT, "dist", "cli", "main.js");
const TIME = "/usr/bin/time";

/** Bytes below `path` (a file or a folder of parts). */
function sizeOf(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((n, name) => n + sizeOf(join(path, name)), 0);
}

/** One run of the CLI: seconds, peak RSS in MB (from GNU time where installed) and the output's bytes. */
function once(args, out) {
  const withTime = existsSync(TIME);
  const command = withTime ? TIME : process.execPath;
  const argv = withTime ? ["-f", "%e %M", process.execPath, CLI, ...args] : [CLI, ...args];
  const started = process.hrtime.bigint();
  const r = spawnSync(command, argv, { stdio: ["ignore", out ? "ignore" : "ignore", "pipe"], encoding: "utf8", maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`utmpx ${args.join(" ")} failed: ${r.stderr.slice(-500)}`);
  const last = r.stderr.trim().split("\n").at(-1) ?? "";
  const m = /^([\d.]+) (\d+)$/.exec(last);
  return { seconds, rssMB: m ? Number(m[2]) / 1024 : undefined, bytes: out ? sizeOf(out) : 0 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The rows of the export bench: one per job, medians of `runs` runs. */
export function exportBench({ records = 1_000_000, runs = 3, shape = "friendly", bigGB = 0 } = {}) {
  const { path } = shapeFile(shape, records);
  const inputMB = (records * RECORD) / 1e6;
  const work = mkdtempSync(join(tmpdir(), "utmpx-bench-export-"));
  const jobs = [
    { name: "utmpx dump --ndjson (baseline)", args: () => ["dump", "--ndjson", path] },
    ...["SNAPPY", "ZSTD", "GZIP", "UNCOMPRESSED"].map((codec) => ({
      name: `utmpx export --format parquet --codec ${codec}`, out: join(work, "out"), args: (out) => ["export", "--codec", codec, "-o", out, "--host", "h", path],
    })),
    // to standard output (/dev/null), as the baseline writes: the same conditions, not a disk's
    { name: "utmpx export --format ndjson (to stdout, as the baseline)", args: () => ["export", "--format", "ndjson", path] },
    { name: "utmpx export --format csv (to stdout)", args: () => ["export", "--format", "csv", path] },
    { name: "utmpx export --format ndjson -o FILE (written to disk)", out: join(work, "out.ndjson"), args: (out) => ["export", "--format", "ndjson", "-o", out, path] },
  ];
  const rows = [];
  try {
    for (const job of jobs) {
      const results = [];
      for (let k = 0; k < runs; k++) {
        if (job.out) rmSync(job.out, { recursive: true, force: true });
        // every run from the page cache: this machine pages out a file left unread for a minute, and the
        // baseline, run first, read it from disk (0.50 s where utmpx json of it takes 0.26)
        warmPageCache(path);
        results.push(once(job.args(job.out), job.out));
      }
      const seconds = median(results.map((r) => r.seconds));
      rows.push({
        name: job.name, records, seconds,
        recordsPerSecond: records / seconds, mbPerSecond: inputMB / seconds,
        peakRssMB: median(results.map((r) => r.rssMB ?? NaN)), outputMB: results[0].bytes / 1e6,
      });
    }
    if (bigGB > 0) {
      // memory bounded whatever the input: the peak RSS of a big file's export
      const real = readFileSync(path);
      const copies = Math.ceil((bigGB * 1e9) / real.length);
      const big = repeatedFile(`${shape}-x${copies}`, real, copies); // the name run.mjs's streamed file has: made once
      const out = join(work, "big");
      const r = once(["export", "-o", out, "--host", "h", big], out);
      const n = statSync(big).size / RECORD;
      rows.push({ name: `utmpx export --format parquet, ${bigGB} GB input`, records: n, seconds: r.seconds, recordsPerSecond: n / r.seconds,
        mbPerSecond: statSync(big).size / 1e6 / r.seconds, peakRssMB: r.rssMB, outputMB: r.bytes / 1e6 });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return rows;
}

export function exportTable(rows) {
  const f = (n, d = 0) => (n === undefined || Number.isNaN(n) ? "–" : n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d }));
  return [
    "| job | records | s | records/s | MB/s in | peak RSS MB | output MB |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...rows.map((r) => `| ${r.name} | ${f(r.records)} | ${f(r.seconds, 2)} | ${f(r.recordsPerSecond)} | ${f(r.mbPerSecond, 1)} | ${f(r.peakRssMB)} | ${f(r.outputMB, 1)} |`),
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const setting = (name, fallback) => Number(process.env[name] ?? fallback);
  const rows = exportBench({
    records: setting("BENCH_RECORDS", 1_000_000), runs: setting("BENCH_RUNS", 3),
    shape: process.env.BENCH_SHAPE ?? "friendly", bigGB: setting("BENCH_BIG_GB", 0),
  });
  console.log(exportTable(rows));
}
