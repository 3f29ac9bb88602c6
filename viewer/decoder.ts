// The page's side of the worker: starts it from the script the build inlined
// (a blob: URL, so the page needs no second file and no request), and turns its
// replies to raw and export requests into promises.
import type { ExportFormat, FromWorker, ToWorker } from "./protocol.ts";

declare const __WORKER_SOURCE__: string;

export class Decoder {
  private readonly worker: Worker;
  private nextReq = 1;
  private readonly waiting = new Map<number, (m: FromWorker) => void>();

  constructor(onMessage: (m: FromWorker) => void) {
    const url = URL.createObjectURL(new Blob([__WORKER_SOURCE__], { type: "text/javascript" }));
    this.worker = new Worker(url);
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const m = event.data;
      if ((m.op === "raw" || m.op === "export") && this.waiting.has(m.req)) {
        this.waiting.get(m.req)!(m);
        this.waiting.delete(m.req);
      } else onMessage(m);
    };
  }

  send(message: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  raw(file: number, offset: number, length: number): Promise<Uint8Array> {
    const req = this.nextReq++;
    return new Promise((resolve) => {
      this.waiting.set(req, (m) => resolve(m.op === "raw" ? m.bytes : new Uint8Array(0)));
      this.send({ op: "raw", req, file, offset, length });
    });
  }

  export(format: ExportFormat, refs: Uint32Array, names: readonly string[], zone: string): Promise<{ blob: Blob; rows: number; skipped: number }> {
    const req = this.nextReq++;
    return new Promise((resolve) => {
      this.waiting.set(req, (m) => { if (m.op === "export") resolve(m); });
      this.send({ op: "export", req, format, refs, names, zone }, [refs.buffer as ArrayBuffer]);
    });
  }
}
