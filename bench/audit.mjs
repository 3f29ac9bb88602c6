// The audit's benchmark row: utmpx audit over a brute-forced btmp of 10
// million failed logins from about a million addresses (the attack summary
// keeps per-source counts for each), in a child process of its own so that its
// peak RSS (VmHWM) is the audit's alone. Reports records/s and peak RSS, for
// the attack summary alone and for every check a btmp gets.
//   node bench/audit.mjs [COUNT] [FILE]   (default 10000000, bench/data/btmp-audit-COUNT)
// The file is made once: generateBtmp's first ~1.1 M records (1 M distinct
// addresses) repeated, each copy later in time than the last, as a bot net
// coming back.
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { generateBtmp } from "./generate.mjs";
import { ROOT, shapeFile } from "./data.mjs";

/** The build measured: dist (npm run build), or UTMPX_AUDIT_MODULE (a bundle of src/audit/audit.ts, say). */
const MODULE = process.env.UTMPX_AUDIT_MODULE ?? join(ROOT, "dist", "index.js");
const RECORD = 384;
const SECONDS = 340; // ut_tv.tv_sec in glibc x86_64's record

/** Writes `count` records of a btmp with ~`distinct` addresses to `path`, unless it is there. */
export function makeBtmp(path, count, distinct = 1_000_000) {
  if (existsSync(path)) return;
  const base = generateBtmp(Math.ceil(distinct / 0.9)).bytes;
  const view = new DataView(base.buffer);
  const records = base.length / RECORD;
  const span = view.getInt32((records - 1) * RECORD + SECONDS, true) - view.getInt32(SECONDS, true) + 60;
  const fd = openSync(path, "w");
  try {
    for (let written = 0, copy = 0; written < count; copy++) {
      const n = Math.min(records, count - written);
      const chunk = base.slice(0, n * RECORD);
      const v = new DataView(chunk.buffer);
      for (let i = 0; i < n; i++) v.setInt32(i * RECORD + SECONDS, v.getInt32(i * RECORD + SECONDS, true) + copy * span, true);
      writeSync(fd, chunk);
      written += n;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * audit() over `path` (read as `role`) in a new Node process: `{ records,
 * seconds, cpuSeconds, rssMB, sources, findings, listed }` or `{ error }`
 * (findings: how many there are, listed: how many the report lists, the rest
 * counted by more-findings). CPU seconds beside wall seconds: on a shared
 * machine the wall clock measures the neighbours too.
 */
export function auditInChild(path, checks, timeoutS = 1800, role = "btmp") {
  const script = `
    import { readFileSync } from "node:fs";
    const lib = await import(${JSON.stringify(MODULE)});
    const audit = lib.audit ?? (await import(${JSON.stringify(join(ROOT, "dist", "audit", "audit.js"))})).audit;
    const t = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const report = await audit([{ path: ${JSON.stringify(path)}, role: ${JSON.stringify(role)} }], ${JSON.stringify(checks ? { checks } : {})});
    const seconds = Number(process.hrtime.bigint() - t) / 1e9;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    const hwm = /VmHWM:\\s+(\\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    const summary = report.findings.find((f) => f.kind === "attack-summary");
    const more = report.findings.filter((f) => f.kind === "more-findings");
    console.log(JSON.stringify({ records: report.files[0].records, seconds, cpuSeconds, rssMB: Number(hwm[1]) / 1024,
      sources: summary?.details.sources, listed: report.findings.length - more.length,
      findings: report.findings.length - more.length + more.reduce((n, f) => n + f.details.findings, 0) }));`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: timeoutS * 1000, maxBuffer: 1 << 26 });
  if (r.error) return { error: String(r.error.message) };
  if (r.status !== 0) return { error: `exit ${r.status ?? r.signal}: ${r.stderr.trim().split("\n").slice(-3).join(" ")}` };
  return JSON.parse(r.stdout.trim().split("\n").at(-1));
}

/**
 * The rows: attack summary alone, then every check a btmp gets; then every
 * check a wtmp gets, on the bench's friendly wtmp (a finding in every seventh
 * record: the generator's sessions break the rules of sequence) and on its
 * worst one (every string new: the checks' per-line and per-user state).
 */
export function benchAudit(count = 10_000_000, path = join(ROOT, "bench", "data", `btmp-audit-${count}`), wtmpRecords = 1_000_000) {
  makeBtmp(path, count);
  const rows = [
    { name: "audit: attack summary", ...auditInChild(path, ["attack-summary"]) },
    { name: "audit: all btmp checks", ...auditInChild(path) },
  ];
  for (const shape of wtmpRecords > 0 ? ["friendly", "worst"] : []) {
    rows.push({ name: `audit: all wtmp checks, ${shape} wtmp`, ...auditInChild(shapeFile(shape, wtmpRecords).path, undefined, 1800, "wtmp") });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [count = "10000000", path] = process.argv.slice(2);
  for (const row of benchAudit(Number(count), path)) {
    const rate = (s) => `${(row.records / s / 1e6).toFixed(2)} M records/s`;
    console.log(`${row.name}: ${row.error ?? `${row.records} records, ${row.sources ?? "no"} sources, ${row.findings} findings (${row.listed} listed), ${row.seconds.toFixed(2)} s (${rate(row.seconds)}), ` +
      `${row.cpuSeconds.toFixed(2)} CPU s (${rate(row.cpuSeconds)}), peak RSS ${row.rssMB.toFixed(0)} MB`}`);
  }
}
