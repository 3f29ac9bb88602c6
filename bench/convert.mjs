// The convert rows of the bench: `utmpx convert --to wtmpdb` of the friendly
// shape's wtmp (BENCH_RECORDS records; the target is 1,000,000 in
// under 10 s), and, against wtmpdb's own `wtmpdb import` in the same run
// (built from its source by scripts/wtmpdb-reference.sh; WTMPDB names the
// binary), the first BENCH_CONVERT_IMPORT_RECORDS records (2000) of that
// file: wtmpdb import opens the database once per record (it took 9.5 min
// for 50,000 here), so the comparison is made on a file it can finish, and
// compared per record. Then the way back: the database written above turned
// into a wtmp again (`--to linux384-le`).
//
// Each run starts from no output (convert never writes over a file, and
// wtmpdb import would add to one): the commands run through `sh -c 'rm -f
// OUT && exec ...'`, whose cost is a fork and an unlink.
//
// bench/wings.mjs calls convertBench({ records }) and prints convertTable() of
// what it gives; convertJobs() gives the same commands as run.mjs's jobs.
import { existsSync, openSync, readSync, closeSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { DATA, ROOT, RECORD, shapeFile } from "./data.mjs";
import { runOnce } from "./processes.mjs";

const REFERENCE = process.env.WTMPDB ?? "/work/wtmpdb-src/build/wtmpdb";
const CLI = join(ROOT, "dist", "cli", "main.js");
const IMPORT_RECORDS = Number(process.env.BENCH_CONVERT_IMPORT_RECORDS ?? 2000);

/** `sh -c` running `command args...` after removing `out`. */
const fresh = (out, command, args) => ["/bin/sh", ["-c", 'rm -f "$1" && shift && exec "$@"', "sh", out, command, ...args]];

/** The first `records` records of `path`, as a file of their own (made once). */
function head(path, records) {
  const out = join(DATA, `${path.split("/").at(-1)}-head-${records}`);
  const size = Math.min(records * RECORD, statSync(path).size);
  if (!existsSync(out) || statSync(out).size !== size) {
    const bytes = new Uint8Array(size);
    const fd = openSync(path, "r");
    readSync(fd, bytes, 0, size, 0);
    closeSync(fd);
    writeFileSync(out, bytes);
  }
  return out;
}

/**
 * The jobs, or a note saying why some are missing. `job` is run.mjs's
 * (group, size, name, command, args, options); `wtmp` the friendly shape's file.
 */
export function convertJobs(records, job, wtmp) {
  if (records <= 0) return { jobs: [] };
  const notes = [];
  const jobs = [];
  const db = join(DATA, `convert-${records}.db`);
  const back = join(DATA, `convert-${records}.wtmp`);
  const group = `${records.toLocaleString("en")}-record wtmp → wtmpdb`;
  jobs.push(job(group, { records, bytes: statSync(wtmp).size }, "utmpx convert --to wtmpdb", ...fresh(db, process.execPath, [CLI, "convert", "--to", "wtmpdb", "-o", db, wtmp]),
    { note: "target: under 10 s for 1,000,000 records" }));
  // the way back reads the database the job above writes: made here once, so it exists for the first run
  if (!existsSync(db)) spawnSync(process.execPath, [CLI, "convert", "--to", "wtmpdb", "-o", db, wtmp], { stdio: "inherit" });
  jobs.push(job(`${records.toLocaleString("en")}-record wtmpdb → wtmp`, { records, bytes: existsSync(db) ? statSync(db).size : 0 }, "utmpx convert --to linux384-le",
    ...fresh(back, process.execPath, [CLI, "convert", "--to", "linux384-le", "-o", back, db])));

  const sample = head(wtmp, IMPORT_RECORDS);
  const small = `${IMPORT_RECORDS.toLocaleString("en")}-record wtmp → wtmpdb`;
  const size = { records: IMPORT_RECORDS, bytes: statSync(sample).size };
  const theirs = join(DATA, `convert-import-${IMPORT_RECORDS}.db`), ours = join(DATA, `convert-utmpx-${IMPORT_RECORDS}.db`);
  const reference = existsSync(REFERENCE);
  if (reference) jobs.push(job(small, size, "wtmpdb import", ...fresh(theirs, REFERENCE, ["import", "-f", theirs, sample]), { note: "one transaction per record" }));
  else notes.push(`wtmpdb itself not found at ${REFERENCE} (set WTMPDB): no wtmpdb import baseline`);
  jobs.push(job(small, size, "utmpx convert --to wtmpdb", ...fresh(ours, process.execPath, [CLI, "convert", "--to", "wtmpdb", "-o", ours, sample]),
    reference ? { vs: "wtmpdb import", note: "one transaction" } : {}));
  return { jobs, note: notes.join("; ") || undefined };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? undefined : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Runs the convert jobs on the friendly shape's `records`-record file: each
 * `runs` times under GNU time (wtmpdb import once: it is the slow one), the
 * median wall time and the largest peak RSS. Resolves to `{ rows, note }`.
 */
export async function convertBench({ records, runs = 3, timeoutS = 1800 }) {
  const wtmp = shapeFile("friendly", records).path;
  const job = (group, size, name, command, args, extra = {}) => ({ group, ...size, name, command, args, ...extra });
  const { jobs, note } = convertJobs(records, job, wtmp);
  const rows = [];
  for (const j of jobs) {
    const times = [];
    let rssMB = 0, error;
    for (let i = 0; i < (j.name === "wtmpdb import" ? 1 : runs); i++) {
      const r = runOnce(j.command, j.args, { timeoutS });
      if (r.error) { error = r.error; break; }
      times.push(r.seconds);
      rssMB = Math.max(rssMB, r.rssMB ?? 0);
    }
    rows.push({ group: j.group, name: j.name, records: j.records, vs: j.vs, note: j.note, seconds: median(times), rssMB, error });
  }
  return { rows, note };
}

/** The rows as a Markdown table: records/s, and against wtmpdb import the speed-up per record. */
export function convertTable({ rows, note }) {
  const f = (n, d = 2) => (n === undefined ? "–" : n.toFixed(d));
  const rate = (r) => (r.seconds ? r.records / r.seconds : undefined);
  const lines = ["| conversion | run | records | s | records/s | peak RSS MB | vs |", "|---|---|---:|---:|---:|---:|---|"];
  for (const r of rows) {
    if (r.error) { lines.push(`| ${r.group} | ${r.name} | ${r.records.toLocaleString("en")} | ${r.error} | | | |`); continue; }
    const base = r.vs && rows.find((b) => b.group === r.group && b.name === r.vs);
    const vs = base && rate(base) ? `${f(rate(r) / rate(base), 0)}× ${r.vs}` : r.note ?? "";
    lines.push(`| ${r.group} | ${r.name} | ${r.records.toLocaleString("en")} | ${f(r.seconds)} | ${Math.round(rate(r) ?? 0).toLocaleString("en")} | ${f(r.rssMB, 0)} | ${vs} |`);
  }
  if (note) lines.push("", note);
  return lines.join("\n");
}
