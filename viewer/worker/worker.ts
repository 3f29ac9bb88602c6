// The decoding worker: files in, columns out. Everything slow happens here
// (reading, gunzip, decoding, pairing sessions, hashing), so the page keeps
// drawing while a 400 MB wtmp is read; the page can cancel a file mid-read.
// A file of fixed-size records is read and decoded in slices, its first rows
// sent ahead (decodeSliced.ts); anything else the package's own way
// (decodeWhole.ts); a big one's second half by a helper, a second copy of this
// worker (decodePart.ts). A file's batches are kept, for the sessions and exports.
// Meanwhile a helper audits every file read and hashes the new one (auditJob.ts).
import { Entry } from "../../src/index.ts";
import type { FromWorker, RecordColumns, ToWorker } from "../protocol.ts";
import { Dictionary } from "./dictionary.ts";
import { buffersOf } from "./recordColumns.ts";
import { sessionColumns } from "./sessionColumns.ts";
import { runAudit, type AuditJob, type AuditReply } from "./auditJob.ts";
import { exportRows } from "./exportView.ts";
import { parquetRows } from "./exportParquet.ts";
import { rawBytes } from "./rawBytes.ts";
import type { DecodeContext, PlacedBatch } from "./decoding.ts";
import { decodeSliced, slicePlan } from "./decodeSliced.ts";
import { runPart, type PartRequest } from "./decodePart.ts";
import { helperSource, inHelper } from "./helper.ts";
import { decodeWhole } from "./decodeWhole.ts";

interface Opened {
  name: string; blob: Blob; gzip: boolean; btmp: boolean; layout: string | undefined;
  batches: PlacedBatch[]; offsets: Float64Array; entries?: Entry[];
  /** Settles once `batches` holds the whole file's (a helper's part is decoded again after the rows are shown). */
  complete: Promise<unknown>;
}

const dict = new Dictionary();
/** Files whose rows the page is drawing: resolved when it says it drew them ("shown"). */
const drawing = new Map<number, () => void>();

/** Until the page drew the file's rows, or `SHOWN_WAIT` ms at most (a hidden page draws no frames). */
function pageShown(file: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => { drawing.delete(file); clearTimeout(timer); resolve(); };
    const timer = setTimeout(done, SHOWN_WAIT);
    drawing.set(file, done);
  });
}
const SHOWN_WAIT = 2000;
const files = new Map<number, Opened>();
const running = new Map<number, AbortController>();

function post(message: FromWorker, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(message, transfer);
}

/** A file's entries, made when first needed (sessions, exports): the table itself reads columns only. */
function entriesOf(file: number): Entry[] | undefined {
  const f = files.get(file);
  if (!f) return undefined;
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
  const started = performance.now();
  const ctx: DecodeContext = { file: m.file, name: m.name, blob: m.blob, layout: m.layout, signal, post };
  let completed: (() => void) | undefined;
  try {
    const plan = await slicePlan(ctx);
    const firstRows = (columns: RecordColumns) => post({ op: "records", file: m.file, partial: true, count: columns.offset.length, columns,
      ...dict.unsent(), warnings: [], millis: performance.now() - started, readMillis: 0, workers: 1 }, buffersOf(columns));
    const decoded = plan ? await decodeSliced(ctx, dict, plan, firstRows) : await decodeWhole(ctx, dict);
    const decodeMillis = performance.now() - started;
    const records = decoded.columns.finish();
    const complete = new Promise((resolve) => { completed = resolve as () => void; });
    // the offsets copied before the columns are transferred away: for exports and the audit's findings
    files.set(m.file, { name: m.name, blob: m.blob, gzip: decoded.gzip, btmp: m.btmp, layout: m.layout, batches: decoded.batches, offsets: records.offset.slice(), complete });
    post({ op: "progress", file: m.file, done: 1, total: 1 });
    const shown = pageShown(m.file);
    post({ op: "records", file: m.file, partial: false, count: decoded.columns.length, columns: records, ...dict.unsent(), warnings: decoded.warnings,
      millis: decodeMillis, readMillis: decoded.readMillis, workers: decoded.rest ? 2 : 1 }, buffersOf(records));
    // once the table is on screen the findings and the hash follow from a helper, the timeline's sessions from here
    await shown;
    signal.throwIfAborted();
    unhashed.add(m.file);
    auditAll();
    signal.throwIfAborted();
    if (decoded.rest) decoded.batches.push(...await decoded.rest());
    completed?.();
    const sessions = sessionColumns(decoded.batches.map((p) => p.batch), m.btmp, dict);
    post({ op: "sessions", file: m.file, sessions, ...dict.unsent() }, buffersOf(sessions));
  } catch (err) {
    const cancelled = signal.aborted;
    const message = err instanceof Error ? err.message : String(err);
    post({ op: "error", file: m.file, cancelled, message: cancelled ? "cancelled" : message });
  } finally {
    completed?.(); // an export waiting on a file read no further goes ahead with what it has
    running.delete(m.file);
  }
}

