// The decoding worker: files in, columns out. Everything slow happens here
// (reading, gunzip, decoding, pairing sessions, hashing), so the page keeps
// drawing while a 400 MB wtmp is read; the page can cancel a file mid-read.
import { stream, type Entry } from "../../src/index.ts";
import type { FromWorker, ToWorker } from "../protocol.ts";
import { Dictionary } from "./dictionary.ts";
import { batchColumns, buffersOf, concatColumns, type Clock } from "./recordColumns.ts";
import { sessionColumns } from "./sessionColumns.ts";
import { findingsOf } from "./findings.ts";
import { exportRows } from "./exportView.ts";
import { rawBytes } from "./rawBytes.ts";

interface Opened { blob: Blob; gzip: boolean; entries: Entry[] }

const dict = new Dictionary();
const files = new Map<number, Opened>();
const running = new Map<number, AbortController>();

function post(message: FromWorker, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(message, transfer);
}

/** The blob's bytes as they are read, with progress reported at most every 100 ms. */
function counted(file: number, blob: Blob): ReadableStream<Uint8Array<ArrayBuffer>> {
  let done = 0;
  let reported = 0;
  return blob.stream().pipeThrough(new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
    transform(chunk, out) {
      done += chunk.byteLength;
      const now = performance.now();
      if (now - reported > 100) { reported = now; post({ op: "progress", file, done, total: blob.size }); }
      out.enqueue(chunk);
    },
  }));
}

async function open(m: Extract<ToWorker, { op: "open" }>): Promise<void> {
  const control = new AbortController();
  running.set(m.file, control);
  const started = performance.now();
  try {
    const head = new Uint8Array(await m.blob.slice(0, 2).arrayBuffer());
    const gzip = head[0] === 0x1f && head[1] === 0x8b;
    const entries: Entry[] = [];
    const parts = [];
    const warnings: string[] = [];
    const clock: Clock = { last: -Infinity };
    const batches = stream(counted(m.file, m.blob), {
      layout: m.layout, name: m.name, signal: control.signal, filter: { includeZeroed: true },
      onWarning: (w) => { if (warnings.length < 100) warnings.push(w.message); },
      onLayout: (layout, d) => post({ op: "layout", file: m.file, layout: layout.id, confidence: d?.confidence, runnerUp: d?.runnerUp?.layout.id, gzip }),
    });
    for await (const batch of batches) {
      const rows = Array.from(batch);
      for (const e of rows) entries.push(e);
      parts.push(batchColumns(batch, rows, dict, clock));
    }
    const columns = concatColumns(parts);
    files.set(m.file, { blob: m.blob, gzip, entries });
    post({ op: "progress", file: m.file, done: m.blob.size, total: m.blob.size });
    post({ op: "records", file: m.file, count: entries.length, columns, ...dict.unsent(), warnings, millis: performance.now() - started }, buffersOf(columns));
    // the table is on screen; the timeline's sessions and the findings follow
    const sessions = sessionColumns(entries, m.btmp, dict);
    const findings = findingsOf(columns);
    post({ op: "sessions", file: m.file, sessions, findings, ...dict.unsent() }, buffersOf(sessions));
    post({ op: "hash", file: m.file, sha256: await sha256(m.blob) });
  } catch (err) {
    const cancelled = control.signal.aborted;
    post({ op: "error", file: m.file, cancelled, message: cancelled ? "cancelled" : err instanceof Error ? err.message : String(err) });
  } finally {
    running.delete(m.file);
  }
}

async function sha256(blob: Blob): Promise<string> {
  if (!crypto.subtle) return "unavailable (the page is not in a secure context)";
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await blob.arrayBuffer()));
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
      const out = exportRows(m.format, m.refs, (file) => files.get(file)?.entries, m.names, m.zone);
      return post({ op: "export", req: m.req, ...out });
    }
  }
};
