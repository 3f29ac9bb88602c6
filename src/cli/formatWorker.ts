// A second thread for utmpx dump/json on a large file: it decodes and formats
// every other window of records and posts the bytes; the main thread writes
// them in order between its own. Node only (node:worker_threads).
import { parentPort, workerData } from "node:worker_threads";
import { open } from "../index.ts";
import { ByteWriter } from "../format/byteWriter.ts";
import { FORMATTERS } from "./formatters.ts";
import type { WindowMessage, WorkerTask } from "./parallel.ts";

const task = workerData as WorkerTask;
const written = new Int32Array(task.progress);
const db = open(task.path, { layout: task.layout });
const w = new ByteWriter(1 << 22);
for (const { window, batch } of db.windows(task.share, task.shares)) {
  // stay a few windows ahead of what the main thread has written: memory stays bounded
  for (let done = Atomics.load(written, 0); window - done > task.ahead; done = Atomics.load(written, 0)) {
    Atomics.wait(written, 0, done, 1000);
  }
  const skipped: number[] = [];
  FORMATTERS[task.format](w, batch, (i) => skipped.push(batch.columns.seconds[i]!));
  const bytes = w.view().slice();
  w.clear();
  const message: WindowMessage = { kind: "window", window, bytes, skipped };
  parentPort!.postMessage(message, [bytes.buffer]);
}
const end: WindowMessage = { kind: "end", warnings: db.warnings.map((warning) => warning.message) };
parentPort!.postMessage(end);
