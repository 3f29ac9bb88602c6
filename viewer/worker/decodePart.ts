// A big file decoded by two workers at once: the decoding worker reads and
// decodes its first part while a helper (helper.ts) does the rest, each with a reading
// worker of its own. Why: turning a million records into columns takes the
// worker 2-4 s, nearly all of it on one core; the machine has two. The
// helper hands back its columns and its dictionary's strings (transferred);
// the decoding worker maps those ids onto its own and appends the rows
// (ColumnsBuilder.append). The helper's batches cannot cross: the sessions and
// exports need the package's batches of the whole file, so the decoding worker
// decodes the rest again once the rows are on screen (decodeSliced.ts).
import { findLayout } from "../../src/index.ts";
import type { RecordColumns } from "../protocol.ts";
import { Dictionary } from "./dictionary.ts";
import { Warnings, type DecodeContext } from "./decoding.ts";
import { decodeRange } from "./decodeRange.ts";
import { buffersOf, ColumnsBuilder } from "./recordColumns.ts";
import { inHelper } from "./helper.ts";

/** What the decoding worker asks of its helper: the records of [start, end) of the blob. */
export interface PartRequest {
  readonly part: { readonly blob: Blob; readonly name: string; readonly layout: string; readonly start: number; readonly end: number };
}

/** The helper's replies: progress (bytes done so far), then the part's columns, or an error. */
export type PartReply =
  | { readonly done: number }
  | { readonly columns: RecordColumns; readonly strings: readonly string[]; readonly warnings: string[]; readonly readMillis: number }
  | { readonly error: string };

export interface Part {
  readonly columns: RecordColumns;
  /** The helper's dictionary: the columns' string ids index it. */
  readonly strings: readonly string[];
  readonly warnings: string[];
  readonly readMillis: number;
}

/** In the helper: decodes the part asked for and replies to the decoding worker. */
export async function runPart({ part }: PartRequest, reply: (m: PartReply, transfer?: Transferable[]) => void): Promise<void> {
  try {
    const layout = findLayout(part.layout);
    if (!layout) throw new Error(`unknown layout ${part.layout}`);
    const columns = new ColumnsBuilder(Math.ceil((part.end - part.start) / layout.recordSize), new Dictionary());
    const warnings = new Warnings(part.name);
    const ctx: DecodeContext = { file: 0, name: part.name, blob: part.blob, layout: part.layout, signal: new AbortController().signal, post: () => {} };
    const readMillis = await decodeRange(ctx, { layout, start: part.start, end: part.end, columns, batches: [], warnings,
      progress: () => 0, sliced: (end) => reply({ done: end - part.start }) });
    const out = columns.finish();
    reply({ columns: out, strings: columns.dictionary.all(), warnings: warnings.list, readMillis }, buffersOf(out));
  } catch (err) {
    reply({ error: err instanceof Error ? err.message : String(err) });
  }
}

/**
 * In the decoding worker: the part [start, end) decoded by a helper started
 * for it; `progress(bytes)` hears how far it got. Undefined when no helper can
 * be started (then the caller decodes alone).
 */
export function partInHelper(ctx: DecodeContext, layout: string, start: number, end: number, progress: (bytes: number) => void): Promise<Part> | undefined {
  let part: Part | undefined;
  const job = inHelper<PartReply>({ part: { blob: ctx.blob, name: ctx.name, layout, start, end } } satisfies PartRequest, ctx.signal, (m) => {
    if ("done" in m) { progress(m.done); return false; }
    if ("error" in m) throw new Error(m.error);
    part = m;
    return true;
  });
  return job?.then(() => part!);
}
