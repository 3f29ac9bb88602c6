// The published schema, as DuckDB reads it from our files: a change to a column
// (its name, type or nullability) fails here, and must be a deliberate change of
// the README's schema table.
import { expect, test } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { stream } from "../../src/read/stream.ts";
import { sessions } from "../../src/sessions/sessions.ts";
import { toParquet, sessionsToParquet } from "../../src/format/parquet.ts";
import type { Entry } from "../../src/core/entry.ts";
import { FIXTURES } from "../support/paths.ts";

async function describeFile(bytes: Uint8Array): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-schema-"));
  try {
    const path = join(dir, "f.parquet");
    writeFileSync(path, bytes);
    const db = await (await DuckDBInstance.create(":memory:")).connect();
    const meta = (await db.runAndReadAll(`select name, duckdb_type, repetition_type from parquet_schema('${path}') where name <> 'duckdb_schema' and num_children is null`)).getRowObjectsJson();
    return meta.map((r) => `${r.name} ${r.repetition_type} ${(r as { duckdb_type?: string }).duckdb_type ?? ""}`.trim());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const WTMP = join(FIXTURES, "generated-glibc-x86_64/wtmp");

test("records", async () => {
  expect(await describeFile(await toParquet(stream(WTMP)))).toEqual([
    "host REQUIRED VARCHAR", "source REQUIRED VARCHAR", "layout REQUIRED VARCHAR", "offset REQUIRED BIGINT",
    "type REQUIRED VARCHAR", "raw_type OPTIONAL INTEGER", "user OPTIONAL VARCHAR", "line OPTIONAL VARCHAR",
    "id OPTIONAL VARCHAR", "ut_host OPTIONAL VARCHAR", "addr OPTIONAL VARCHAR", "pid OPTIONAL BIGINT",
    "session OPTIONAL BIGINT", "exit_termination OPTIONAL INTEGER", "exit_status OPTIONAL INTEGER",
    "time OPTIONAL TIMESTAMP WITH TIME ZONE", "zeroed REQUIRED BOOLEAN",
  ]);
});

test("sessions", async () => {
  const entries: Entry[] = [];
  for await (const b of stream(WTMP)) entries.push(...b);
  expect(await describeFile(await sessionsToParquet(sessions(entries)))).toEqual([
    "host REQUIRED VARCHAR", "kind REQUIRED VARCHAR", "status REQUIRED VARCHAR", "user REQUIRED VARCHAR",
    "line REQUIRED VARCHAR", "ut_host REQUIRED VARCHAR", "addr OPTIONAL VARCHAR", "pid OPTIONAL BIGINT",
    "login REQUIRED TIMESTAMP WITH TIME ZONE", "logout OPTIONAL TIMESTAMP WITH TIME ZONE", "duration_us OPTIONAL BIGINT",
    "open_source REQUIRED VARCHAR", "open_offset REQUIRED BIGINT", "close_source OPTIONAL VARCHAR", "close_offset OPTIONAL BIGINT",
  ]);
});
