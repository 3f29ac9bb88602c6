// The rows the page shows, in its order, as one Parquet file of the package's
// record schema (README "Export schema"; the same columns `utmpx export`
// writes), through its toParquet(). Runs of rows of one batch become one
// picked batch, with each row's offset in its file (a slice's rows count
// from the slice) and its file's name as the source.
import { toParquet, type Entry, type EntryBatch } from "../../src/index.ts";
import type { Offsets } from "../protocol.ts";

export async function parquetRows(refs: Uint32Array, entriesOf: (file: number) => readonly Entry[] | undefined,
  offsetsOf: (file: number) => Offsets | undefined, names: readonly string[]): Promise<{ blob: Blob; rows: number; skipped: number }> {
  const batches: EntryBatch[] = [];
  const sources = new Map<EntryBatch, string>();
  let skipped = 0;
  let from: EntryBatch | undefined, file = -1, rows: number[] = [], offsets: number[] = [];
  const flush = () => {
    if (!from || rows.length === 0) return;
    const picked = from.pick(rows, Float64Array.from(offsets));
    batches.push(picked);
    sources.set(picked, names[file] ?? "");
    rows = [];
    offsets = [];
  };
  for (let k = 0; k + 1 < refs.length; k += 2) {
    const f = refs[k]!, row = refs[k + 1]!;
    const e = entriesOf(f)?.[row];
    if (!e) { skipped++; continue; }
    const batch = e.batch as EntryBatch;
    if (batch !== from || f !== file) { flush(); from = batch; file = f; }
    rows.push(e.index);
    offsets.push(offsetsOf(f)?.[row] ?? e.offset);
  }
  flush();
  const bytes = await toParquet(batches, { originOf: (b) => ({ source: sources.get(b as EntryBatch) ?? "" }) });
  const count = batches.reduce((n, b) => n + b.length, 0);
  return { blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "application/vnd.apache.parquet" }), rows: count, skipped };
}
