// Following: latency from an append to its line on the follower's standard
// output (median, p99), and the follower's CPU while nothing is appended.
// A real `utmpx export --follow --format ndjson` process (fs.watch, with its
// 1 s poll as fallback); records appended one at a time by this process, each
// after the previous one has arrived, with small gaps. Run directly
// (`node bench/follow.mjs`, after `npm run build`) or call followBench().
//
// Environment: BENCH_FOLLOW_APPENDS (200), BENCH_FOLLOW_IDLE_S (5).
import { spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, RECORD } from "./data.mjs";

const CLI = join(ROOT, "dist", "cli", "main.js");
/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux). */
const TICKS = 100;

/** A linux384-le USER_PROCESS record of user `name` (only the fields the bench reads). */
function record(name, seconds) {
  const b = new Uint8Array(RECORD);
  const v = new DataView(b.buffer);
  v.setInt16(0, 7, true); // ut_type USER_PROCESS
  v.setInt32(4, 4242, true); // ut_pid
  b.set(new TextEncoder().encode("pts/9"), 8); // ut_line
  b.set(new TextEncoder().encode(name), 44); // ut_user
  v.setInt32(340, seconds, true); // ut_tv.tv_sec
  return b;
}

/** utime + stime of `pid` in seconds (Linux); undefined elsewhere. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return undefined;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

export async function followBench({ appends = 200, idleSeconds = 5 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-bench-follow-"));
  const path = join(dir, "wtmp");
  const t0 = 1_700_000_000;
  writeFileSync(path, record("seed", t0));
  const child = spawn(process.execPath, [CLI, "export", "--follow", "--format", "ndjson", "--from", String(RECORD), path], { stdio: ["ignore", "pipe", "inherit"] });
  const arrived = new Map();
  let pending = "";
  child.stdout.on("data", (d) => {
    const now = process.hrtime.bigint();
    pending += d.toString();
    let nl;
    while ((nl = pending.indexOf("\n")) >= 0) {
      arrived.set(JSON.parse(pending.slice(0, nl)).user, now);
      pending = pending.slice(nl + 1);
    }
  });
  const waitFor = async (name, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!arrived.has(name)) {
      if (Date.now() > deadline) throw new Error(`no line for ${name} within ${timeoutMs} ms`);
      await sleep(1);
    }
    return arrived.get(name);
  };
  try {
    // ready once a first append comes through
    appendFileSync(path, record("warmup", t0 + 1));
    await waitFor("warmup", 30_000);
    // idle: nothing appended
    const before = cpuSeconds(child.pid);
    await sleep(idleSeconds * 1000);
    const after = cpuSeconds(child.pid);
    const latencies = [];
    for (let i = 0; i < appends; i++) {
      const name = `b${i}`;
      const sent = process.hrtime.bigint();
      appendFileSync(path, record(name, t0 + 2 + i));
      const got = await waitFor(name);
      latencies.push(Number(got - sent) / 1e6);
      await sleep(5 + (i % 20));
    }
    return {
      appends, medianMs: quantile(latencies, 0.5), p99Ms: quantile(latencies, 0.99), maxMs: Math.max(...latencies),
      idleSeconds, idleCpuPercent: before === undefined || after === undefined ? undefined : ((after - before) / idleSeconds) * 100,
    };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.on("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}

export function followTable(r) {
  const f = (n, d = 1) => (n === undefined ? "–" : n.toFixed(d));
  return [
    "| follow (export --follow, fs.watch) | appends | median ms | p99 ms | max ms | idle CPU % |",
    "|---|---:|---:|---:|---:|---:|",
    `| append → line on stdout | ${r.appends} | ${f(r.medianMs)} | ${f(r.p99Ms)} | ${f(r.maxMs)} | ${f(r.idleCpuPercent, 2)} (over ${r.idleSeconds} s) |`,
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const setting = (name, fallback) => Number(process.env[name] ?? fallback);
  const r = await followBench({ appends: setting("BENCH_FOLLOW_APPENDS", 200), idleSeconds: setting("BENCH_FOLLOW_IDLE_S", 5) });
  console.log(followTable(r));
}
