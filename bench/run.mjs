// npm run bench: every path measured on four shapes of data (bench/generate.mjs),
// each against baselines measured in the same run on the same files: the raw
// file read, the plain DataView decoder of src/reference, util-linux last,
// lastb and utmpdump. Writes bench/results.md and the README's Performance
// section. A failing path is reported in its row; the bench goes on.
//
// Environment: BENCH_RECORDS (1000000 per shape), BENCH_RUNS (5),
// BENCH_PROCESS_RUNS (default: BENCH_RUNS, or 3 when that would take the bench
// past BENCH_BUDGET_MIN, 15), BENCH_TIMEOUT_S (600 a command), BENCH_SHAPES
// (friendly,internet,btmp,worst), BENCH_SPARSE_GB (10), BENCH_ZEROS_GB (2),
// BENCH_BIG_GB (4, the streamed files), BENCH_OPEN_LOGINS (32000),
// BENCH_WTMPDB_ROWS (1000000; WTMPDB names wtmpdb's binary), BENCH_SMALL_RECORDS
// (100: the start-up jobs' file); 0 skips.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, platform, release, totalmem } from "node:os";
import { join } from "node:path";
import { SHAPES, generateOpenLogins } from "./generate.mjs";
import { DATA, ROOT, RECORD, fileHead, randomBytes, recordsCovering, repeatedFile, shapeFile, sparseFile, warmPageCache } from "./data.mjs";
import { measureAll, probeAll, projectedSeconds, toolVersion } from "./processes.mjs";
import { inProcessRows } from "./inprocess.mjs";
import { openLoginsSessions, streamInChild } from "./once.mjs";
import { judgeTargets } from "./targets.mjs";
import { renderResults } from "./report.mjs";
import { wtmpdbJobs } from "./wtmpdbJobs.mjs";
import { wingSections } from "./wings.mjs";

const setting = (name, fallback) => Number(process.env[name] ?? fallback);
const RECORDS = setting("BENCH_RECORDS", 1_000_000);
const RUNS = setting("BENCH_RUNS", 5);
const BUDGET_MIN = setting("BENCH_BUDGET_MIN", 15);
const TIMEOUT_S = setting("BENCH_TIMEOUT_S", 600);
const SPARSE_GB = setting("BENCH_SPARSE_GB", 10);
const ZEROS_GB = setting("BENCH_ZEROS_GB", 2);
const STREAM_GB = setting("BENCH_BIG_GB", 4);
const OPEN_LOGINS = setting("BENCH_OPEN_LOGINS", 32_000);
const WTMPDB_ROWS = setting("BENCH_WTMPDB_ROWS", 1_000_000);
const SMALL_RECORDS = setting("BENCH_SMALL_RECORDS", 100);
const SHAPE_NAMES = (process.env.BENCH_SHAPES ?? Object.keys(SHAPES).join(",")).split(",");
const CLI = join(ROOT, "dist", "cli", "main.js");
const LAST_OPTIONS = ["-F", "-w", "-x", "-i"];
const started = Date.now();
// Other work on this machine (tests, builds, other benches) slows every figure:
// the load is sampled between phases and printed with the results.
const load = [];
const sampleLoad = () => load.push(loadavg()[0]);
sampleLoad();

/** A whole-process job; `vs` names its baseline's row, `compare` that its output must equal the baseline's. */
function job(group, size, name, command, args, { vs, compare = false, ...extra } = {}) {
  // `warm` (in extra): the file read through before each round of the group's runs (measureAll)
  return { group, ...size, name, id: `${group}: ${name}`, command, args, vs, compare: compare ? `${group}: ${vs}` : undefined, ...extra };
}
const utmpx = (...args) => [process.execPath, [CLI, ...args]];

/** util-linux's and utmpx's last -F -w -x -i on one file, outputs compared. */
function lastPair(group, size, path, extra = {}) {
  return [
    job(group, size, "util-linux last -F -w -x -i", "/usr/bin/last", [...LAST_OPTIONS, "-f", path], { warm: extra.warm }),
    job(group, size, "utmpx last -F -w -x -i", ...utmpx("last", ...LAST_OPTIONS, "-f", path), { vs: "util-linux last -F -w -x -i", compare: true, ...extra }),
  ];
}

