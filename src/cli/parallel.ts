// utmpx dump/json of a large file on two threads: windows of records are
// shared round-robin between this thread and a worker (formatWorker.ts), and
// written in file order. Formatting, not reading, is what costs here.
import { Worker } from "node:worker_threads";
import { statSync } from "node:fs";
import { open } from "../index.ts";
import { engine } from "../engine.ts";
import { isGzipFile } from "../streamSources.ts";
import { ByteWriter } from "../format/byteWriter.ts";
import { FORMATTERS, type FormatName } from "./formatters.ts";
import type { CommandContext } from "./commands.ts";
import type { Layout } from "../layouts.ts";
import { Progress } from "./progress.ts";

export interface WorkerTask {
  path: string;
  layout: string;
  format: FormatName;
  share: number;
  shares: number;
  /** Int32 [0]: the last window the main thread has written. */
  progress: SharedArrayBuffer;
  /** How many windows the worker may run ahead of that. */
  ahead: number;
}

export type WindowMessage =
  | { kind: "window"; window: number; bytes: Uint8Array; skipped: number[] }
  | { kind: "end"; warnings: string[] };

/** Below this many windows a second thread costs more to start than it saves. */
const MIN_WINDOWS = 4;

/** The file's layout when it is worth sharing (a plain, not gzipped, file of fixed-size records, several windows long). */
export function parallelLayout(path: string, layout: Layout | undefined): Layout | undefined {
  let size: number;
  try {
    size = statSync(path).size;
    if (isGzipFile(path)) return undefined;
  } catch {
    return undefined;
  }
  const chosen = open(path, { layout }).layout;
  if (chosen.framing || size < MIN_WINDOWS * engine().windowBytesFor(chosen)) return undefined;
  return chosen;
}

/** Messages from the worker, waited for in order. */
class Inbox {
  private readonly queue: WindowMessage[] = [];
  private waiting: { resolve: (m: WindowMessage) => void; reject: (e: unknown) => void } | undefined;
  private failure: unknown;

  constructor(worker: Worker) {
    worker.on("message", (m: WindowMessage) => {
      if (this.waiting) { this.waiting.resolve(m); this.waiting = undefined; } else this.queue.push(m);
    });
    const fail = (err: unknown) => {
      this.failure = err;
      this.waiting?.reject(err);
      this.waiting = undefined;
    };
    worker.on("error", fail);
    worker.on("exit", (code) => { if (code !== 0) fail(new Error(`utmpx: the formatting thread exited with ${code}`)); });
  }

  next(): Promise<WindowMessage> {
    const m = this.queue.shift();
    if (m) return Promise.resolve(m);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }
}

/** Writes `path` in `format` using this thread and one worker. */
export async function writeInParallel(path: string, layout: Layout, format: FormatName, ctx: CommandContext): Promise<void> {
  const progress = new SharedArrayBuffer(4);
  const written = new Int32Array(progress);
  const task: WorkerTask = { path, layout: layout.id, format, share: 1, shares: 2, progress, ahead: 2 };
  const worker = new Worker(new URL("./formatWorker.js", import.meta.url), { workerData: task });
  const inbox = new Inbox(worker);
  const skipped = (seconds: number) => ctx.stderr.write(`utmpx: time ${seconds} is out of range.\n`);
  const markWritten = (window: number) => { Atomics.store(written, 0, window); Atomics.notify(written, 0); };
  let workerWarnings: string[] = [];
  const bar = Progress.for(statSync(path).size);
  const windowBytes = engine().windowBytesFor(layout);
  let workerDone = false;
  let next = 1; // the worker's next window

  /** Writes the worker's windows before `limit`; all of them when limit is Infinity. */
  const drain = async (limit: number) => {
    while (!workerDone && next < limit) {
      const m = await inbox.next();
      if (m.kind === "end") { workerWarnings = m.warnings; workerDone = true; break; }
      m.skipped.forEach(skipped);
      ctx.stdout.writeBytes(m.bytes);
      markWritten(m.window);
      bar?.update((m.window + 1) * windowBytes);
      next = m.window + 2;
    }
  };

  try {
    const db = open(path, { layout });
    const w = new ByteWriter(1 << 22);
    for (const { window, batch } of db.windows(0, 2)) {
      await drain(window);
      if (!ctx.stdout.open) break;
      FORMATTERS[format](w, batch, (i) => skipped(batch.columns.seconds[i]!));
      ctx.stdout.writeBytes(w.view());
      w.clear();
      markWritten(window);
      bar?.update((window + 1) * windowBytes);
    }
    if (ctx.stdout.open) await drain(Infinity);
    bar?.done();
    for (const message of [...db.warnings.map((w) => w.message), ...workerWarnings]) ctx.stderr.write(`utmpx: warning: ${message}\n`);
  } finally {
    await worker.terminate();
  }
}
