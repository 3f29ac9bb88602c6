// npm run bench: throughput of every path, measured in one run on one machine,
// against baselines measured in the same run (raw file read, the plain-TS
// DataView decoder, util-linux utmpdump and last when installed). Prints a
// table and writes it to bench/results.md with the machine and the date.
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeFileSync, writeSync } from "node:fs";
import { cpus, totalmem, platform, release } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateWtmp } from "./generate.mjs";
import { fromBytes, open, findLayout, stream } from "../dist/index.js";
import { engine } from "../dist/engine.js";
import { decodeReference } from "../dist/reference/dataViewDecoder.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const DATA = join(ROOT, "bench", "data");
const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CLI = join(ROOT, "dist", "cli", "main.js");
const LAYOUT = findLayout("linux384-le");

mkdirSync(DATA, { recursive: true });
const file = join(DATA, `wtmp-${RECORDS}`);
if (!existsSync(file) || statSync(file).size !== RECORDS * 384) writeFileSync(file, generateWtmp(RECORDS));
const bytes = readFileSync(file);
const MB = bytes.length / 1e6;

/** Median wall time of `RUNS` runs of `fn`, in seconds (one warm-up run first). */
function median(fn) {
  fn();
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function medianAsync(fn) {
  await fn();
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function have(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
}

/** A whole process writing to /dev/null, its median wall time. */
function processTime(command, args) {
  return median(() => {
    const r = spawnSync(command, args, { stdio: ["ignore", "ignore", "ignore"] });
    if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${r.status}`);
  });
}

const rows = [];
function row(name, seconds, note = "") {
  rows.push({ name, seconds, note });
  console.error(`${name}: ${(RECORDS / seconds / 1e6).toFixed(2)} M records/s`);
}

// The ceiling: reading the file into memory, in the same window size the decoder uses.
const windowBytes = engine().windowBytesFor(LAYOUT);
const readBuffer = new Uint8Array(windowBytes);
row("raw file read (ceiling)", median(() => {
  const fd = openSync(file, "r");
  for (let at = 0; at < bytes.length; at += windowBytes) readSync(fd, readBuffer, 0, windowBytes, at);
  closeSync(fd);
}), "readSync into one window");

const e = engine();
e.decodeWindow(LAYOUT, 0, 0); // loads the layout's descriptor into the core
e.window().set(bytes.subarray(0, windowBytes));
row("core: decode to columns (bytes in wasm memory)", median(() => {
  // the same window decoded as often as the file has windows: the core's own speed
  for (let at = 0; at < bytes.length; at += windowBytes) {
    if (e.core.exports.decode(Math.min(windowBytes, bytes.length - at)) <= 0) throw new Error("decode failed");
  }
}), "the core's decode() alone, on a window already filled");

row("core: copy in + decode to columns", median(() => {
  for (let at = 0; at < bytes.length; at += windowBytes) {
    const n = Math.min(windowBytes, bytes.length - at);
    e.window().set(bytes.subarray(at, at + n));
    if (e.core.exports.decode(n) <= 0) throw new Error("decode failed");
  }
}), "bytes in JS memory copied into the window");

row("host: bytes to EntryBatches", median(() => {
  let n = 0;
  for (const b of fromBytes(bytes, { layout: LAYOUT }).batches()) n += b.length;
  if (n !== RECORDS) throw new Error(`decoded ${n}`);
}), "columns copied out, new strings copied");

row("host: file to EntryBatches (page cache)", median(() => {
  let n = 0;
  for (const b of open(file).batches()) n += b.length;
  if (n !== RECORDS) throw new Error(`decoded ${n}`);
}), "open(path): detection, readSync into the window, decode");

row("host: stream(path) to EntryBatches", await medianAsync(async () => {
  let n = 0;
  for await (const b of stream(file)) n += b.length;
  if (n !== RECORDS) throw new Error(`streamed ${n}`);
}), "positioned reads into the window, as open()");

row("host: stream(ReadableStream, 1 MiB chunks) to EntryBatches", await medianAsync(async () => {
  let n = 0;
  let at = 0;
  const chunks = new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, (at += 1 << 20)));
    },
  });
  for await (const b of stream(chunks)) n += b.length;
  if (n !== RECORDS) throw new Error(`streamed ${n}`);
}), "chunks staged and copied into the window");

function touchEntry(x) {
  return x.type.length + x.id.length + x.user.length + x.line.length + x.host.length + x.date.getTime() +
    x.seconds + x.microseconds + x.pid + x.session + x.exit.termination + x.exit.exit + x.addr.length;
}
const ours = median(() => {
  let s = 0;
  for (const x of fromBytes(bytes, { layout: LAYOUT })) s += touchEntry(x);
  if (Number.isNaN(s)) throw new Error("NaN");
});
row("iterate Entry objects, every field read", ours, "for (const e of fromBytes(bytes))");

const baseline = median(() => {
  let s = 0;
  const step = 16384 * 384;
  for (let at = 0; at < bytes.length; at += step) {
    for (const x of decodeReference(bytes.subarray(at, at + step), LAYOUT, at)) {
      s += x.type.length + x.id.length + x.user.length + x.line.length + x.host.length + Date.parse(x.date) +
        x.seconds + x.microseconds + x.pid + x.session + x.exit.termination + x.exit.exit + x.addr.length;
    }
  }
  if (Number.isNaN(s)) throw new Error("NaN");
});
row("baseline: plain-TS DataView decoder, every field read", baseline, "src/reference, 16384 records at a time");

row("utmpx dump (whole process)", processTime(process.execPath, [CLI, "dump", file]));
row("utmpx json (whole process)", processTime(process.execPath, [CLI, "json", file]));
if (have("utmpdump")) row("util-linux utmpdump (whole process)", processTime("utmpdump", [file]), execFileSync("sh", ["-c", "utmpdump --version"]).toString().trim());
if (have("last")) row("util-linux last -f (whole process)", processTime("last", ["-f", file]), execFileSync("sh", ["-c", "last --version"]).toString().trim());

// ---- a file far larger than memory should need: streamed in a child process, peak RSS measured ----
const BIG_GB = Number(process.env.BENCH_BIG_GB ?? 4);
let big;
if (BIG_GB > 0) {
  const bigFile = join(DATA, `wtmp-${BIG_GB}g`);
  const copies = Math.ceil((BIG_GB * 1e9) / bytes.length);
  if (!existsSync(bigFile) || statSync(bigFile).size !== copies * bytes.length) {
    const fd = openSync(bigFile, "w");
    for (let i = 0; i < copies; i++) writeSync(fd, bytes);
    closeSync(fd);
  }
  const script = `
    import { stream } from ${JSON.stringify(join(ROOT, "dist", "index.js"))};
    const t = process.hrtime.bigint(); let n = 0;
    for await (const b of stream(${JSON.stringify(bigFile)})) n += b.length;
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    // VmHWM: this process's own peak (getrusage's maxRSS keeps the parent's from before exec)
    const status = (await import("node:fs")).readFileSync("/proc/self/status", "utf8");
    const hwm = /VmHWM:\\s+(\\d+) kB/.exec(status);
    console.log(JSON.stringify({ n, s, maxRssMB: hwm ? Number(hwm[1]) / 1024 : process.resourceUsage().maxRSS / 1024 }));`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  big = { ...JSON.parse(r.stdout), bytes: copies * bytes.length };
  rows.push({ name: `stream(path) of a ${(big.bytes / 1e9).toFixed(1)} GB file (child process)`, seconds: big.s * RECORDS / big.n,
    note: `${big.n.toLocaleString("en")} records, peak RSS ${big.maxRssMB.toFixed(0)} MB (target < 150 MB)` });
}

// ---- report ----
const byName = (prefix) => rows.find((r) => r.name.startsWith(prefix));
/** The issue's targets, each as a measured value against its threshold: met, or short by how much. */
const targets = [];
function target(label, value, threshold, unit) {
  if (value === undefined) return;
  const met = value >= threshold;
  const status = met ? "met" : `short by ${(100 * (1 - value / threshold)).toFixed(0)}%`;
  targets.push(`| ${label} | ${value.toFixed(2)}${unit} | ≥ ${threshold}${unit} | ${status} |`);
}
const speed = (prefix) => { const r = byName(prefix); return r ? RECORDS / r.seconds / 1e6 : undefined; };
const times = (fast, slow) => { const x = byName(fast), y = byName(slow); return x && y ? y.seconds / x.seconds : undefined; };
target("core decode to columns, bytes in memory", speed("core: decode to columns"), 10, " M rec/s");
target("file to columns vs reading the file (page cache)", times("host: file to", "raw file read"), 0.5, "×");
target("iterating Entry objects, every field", speed("iterate Entry"), 5, " M rec/s");
target("iterating Entry objects vs the plain-TS baseline", times("iterate Entry", "baseline:"), 5, "×");
target("utmpx dump vs util-linux utmpdump (whole process)", times("utmpx dump", "util-linux utmpdump"), 1, "×");
target("utmpx json vs utmpx dump (whole process)", times("utmpx json", "utmpx dump"), 1, "×");
target("streaming a large file vs the in-memory path", times("stream(path) of a", "host: bytes to EntryBatches"), 0.8, "×");
if (big) {
  const ok = big.maxRssMB < 150;
  targets.push(`| peak RSS streaming a ${(big.bytes / 1e9).toFixed(1)} GB file | ${big.maxRssMB.toFixed(0)} MB | < 150 MB | ${ok ? "met" : `over by ${(100 * (big.maxRssMB / 150 - 1)).toFixed(0)}%`} |`);
}

const cpu = cpus()[0]?.model ?? "unknown CPU";
const machine = `${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}, Node ${process.version}`;
const lines = [
  `# Benchmark results`,
  ``,
  `${new Date().toISOString().slice(0, 10)} — ${machine}`,
  ``,
  `${RECORDS.toLocaleString("en")} records of a generated Linux wtmp (384-byte records, ${MB.toFixed(0)} MB, bench/generate.mjs), median of ${RUNS} runs, file in the page cache.`,
  ``,
  `| path | M records/s | MB/s | median s | note |`,
  `|---|---:|---:|---:|---|`,
  ...rows.map((r) => `| ${r.name} | ${(RECORDS / r.seconds / 1e6).toFixed(2)} | ${(MB / r.seconds).toFixed(0)} | ${r.seconds.toFixed(3)} | ${r.note} |`),
  ``,
  `Targets (ratios from this run):`,
  ``,
  `| target | measured | wanted | |`,
  `|---|---:|---:|---|`,
  ...targets,
  ``,
];
const text = lines.join("\n");
console.log(text);
writeFileSync(join(ROOT, "bench", "results.md"), text);
