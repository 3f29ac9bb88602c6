// toParquet of batches from several files, each batch with its own source
// (originOf), and of picked rows given their offsets in their file (a viewer's
// records decoded from a slice count from the slice): DuckDB reads back each
// row's source, offset, user and time, in the order written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { fromBytes, toParquet, type EntryBatch } from "../../src/index.ts";
import { FIXTURES } from "../support/paths.ts";

let dir: string;
let db: DuckDBConnection;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "utmpx-parquet-origins-"));
  db = await (await DuckDBInstance.create(":memory:")).connect();
});
afterAll(() => { db.closeSync(); rmSync(dir, { recursive: true, force: true }); });

const batchesOf = (path: string) => [...fromBytes(new Uint8Array(readFileSync(join(FIXTURES, path)))).batches({ includeZeroed: true })];

describe("toParquet with originOf and picked batches", () => {
  it("writes each batch's source and each picked row's given offset", async () => {
    const wtmp = batchesOf("generated-glibc-x86_64/wtmp");
    const btmp = batchesOf("generated-glibc-x86_64/btmp");
    // rows in an order of our own, interleaving the files, offsets as if the records came 1 MiB into their file
    const picked: EntryBatch[] = [];
    const want: { source: string; offset: string; user: string | undefined; us: string }[] = [];
    const sources = new Map<EntryBatch, string>();
    for (let k = 0; k < 6; k++) {
      const name = k % 2 === 0 ? "wtmp" : "btmp";
      const batch = k % 2 === 0 ? wtmp[0]! : btmp[0]!;
      const rows = [k, k + 2].filter((r) => r < batch.length).reverse();
      const offsets = Float64Array.from(rows, (r) => (1 << 20) + batch.offsetOf(r));
      const p = batch.pick(rows, offsets);
      picked.push(p);
      sources.set(p, name);
      for (const [j, r] of rows.entries()) {
        const e = batch.get(r)!;
        want.push({ source: name, offset: String(offsets[j]), user: e.user, us: String(e.seconds * 1_000_000 + e.microseconds) });
      }
    }
    const path = join(dir, "origins.parquet");
    writeFileSync(path, await toParquet(picked, { origin: { host: "h1" }, originOf: (b) => ({ source: sources.get(b as EntryBatch) ?? "" }) }));
    const got = (await db.runAndReadAll(`SELECT source, host, "offset", "user", epoch_us("time") AS us FROM read_parquet('${path}')`)).getRowObjectsJson();
    expect(got).toEqual(want.map((w) => ({ source: w.source, host: "h1", offset: w.offset, user: w.user, us: w.us })));
    expect(new Set(got.map((r) => r.source))).toEqual(new Set(["wtmp", "btmp"]));
  });

  it("refuses offsets that do not match the rows", () => {
    const batch = batchesOf("generated-glibc-x86_64/wtmp")[0]!;
    expect(() => batch.pick([0, 1], Float64Array.of(0))).toThrow(RangeError);
  });
});
