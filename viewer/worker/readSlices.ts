// A File's bytes as slices of whole records, read by a worker of their own
// (reader.ts) while this one decodes the slices already here. Why slices
// (measured in Chromium on this 2-core machine, a 384 MB File from an
// <input>): blob.stream() copied into one 384 MB buffer took 5-7 s, most of it
// the first touch and copy of that buffer; blob.arrayBuffer() in one go
// 2.4-3.7 s; slice(a, b).arrayBuffer() of 32 MB each 2.3-2.9 s, and decoding
// can start after the first slice. A slice's buffer goes back to the reader
// once decoded (release()), to be filled again: see reader.ts.
import type { ReadReply, ReadRequest } from "./reader.ts";

declare const __READER_SOURCE__: string;

/** Bytes per slice: large enough that the browser's per-read cost is small. */
export const SLICE_BYTES = 8 << 20;
/** The first slice's: a few thousand records, on screen well before the first 32 MB are decoded. */
export const FIRST_SLICE_BYTES = 1 << 20;

export interface Slice {
  /** The slice's first byte in the file. */
  readonly at: number;
  readonly bytes: Uint8Array;
  /** Hands the slice's buffer back to be filled again: `bytes` must not be read after. */
  release(): void;
}

let readerUrl: string | undefined;
/** A reading worker started ahead, while the page waits for a file: its start (a script to parse) is then not in the file's time. */
let spare: Worker | undefined;

/**
 * Starts a reading worker ahead for the next read (none if one waits already).
 * One that fails to start is dropped (the next read starts its own and meets
 * the failure itself), and a browser without nested workers just has no spare.
 */
export function readerAhead(): void {
  if (spare) return;
  try {
    const reader = newReader();
    reader.onerror = () => { if (spare === reader) spare = undefined; };
    spare = reader;
  } catch {
    spare = undefined;
  }
}

function newReader(): Worker {
  readerUrl ??= URL.createObjectURL(new Blob([__READER_SOURCE__], { type: "text/javascript" }));
  return new Worker(readerUrl);
}

/** A reading worker: the one started ahead, or a new one. */
export function startReader(): Worker {
  const reader = spare ?? newReader();
  spare = undefined;
  return reader;
}

/** Lets the event loop run a message in, without setTimeout's clamp (4 ms once nested). */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { channel.port1.close(); resolve(); };
    channel.port2.postMessage(undefined);
  });
}

/**
 * The slices of `blob` from `start`, each a whole number of `recordSize`
 * records but the last, which ends where the file does (a partial record
 * there is the decoder's to report). While no slice is there, `idle()` is
 * called, a few milliseconds of work at a time, until it says there is no
 * more (false).
 */
export async function* readSlices(blob: Blob, start: number, recordSize: number, signal: AbortSignal,
  idle: () => boolean = () => false): AsyncGenerator<Slice> {
  const records = (bytes: number) => Math.max(1, Math.floor(bytes / recordSize)) * recordSize;
  const step = records(SLICE_BYTES), first = records(FIRST_SLICE_BYTES);
  const reader = startReader();
  const arrived: ReadReply[] = [];
  let wake: (() => void) | undefined;
  const wakeUp = () => { wake?.(); wake = undefined; };
  reader.onmessage = (event: MessageEvent<ReadReply>) => { arrived.push(event.data); wakeUp(); };
  reader.onerror = (event) => { arrived.push({ error: event.message || "the reading worker failed" }); wakeUp(); };
  signal.addEventListener("abort", wakeUp);
  reader.postMessage({ blob, start, first, step } satisfies ReadRequest);
  try {
    for (;;) {
      let busy = true;
      while (arrived.length === 0) {
        signal.throwIfAborted();
        if (busy && (busy = idle())) await yieldToMessages();
        else await new Promise<void>((resolve) => { wake = resolve; });
      }
      signal.throwIfAborted();
      const m = arrived.shift()!;
      if ("done" in m) return;
      if ("error" in m) throw new Error(m.error);
      if (!("at" in m)) continue;
      const buffer = m.bytes;
      yield { at: m.at, bytes: new Uint8Array(buffer, 0, m.length), release: () => reader.postMessage({ recycle: buffer } satisfies ReadRequest, [buffer]) };
    }
  } finally {
    reader.terminate();
    signal.removeEventListener("abort", wakeUp);
  }
}
