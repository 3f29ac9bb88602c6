// utmpx export over a generated collection of three hosts (rotated wtmp sets,
// btmp, a wtmpdb database), read back by DuckDB as a Hive-partitioned dataset
// and as JSON lines and CSV: per host, type and user, times to the microsecond,
// and sessions per status equal the package's own reading.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { exportCommand, EXPORT_OPTIONS } from "../../src/cli/export.ts";
import { parseArgs } from "../../src/cli/args.ts";
import { CliError } from "../../src/cli/cliError.ts";
import { UtmpError } from "../../src/util/errors.ts";
import { encode, type EntryInput } from "../../src/write/encode.ts";
import { stream } from "../../src/read/stream.ts";
import { sessions } from "../../src/sessions/sessions.ts";
import type { Entry } from "../../src/core/entry.ts";
import { sinkContext } from "../support/outputSink.ts";
import { FIXTURES } from "../support/paths.ts";
import { prng } from "../support/prng.ts";

let root: string;
let tree: string;
let db: DuckDBConnection;
/** Each host's files, oldest first, and whether they make its history (sessions). */
const hosts: Record<string, { path: string; history: boolean }[]> = {};

/** A day of logins and logouts of a few users, with boots, from `start` (seconds). */
function history(seed: number, start: number, count: number): EntryInput[] {
  const random = prng(seed);
  const out: EntryInput[] = [{ type: "BOOT_TIME", user: "reboot", line: "~", id: "~~", host: "6.1.0", seconds: start, microseconds: 1 }];
  let t = start + 10;
  for (let k = 0; k < count; k++) {
    const user = `user${Math.floor(random() * 5)}`;
    const line = `pts/${k % 7}`;
    t += 1 + Math.floor(random() * 100);
    out.push({ type: "USER_PROCESS", user, line, id: `ts/${k % 7}`, host: "10.0.0.1", addr: `10.0.${k % 3}.${k % 250}`, pid: 2000 + k, seconds: t, microseconds: Math.floor(random() * 1e6) });
    if (random() < 0.8) out.push({ type: "DEAD_PROCESS", line, id: `ts/${k % 7}`, pid: 2000 + k, seconds: t + 50, microseconds: Math.floor(random() * 1e6) });
  }
  return out;
}

async function entriesOf(paths: string[]): Promise<Entry[]> {
  const out: Entry[] = [];
  for (const p of paths) for await (const b of stream(p)) out.push(...b);
  return out;
}

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

async function run(argv: string[]): Promise<{ status: number; out: string; err: string }> {
  const { out, err, ctx } = sinkContext();
  const status = await exportCommand(parseArgs(argv, EXPORT_OPTIONS), ctx);
  ctx.stdout.flush();
  ctx.stderr.flush();
  return { status, out: out.text, err: err.text };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "utmpx-export-"));
  tree = join(root, "collected");
  const add = (host: string, name: string, bytes: Uint8Array | string, history: boolean) => {
    const dir = join(tree, host, "var", "log");
    mkdirSync(dir, { recursive: true });
    const path = join(dir, name);
    if (typeof bytes === "string") copyFileSync(bytes, path);
    else writeFileSync(path, bytes);
    (hosts[host] ??= []).push({ path, history });
  };
  // alpha: a rotated pair (the older in wtmp.1) and a btmp
  add("alpha", "wtmp.1", encode(history(1, 1_700_000_000, 300), "linux384-le"), true);
  add("alpha", "wtmp", encode(history(2, 1_700_100_000, 200), "linux384-le"), true);
  add("alpha", "btmp", join(FIXTURES, "generated-glibc-x86_64/btmp"), false);
  // beta: one wtmp of another machine's layout
  add("beta", "wtmp", encode(history(3, 1_700_200_000, 250), "linux400-be"), true);
  // gamma: a wtmpdb database
  add("gamma", "wtmp.db", join(FIXTURES, "wtmpdb/db/glibc.db"), true);
  db = await (await DuckDBInstance.create(":memory:")).connect();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Our numbers: per host, type and user; min and max µs; sessions per status. */
