// The reads ahead (Database.batchesAhead, batchesBackwardAhead, stream(path))
// against the reads in turn on a file of several windows, for the runtimes whose
// own test runners have no vitest (Deno, Bun): each has its own asynchronous
// reads (fileAccess.ts openReader).
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { findLayout, open, stream, type EntryBatch } from "../../src/index.ts";
import { buildRecord } from "./fixtureBuilder.ts";

const layout = findLayout("linux384-le")!;
const text = new TextDecoder();

function rows(batches: readonly EntryBatch[]): string[] {
  const out: string[] = [];
  for (const b of batches) {
    out.push(`batch ${b.offset} ${b.length}`);
    for (let i = 0; i < b.length; i++) out.push(`${b.offsetOf(i)} ${b.columns.pid[i]} ${text.decode(b.fieldBytes("host", i))}`);
  }
  return out;
}

async function gather(batches: AsyncIterable<EntryBatch>): Promise<EntryBatch[]> {
  const out: EntryBatch[] = [];
  for await (const b of batches) out.push(b);
  return out;
}

/** Writes 10,000 records and a partial one to `path` (three windows), and checks every read ahead of it. */
export async function checkReadAhead(path: string): Promise<void> {
  const count = 10_000;
  const bytes = new Uint8Array(count * layout.recordSize + 50);
  for (let k = 0; k < count; k++) bytes.set(buildRecord(layout, { type: 7, user: "u", line: `pts/${k % 9}`, host: `h${k}`, pid: k, seconds: 1_700_000_000 + k }), k * layout.recordSize);
  writeFileSync(path, bytes);
  const warnings: string[] = [];
  const forward = await gather(stream(path, { onWarning: (w) => warnings.push(`${w.code} ${w.offset}`) }));
  assert.equal(forward.length, 3);
  assert.deepEqual(rows(forward), rows([...open(path).batches()]));
  assert.deepEqual(warnings, [`PARTIAL_RECORD ${count * layout.recordSize}`]);
  const db = open(path, { layout });
  const backward = await gather(db.batchesBackwardAhead());
  assert.deepEqual(rows(backward), rows([...db.batchesBackward()]));
  assert.equal(backward.reduce((n, b) => n + b.length, 0), count);
  for await (const _ of db.batchesBackwardAhead()) break; // leaving early closes the file (Deno's sanitizer checks)
}
