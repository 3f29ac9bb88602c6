// The commands that follow a file: dump --follow prints as utmpdump does,
// last --follow prints sessions as they open and close, export --follow
// ships JSON lines and resumes from its checkpoint; a real process stops on
// SIGTERM with status 0. In-process runs stop through the context's signal.
import { afterEach, beforeEach, expect, test } from "vitest";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { parseArgs } from "../../src/cli/args.ts";
import { exportCommand, EXPORT_OPTIONS } from "../../src/cli/export.ts";
import { dump } from "../../src/cli/commands.ts";
import { FOLLOW_OPTIONS } from "../../src/cli/follow.ts";
import { last, parseLastArgs } from "../../src/cli/last.ts";
import { encode, type EntryInput } from "../../src/write/encode.ts";
import { sinkContext } from "../support/outputSink.ts";
import { REPO } from "../support/paths.ts";

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), "utmpx-clifollow-")); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const T = 1_700_000_000;
const login = (n: number): EntryInput => ({ type: "USER_PROCESS", user: `u${n}`, line: `pts/${n}`, id: `s${n}`, host: "example.org", pid: 100 + n, seconds: T + n * 60, microseconds: 0 });
const logout = (n: number, after: number): EntryInput => ({ type: "DEAD_PROCESS", line: `pts/${n}`, id: `s${n}`, pid: 100 + n, seconds: T + n * 60 + after, microseconds: 0 });
const bytes = (...e: EntryInput[]) => encode(e, "linux384-le");

