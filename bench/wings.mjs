// The bench rows of the newer wings, after the record paths: export throughput
// (bench/export.mjs), follow latency (bench/follow.mjs), the audit of a
// brute-force btmp (bench/audit.mjs), and convert (bench/convert.mjs, when
// present). Each is its own table in the results; each failure is printed in
// place of its table and the bench goes on.
//
// Environment: BENCH_WINGS (1; 0 skips them all), BENCH_EXPORT_RECORDS
// (1000000), BENCH_EXPORT_RUNS (1), BENCH_EXPORT_BIG_GB (4), BENCH_AUDIT_RECORDS (10000000),
// BENCH_FOLLOW_APPENDS (200), BENCH_CONVERT_RECORDS (1000000).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./data.mjs";

const setting = (name, fallback) => Number(process.env[name] ?? fallback);

async function section(title, make) {
  console.error(`wings: ${title}`);
  try {
    return `### ${title}\n\n${await make()}\n`;
  } catch (err) {
    return `### ${title}\n\nnot measured: ${String(err?.message ?? err).split("\n")[0]}\n`;
  }
}

/** The wings' sections, as markdown. */
export async function wingSections() {
  if (setting("BENCH_WINGS", 1) === 0) return "";
  const out = [];
  const records = setting("BENCH_EXPORT_RECORDS", 1_000_000);
  if (records > 0) {
    out.push(await section("Export (utmpx export, whole processes)", async () => {
      const { exportBench, exportTable } = await import("./export.mjs");
      // bigGB: the peak RSS of exporting a file of that many GB (memory must not grow with the input)
      return exportTable(exportBench({ records, runs: setting("BENCH_EXPORT_RUNS", 1), shape: "friendly", bigGB: setting("BENCH_EXPORT_BIG_GB", 4) }));
    }));
  }
  const appends = setting("BENCH_FOLLOW_APPENDS", 200);
  if (appends > 0) {
    out.push(await section("Follow (append to output latency, CPU while idle)", async () => {
      const { followBench, followTable } = await import("./follow.mjs");
      return followTable(await followBench({ appends, idleSeconds: 5 }));
    }));
  }
  const audited = setting("BENCH_AUDIT_RECORDS", 10_000_000);
  if (audited > 0) {
    out.push(await section("Audit of a brute-force btmp, and of wtmp files", async () => {
      const { benchAudit } = await import("./audit.mjs");
      const rows = benchAudit(audited);
      const f = (n, d = 2) => (n === undefined ? "–" : n.toFixed(d));
      const n = (v) => (v === undefined ? "–" : v.toLocaleString("en"));
      return ["| run | records | distinct sources | findings (listed) | s | M rec/s | CPU s | peak RSS MB |", "|---|---:|---:|---:|---:|---:|---:|---:|",
        ...rows.map((r) => (r.error ? `| ${r.name} | ${r.error} | | | | | | |`
          : `| ${r.name} | ${n(r.records)} | ${n(r.sources)} | ${n(r.findings)} (${n(r.listed)}) | ${f(r.seconds)} | ${f(r.records / r.seconds / 1e6)} | ${f(r.cpuSeconds)} | ${f(r.rssMB, 0)} |`))].join("\n");
    }));
  }
  const converted = setting("BENCH_CONVERT_RECORDS", 1_000_000);
  if (converted > 0 && existsSync(join(ROOT, "bench", "convert.mjs"))) {
    out.push(await section("Convert (wtmp to wtmpdb)", async () => {
      const m = await import("./convert.mjs");
      return m.convertTable(await m.convertBench({ records: converted }));
    }));
  }
  return out.join("\n");
}
