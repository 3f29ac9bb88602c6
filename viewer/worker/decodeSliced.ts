// A file of fixed-size records read in slices and each slice decoded as soon
// as it arrives (readSlices.ts asks for the next one first), so the browser's
// handing over of the bytes and the decoding overlap, and the first rows can
// be shown while the rest is read. The layout is chosen once, as the package
// chooses it: detect() on the first MiB with the file's size; each slice is
// then decoded with that layout given. A big file's second half is decoded
// meanwhile by a helper worker (decodePart.ts).
import { detect, findLayout, type Detection, type Layout } from "../../src/index.ts";
import type { RecordColumns } from "../protocol.ts";
import type { Dictionary } from "./dictionary.ts";
import { Warnings, type DecodeContext, type Decoded, type PlacedBatch } from "./decoding.ts";
import { ColumnsBuilder } from "./recordColumns.ts";
import { decodeRange } from "./decodeRange.ts";
import { partInHelper, type Part } from "./decodePart.ts";

/** What the package's detection reads first (its DETECTION_BYTES). */
const HEAD_BYTES = 1 << 20;
/** Below this confidence the package looks at more of the file (its RETRY_CONFIDENCE): left to it (decodeWhole). */
const SURE = 0.6;
/**
 * From this size a helper decodes the second half. Below it a helper's start
 * (a second copy of the worker and of the wasm core, ~0.1 s) and the second
 * decoding of its half for the sessions cost more than they save.
 */
export const SPLIT_BYTES = 32 << 20;

export interface SlicePlan { readonly layout: Layout; readonly detection: Detection | undefined }

/**
 * The layout to read the file in slices with; undefined when the package's
 * own way is needed (decodeWhole.ts): an archive, a database, a framed or
 * lastlog layout, no layout or a doubtful one (its error messages and second
 * look are the package's).
 */
export async function slicePlan(ctx: DecodeContext): Promise<SlicePlan | undefined> {
  const head = new Uint8Array(await ctx.blob.slice(0, HEAD_BYTES).arrayBuffer());
  if (head[0] === 0x1f && head[1] === 0x8b) return undefined;
  let layout: Layout | undefined, detection: Detection | undefined;
  if (ctx.layout !== undefined) layout = findLayout(ctx.layout);
  else {
    detection = detect(head, { size: ctx.blob.size });
    if (!detection.unsupported && detection.confidence >= SURE) layout = detection.layout;
  }
  if (!layout || layout.kind !== "records" || layout.framing || layout.id === "wtmpdb" || layout.recordSize <= 0) return undefined;
  return { layout, detection };
}

/**
 * Decodes the file slice by slice; `firstRows` gets a copy of the first
 * slice's rows. `split`: where the helper's part begins (SPLIT_BYTES and up:
 * the middle record), or none.
 */
export async function decodeSliced(ctx: DecodeContext, dict: Dictionary, plan: SlicePlan,
  firstRows: (columns: RecordColumns) => void, split = splitAt(ctx.blob.size, plan.layout.recordSize)): Promise<Decoded> {
  const { layout, detection: d } = plan;
  const size = ctx.blob.size;
  ctx.post({ op: "layout", file: ctx.file, layout: layout.id, confidence: d?.confidence, runnerUp: d?.runnerUp?.layout.id, gzip: false });
  const columns = new ColumnsBuilder(Math.ceil(size / layout.recordSize), dict);
  const batches: PlacedBatch[] = [];
  const warnings = new Warnings(ctx.name);
  let helped = 0;
  let part: Promise<Part> | undefined;
  const mine = split ?? size;
  let first = true;
  const range = (start: number, end: number) => decodeRange(ctx, { layout, start, end, columns, batches, warnings,
    progress: (position) => (position + helped) / size,
    sliced: (end) => {
      if (!first) return;
      first = false;
      if (end < size) firstRows(columns.snapshot());
      // the helper starts once the first rows are out: its start (a worker, the wasm core) would delay them
      part = split === undefined ? undefined : partInHelper(ctx, layout.id, split, size, (bytes) => { helped = bytes; });
      part?.catch(() => {}); // a failure is met where it is awaited
    } });
  let readMillis = await range(0, mine);
  if (!part) {
    // no helper (none could start, or a small file): the rest here
    if (mine < size) readMillis += await range(mine, size);
    return { gzip: false, columns, batches, warnings: warnings.list, readMillis, rest: undefined };
  }
  const theirs = await part;
  ctx.signal.throwIfAborted();
  columns.append(theirs.columns, dict.ids(theirs.strings));
  for (const w of theirs.warnings) warnings.add(w);
  readMillis = Math.max(readMillis, theirs.readMillis);
  // the helper's batches stayed with it: decoded again here, for the sessions and exports (its warnings are had)
  const rest = async () => {
    const more: PlacedBatch[] = [];
    await decodeRange(ctx, { layout, start: split!, end: size, columns: undefined, batches: more, warnings: new Warnings(ctx.name), progress: () => 1 });
    return more;
  };
  return { gzip: false, columns, batches, warnings: warnings.list, readMillis, rest };
}

/**
 * Where a helper's part of a file of `size` bytes begins: its middle record;
 * none for a small file, or on one core (a helper would only take turns).
 */
export function splitAt(size: number, recordSize: number, cores = navigator.hardwareConcurrency || 1): number | undefined {
  if (size < SPLIT_BYTES || cores < 2) return undefined;
  return Math.floor(size / recordSize / 2) * recordSize;
}
