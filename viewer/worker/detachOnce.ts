// Why this exists: V8 compiles typed-array code on the promise that no
// ArrayBuffer of the worker has ever been detached (its ArrayBufferDetaching
// protector). The first BYOB read of a stream breaks that promise, and every
// optimized function that relied on it is thrown away at once. In the decoding
// worker that happened ~0.4 s after a file came: 40-47 functions of the
// decoding path marked for deoptimization ("dependent property cell changed",
// Chromium 156 with --trace-deopt), compiled again on the core the reading
// worker and the browser need. Detaching by postMessage or structuredClone
// with a transfer list does not break the promise (tried: no invalidation), a
// BYOB read does; so one small BYOB read is made before the warm-up compiles
// anything.

/** Reads a few bytes of a small Blob through a BYOB reader, twice (the second read detaches the first's buffer). */
export async function detachOnce(): Promise<void> {
  try {
    const reader = new Blob([new Uint8Array(64)]).stream().getReader({ mode: "byob" });
    const first = await reader.read(new Uint8Array(16));
    if (first.value) await reader.read(new Uint8Array(first.value.buffer as ArrayBuffer));
    await reader.cancel();
  } catch {
    // a browser without BYOB readers for a Blob's stream: the reading worker reads with arrayBuffer() there
  }
}
