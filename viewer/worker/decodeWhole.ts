// The package's own way, for what reading in slices does not fit: a gzip
// archive (fromBlob gunzips it with the browser's DecompressionStream), a
// wtmpdb database, framed (utx.log) or lastlog layouts, and a file whose first
// MiB leaves the layout in doubt (the package then looks further). The file is
// read whole with arrayBuffer(), the fastest whole read measured (a stream
// copied into one buffer was twice as slow), then decoded from memory.
import { fromBlob, fromBytes } from "../../src/index.ts";
import type { Dictionary } from "./dictionary.ts";
import { addBatches, Warnings, type DecodeContext, type Decoded, type PlacedBatch } from "./decoding.ts";
import { ColumnsBuilder } from "./recordColumns.ts";

export async function decodeWhole(ctx: DecodeContext, dict: Dictionary): Promise<Decoded> {
  const started = performance.now();
  const whole = new Uint8Array(await ctx.blob.arrayBuffer());
  ctx.signal.throwIfAborted();
  const readMillis = performance.now() - started;
  ctx.post({ op: "progress", file: ctx.file, done: 0.5, total: 1 });
  const gzip = whole[0] === 0x1f && whole[1] === 0x8b;
  const warnings = new Warnings(ctx.name);
  const options = { layout: ctx.layout, onWarning: warnings.from(whole.length) };
  try {
    const db = gzip ? await fromBlob(new File([whole as Uint8Array<ArrayBuffer>], ctx.name), options) : fromBytes(whole, options);
    const layout = db.layout, d = db.detection;
    ctx.post({ op: "layout", file: ctx.file, layout: layout.id, confidence: d?.confidence, runnerUp: d?.runnerUp?.layout.id, gzip });
    const sized = !gzip && !layout.framing && layout.id !== "wtmpdb";
    const columns = new ColumnsBuilder(sized ? Math.ceil(whole.length / layout.recordSize) : 1024, dict);
    const batches: PlacedBatch[] = [];
    // the second half of the bar
    await addBatches(db, 0, columns, batches, ctx, (batch) => sized ? 0.5 + batch.offset / whole.length / 2 : 0.5);
    const onWarning = warnings.from(whole.length);
    for (const w of db.warnings) onWarning(w);
    return { gzip, columns, batches, layout, warnings: warnings.list, bytes: whole, readMillis };
  } catch (err) {
    if (err instanceof Error) err.message = warnings.named(err.message, whole.length);
    throw err;
  }
}