function shapeJobs(shape, path, size) {
  const jobs = [
    ...lastPair(shape, size, path),
    // no records/s for -n 10: it need not read the whole file (util-linux reads from the end)
    job(shape, {}, "util-linux last -n 10", "/usr/bin/last", ["-n", "10", "-f", path], { note: "reads backwards from the end, stops after 10" }),
    job(shape, {}, "utmpx last -n 10", ...utmpx("last", "-n", "10", "-f", path), { vs: "util-linux last -n 10" }),
    job(shape, size, "util-linux utmpdump", "/usr/bin/utmpdump", [path]),
    job(shape, size, "utmpx dump", ...utmpx("dump", path), { vs: "util-linux utmpdump" }),
    job(shape, size, "utmpx json", ...utmpx("json", path), { vs: "utmpx dump" }),
    // as people read dump's text: through a pipe, whose reader shares the cores
    job(shape, size, "util-linux utmpdump | cat", "/usr/bin/utmpdump", [path], { pipe: true, note: "stdout a pipe that cat reads" }),
    job(shape, size, "utmpx dump | cat", ...utmpx("dump", path), { vs: "util-linux utmpdump | cat", pipe: true, note: "stdout a pipe that cat reads" }),
  ];
  if (shape === "btmp") {
    jobs.push(
      job(shape, size, "util-linux lastb -F -w -i", "/usr/bin/lastb", ["-F", "-w", "-i", "-f", path]),
      job(shape, size, "utmpx lastb -F -w -i", ...utmpx("lastb", "-F", "-w", "-i", "-f", path), { vs: "util-linux lastb -F -w -i", compare: true }),
    );
  }
  return jobs.map((j) => ({ ...j, warm: path }));
}

/** What the once-per-run jobs could not measure, and why. */
const onceNotes = [];

/** The once-per-run files util-linux and utmpx last both read: never-closed logins, a sparse file, zeros; and a wtmpdb database. */
function onceJobs(friendlyPath) {
  const jobs = [];
  const sized = (bytes) => ({ records: bytes / RECORD, bytes });
  if (OPEN_LOGINS > 0) {
    const bytes = generateOpenLogins(OPEN_LOGINS);
    const path = join(DATA, `open-logins-${OPEN_LOGINS}`);
    writeFileSync(path, bytes);
    jobs.push(...lastPair(`${OPEN_LOGINS.toLocaleString("en")} never-closed logins`, sized(bytes.length), path, { warm: path }));
  }
  if (SPARSE_GB > 0) {
    // a little real history, then a hole: a wtmp whose blocks were never written (or were punched out)
    const head = fileHead(friendlyPath, 10_000 * RECORD);
    const path = sparseFile(`sparse-${SPARSE_GB}g`, recordsCovering(SPARSE_GB), head);
    jobs.push(...lastPair(`${SPARSE_GB} GB sparse`, sized(recordsCovering(SPARSE_GB)), path, { rssTarget: 200 }));
  }
  if (ZEROS_GB > 0) {
    const path = sparseFile(`zeros-${ZEROS_GB}g`, recordsCovering(ZEROS_GB));
    jobs.push(...lastPair(`${ZEROS_GB} GB of zeros`, sized(recordsCovering(ZEROS_GB)), path, { rssTarget: 200 }));
  }
  if (SMALL_RECORDS > 0) jobs.push(...startupJobs(friendlyPath, sized));
  const wtmpdb = wtmpdbJobs(WTMPDB_ROWS, job, utmpx);
  if (wtmpdb.note) onceNotes.push(wtmpdb.note);
  jobs.push(...wtmpdb.jobs);
  return jobs;
}

/**
 * A small wtmp (its first records of the friendly shape): what a command costs
 * before it reads, where util-linux answers at once, and what a script pays to
 * import the package and read such a file, over Node's own start.
 */
function startupJobs(friendlyPath, sized) {
  const path = join(DATA, `small-${SMALL_RECORDS}`);
  writeFileSync(path, fileHead(friendlyPath, SMALL_RECORDS * RECORD));
  const group = `a ${SMALL_RECORDS}-record wtmp (start-up)`;
  const size = sized(SMALL_RECORDS * RECORD);
  const script = `import { open } from ${JSON.stringify(join(ROOT, "dist", "index.js"))}; let n = 0; for (const e of open(${JSON.stringify(path)})) n += e.user.length;`;
  return [
    ...lastPair(group, size, path, { warm: path }),
    job(group, {}, "node -e 0", process.execPath, ["-e", "0"], { warm: path, note: "Node's own start: the floor of anything run in Node" }),
    job(group, size, "node: import utmpx, open() and read every entry", process.execPath, ["--input-type=module", "-e", script],
      { vs: "node -e 0", warm: path, note: "the package's entry point (dist/index.js, one bundled module)" }),
  ];
}

