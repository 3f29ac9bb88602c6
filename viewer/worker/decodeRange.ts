// The slice loop that both halves of a file share: the bytes [start, end) of
// a file of fixed-size records read in slices (readSlices.ts), each decoded by
// the package with the layout chosen once, its batches appended to the
// columns (and kept) as it arrives. The decoding worker runs it over the first
// part of a big file, its helper over the rest (decodePart.ts).
import { fromBytes, type Layout } from "../../src/index.ts";
import { addBatches, type DecodeContext, type PlacedBatch, type Warnings } from "./decoding.ts";
import type { ColumnsBuilder } from "./recordColumns.ts";
import { readSlices } from "./readSlices.ts";

export interface Range {
  readonly layout: Layout;
  readonly start: number;
  readonly end: number;
  /** Where the rows go; none when only the batches are wanted (a part's, decoded again for the sessions). */
  readonly columns: ColumnsBuilder | undefined;
  readonly batches: PlacedBatch[];
  readonly warnings: Warnings;
  /** The share of the file done once the range is decoded up to `position` (the parts add up). */
  progress(position: number): number;
  /** Called after each slice, with where it ended in the file. */
  sliced?(end: number): void;
}

/** Decodes the range; the time (ms) spent waiting for the browser's bytes. */
export async function decodeRange(ctx: DecodeContext, r: Range): Promise<number> {
  const { layout } = r;
  let readMillis = 0;
  let waiting = performance.now();
  for await (const slice of readSlices(ctx.blob, r.start, r.end, layout.recordSize, ctx.signal)) {
    readMillis += performance.now() - waiting;
    const onWarning = r.warnings.from(slice.bytes.length, slice.at);
    try {
      const db = fromBytes(slice.bytes, { layout, onWarning });
      await addBatches(db, slice.at, r.columns, r.batches, ctx, (batch) => r.progress(slice.at + batch.offset + batch.length * layout.recordSize));
      for (const w of db.warnings) onWarning(w);
    } catch (err) {
      if (err instanceof Error) err.message = r.warnings.named(err.message, slice.bytes.length);
      throw err;
    }
    const end = slice.at + slice.bytes.length;
    slice.release();
    ctx.post({ op: "progress", file: ctx.file, done: r.progress(end), total: 1 });
    r.sliced?.(end);
    waiting = performance.now();
  }
  return readMillis;
}
