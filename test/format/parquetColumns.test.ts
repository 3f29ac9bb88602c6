// The column writer's paths the fixtures do not reach, read back by DuckDB: a
// file of mostly distinct users, hosts and addresses (the core then leaves those
// fields raw, and the dictionaries give way to PLAIN), with bytes that are not
// UTF-8, IPv4 and IPv6 addresses, and small row groups; written whole
// (toParquet) and a row at a time from transient batches (as `utmpx export`
// does), which must give the same bytes.
import { afterAll, beforeAll, expect, test } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { fromBytes } from "../../src/read/open.ts";
import { findLayout } from "../../src/layouts/table.ts";
import { toParquet } from "../../src/format/parquet.ts";
import { ParquetTable } from "../../src/format/parquetTable.ts";
import { RECORD_COLUMNS, type RecordRow } from "../../src/format/exportSchema.ts";
import type { Entry } from "../../src/core/entry.ts";
import { concatBytes } from "../../src/util/concatBytes.ts";
import { buildFile, rawType, type RecordValues } from "../support/fixtureBuilder.ts";

const layout = findLayout("linux384-le")!;
const COUNT = 20_000;

function records(): RecordValues[] {
  const out: RecordValues[] = [];
  for (let k = 0; k < COUNT; k++) {
    const distinct = k % 5 !== 0; // most values new, some repeated
    out.push({
      type: rawType(layout, k % 7 === 0 ? "DEAD_PROCESS" : "USER_PROCESS"),
      pid: k % 3 === 0 ? 4_000_000_000 - k : 1000 + (k % 50),
      user: distinct ? `user${k}` : k % 11 === 0 ? new Uint8Array([0x72, 0xff, 0xfe, 0x6f]) : "root",
      line: `pts/${k % 40}`,
      id: `s${k % 9}`,
      host: distinct ? `host-${k}.example.net` : k % 13 === 0 ? "h\u00e9te" : "",
      ...(k % 4 === 0 ? {} : { addr: k % 4 === 1 ? `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}` : `2001:db8::${k.toString(16)}` }),
      exit: { termination: k % 3, exit: k % 2 },
      session: k % 17 === 0 ? 0 : k * 7,
      seconds: 1_700_000_000 + k * 13,
      microseconds: (k * 7919) % 1_000_000,
    });
  }
  return out;
}

let dir: string;
let db: DuckDBConnection;
let bytes: Uint8Array;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "utmpx-parquet-columns-"));
  db = await (await DuckDBInstance.create(":memory:")).connect();
  bytes = buildFile(layout, records());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

const micros = (e: Entry) => BigInt(e.seconds) * 1_000_000n + BigInt(e.microseconds);

test("every field of every row equals the entry's, with raw fields and PLAIN strings", async () => {
  const db0 = fromBytes(bytes, { layout });
  const batches = [...db0.batches()];
  expect(batches.some((b) => b.isRaw("host") && b.isRaw("user"))).toBe(true); // the raw paths are taken
  const entries = batches.flatMap((b) => [...b]);
  const out = await toParquet(batches, { rowGroupSize: 3000, origin: { source: "s", host: "h" } });
  const file = join(dir, "all.parquet");
  writeFileSync(file, out);
  const encodings = await rows(`select distinct path_in_schema as c, encodings as e from parquet_metadata('${file}')`);
  expect(encodings.filter((r) => r.c === "ut_host").map((r) => r.e)).toContain("PLAIN");
  const got = await rows(`select "offset"::bigint as "offset", type, raw_type, "user", line, id, ut_host, addr, pid::bigint as pid,
    session::bigint as session, exit_termination, exit_status, epoch_us(time)::varchar as us, zeroed, host, source, layout from '${file}' order by "offset"`);
  expect(got.length).toBe(COUNT);
  const want = entries.map((e) => ({
    offset: String(e.offset), type: e.type, raw_type: e.rawType, user: e.user, line: e.line, id: e.id, ut_host: e.host,
    addr: e.addr || null, pid: String(e.pid), session: String(e.session), exit_termination: e.exit!.termination,
    exit_status: e.exit!.exit, us: String(micros(e)), zeroed: e.zeroed, host: "h", source: "s", layout: layout.id,
  }));
  for (let k = 0; k < COUNT; k++) if (JSON.stringify(got[k]) !== JSON.stringify(want[k])) expect(got[k]).toEqual(want[k]);
  const [stats] = await rows(`select min("user") as lo, max("user") as hi, count(distinct ut_host)::integer as hosts from '${file}'`);
  const users = entries.map((e) => e.user ?? "").sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  expect([stats!.lo, stats!.hi]).toEqual([users[0], users.at(-1)]);
  expect(stats!.hosts).toBe(new Set(entries.map((e) => e.host)).size);
});

test("a row at a time from transient batches writes the same bytes as whole batches", async () => {
  const whole = await toParquet(fromBytes(bytes, { layout }).batches(), { rowGroupSize: 3000, origin: { source: "s", host: "h" } });
  const parts: Uint8Array[] = [];
  const table = await ParquetTable.create(RECORD_COLUMNS, (chunk) => void parts.push(chunk), { rowGroupSize: 3000 });
  const origin = { source: "s", host: "h" };
  for (const batch of fromBytes(bytes, { layout }).batches(undefined, true)) {
    const row: RecordRow = { batch, i: 0, origin };
    for (let i = 0; i < batch.length; i++) {
      row.i = i;
      const wait = table.add(row);
      if (wait) await wait;
    }
  }
  await table.close();
  expect(Buffer.compare(concatBytes(parts), whole)).toBe(0);
});