/** Runs per whole-process command: BENCH_RUNS, or 3 when that would take the bench past the budget. */
function processRuns(jobs) {
  if (process.env.BENCH_PROCESS_RUNS) return { runs: Number(process.env.BENCH_PROCESS_RUNS), why: "set by BENCH_PROCESS_RUNS" };
  const minutes = ((Date.now() - started) / 1000 + projectedSeconds(jobs, RUNS)) / 60;
  if (RUNS > 3 && minutes > BUDGET_MIN) return { runs: 3, why: `${RUNS} would have taken the bench to about ${minutes.toFixed(0)} min, over ${BUDGET_MIN}` };
  return { runs: RUNS, why: "BENCH_RUNS, as in-process" };
}

/** A job's row: its figures or its failure; its times are bash's, in milliseconds. */
function jobRow(j) {
  return { name: j.name, records: j.records, bytes: j.bytes, vs: j.vs, note: j.note, rssTarget: j.rssTarget, resolution: 0.001, ...j.result };
}

/** "ours: identical to theirs", for each job whose output was compared (naming the file when a table has several). */
const identityChecks = (jobs, withFile = false) => jobs.filter((j) => j.compare)
  .map((j) => `\`${j.name}\` output against \`${j.vs}\`${withFile ? ` on ${j.group}` : ""}: **${j.identity}**`);

/** stream() to the end of three files of `gb` GB in child processes: real records, zeros, garbage. */
function streamRows(friendlyPath) {
  if (STREAM_GB <= 0) return [];
  const real = readFileSync(friendlyPath);
  const block = randomBytes(Math.floor((64 << 20) / RECORD) * RECORD);
  const files = [
    ["real records", repeatedFile(`friendly-x${Math.ceil((STREAM_GB * 1e9) / real.length)}`, real, Math.ceil((STREAM_GB * 1e9) / real.length)), {}],
    ["zeros (sparse)", sparseFile(`zeros-stream-${STREAM_GB}g`, recordsCovering(STREAM_GB)), {}],
    ["garbage (random bytes)", repeatedFile(`garbage-${STREAM_GB}g`, block, Math.ceil((STREAM_GB * 1e9) / block.length)), { layout: "linux384-le" }],
  ];
  return files.map(([kind, path, options]) => {
    console.error(`stream: ${kind}`);
    warmPageCache(path);
    const r = streamInChild(path, options, TIMEOUT_S);
    const bytes = statSync(path).size;
    const name = `stream(path) of ${(bytes / 1e9).toFixed(1)} GB of ${kind}, child process`;
    const note = `one run; peak RSS is the child's VmHWM${options.layout ? `; { layout: "${options.layout}" }` : ""}${r.records !== undefined ? `; ${r.records.toLocaleString("en")} records` : ""}`;
    return { name, bytes, records: bytes / RECORD, note, rssTarget: 150, ...(r.error ? r : { seconds: r.seconds, rssMB: r.rssMB }) };
  });
}

/** The machine's 1-minute load average over the run, and a warning when other work competed for its cores. */
function loadNote() {
  const busiest = Math.max(...load);
  const text = `- **Load**: 1-minute load average ${load.map((l) => l.toFixed(1)).join(", ")} between the phases (${cpus().length} cores).`;
  return busiest > cpus().length / 2 ? `${text} Other work ran on the machine during this run: figures may be slower than on a quiet machine, and ratios noisier.` : text;
}

function machine() {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const date = new Date().toISOString().replace("T", " ").slice(0, 16);
  return `${date} UTC — ${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}, Node ${process.version}, ${toolVersion("/usr/bin/last") ?? "util-linux last not installed"}`;
}

// ---- data ----
const shapes = SHAPE_NAMES.map((name) => {
  const file = shapeFile(name, RECORDS);
  return { name, about: SHAPES[name].about, path: file.path, records: RECORDS, bytes: RECORDS * RECORD, distinct: file.distinct, common: file.common };
});
const friendlyPath = shapes.find((s) => s.name === "friendly")?.path ?? shapeFile("friendly", RECORDS).path;