/** Runs a following command in-process until `done(out)` holds, then stops it. */
async function runUntil(start: (ctx: ReturnType<typeof sinkContext>["ctx"] & { signal: AbortSignal }) => Promise<number>,
  steps: (() => void)[], done: (out: string) => boolean) {
  const stop = new AbortController();
  const { out, err, ctx } = sinkContext();
  const running = start({ ...ctx, signal: stop.signal });
  const text = () => { ctx.stdout.flush(); return out.text; };
  for (const step of steps) { await new Promise((r) => setTimeout(r, 60)); step(); }
  const deadline = Date.now() + 5000;
  while (!done(text()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  stop.abort();
  const status = await running;
  return { status, out: text(), err: err.text };
}

test("dump --follow: the file's records, then those appended, as utmpdump prints them", async () => {
  const path = join(dir, "wtmp");
  writeFileSync(path, bytes(login(1)));
  const r = await runUntil((ctx) => dump(parseArgs(["--follow", "--poll", "20", path], [...FOLLOW_OPTIONS, { name: "layout", short: "l", value: true }]), ctx),
    [() => appendFileSync(path, bytes(login(2)))], (out) => out.split("\n").length > 2);
  expect(r.status).toBe(0);
  const lines = r.out.trimEnd().split("\n");
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^\[7\] \[00101\] \[s1  \] \[u1      \] \[pts\/1       \] \[example\.org/);
  expect(lines[1]).toMatch(/\[u2      \]/);
});

test("last --follow: a session printed as it opens, and again as it closes", async () => {
  const path = join(dir, "wtmp");
  writeFileSync(path, bytes(login(1), logout(1, 30)));
  const r = await runUntil((ctx) => last(parseLastArgs(["--follow", "--poll", "20", "--tz", "UTC", "-f", path]), ctx, { now: T + 3600 }),
    [() => appendFileSync(path, bytes(login(2))), () => appendFileSync(path, bytes(logout(2, 125)))],
    (out) => /u2 .*\(00:02\)/.test(out));
  expect(r.status).toBe(0);
  const lines = r.out.split("\n");
  const begins = lines.findIndex((l) => l.startsWith("wtmp begins"));
  expect(lines[0]).toMatch(/^u1\s+pts\/1\s+example\.org\s+Tue Nov 14 22:14 - 22:14\s+\(00:00\)$/);
  // after the listing: u2 opens (still logged in), then closes after 2 minutes 5 seconds
  expect(lines.slice(begins + 1).filter((l) => l !== "")).toEqual([
    expect.stringMatching(/^u2\s+pts\/2\s+example\.org\s+Tue Nov 14 22:15\s+still logged in$/),
    expect.stringMatching(/^u2\s+pts\/2\s+example\.org\s+Tue Nov 14 22:15 - 22:17\s+\(00:02\)$/),
  ]);
});

test("export --follow: JSON lines of what is appended; a restart from the checkpoint ships the rest once", async () => {
  const path = join(dir, "wtmp");
  const cp = join(dir, "cp.json");
  writeFileSync(path, bytes(login(0)));
  const args = () => parseArgs(["--follow", "--format", "ndjson", "--checkpoint", cp, "--poll", "20", "--host", "web1", path], EXPORT_OPTIONS);
  const first = await runUntil((ctx) => exportCommand(args(), ctx), [() => appendFileSync(path, bytes(login(1), login(2)))],
    (out) => out.split("\n").length > 2);
  expect(first.status).toBe(0);
  const shipped = first.out.trimEnd().split("\n").map((l) => JSON.parse(l));
  expect(shipped.map((o) => o.user)).toEqual(["u1", "u2"]);
  expect(shipped[0]).toMatchObject({ host: "web1", source: path, offset: 384, type: "USER_PROCESS" });
  expect(JSON.parse(readFileSync(cp, "utf8"))).toMatchObject({ offset: 3 * 384 });
  // nobody follows while two more come; the restart resumes at the checkpoint
  appendFileSync(path, bytes(login(3), login(4)));
  const second = await runUntil((ctx) => exportCommand(args(), ctx), [], (out) => out.split("\n").length > 2);
  expect(second.out.trimEnd().split("\n").map((l) => JSON.parse(l).user)).toEqual(["u3", "u4"]);
});

test("a real process: SIGTERM ends following with status 0", async () => {
  const path = join(dir, "wtmp");
  writeFileSync(path, bytes(login(0)));
  // --from the present size, not "end": the process may start after the append below on a busy machine
  const child = spawn(process.execPath, [join(REPO, "dist", "cli", "main.js"), "export", "--follow", "--format", "ndjson", "--from", "384", "--poll", "20", path]);
  let out = "";
  child.stdout.on("data", (d: Buffer) => { out += d.toString(); });
  await new Promise((r) => setTimeout(r, 300));
  appendFileSync(path, bytes(login(1)));
  const deadline = Date.now() + 5000;
  while (!out.includes("\n") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  child.kill("SIGTERM");
  const status = await new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  expect(status).toBe(0);
  expect(JSON.parse(out.trim()).user).toBe("u1");
});

// dump -f of a file not there yet waited without a word, which looked like a hang.
test("dump --follow of a file not there yet says it waits, then prints it once it appears", async () => {
  const path = join(dir, "later");
  const r = await runUntil((ctx) => dump(parseArgs(["--follow", "--poll", "20", path], [...FOLLOW_OPTIONS, { name: "layout", short: "l", value: true }]), ctx),
    [() => writeFileSync(path, bytes(login(1)))], (out) => out.includes("[u1"));
  expect(r.status).toBe(0);
  expect(r.err).toBe(`utmpx: ${path} does not exist (yet): waiting for it to appear\n`);
  expect(r.out).toContain("[u1      ]");
});

test("export --follow refuses -o or --checkpoint naming the file followed, and leaves it as it was", async () => {
  const path = join(dir, "wtmp");
  writeFileSync(path, bytes(login(1)));
  const before = readFileSync(path);
  const { ctx } = sinkContext();
  // rows appended to the file followed would be read back as records without end
  await expect(exportCommand(parseArgs(["--follow", "--format", "ndjson", "-o", path, path], EXPORT_OPTIONS), ctx)).rejects.toThrow(/is the file followed/);
  // the same file by another name, and a checkpoint saved over the wtmp
  await expect(exportCommand(parseArgs(["--follow", "--format", "ndjson", "-o", join(dir, ".", "wtmp"), path], EXPORT_OPTIONS), ctx)).rejects.toThrow(/is the file followed/);
  const missing = join(dir, "wtmp-later");
  await expect(exportCommand(parseArgs(["--follow", "--format", "ndjson", "--checkpoint", missing, missing], EXPORT_OPTIONS), ctx)).rejects.toThrow(/--checkpoint .* is the file followed/);
  expect(readFileSync(path)).toStrictEqual(before);
});

test("export --follow -o: a CSV resumed from its checkpoint has one header; a file of anything else is refused, untouched", async () => {
  const path = join(dir, "wtmp"), cp = join(dir, "cp.json"), csv = join(dir, "rows.csv");
  writeFileSync(path, bytes(login(0)));
  const args = () => parseArgs(["--follow", "--format", "csv", "-o", csv, "--checkpoint", cp, "--poll", "20", path], EXPORT_OPTIONS);
  const lines = () => readFileSync(csv, "latin1").split("\r\n").filter((l) => l !== "");
  await runUntil((ctx) => exportCommand(args(), ctx), [() => appendFileSync(path, bytes(login(1)))], () => lines().length >= 2);
  appendFileSync(path, bytes(login(2)));
  // the second run used to write the header again, between the rows of the first and its own
  await runUntil((ctx) => exportCommand(args(), ctx), [], () => lines().length >= 3);
  expect(lines().map((l) => l.split(",")[0] === "host" ? "header" : l.split(",")[6])).toEqual(["header", "u1", "u2"]);
  // -o naming another wtmp by mistake: rows of text appended to it would corrupt its records
  const other = join(dir, "btmp");
  writeFileSync(other, bytes(login(7)));
  const { ctx } = sinkContext();
  await expect(exportCommand(parseArgs(["--follow", "--format", "ndjson", "-o", other, path], EXPORT_OPTIONS), ctx)).rejects.toThrow(/is not ndjson rows of utmpx export/);
  await expect(exportCommand(parseArgs(["--follow", "--format", "ndjson", "-o", csv, path], EXPORT_OPTIONS), ctx)).rejects.toThrow(/is not ndjson rows/);
  expect(readFileSync(other)).toStrictEqual(Buffer.from(bytes(login(7))));
});
