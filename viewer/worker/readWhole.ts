// A File's bytes in one buffer, read by a reading worker (reader.ts): the
// audit reads a file from one buffer. Read once the rows and the sessions are
// on screen, not kept from the slices:
// the slices' buffers are reused as they are decoded (keeping them, and
// joining them into one, cost ~2.5 s of fresh memory on this machine).
import type { ReadReply, ReadRequest } from "./reader.ts";
import { startReader } from "./readSlices.ts";

export function readWhole(blob: Blob, signal: AbortSignal): Promise<Uint8Array> {
  const reader = startReader();
  return new Promise<Uint8Array>((resolve, reject) => {
    const stop = () => { reader.terminate(); signal.removeEventListener("abort", cancelled); };
    const cancelled = () => { stop(); reject(signal.reason); };
    signal.addEventListener("abort", cancelled);
    reader.onmessage = (event: MessageEvent<ReadReply>) => {
      const m = event.data;
      stop();
      if ("whole" in m) resolve(new Uint8Array(m.whole));
      else reject(new Error("error" in m ? m.error : "the reading worker gave no bytes"));
    };
    reader.onerror = (event) => { stop(); reject(new Error(event.message || "the reading worker failed")); };
    reader.postMessage({ whole: blob } satisfies ReadRequest);
  });
}