// ---- whole processes: every job once (warm-up, output checks), then measured ----
const perShape = shapes.map((s) => shapeJobs(s.name, s.path, { records: s.records, bytes: s.bytes }));
const once = onceJobs(friendlyPath);
const jobs = [...perShape.flat(), ...once];
probeAll(jobs, TIMEOUT_S);
const { runs: processRunCount, why } = processRuns(jobs);
measureAll(jobs, processRunCount, TIMEOUT_S);
sampleLoad();

// ---- in-process, per shape ----
for (const [i, s] of shapes.entries()) {
  console.error(`in-process: ${s.name}`);
  sampleLoad();
  const bytes = readFileSync(s.path);
  const rows = await inProcessRows(s.path, bytes, s.common, RUNS);
  s.rows = [...rows.map((r) => ({ ...r, records: s.records, bytes: s.bytes })), ...perShape[i].map(jobRow)];
  s.checks = identityChecks(perShape[i]);
}

// ---- once per run ----
const onceRows = [];
if (OPEN_LOGINS > 0) {
  const r = await openLoginsSessions(OPEN_LOGINS, RUNS);
  onceRows.push({ name: `sessions() of ${OPEN_LOGINS.toLocaleString("en")} logins never closed`, records: OPEN_LOGINS, bytes: OPEN_LOGINS * RECORD,
    note: `in-process, median of ${RUNS}${r.sessions !== undefined ? `; ${r.sessions.toLocaleString("en")} sessions` : ""}`, ...r });
}
// one table for several files: each row names its file, and so does its baseline
onceRows.push(...once.map((j) => ({ ...jobRow(j), name: `${j.name} on ${j.group}`, vs: j.vs && `${j.vs} on ${j.group}` })));
onceRows.push(...streamRows(friendlyPath));
sampleLoad();

// ---- the newer wings: export, follow, audit, convert ----
const wings = await wingSections();
sampleLoad();

// ---- report ----
const minutes = ((Date.now() - started) / 60000).toFixed(0);
const method = [
  `Each shape is ${RECORDS.toLocaleString("en")} records of 384 bytes (glibc x86_64, little-endian; ${(RECORDS * RECORD / 1e6).toFixed(0)} MB) made by bench/generate.mjs, the same bytes every run, read from the page cache. The whole bench took ${minutes} min.`,
  "",
  `- **In-process** rows: median of ${RUNS} runs after a warm-up (none for runs over 5 s), in the bench's Node process; M rec/s is the file's records over the median time.`,
  `- **Whole-process** rows (utmpx's CLI, util-linux): stdout to /dev/null (the rows named \`| cat\`: to a pipe that cat reads), TZ=UTC, each under GNU time (\`/usr/bin/time -f "%e %M"\`) and timed by bash's \`time\` around it (\`TIMEFORMAT=%3R\`): wall time is bash's, in milliseconds (the command and GNU time's own start, about a millisecond; %e counts in 10 ms steps), peak RSS is %M (the largest resident set of the command or any process it waited for), the largest of the runs. Median of ${processRunCount} runs (${why}) after one run that warms the cache and is also the output check; the runs go in rounds, each job of a file once per round after the file is read through again (this machine's memory reclaim pages out files left unread for a minute), so that the ratios within a file compare runs of the same moment.`,
  `- **stream()** of the large files: one run each, the file read through once first (page cache), in a child process of its own; its peak RSS is that process's VmHWM.`,
  loadNote(),
  ...onceNotes.map((n) => `- ${n}`),
];
const targets = judgeTargets(shapes, onceRows);
const body = renderResults({ header: machine(), method, shapes, once: { rows: onceRows, checks: identityChecks(once, true) }, targets }) +
  (wings ? `\n${wings}` : "");
console.log(body);
writeFileSync(join(ROOT, "bench", "results.md"), `# Benchmark results\n\n${body}`);
const readmePath = join(ROOT, "README.md");
const readme = readFileSync(readmePath, "utf8");
const section = /(<!-- bench:start -->\n)[\s\S]*?(<!-- bench:end -->)/;
if (section.test(readme)) writeFileSync(readmePath, readme.replace(section, (_, start, end) => `${start}${body}${end}`));
else console.error("README.md has no bench:start/bench:end markers: not updated");
