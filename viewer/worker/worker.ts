// The decoding worker: files in, columns out. Everything slow happens here
// (reading, gunzip, decoding, pairing sessions, hashing), so the page keeps
// drawing while a 400 MB wtmp is read; the page can cancel a file mid-read.
// A file of fixed-size records is read and decoded in slices, its first rows
// sent ahead (decodeSliced.ts); anything else the package's own way
// (decodeWhole.ts). A file's batches are kept, for the sessions and exports
// (a file read in slices is read again for them once its rows are on screen:
// see decoding.ts).
// Last, the package's audit runs over every file read (auditFindings.ts).
import { Entry, init } from "../../src/index.ts";
import type { FromWorker, NewTexts, Offsets, RecordColumns, TimeTexts, ToWorker } from "../protocol.ts";
import { Dictionary, textBuffers } from "./dictionary.ts";
import { buffersOf } from "./recordColumns.ts";
import { sessionColumns } from "./sessionColumns.ts";
import { auditFiles, type AuditFile } from "./auditFindings.ts";
import { exportRows } from "./exportView.ts";
import { parquetRows } from "./exportParquet.ts";
import { rawBytes } from "./rawBytes.ts";
import { breather, type DecodeContext, type PlacedBatch } from "./decoding.ts";
import { decodeSliced, sliceBatches, slicePlan } from "./decodeSliced.ts";
import { readerAhead } from "./readSlices.ts";
import { decodeWhole } from "./decodeWhole.ts";
import { readWhole } from "./readWhole.ts";
import { sha256Hex } from "./sha256.ts";
import { warmUp } from "./warmUp.ts";
import { detachOnce } from "./detachOnce.ts";

interface Opened {
  name: string; blob: Blob; wal: Blob | undefined; gzip: boolean; btmp: boolean; layout: string | undefined;
  offsets: Offsets; entries?: Entry[];
  /** Undefined until `batchesReady` settles. */
  batches?: PlacedBatch[] | undefined;
  batchesReady: Promise<void>;
}

readerAhead();

const dict = new Dictionary();
const files = new Map<number, Opened>();
const running = new Map<number, AbortController>();
/** The files whose rows are still being read and decoded (until their rows are sent). */
const decoding = new Set<number>();

/**
 * Resolves once no file is being decoded. Why: a file's hash takes seconds
 * for a million records, after its rows, sessions and findings; a file dropped
 * meanwhile shared this worker with it: a second 1M-record file came on
 * screen after 7.8 s (4.5 s with this and the page's narrower merge, store.ts;
 * ~2.5 s alone). The hash waits for it.
 */
async function noneDecoding(): Promise<void> {
  while (decoding.size > 0) await new Promise((resolve) => setTimeout(resolve, 50));
}

// the core compiled, a reading worker started and the decoding path compiled while the page waits for
// a file, not after it is dropped; the page is told when (the benchmark hands a file over then, as a
// user does some seconds after the page opens). A file that comes first stops the warm-up.
void init().then(detachOnce).then(() => warmUp(() => running.size > 0, breather)).catch(() => undefined).then(() => post({ op: "ready" }));

function post(message: FromWorker, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(message, transfer);
}

/** The messages that carry the dictionary's new texts, without them. */
type WithoutTexts<M> = M extends { texts: readonly NewTexts[] } ? Omit<M, "texts"> : never;

/** Posts `message` with the texts the dictionary took in since the last such message, so the page knows every id it names. */
function postWithTexts(message: WithoutTexts<FromWorker>, transfer: Transferable[] = []): void {
  const texts = dict.unsent();
  post({ ...message, texts } as FromWorker, [...transfer, ...textBuffers(texts)]);
}

/** Per file whose rows were sent: wakes its wait for the page's "shown". */
const shownWaits = new Map<number, () => void>();
/** How long a file's next steps wait for the page to say its rows are shown (a hidden page paints no frame). */
const SHOWN_WAIT_MS = 1000;

/**
 * Waits until the page says file `file`'s rows are on screen, or a second has
 * passed. Why: the second read that follows (the sessions' batches) takes the
 * reading worker, the browser and this worker, and the page's merge, sort and
 * first paint of a million rows waited for the cores meanwhile (100-200 ms more
 * to screen, measured).
 */
function shownOrLate(file: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => { clearTimeout(timer); shownWaits.delete(file); resolve(); };
    const timer = setTimeout(done, SHOWN_WAIT_MS);
    shownWaits.set(file, done);
  });
}

/** A file's entries, made when first needed (sessions, exports): the table itself reads columns only. */
function entriesOf(file: number): Entry[] | undefined {
  const f = files.get(file);
  if (!f?.batches) return undefined;
  if (!f.entries) {
    const entries: Entry[] = [];
    for (const { batch } of f.batches) for (let i = 0; i < batch.length; i++) entries.push(new Entry(batch, i));
    f.entries = entries;
  }
  return f.entries;
}

