// The reading worker, started by the decoding worker: it asks the browser for
// a File's bytes and passes them on (transferred, not copied). Why a worker of
// its own: a Blob read makes progress only while its thread's event loop runs
// (the bytes come through a pipe that thread drains), so reads issued by the
// decoding worker stalled while it decoded; here they go on meanwhile.
//
// Slices are read into a few buffers that the decoding worker hands back once
// it has decoded them ("recycle"), with a BYOB stream reader. Why: on this
// 2-core VM the first write to fresh memory costs ~5 ms per MB (page faults),
// and slice(a, b).arrayBuffer() makes a fresh buffer per slice: the 384 MB of a
// million records read 3.4-4.0 s that way against 1.0 s into reused buffers
// (measured in Chromium, a worker reading a 384 MB File). Where the browser has
// no BYOB reader for a Blob's stream, slices are read with arrayBuffer().
//
// Messages in: { blob, start, first, step } (slices), { recycle } (a buffer
// back), { whole: blob } (every byte in one buffer, for the audit). Out:
// { at, bytes, length } per slice (the slice is bytes[0, length)), then
// { done: true }; { whole: buffer }; or { error }.
export type ReadRequest =
  | {
    readonly blob: Blob;
    readonly start: number;
    /** The first slice's length (a small one: the first rows show sooner), then `step` each. */
    readonly first: number;
    readonly step: number;
  }
  | { readonly recycle: ArrayBuffer }
  | { readonly whole: Blob };
export type ReadReply =
  | { readonly at: number; readonly bytes: ArrayBuffer; readonly length: number }
  | { readonly done: true }
  | { readonly whole: ArrayBuffer }
  | { readonly error: string };

/** Buffers in use at once: one being decoded, one waiting, one being filled. */
const POOL = 3;

const me = self as unknown as Worker;
const reply = (m: ReadReply, transfer: Transferable[] = []) => me.postMessage(m, transfer);

const free: ArrayBuffer[] = [];
let made = 0;
let recycled: (() => void) | undefined;

/** A buffer of `size` bytes to fill: one handed back, a new one while fewer than POOL exist, else the next handed back. */
async function buffer(size: number): Promise<ArrayBuffer> {
  for (;;) {
    const b = free.pop();
    if (b && b.byteLength >= size) return b;
    if (b) made--; // too small for this read (not expected: every slice but the last is `step` long)
    if (made < POOL) { made++; return new ArrayBuffer(size); }
    await new Promise<void>((resolve) => { recycled = resolve; });
  }
}

/** A BYOB reader of the blob's bytes, or undefined where the browser has none. */
function byob(blob: Blob): ReadableStreamBYOBReader | undefined {
  try {
    return blob.stream().getReader({ mode: "byob" });
  } catch {
    return undefined;
  }
}

/** Fills `target[0, length)` from `reader` (fewer at the end of the stream); the buffer (moved by each read) and the bytes filled. */
async function fill(reader: ReadableStreamBYOBReader, target: ArrayBuffer, length: number): Promise<{ buffer: ArrayBuffer; filled: number }> {
  let buffer = target, filled = 0;
  while (filled < length) {
    const { value, done } = await reader.read(new Uint8Array(buffer, filled, length - filled));
    if (value) buffer = value.buffer as ArrayBuffer;
    if (done || !value) break;
    filled += value.length;
  }
  return { buffer, filled };
}

async function slices(blob: Blob, start: number, first: number, step: number): Promise<void> {
  const reader = byob(start === 0 ? blob : blob.slice(start));
  const size = Math.min(step, blob.size - start);
  for (let at = start, length = first; at < blob.size; at += length, length = step) {
    length = Math.min(length, blob.size - at);
    if (!reader) {
      const bytes = await blob.slice(at, at + length).arrayBuffer();
      reply({ at, bytes, length }, [bytes]);
      continue;
    }
    const { buffer: bytes, filled } = await fill(reader, await buffer(size), length);
    if (filled !== length) throw new Error(`the file ended after ${at + filled} bytes, not ${blob.size}: was it changed while read?`);
    reply({ at, bytes, length }, [bytes]);
  }
  reply({ done: true });
}

async function whole(blob: Blob): Promise<void> {
  const reader = byob(blob);
  let bytes: ArrayBuffer;
  if (!reader) bytes = await blob.arrayBuffer();
  else {
    const { buffer, filled } = await fill(reader, new ArrayBuffer(blob.size), blob.size);
    if (filled !== blob.size) throw new Error(`the file ended after ${filled} bytes, not ${blob.size}: was it changed while read?`);
    bytes = buffer;
  }
  reply({ whole: bytes }, [bytes]);
}

me.onmessage = async (event: MessageEvent<ReadRequest>) => {
  const m = event.data;
  try {
    if ("recycle" in m) {
      free.push(m.recycle);
      recycled?.();
      recycled = undefined;
    } else if ("whole" in m) await whole(m.whole);
    else await slices(m.blob, m.start, m.first, m.step);
  } catch (err) {
    reply({ error: err instanceof Error ? err.message : String(err) });
  }
};
