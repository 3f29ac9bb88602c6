// A file of fixed-size records read in slices and each slice decoded as soon
// as it arrives (readSlices.ts asks for the next one first), so the browser's
// handing over of the bytes and the decoding overlap, and the first rows can
// be shown while the rest is read. The layout is chosen once, as the package
// chooses it: detect() on the first MiB with the file's size; each slice is
// then decoded with that layout given.
import { detect, findLayout, fromBytes, type Detection, type Layout } from "../../src/index.ts";
import type { RecordColumns, TimeTexts } from "../protocol.ts";
import type { Dictionary } from "./dictionary.ts";
import { addBatches, breather, Warnings, type DecodeContext, type Decoded, type PlacedBatch } from "./decoding.ts";
import { ColumnsBuilder } from "./recordColumns.ts";
import { isWal } from "./decodeWhole.ts";
import { readSlices } from "./readSlices.ts";

/** What the package's detection reads first (its DETECTION_BYTES). */
const HEAD_BYTES = 1 << 20;
/** Below this confidence the package looks at more of the file (its RETRY_CONFIDENCE): left to it (decodeWhole). */
const SURE = 0.6;

export interface SlicePlan { readonly layout: Layout; readonly detection: Detection | undefined }

/**
 * The layout to read the file in slices with; undefined when the package's
 * own way is needed (decodeWhole.ts): an archive, a database, a framed or
 * lastlog layout, no layout or a doubtful one (its error messages and second
 * look are the package's).
 */
export async function slicePlan(ctx: DecodeContext): Promise<SlicePlan | undefined> {
  const head = new Uint8Array(await ctx.blob.slice(0, HEAD_BYTES).arrayBuffer());
  if ((head[0] === 0x1f && head[1] === 0x8b) || isWal(head)) return undefined;
  let layout: Layout | undefined, detection: Detection | undefined;
  if (ctx.layout !== undefined) layout = findLayout(ctx.layout);
  else {
    detection = detect(head, { size: ctx.blob.size });
    if (!detection.unsupported && detection.confidence >= SURE) layout = detection.layout;
  }
  if (!layout || layout.kind !== "records" || layout.framing || layout.id === "wtmpdb" || layout.recordSize <= 0) return undefined;
  return { layout, detection };
}

/** Decodes the file slice by slice; `firstRows` gets a copy of the first slice's rows. */
export async function decodeSliced(ctx: DecodeContext, dict: Dictionary, plan: SlicePlan,
  firstRows: (columns: RecordColumns, timeTexts: TimeTexts) => void): Promise<Decoded> {
  const { layout, detection: d } = plan;
  const size = ctx.blob.size;
  ctx.post({ op: "layout", file: ctx.file, layout: layout.id, confidence: d?.confidence, runnerUp: d?.runnerUp?.layout.id, gzip: false });
  const columns = new ColumnsBuilder(Math.ceil(size / layout.recordSize), dict, layout, size);
  const warnings = new Warnings(ctx.name);
  let first = true;
  let readMillis = 0;
  let waiting = performance.now();
  for await (const slice of readSlices(ctx.blob, 0, layout.recordSize, ctx.signal, () => columns.touchAhead())) {
    readMillis += performance.now() - waiting;
    const onWarning = warnings.from(slice.bytes.length, slice.at);
    try {
      const db = fromBytes(slice.bytes, { layout, onWarning });
      await addBatches(db, slice.at, columns, undefined, ctx, (batch) => (slice.at + batch.offset + batch.length * layout.recordSize) / size);
      for (const w of db.warnings) onWarning(w);
    } catch (err) {
      if (err instanceof Error) err.message = warnings.named(err.message, slice.bytes.length);
      throw err;
    }
    const end = slice.at + slice.bytes.length;
    slice.release();
    if (first && end < size) firstRows(columns.snapshot(), [...columns.timeTexts]);
    first = false;
    ctx.post({ op: "progress", file: ctx.file, done: end / size, total: 1 });
    waiting = performance.now();
  }
  return { gzip: false, columns, batches: undefined, layout, warnings: warnings.list, bytes: undefined, readMillis };
}

/**
 * The batches of a file whose columns decodeSliced() made (it keeps none),
 * kept this time: its slices read and decoded again, for the sessions and
 * exports. Read again rather than kept from the first reading so that the rows
 * show sooner; read in slices, through the reader's reused buffers, rather
 * than from the whole bytes the audit reads later, because a fresh buffer of
 * the file's size costs ~5 ms per MB to fill on this machine.
 */
export async function sliceBatches(ctx: DecodeContext, layout: Layout): Promise<PlacedBatch[]> {
  const batches: PlacedBatch[] = [];
  for await (const slice of readSlices(ctx.blob, 0, layout.recordSize, ctx.signal)) {
    for (const batch of fromBytes(slice.bytes, { layout }).batches({ includeZeroed: true })) batches.push({ batch, base: slice.at });
    slice.release();
    await breather();
    ctx.signal.throwIfAborted();
  }
  return batches;
}
