// What toParquet writes, read back by DuckDB (an engine that shares nothing
// with us or with hyparquet-writer): counts per type and user, min and max time
// to the microsecond and the byte offsets equal the package's own reading of
// fixtures of several layouts; every codec and small row groups read alike.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { stream } from "../../src/read/stream.ts";
import { sessions } from "../../src/sessions/sessions.ts";
import { toParquet, sessionsToParquet } from "../../src/format/parquet.ts";
import type { ParquetCodec } from "../../src/format/parquetCodecs.ts";
import { UtmpError } from "../../src/util/errors.ts";
import type { Entry } from "../../src/core/entry.ts";
import { FIXTURES } from "../support/paths.ts";
import { sha256 } from "../support/fixtures-shared.ts";
import { PARQUET_KNOWN_ANSWERS } from "./parquetKnownAnswers.ts";

const FILES = [
  "generated-glibc-x86_64/wtmp", "generated-glibc-x86_64/btmp", "generated-glibc-x86_64/utmp",
  "plaso/utmp_s390", "plaso/utmpx_mac", "s4/FreeBSD13.1/x86_64/utx.log", "s4/OpenBSD7.2/x86_32/utmp.1",
  "s4/NetBSD9.3/x86_64/utmpx", "wtmpdb/db/glibc.db",
];

let dir: string;
let db: DuckDBConnection;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "utmpx-parquet-"));
  db = await (await DuckDBInstance.create(":memory:")).connect();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

async function entriesOf(path: string): Promise<Entry[]> {
  const out: Entry[] = [];
  for await (const batch of stream(path)) out.push(...batch);
  return out;
}

const micros = (e: Entry) => BigInt(e.seconds) * 1_000_000n + BigInt(e.microseconds);
/** DuckDB's text of a UTC microsecond count ('2024-03-09 08:00:00.123456+00', fraction trimmed as DuckDB trims it). */
async function duckTime(us: bigint): Promise<string> {
  return String((await rows(`select make_timestamp(${us})::timestamptz::varchar as t`))[0]!.t);
}

let n = 0;
async function written(bytes: Uint8Array): Promise<string> {
  const path = join(dir, `f${n++}.parquet`);
  writeFileSync(path, bytes);
  return path;
}

describe.each(FILES)("%s through DuckDB", (name) => {
  test("counts per type and user, times and offsets equal ours", async () => {
    const path = join(FIXTURES, name);
    const entries = await entriesOf(path);
    const file = await written(await toParquet(stream(path), { origin: { source: name, host: "h" } }));

    const ours = new Map<string, number>();
    for (const e of entries) ours.set(`${e.type}\u0000${e.user ?? ""}`, (ours.get(`${e.type}\u0000${e.user ?? ""}`) ?? 0) + 1);
    const theirs = await rows(`select type, coalesce("user", '') as u, count(*)::integer as n from '${file}' group by all`);
    expect(new Map(theirs.map((r) => [`${r.type}\u0000${r.u}`, r.n]))).toEqual(ours);

    const [stats] = await rows(`select count(*)::integer as n, min(time)::varchar as lo, max(time)::varchar as hi,
      sum("offset")::varchar as offsets, count(distinct source)::integer as sources, any_value(layout) as layout from '${file}'`);
    expect(stats!.n).toBe(entries.length);
    expect(stats!.layout).toBe(entries[0]!.batch.layout.id);
    expect(stats!.offsets).toBe(String(entries.reduce((s, e) => s + BigInt(e.offset), 0n)));
    const times = entries.map(micros).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(stats!.lo).toBe(await duckTime(times[0]!));
    expect(stats!.hi).toBe(await duckTime(times.at(-1)!));
  });
});

test("every field of every row equals the entry's, on the glibc wtmp", async () => {
  const path = join(FIXTURES, "generated-glibc-x86_64/wtmp");
  const entries = await entriesOf(path);
  const file = await written(await toParquet(stream(path), { origin: { source: "wtmp", host: "h" } }));
  const got = await rows(`select "offset"::bigint as "offset", type, raw_type, "user", line, id, ut_host, addr, pid::bigint as pid,
    session::bigint as session, exit_termination, exit_status, epoch_us(time)::varchar as us, zeroed from '${file}' order by "offset"`);
  expect(got).toEqual(entries.map((e) => ({
    offset: String(e.offset), type: e.type, raw_type: e.rawType, user: e.user, line: e.line, id: e.id, ut_host: e.host,
    addr: e.addr || null, pid: String(e.pid), session: String(e.session), exit_termination: e.exit!.termination,
    exit_status: e.exit!.exit, us: String(micros(e)), zeroed: e.zeroed,
  })));
});

