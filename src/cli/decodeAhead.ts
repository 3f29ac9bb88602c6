// `last` on a large file, on two cores: a worker thread reads and decodes the
// file's windows, newest first, while this thread pairs and prints the ones it
// already has. Of last's work on a million records, reading and decoding is
// about 0.6 s and pairing and printing about 0.9 s: overlapped, the wall time
// is nearer the larger than the sum (measured in `npm run bench`).
//
// The worker is this same bundled script (dist/cli/main.js) started again with
// a tag in its workerData; main.ts serves the tag instead of running a command.
// Each batch crosses as its own buffers, transferred, not copied: the columns
// (one buffer), the raw string bytes, and the strings interned since the last
// batch (StringTable.blockSince), which this side adds to its mirror of the
// worker's table. At most DEPTH batches are in flight, so memory stays bounded
// by the window size, not the file.
import { Worker, isMainThread, workerData, parentPort } from "node:worker_threads";
import { EntryBatch, type EntryColumns, type RawStrings } from "../batch.ts";
import { UtmpError, type UtmpErrorCode, type UtmpWarning } from "../errors.ts";
import type { Layout } from "../layouts.ts";
import { StringTable, type StringBlock } from "../stringTable.ts";
import { NewestFirstFile, type PlacedBatch } from "../sessions/newestFirst.ts";

const TAG = "utmpx-decode-ahead";
/** Batches the worker may have decoded and not yet seen acknowledged. */
const DEPTH = 4;
/** Files smaller than this are read on this thread: starting a worker (~50 ms) would not pay. */
export const AHEAD_MIN_BYTES = 32 << 20;

interface Request {
  readonly tag: typeof TAG;
  readonly path: string;
  readonly layout: string;
  readonly skipZeroed: boolean;
}

type Message =
  | {
    kind: "batch"; offset: number; length: number; firstIndex: number; columns: EntryColumns;
    recordOffsets: Float64Array | undefined; raw: RawStrings | undefined; strings: StringBlock | undefined;
  }
  | { kind: "warning"; warning: UtmpWarning }
  | { kind: "error"; code: UtmpErrorCode; message: string; path: string | undefined; offset: number | undefined }
  | { kind: "end" };

/** Whether this script can start itself as the worker: only the bundled CLI (a .js file) in Node's main thread. */
export function canDecodeAhead(): boolean {
  return isMainThread && import.meta.url.endsWith(".js") && typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string";
}

/** Whether this thread was started to decode for another (main.ts then serves it). */
export function isDecodeAheadWorker(): boolean {
  return !isMainThread && (workerData as Partial<Request> | undefined)?.tag === TAG;
}

/**
 * The batches of the plain file at `path` (a fixed-size `layout`: framed files
 * and .gz are read by NewestFirstFile itself), last window first, decoded on a
 * worker thread. Leaving early stops the worker.
 */
export async function* decodeAhead(path: string, layout: Layout, options: { skipZeroed: boolean; onWarning?: ((w: UtmpWarning) => void) | undefined }): AsyncGenerator<PlacedBatch, void, undefined> {
  const request: Request = { tag: TAG, path, layout: layout.id, skipZeroed: options.skipZeroed };
  const worker = new Worker(new URL(import.meta.url), { workerData: request });
  const inbox: Message[] = [];
  let wake: (() => void) | undefined;
  let failure: unknown;
  const arrive = () => { const w = wake; wake = undefined; w?.(); };
  worker.on("message", (m: Message) => { inbox.push(m); arrive(); });
  worker.on("error", (err) => { failure = err; arrive(); });
  worker.on("exit", () => { inbox.push({ kind: "end" }); arrive(); });
  let strings = new StringTable(-1);
  let batches = 0;
  try {
    for (;;) {
      if (inbox.length === 0 && failure === undefined) await new Promise<void>((resolve) => (wake = resolve));
      if (failure !== undefined) throw failure;
      const m = inbox.shift()!;
      if (m.kind === "end") return;
      if (m.kind === "warning") { options.onWarning?.(m.warning); continue; }
      if (m.kind === "error") throw new UtmpError(m.code, m.message, { path: m.path, offset: m.offset });
      if (m.strings) {
        if (m.strings.generation !== strings.generation) strings = new StringTable(m.strings.generation);
        strings.addBlock(m.strings);
      }
      batches++;
      yield { batch: new EntryBatch(layout, m.offset, m.length, m.columns, strings, m.recordOffsets, m.raw), firstIndex: m.firstIndex };
      worker.postMessage("ack");
    }
  } finally {
    await worker.terminate();
    // for tests, which must know the worker ran
    const env = (globalThis as { process?: { env?: Record<string, string | undefined>; stderr?: { write(s: string): void } } }).process;
    if (env?.env?.UTMPX_AHEAD_TRACE) env.stderr?.write(`utmpx: ${path}: ${batches} batches decoded on a worker thread\n`);
  }
}

/** The worker's side: decodes the file the request names and posts its batches, DEPTH at most ahead. */
export async function serveDecodeAhead(): Promise<void> {
  const request = workerData as Request;
  const port = parentPort!;
  let inFlight = 0;
  let acked: (() => void) | undefined;
  port.on("message", () => { inFlight--; const a = acked; acked = undefined; a?.(); });
  const post = (m: Message, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  const file = new NewestFirstFile(request.path, {
    layout: request.layout, skipZeroed: request.skipZeroed,
    onWarning: (warning) => post({ kind: "warning", warning: { ...warning } }),
  });
  let table: StringTable | undefined;
  let sent = 1;
  try {
    for await (const { batch, firstIndex } of file.batches()) {
      if (batch.strings !== table) { table = batch.strings; sent = 1; }
      const strings = table.size > sent ? table.blockSince(sent) : undefined;
      sent = table.size;
      // every array is the batch's own (not a view of the core's memory): hand the buffers over
      const arrays: ArrayBufferView[] = [...Object.values(batch.columns) as ArrayBufferView[]];
      if (batch.recordOffsets) arrays.push(batch.recordOffsets);
      if (batch.raw) arrays.push(batch.raw.bytes, batch.raw.starts);
      if (strings) arrays.push(strings.data, strings.spans);
      const transfer = [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
      post({
        kind: "batch", offset: batch.offset, length: batch.length, firstIndex, columns: batch.columns,
        recordOffsets: batch.recordOffsets, raw: batch.raw, strings,
      }, transfer);
      if (++inFlight >= DEPTH) await new Promise<void>((resolve) => (acked = resolve));
    }
  } catch (err) {
    if (!(err instanceof UtmpError)) throw err;
    post({ kind: "error", code: err.code, message: err.message, path: err.path, offset: err.offset });
  }
  post({ kind: "end" });
  port.close();
}
