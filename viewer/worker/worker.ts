// The decoding worker: files in, columns out. Everything slow happens here
// (reading, gunzip, decoding, pairing sessions, hashing), so the page keeps
// drawing while a 400 MB wtmp is read; the page can cancel a file mid-read.
// Its batches are kept, for the sessions and the exports.
import { Entry, stream, type EntryBatch } from "../../src/index.ts";
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
 * The blob's bytes as they are read, reported (at most every 100 ms) and
 * copied into `whole` for the SHA-256 at the end (crypto.subtle hashes one
 * buffer, not a stream).
 */
function counted(file: number, blob: Blob, whole: Uint8Array): ReadableStream<Uint8Array<ArrayBuffer>> {
  let done = 0, reported = 0;
  return blob.stream().pipeThrough(new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
    transform(chunk, out) {
      whole.set(chunk.subarray(0, whole.length - done), done);
      done += chunk.byteLength;
      const now = performance.now();
      if (now - reported > 100) { reported = now; post({ op: "progress", file, done, total: blob.size }); }
      out.enqueue(chunk);
    },
  }));
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
  try {
    // decoded as it is read: the browser hands a dropped file over slowly
    // (tens of MB/s), so reading and decoding overlap rather than add up
    const whole = new Uint8Array(m.blob.size);
    const head = new Uint8Array(await m.blob.slice(0, 2).arrayBuffer());
    const gzip = head[0] === 0x1f && head[1] === 0x8b;
    const warnings: string[] = [];
    let columns: ColumnsBuilder | undefined;
    const batches: EntryBatch[] = [];
    const source = stream(counted(m.file, m.blob, whole), {
      layout: m.layout, name: m.name, signal, filter: { includeZeroed: true },
      onWarning: (w) => { if (warnings.length < 100) warnings.push(w.message); },
      onLayout: (layout, d) => {
        post({ op: "layout", file: m.file, layout: layout.id, confidence: d?.confidence, runnerUp: d?.runnerUp?.layout.id, gzip });
        const sized = !gzip && !layout.framing && layout.id !== "wtmpdb";
        columns = new ColumnsBuilder(sized ? Math.ceil(m.blob.size / layout.recordSize) : 1024, dict);
      },
    });
    for await (const batch of source) {
      columns!.add(batch);
      batches.push(batch);
    }
    columns ??= new ColumnsBuilder(0, dict);
    const records = columns.finish();
    const findings = findingsOf(records); // before the columns are transferred away
    files.set(m.file, { blob: m.blob, gzip, batches });
    post({ op: "progress", file: m.file, done: m.blob.size, total: m.blob.size });
    post({ op: "records", file: m.file, count: columns.length, columns: records, ...dict.unsent(), warnings, millis: performance.now() - started }, buffersOf(records));
    // the table is on screen; the hash, then the timeline's sessions and the findings follow
    post({ op: "hash", file: m.file, sha256: await sha256(whole) });
    await breather();
    signal.throwIfAborted();
    const sessions = sessionColumns(entriesOf(m.file)!, m.btmp, dict);
    post({ op: "sessions", file: m.file, sessions, findings, ...dict.unsent() }, buffersOf(sessions));
  } catch (err) {
    const cancelled = signal.aborted;
    post({ op: "error", file: m.file, cancelled, message: cancelled ? "cancelled" : err instanceof Error ? err.message : String(err) });
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