async function ours() {
  const counts: Record<string, number> = {};
  const times: Record<string, { lo: bigint; hi: bigint }> = {};
  const statuses: Record<string, number> = {};
  for (const [host, files] of Object.entries(hosts)) {
    for (const e of await entriesOf(files.map((f) => f.path))) {
      const key = `${host}|${e.type}|${e.user ?? ""}`;
      counts[key] = (counts[key] ?? 0) + 1;
      const us = BigInt(e.seconds) * 1_000_000n + BigInt(e.microseconds);
      const t = times[host] ??= { lo: us, hi: us };
      if (us < t.lo) t.lo = us;
      if (us > t.hi) t.hi = us;
    }
    for (const s of sessions(await entriesOf(files.filter((f) => f.history).map((f) => f.path)))) {
      statuses[`${host}|${s.status}`] = (statuses[`${host}|${s.status}`] ?? 0) + 1;
    }
  }
  return { counts, times, statuses };
}

/** The same numbers from DuckDB over `from` (a table expression giving records). */
async function theirs(records: string, sessionTable: string) {
  const counts = Object.fromEntries((await rows(`select host || '|' || type || '|' || coalesce("user", '') as k, count(*)::integer as n from ${records} group by all`)).map((r) => [r.k, r.n]));
  const times = Object.fromEntries((await rows(`select host, min(epoch_us(time::timestamptz))::varchar as lo, max(epoch_us(time::timestamptz))::varchar as hi from ${records} group by host`))
    .map((r) => [r.host, { lo: BigInt(r.lo as string), hi: BigInt(r.hi as string) }]));
  const statuses = Object.fromEntries((await rows(`select host || '|' || status as k, count(*)::integer as n from ${sessionTable} group by all`)).map((r) => [r.k, r.n]));
  return { counts, times, statuses };
}

describe("a collection of hosts", () => {
  test("Parquet: a Hive-partitioned dataset, parts of bounded rows, DuckDB's numbers equal ours", async () => {
    const out = join(root, "ds"), ses = join(root, "ses");
    const r = await run(["-o", out, "--sessions", ses, "--rows-per-file", "300", "--row-group", "64", tree]);
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["host=alpha", "host=beta", "host=gamma"]);
    // alpha has 300 + 200 logins with their logouts and boots: several parts, none above 300 rows
    const parts = await rows(`select filename, count(*)::integer as n from read_parquet('${out}/*/*.parquet', filename=true) group by all`);
    expect(parts.filter((p) => String(p.filename).includes("host=alpha")).length).toBeGreaterThan(2);
    expect(Math.max(...parts.map((p) => p.n as number))).toBeLessThanOrEqual(300);
    const got = await theirs(`read_parquet('${out}/*/*.parquet', hive_partitioning=true)`, `read_parquet('${ses}/*/*.parquet', hive_partitioning=true)`);
    expect(got).toEqual(await ours());
    // the source column names the file within its host's folder
    const sources = await rows(`select distinct source from read_parquet('${out}/host=alpha/*.parquet') order by 1`);
    expect(sources.map((s) => s.source)).toEqual(["alpha/var/log/btmp", "alpha/var/log/wtmp", "alpha/var/log/wtmp.1"]);
  });

  test.each(["ndjson", "csv"])("%s: the same rows, read by DuckDB", async (format) => {
    const out = join(root, `records.${format}`), ses = join(root, `sessions.${format}`);
    const r = await run(["--format", format, "-o", out, "--sessions", ses, tree]);
    expect(r.status).toBe(0);
    const read = format === "csv" ? "read_csv" : "read_json";
    const got = await theirs(`${read}('${out}')`, `${read}('${ses}')`);
    expect(got).toEqual(await ours());
  });

  test("ndjson to standard output", async () => {
    const r = await run(["--format", "ndjson", "--host", "solo", join(FIXTURES, "generated-glibc-x86_64/wtmp")]);
    const lines = r.out.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(lines.length).toBe((await entriesOf([join(FIXTURES, "generated-glibc-x86_64/wtmp")])).length);
    expect(lines[0]).toMatchObject({ host: "solo", layout: "linux384-le", offset: 0, type: "BOOT_TIME", time: "2024-03-09T08:00:00.123456Z", zeroed: false });
  });
});

