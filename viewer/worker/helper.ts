// Helpers: second copies of the decoding worker, started from its script for a
// job that can run beside the decoding worker's own work on the machine's other
// core (a big file's second half: decodePart.ts; the audit: auditJob.ts).
// Why the script is sent by the page: on file:// the page's origin is opaque,
// and a blob: URL the page made cannot be opened from this worker; one made
// here can.

let helperUrl: string | undefined;

/** Keeps this worker's own script (sent by the page once), to start helpers from. */
export function helperSource(source: string): void {
  if (helperUrl === undefined) helperUrl = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
}

/**
 * Runs `request` in a new helper: `onReply` hears each reply and says when the
 * job is over (the helper then ends). Rejects on the helper's failure or when
 * `signal` aborts (the helper is ended). Undefined when no helper can be
 * started: the caller then does the job itself.
 */
export function inHelper<Reply>(request: unknown, signal: AbortSignal, onReply: (m: Reply) => boolean): Promise<void> | undefined {
  if (helperUrl === undefined) return undefined;
  let helper: Worker;
  try {
    helper = new Worker(helperUrl);
  } catch {
    return undefined;
  }
  return new Promise<void>((resolve, reject) => {
    const stop = () => { helper.terminate(); signal.removeEventListener("abort", cancelled); };
    const cancelled = () => { stop(); reject(signal.reason); };
    signal.addEventListener("abort", cancelled);
    helper.onerror = (event) => { stop(); reject(new Error(event.message || "the helper worker failed")); };
    helper.onmessage = (event: MessageEvent<Reply>) => {
      let over: boolean;
      try {
        over = onReply(event.data);
      } catch (err) {
        stop();
        return reject(err);
      }
      if (over) { stop(); resolve(); }
    };
    helper.postMessage(request);
  });
}
