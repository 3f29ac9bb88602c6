// Whole processes (utmpx's CLI and util-linux's tools), each run under GNU
// time, whose peak RSS (%M) is the command's own, and timed by bash's `time`
// around it in milliseconds (GNU time's %e counts in 10 ms steps: 4 % of a
// 250 ms run, as much as some of the ratios compared). Neither counts the cost
// of starting the outer wrappers (timeout, bash), tens of milliseconds on this
// kind of machine; the wall time holds GNU time's own start, about a
// millisecond, for every command alike. Every job is run once first (warm-up,
// output check, and the time estimate that decides how many runs fit), then
// measured in rounds (measureAll).
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { DATA, warmPageCache } from "./data.mjs";
import { firstLine, median } from "./measure.mjs";

const TIME = "/usr/bin/time";
const TIME_OUT = join(DATA, "time.out");
const WALL_OUT = join(DATA, "wall.out");
const STDERR = join(DATA, "stderr.out");
// util-linux last prints times in the local zone: both sides in UTC, whatever this machine's zone
const ENV = { ...process.env, TZ: "UTC" };

/**
 * Runs `command args` once with stdout to `stdout`, or with `pipe` into a pipe
 * that `cat` reads (as `| less` or `| grep` would: stdout is then a non-blocking
 * pipe, and the reader shares the two cores). Returns `{ seconds, rssMB }`, or
 * `{ error }` (with the figures GNU time still gave, if any); GNU time times
 * the command alone either way. coreutils `timeout` ends the whole process
 * group after `timeoutS`.
 */
export function runOnce(command, args, { stdout = "/dev/null", timeoutS, pipe = false }) {
  rmSync(TIME_OUT, { force: true });
  rmSync(WALL_OUT, { force: true });
  const out = openSync(stdout, "w");
  const err = openSync(STDERR, "w");
  const timed = [TIME, "-f", "%e %M", "-o", TIME_OUT, command, ...args];
  // the command's stderr to fd 3 (the STDERR file), time's report alone to WALL_OUT
  const pipeline = pipe ? '"$@" 2>&3 | cat > /dev/null' : '"$@" 2>&3';
  const script = `set -o pipefail; TIMEFORMAT=%3R; { time ${pipeline}; } 3>&2 2>"$WALL_OUT"`;
  const argv = ["bash", "-c", script, "bash", ...timed];
  const r = spawnSync("timeout", ["-k", "10", String(timeoutS), ...argv], { stdio: ["ignore", out, err], env: { ...ENV, WALL_OUT } });
  closeSync(out);
  closeSync(err);
  const figures = timeFigures();
  if (r.error) return { error: firstLine(r.error) };
  if (r.status === 124 || r.status === 137) return { ...figures, error: `timed out after ${timeoutS} s` };
  if (r.status !== 0) return { ...figures, error: `${figures.ended ?? `exit ${r.status}`}: ${stderrLine()}` };
  return figures;
}

/**
 * bash's wall time in milliseconds (GNU time's %e when bash gave none), GNU
 * time's %M, and its "Command exited/terminated ..." line when there is one.
 */
function timeFigures() {
  if (!existsSync(TIME_OUT)) return {};
  const lines = readFileSync(TIME_OUT, "utf8").trim().split("\n");
  const [elapsed, kb] = lines.at(-1).trim().split(/\s+/).map(Number);
  const ended = lines.find((l) => l.startsWith("Command "))?.replace(/^Command /, "");
  const wall = existsSync(WALL_OUT) ? Number(readFileSync(WALL_OUT, "utf8").trim().split("\n").at(-1)) : NaN;
  return { seconds: Number.isFinite(wall) ? wall : elapsed, rssMB: kb / 1024, ...(ended ? { ended } : {}) };
}

/** The line of the command's stderr most likely to say what went wrong. */
function stderrLine() {
  const lines = readFileSync(STDERR, "utf8").split("\n").map((l) => l.trim()).filter(Boolean);
  return (lines.find((l) => /error|fatal|cannot|failed/i.test(l)) ?? lines.at(-1) ?? "no message").slice(0, 160);
}

/**
 * A whole-process job: `{ id, command, args, compare?, pipe? }`. `compare` names
 * the job whose stdout this one's must equal byte for byte (util-linux's);
 * `pipe`: stdout into a pipe (see runOnce), never compared.
 */
export function probeAll(jobs, timeoutS) {
  const captured = new Set(jobs.flatMap((j) => (j.compare ? [j.id, j.compare] : [])));
  const outFile = (id) => join(DATA, `out-${id.replace(/[^\w.-]+/g, "_")}.txt`);
  for (const job of jobs) {
    console.error(`probe: ${job.id}`);
    job.probe = runOnce(job.command, job.args, { stdout: captured.has(job.id) ? outFile(job.id) : "/dev/null", timeoutS, pipe: job.pipe });
  }
  for (const job of jobs) if (job.compare) job.identity = compareOutputs(job, jobs.find((j) => j.id === job.compare), outFile);
  for (const id of captured) rmSync(outFile(id), { force: true });
}

/** "identical", or where and how the two outputs differ. */
function compareOutputs(ours, theirs, outFile) {
  if (ours.probe.error || theirs.probe.error) return `not compared: ${ours.probe.error ? "ours" : "util-linux"} failed`;
  const a = readFileSync(outFile(ours.id)), b = readFileSync(outFile(theirs.id));
  if (a.equals(b)) return "identical";
  const la = a.toString("utf8").split("\n"), lb = b.toString("utf8").split("\n");
  const at = la.findIndex((line, i) => line !== lb[i]);
  return `differs from line ${at + 1} (${la.length} lines against ${lb.length})`;
}

/** Seconds all jobs would take measured `runs` times, from their probe runs (failed jobs are not run again). */
export function projectedSeconds(jobs, runs) {
  return runs * jobs.reduce((sum, j) => sum + (j.probe.error ? 0 : j.probe.seconds), 0);
}

/**
 * Measures each job `runs` times, in rounds within its group (the jobs of one
 * file): each round reads the group's file through (`warm`, when the jobs name
 * one), then runs every job of the group once. A group's ratios then compare
 * runs of the same moment, from the same page cache: this machine's speed
 * drifts over minutes, and its memory reclaim (DAMON) pages out a file left
 * unread for a minute or so, which a job's five runs in a row could outlast.
 * Median wall time, largest peak RSS of the runs. A failure ends the job's runs.
 */
export function measureAll(jobs, runs, timeoutS) {
  const groups = new Map();
  for (const job of jobs) {
    if (job.probe.error) job.result = job.probe;
    else if (groups.has(job.group)) groups.get(job.group).push(job);
    else groups.set(job.group, [job]);
  }
  for (const [group, members] of groups) {
    const done = new Map(members.map((job) => [job, []]));
    for (let i = 0; i < runs; i++) {
      console.error(`measure: ${group}, round ${i + 1} of ${runs}`);
      if (members[0].warm) warmPageCache(members[0].warm);
      for (const job of members) {
        if (job.result) continue;
        const r = runOnce(job.command, job.args, { timeoutS, pipe: job.pipe });
        if (r.error) job.result = { ...r, error: `run ${i + 1}: ${r.error}` };
        else done.get(job).push(r);
      }
    }
    for (const [job, runsDone] of done) {
      job.result ??= { seconds: median(runsDone.map((r) => r.seconds)), rssMB: Math.max(...runsDone.map((r) => r.rssMB)), runs };
    }
  }
}

/** The first line of `command --version`, or undefined when it is not installed. */
export function toolVersion(command) {
  const r = spawnSync(command, ["--version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.split("\n")[0].trim() : undefined;
}