async function open(m: Extract<ToWorker, { op: "open" }>): Promise<void> {
  const control = new AbortController();
  const signal = control.signal;
  running.set(m.file, control);
  decoding.add(m.file);
  const started = performance.now();
  const ctx: DecodeContext = { file: m.file, name: m.name, blob: m.blob, wal: m.wal, layout: m.layout, signal, post };
  try {
    const plan = await slicePlan(ctx);
    const firstRows = (columns: RecordColumns, timeTexts: TimeTexts) => postWithTexts({ op: "records", file: m.file, partial: true,
      count: columns.offset.length, columns, timeTexts, warnings: [], millis: performance.now() - started, readMillis: 0 }, buffersOf(columns));
    const decoded = plan ? await decodeSliced(ctx, dict, plan, firstRows) : await decodeWhole(ctx, dict);
    const decodeMillis = performance.now() - started;
    const records = decoded.columns.finish();
    // the offsets copied before the columns are transferred away: for exports and the audit's findings
    let batchesKept!: (batches: PlacedBatch[] | undefined) => void;
    const opened: Opened = { name: m.name, blob: m.blob, wal: m.wal, gzip: decoded.gzip, btmp: m.btmp, layout: m.layout, offsets: records.offset.slice(),
      batchesReady: new Promise<PlacedBatch[] | undefined>((resolve) => { batchesKept = resolve; }).then((b) => { opened.batches = b; }) };
    signal.throwIfAborted(); // forgotten meanwhile (a forget deletes only what is there): not kept
    files.set(m.file, opened);
    post({ op: "progress", file: m.file, done: 1, total: 1 });
    decoding.delete(m.file);
    postWithTexts({ op: "records", file: m.file, partial: false, count: decoded.columns.length, columns: records, timeTexts: decoded.columns.timeTexts,
      warnings: decoded.warnings, millis: decodeMillis, readMillis: decoded.readMillis }, buffersOf(records));
    // the table is on screen; the timeline's sessions, the findings and the hash follow. A file read
    // in slices is read in slices again for its batches (sessions, exports), then whole (the audit, the hash)
    try {
      if (!decoded.batches) await shownOrLate(m.file);
      batchesKept(decoded.batches ?? await sliceBatches(ctx, decoded.layout));
    } finally {
      batchesKept(undefined); // a failure or a cancel: exports waiting on the batches go on without them
    }
    await breather();
    signal.throwIfAborted();
    const sessions = sessionColumns(opened.batches!.map((p) => p.batch), m.btmp, dict);
    postWithTexts({ op: "sessions", file: m.file, sessions }, buffersOf(sessions));
    // the hash and the audit read the file from one buffer
    const bytes = decoded.bytes ?? await readWhole(m.blob, signal);
    signal.throwIfAborted();
    // the findings before the hash: they say more, and both take seconds for a million records
    await auditAll(m.file, decoded.gzip ? undefined : bytes);
    post({ op: "hash", file: m.file, sha256: await sha256Hex(bytes, async () => { await breather(); await noneDecoding(); signal.throwIfAborted(); }) });
  } catch (err) {
    const cancelled = signal.aborted;
    if (cancelled) files.delete(m.file); // the page drops its rows: not audited, not exported
    const message = err instanceof Error ? err.message : String(err);
    postWithTexts({ op: "error", file: m.file, cancelled, message: cancelled ? "cancelled" : message });
  } finally {
    running.delete(m.file);
    decoding.delete(m.file);
    readerAhead(); // for the next file
  }
}

/** A file's records' bytes, read again (an archive gunzipped): the audit reads them itself. */
async function bytesOf(f: Opened): Promise<Uint8Array> {
  const stream = f.gzip ? f.blob.stream().pipeThrough(new DecompressionStream("gzip")) : undefined;
  return new Uint8Array(await (stream ? new Response(stream).arrayBuffer() : f.blob.arrayBuffer()));
}

let auditing: AbortController | undefined;

/**
 * Audits every file read so far, together (a later file may change an
 * earlier one's findings: a login after an attack), replacing an audit still
 * running. `fresh`: the bytes of file `file`, in hand.
 */
async function auditAll(file: number, fresh: Uint8Array | undefined): Promise<void> {
  auditing?.abort();
  const control = (auditing = new AbortController());
  try {
    const list: AuditFile[] = [];
    const names = new Set<string>();
    for (const [id, f] of files) {
      const bytes = id === file && fresh ? fresh : await bytesOf(f);
      control.signal.throwIfAborted();
      // the audit names findings by file name: two files of one name are told apart
      const name = names.has(f.name) ? `${f.name} (${id})` : f.name;
      names.add(name);
      const wal = f.wal ? new Uint8Array(await f.wal.arrayBuffer()) : undefined;
      list.push({ id, name, bytes, wal, btmp: f.btmp, layout: f.layout, offsets: f.offsets });
    }
    if (list.length === 0) return;
    const { byFile, errors } = await auditFiles(list, control.signal);
    control.signal.throwIfAborted();
    post({ op: "findings", byFile: [...byFile].map(([id, findings]) => ({ file: id, findings })), errors });
  } catch (err) {
    if (!control.signal.aborted) post({ op: "findings", byFile: [], errors: [`the audit failed: ${err instanceof Error ? err.message : String(err)}`] });
  }
}

self.onmessage = async (event: MessageEvent<ToWorker>) => {
  const m = event.data;
  switch (m.op) {
    case "open": return open(m);
    case "cancel": running.get(m.file)?.abort(); return;
    case "shown": shownWaits.get(m.file)?.(); return;
    case "forget": files.delete(m.file); running.get(m.file)?.abort(); return;
    case "raw": {
      const f = files.get(m.file);
      const bytes = f ? await rawBytes(f.blob, f.gzip, m.offset, m.length) : new Uint8Array(0);
      return post({ op: "raw", req: m.req, bytes }, [bytes.buffer as ArrayBuffer]);
    }
    case "export": {
      // a file read in slices gets its batches once its slices are read again
      for (const f of files.values()) await f.batchesReady;
      const offsetsOf = (file: number) => files.get(file)?.offsets;
      const out = m.format === "parquet" ? await parquetRows(m.refs, entriesOf, offsetsOf, m.names)
        : exportRows(m.format, m.refs, entriesOf, offsetsOf, m.names, m.zone);
      return post({ op: "export", req: m.req, ...out });
    }
  }
};