let auditing: AbortController | undefined;
/** Files whose hash is not sent yet: an audit replaced by a newer one hashes them too. */
const unhashed = new Set<number>();

/**
 * Audits every file read so far, together (a later file may change an
 * earlier one's findings: a login after an attack), replacing an audit still
 * running; the findings first (they say more), then the hashes.
 */
function auditAll(): void {
  auditing?.abort();
  const control = (auditing = new AbortController());
  const job: AuditJob = { audit: {
    files: [...files].map(([id, f]) => ({ id, name: f.name, blob: f.blob, gzip: f.gzip, btmp: f.btmp, layout: f.layout, offsets: f.offsets })),
    hash: [...unhashed],
  } };
  const failed = (message: string) => post({ op: "findings", byFile: [], errors: [`the audit failed: ${message}`] });
  const heard = (m: AuditReply): boolean => {
    if (control.signal.aborted) return true;
    if ("findings" in m) post({ op: "findings", byFile: m.findings, errors: m.errors });
    else if ("hashed" in m) {
      unhashed.delete(m.hashed);
      if (files.has(m.hashed)) post({ op: "hash", file: m.hashed, sha256: m.sha256 });
    } else if ("error" in m) failed(m.error);
    return "over" in m || "error" in m;
  };
  const running = inHelper(job, control.signal, heard) ?? runAudit(job, heard);
  running.catch((err) => { if (!control.signal.aborted) failed(err instanceof Error ? err.message : String(err)); });
}

self.onmessage = async (event: MessageEvent<ToWorker | PartRequest | AuditJob>) => {
  const m = event.data;
  // this worker as another one's helper
  if ("part" in m) return runPart(m, post as (m: unknown, transfer?: Transferable[]) => void);
  if ("audit" in m) return runAudit(m, post as (m: unknown) => void);
  switch (m.op) {
    case "open": return open(m);
    case "helper": helperSource(m.source); return;
    case "shown": drawing.get(m.file)?.(); return;
    case "cancel": running.get(m.file)?.abort(); return;
    case "forget": files.delete(m.file); running.get(m.file)?.abort(); return;
    case "raw": {
      const f = files.get(m.file);
      const bytes = f ? await rawBytes(f.blob, f.gzip, m.offset, m.length) : new Uint8Array(0);
      return post({ op: "raw", req: m.req, bytes }, [bytes.buffer as ArrayBuffer]);
    }
    case "export": {
      await Promise.all([...files.values()].map((f) => f.complete));
      const offsetsOf = (file: number) => files.get(file)?.offsets;
      const out = m.format === "parquet" ? await parquetRows(m.refs, entriesOf, offsetsOf, m.names)
        : exportRows(m.format, m.refs, entriesOf, offsetsOf, m.names, m.zone);
      return post({ op: "export", req: m.req, ...out });
    }
  }
};