describe("times past int64 microseconds", () => {
  test("are null in Parquet's time column, the rest of the record exported", async () => {
    // musl's 64-bit ut_tv: 1e15 s is a safe integer, but 1e21 µs is past int64
    const seconds = [1_700_000_000, 1e15, -1e15, 9_223_372_036_855, 9_223_372_036_854];
    const path = join(root, "far-wtmp");
    writeFileSync(path, encode(seconds.map((s, k) => ({ type: "USER_PROCESS" as const, user: `u${k}`, line: "pts/1", seconds: s, microseconds: 5 })), "musl396-le"));
    const out = join(root, "far");
    const r = await run(["-o", out, "--host", "far", "--layout", "musl396-le", path]);
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    const got = await rows(`select "user", epoch_us(time::timestamptz)::varchar as us from read_parquet('${out}/*/*.parquet') order by "offset"`);
    // the last fits: 9,223,372,036,854,000,005 µs is below 2^63
    expect(got).toEqual([
      { user: "u0", us: "1700000000000005" }, { user: "u1", us: null }, { user: "u2", us: null }, { user: "u3", us: null },
      { user: "u4", us: "9223372036854000005" },
    ]);
  });
});

describe("refusals", () => {
  test("a non-empty output folder", async () => {
    const out = join(root, "busy");
    mkdirSync(out);
    writeFileSync(join(out, "x"), "");
    await expect(run(["-o", out, tree])).rejects.toBeInstanceOf(UtmpError);
  });
  test("usage errors", async () => {
    await expect(run(["--format", "xml", "-o", "x", tree])).rejects.toBeInstanceOf(CliError);
    await expect(run([tree])).rejects.toBeInstanceOf(CliError); // parquet needs -o
    await expect(run(["-o", join(root, "c"), "--codec", "lzo", tree])).rejects.toBeInstanceOf(CliError);
    await expect(run(["-o", join(root, "c"), "--rows-per-file", "0", tree])).rejects.toBeInstanceOf(CliError);
    await expect(run(["--follow", "-o", join(root, "c"), tree])).rejects.toBeInstanceOf(CliError);
    await expect(run(["-o", join(root, "c"), "--sessions", join(root, "c", "sessions"), tree])).rejects.toBeInstanceOf(CliError);
  });
  test("a missing input", async () => {
    await expect(run(["-o", join(root, "m"), join(root, "nothing")])).rejects.toBeInstanceOf(UtmpError);
  });
  test("a folder with no login record files in it or below, before anything is written", async () => {
    const empty = join(root, "empty-collection");
    mkdirSync(join(empty, "web1", "var", "log"), { recursive: true });
    writeFileSync(join(empty, "web1", "var", "log", "syslog"), "not records\n");
    await expect(run(["--format", "ndjson", "-o", join(root, "never.ndjson"), empty])).rejects.toThrow(/holds no login record files/);
    expect(existsSync(join(root, "never.ndjson"))).toBe(false);
  });
  test("a file that is not a login record file is reported, the rest exported, status 1", async () => {
    const junk = join(root, "wtmp-junk");
    writeFileSync(junk, Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) % 251)); // bytes no layout fits
    const r = await run(["--format", "ndjson", "-o", join(root, "partial.ndjson"), junk, join(FIXTURES, "generated-glibc-x86_64/wtmp")]);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/wtmp-junk/);
  });
  test("-o naming the input, or any file already there: refused, the file untouched", async () => {
    const wtmp = join(root, "wtmp-kept");
    copyFileSync(join(FIXTURES, "generated-glibc-x86_64/wtmp"), wtmp);
    const before = readFileSync(wtmp);
    for (const format of ["csv", "ndjson"]) {
      // opened with "w", -o wtmp truncated the wtmp before a record was read, and exited 0
      await expect(run(["--format", format, "-o", wtmp, wtmp])).rejects.toThrow(/exists: export writes a new file/);
      await expect(run(["--format", format, "--sessions", wtmp, "-o", "-", join(FIXTURES, "generated-glibc-x86_64/wtmp")])).rejects.toThrow(/exists/);
    }
    expect(readFileSync(wtmp)).toStrictEqual(before);
  });
  test("-o a device is written to", async () => {
    const r = await run(["--format", "csv", "-o", "/dev/null", join(FIXTURES, "generated-glibc-x86_64/wtmp")]);
    expect(r.status).toBe(0);
  });
  test("with no input readable, no output file is left behind", async () => {
    const junk = join(root, "wtmp-junk-only");
    writeFileSync(junk, Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) % 251));
    const out = join(root, "nothing.csv"), sessionsOut = join(root, "nothing-sessions.csv");
    const r = await run(["--format", "csv", "-o", out, "--sessions", sessionsOut, junk]);
    expect(r.status).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(sessionsOut)).toBe(false);
  });
});