test.each(["SNAPPY", "GZIP", "ZSTD", "UNCOMPRESSED"] as ParquetCodec[])("%s: DuckDB reads it and sees the codec", async (codec) => {
  const path = join(FIXTURES, "generated-glibc-x86_64/wtmp");
  const file = await written(await toParquet(stream(path), { codec }));
  const [meta] = await rows(`select distinct compression from parquet_metadata('${file}')`);
  expect(meta!.compression).toBe(codec);
  expect((await rows(`select count(*)::integer as n from '${file}'`))[0]!.n).toBe((await entriesOf(path)).length);
});

test("small row groups: several in the file, the same rows", async () => {
  const path = join(FIXTURES, "generated-glibc-x86_64/wtmp");
  const file = await written(await toParquet(stream(path), { rowGroupSize: 5 }));
  const [groups] = await rows(`select count(distinct row_group_id)::integer as g from parquet_metadata('${file}')`);
  const count = (await entriesOf(path)).length;
  expect(groups!.g).toBe(Math.ceil(count / 5));
  expect((await rows(`select count(*)::integer as n from '${file}'`))[0]!.n).toBe(count);
});

test("row groups carry min/max of time (engines skip row groups by them), not of every column", async () => {
  const path = join(FIXTURES, "generated-glibc-x86_64/wtmp");
  const file = await written(await toParquet(stream(path)));
  const stats = await rows(`select path_in_schema as c, stats_min_value is not null as has from parquet_metadata('${file}')`);
  const has = Object.fromEntries(stats.map((r) => [r.c, r.has]));
  expect(has).toMatchObject({ time: true, type: true, user: true, offset: true, addr: false, ut_host: false });
});

test("an unknown codec is a UtmpError", async () => {
  await expect(toParquet([], { codec: "LZO" as ParquetCodec })).rejects.toBeInstanceOf(UtmpError);
});

test("no batches: a valid empty file", async () => {
  const file = await written(await toParquet([]));
  expect((await rows(`select count(*)::integer as n from '${file}'`))[0]!.n).toBe(0);
});

test("sessions: per status and kind, as sessions() has them", async () => {
  const path = join(FIXTURES, "generated-glibc-x86_64/wtmp");
  const list = sessions(await entriesOf(path));
  const file = await written(await sessionsToParquet(list, { host: "h", source: "wtmp" }));
  const ours = new Map<string, number>();
  for (const s of list) ours.set(`${s.kind}/${s.status}`, (ours.get(`${s.kind}/${s.status}`) ?? 0) + 1);
  const theirs = await rows(`select kind || '/' || status as k, count(*)::integer as n from '${file}' group by all`);
  expect(new Map(theirs.map((r) => [r.k, r.n]))).toEqual(ours);
  const [durations] = await rows(`select sum(duration_us)::varchar as d from '${file}' where logout is not null`);
  const sum = list.filter((s) => s.logout).reduce((t, s) => t + (BigInt(s.logout!.seconds) * 1_000_000n + BigInt(s.logout!.microseconds)) - (BigInt(s.login.seconds) * 1_000_000n + BigInt(s.login.microseconds)), 0n);
  expect(durations!.d).toBe(String(sum));
});

test.each(PARQUET_KNOWN_ANSWERS)("%s: the bytes the browser test expects, which DuckDB reads whole", async (fixture, digest) => {
  const bytes = await toParquet(stream(join(FIXTURES, fixture)), { origin: { source: fixture, host: "browser" } });
  expect(await sha256(bytes)).toBe(digest);
  const file = await written(bytes);
  expect((await rows(`select count(*)::integer as n from '${file}' where host = 'browser'`))[0]!.n).toBe((await entriesOf(join(FIXTURES, fixture))).length);
});

// Entries given where batches are wanted made a valid file of no rows, without a word.
describe("toParquet of what is not batches", () => {
  test("is a TypeError that says what to give", async () => {
    const { fromBytes, encode } = await import("../../src/index.ts");
    const db = fromBytes(encode([{ type: "USER_PROCESS", user: "u", line: "pts/1", seconds: 1_700_000_000 }], "linux384-le"));
    const error = await toParquet([...db] as never).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe("utmpx: Parquet rows come from batches (db.batches(), stream(), openAll()), and item 0 is an Entry");
    expect((await toParquet([...db.batches()])).length).toBeGreaterThan(0);
  });
});
