// The decoding worker: files in, columns out. Everything slow happens here
// (reading, gunzip, decoding, pairing sessions, hashing), so the page keeps
// drawing while a 400 MB wtmp is read; the page can cancel a file mid-read.
// A file's batches are kept, for the sessions and the exports.
import { Entry, fromBlob, fromBytes, type EntryBatch, type UtmpWarning } from "../../src/index.ts";
import type { FromWorker, ToWorker } from "../protocol.ts";
import { Dictionary } from "./dictionary.ts";
import { buffersOf, ColumnsBuilder } from "./recordColumns.ts";
import { sessionColumns } from "./sessionColumns.ts";
import { findingsOf } from "./findings.ts";
import { exportRows } from "./exportView.ts";
import { rawBytes } from "./rawBytes.ts";

interface Opened { blob: Blob; gzip: boolean; batches: EntryBatch[]; entries?: Entry[] }

const dict = new Dictionary();
const files = new Map<number, Opened>();
const running = new Map<number, AbortController>();

function post(message: FromWorker, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(message, transfer);
}

/** Lets messages in (a cancel) between pieces of work. */
const breather = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The blob's bytes in one buffer, read in chunks with progress reported (the
 * first half of the bar) at most every 100 ms.
 */
async function readAll(file: number, blob: Blob, signal: AbortSignal): Promise<Uint8Array> {
  const bytes = new Uint8Array(blob.size);
  const reader = blob.stream().getReader();
  let at = 0, reported = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      signal.throwIfAborted();
      bytes.set(value.subarray(0, bytes.length - at), at);
      at += value.length;
      const now = performance.now();
      if (now - reported > 100) { reported = now; post({ op: "progress", file, done: at / 2, total: blob.size }); }
    }
  } finally {
    void reader.cancel().catch(() => {});
  }
  return bytes.subarray(0, Math.min(at, bytes.length));
}

/** A file's entries, made when first needed (sessions, exports): the table itself reads columns only. */
function entriesOf(file: number): Entry[] | undefined {
  const f = files.get(file);
  if (!f) return undefined;
  if (!f.entries) {
    const entries: Entry[] = [];
    for (const batch of f.batches) for (let i = 0; i < batch.length; i++) entries.push(new Entry(batch, i));
    f.entries = entries;
  }
  return f.entries;
}

async function open(m: Extract<ToWorker, { op: "open" }>): Promise<void> {
  const control = new AbortController();
  const signal = control.signal;
  running.set(m.file, control);
  const started = performance.now();
  let unnamed: string | undefined;
  try {
    // read whole, then decoded from memory: the package then reads windows
    // straight into its core, where a stream of the browser's chunks costs
    // staging copies; the bytes are also what the SHA-256 is of
    const whole = await readAll(m.file, m.blob, signal);
    const readMillis = performance.now() - started;
    const gzip = whole[0] === 0x1f && whole[1] === 0x8b;
    const warnings: string[] = [];
    const options = { layout: m.layout, onWarning: (w: UtmpWarning) => { if (warnings.length < 100) warnings.push(w.message); } };
    unnamed = `<${whole.length} bytes>`;
    // an archive through fromBlob, which gunzips with the browser's DecompressionStream (fromBytes cannot here)
    const db = gzip ? await fromBlob(new File([whole as Uint8Array<ArrayBuffer>], m.name), options) : fromBytes(whole, options);
    const layout = db.layout, d = db.detection;
    post({ op: "layout", file: m.file, layout: layout.id, confidence: d?.confidence, runnerUp: d?.runnerUp?.layout.id, gzip });
    const sized = !gzip && !layout.framing && layout.id !== "wtmpdb";
    const columns = new ColumnsBuilder(sized ? Math.ceil(whole.length / layout.recordSize) : 1024, dict);
    const batches: EntryBatch[] = [];
    let breathed = performance.now();
    for (const batch of db.batches({ includeZeroed: true })) {
      columns.add(batch);
      batches.push(batch);
      if (performance.now() - breathed > 100) {
        // the second half of the bar; and a pause to hear a cancel
        post({ op: "progress", file: m.file, done: sized ? (whole.length + batch.offset) / 2 : whole.length / 2, total: whole.length });
        await breather();
        signal.throwIfAborted();
        breathed = performance.now();
      }
    }
    for (const w of db.warnings) if (warnings.length < 100 && !warnings.includes(w.message)) warnings.push(w.message);
    for (let k = 0; k < warnings.length; k++) warnings[k] = warnings[k]!.replaceAll(unnamed, m.name);
    const records = columns.finish();
    const findings = findingsOf(records); // before the columns are transferred away
    files.set(m.file, { blob: m.blob, gzip, batches });
    post({ op: "progress", file: m.file, done: m.blob.size, total: m.blob.size });
    post({ op: "records", file: m.file, count: columns.length, columns: records, ...dict.unsent(), warnings, millis: performance.now() - started, readMillis }, buffersOf(records));
    // the table is on screen; the hash, then the timeline's sessions and the findings follow
    post({ op: "hash", file: m.file, sha256: await sha256(whole) });
    await breather();
    signal.throwIfAborted();
    const sessions = sessionColumns(entriesOf(m.file)!, m.btmp, dict);
    post({ op: "sessions", file: m.file, sessions, findings, ...dict.unsent() }, buffersOf(sessions));
  } catch (err) {
    const cancelled = signal.aborted;
    // the package names bytes by their length: the user knows the file by its name
    const message = (err instanceof Error ? err.message : String(err)).replaceAll(unnamed ?? "\0", m.name);
    post({ op: "error", file: m.file, cancelled, message: cancelled ? "cancelled" : message });
  } finally {
    running.delete(m.file);
  }
}

async function sha256(bytes: Uint8Array): Promise<string> {
  if (!crypto.subtle) return "unavailable (the page is not in a secure context)";
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

self.onmessage = async (event: MessageEvent<ToWorker>) => {
  const m = event.data;
  switch (m.op) {
    case "open": return open(m);
    case "cancel": running.get(m.file)?.abort(); return;
    case "forget": files.delete(m.file); running.get(m.file)?.abort(); return;
    case "raw": {
      const f = files.get(m.file);
      const bytes = f ? await rawBytes(f.blob, f.gzip, m.offset, m.length) : new Uint8Array(0);
      return post({ op: "raw", req: m.req, bytes }, [bytes.buffer as ArrayBuffer]);
    }
    case "export": {
      const out = exportRows(m.format, m.refs, entriesOf, m.names, m.zone);
      return post({ op: "export", req: m.req, ...out });
    }
  }
};
