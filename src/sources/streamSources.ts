// Every kind of input a stream accepts, normalised to an async iterable of
// byte chunks, with gzip (a .gz archive) decompressed on the way: the web
// platform's DecompressionStream exists in Node, Deno, Bun and browsers.
// Leaving early (break, abort, an error) releases the source: a ReadableStream
// is cancelled, an iterator returned.
import { bytesView, isBinary, notBytes } from "../util/bytesView.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { valueKind } from "../util/valueKind.ts";
import { fileSystem, withFile } from "./fileAccess.ts";
import { concatBytes } from "../util/concatBytes.ts";
import { GZIP_MAGIC_BYTES, isGzip } from "./gzip.ts";
import { nodeGunzip } from "./nodeGunzip.ts";
import { decompression } from "./gzipTruncation.ts";
import { blobName } from "./blobName.ts";
import { readError } from "./readError.ts";
import { leaveIterator } from "./leaveIterator.ts";
import { checkSignal } from "../util/optionsObject.ts";

export type StreamSource =
  | string
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>
  /** bytes already in memory, as one chunk (chunks, too, may be any typed array, DataView or ArrayBuffer) */
  | ArrayBufferView
  | ArrayBuffer;

export interface ByteChunks {
  /** The chunks; undefined for a plain (uncompressed) file, which the caller reads by position itself. */
  readonly chunks: AsyncIterable<Uint8Array> | undefined;
  /** For messages. */
  readonly name: string;
  readonly path: string | undefined;
  /** Whether the bytes were gzip, decompressed on the way (for advice in messages). */
  readonly compressed: boolean;
}

/** Bytes read from a file per chunk. */
const FILE_CHUNK = 4 << 20;


/** `promise`, or the signal's reason as soon as it aborts (a stalled source cannot hold an abort up). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** A file read by positioned reads (sync reads, so the same in every runtime). */
async function* fileChunks(path: string, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  const fs = fileSystem();
  for (let offset = 0; ; ) {
    signal?.throwIfAborted();
    const buffer = new Uint8Array(FILE_CHUNK);
    const n = withFile(path, "read", () => fs.read(path, offset, buffer));
    if (n > 0) yield buffer.subarray(0, n);
    if (n < FILE_CHUNK) return;
    offset += n;
  }
}

async function* fromReadable(stream: ReadableStream<Uint8Array>, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let finished = false;
  let chunk = 0;
  try {
    for (;;) {
      const { done, value } = await abortable(reader.read(), signal);
      if (done) { finished = true; return; }
      const bytes = chunkBytes(value, `chunk ${chunk++} of the stream`);
      if (bytes.length > 0) yield bytes;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** A chunk as bytes. One that is none is the caller's error, not a failure to read: BAD_INPUT, not IO. */
function chunkBytes(value: unknown, what: string): Uint8Array {
  if (!isBinary(value)) throw new UtmpError(UtmpErrorCode.BAD_INPUT, notBytes(value, what));
  return bytesView(value, what);
}

/** Any iterator's chunks, abortable while it is waited on, returned when left early. */
async function* fromIterator(iterator: AsyncIterator<Uint8Array> | Iterator<Uint8Array>, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  let finished = false;
  let waiting = false;
  let chunk = 0;
  try {
    for (;;) {
      waiting = true;
      const { done, value } = await abortable(Promise.resolve(iterator.next()), signal);
      waiting = false;
      if (done) { finished = true; return; }
      const bytes = chunkBytes(value, `chunk ${chunk++} of the source`);
      if (bytes.length > 0) yield bytes;
    }
  } finally {
    // left while a next() may be pending (the wait was aborted)
    if (!finished) await leaveIterator(iterator, waiting);
  }
}

function iteratorOf(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncIterator<Uint8Array> | Iterator<Uint8Array> {
  return Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
}

/** `again`: the source's compressed chunks read afresh, where it can be (see nodeGunzip). */
function gunzip(chunks: AsyncIterable<Uint8Array>, signal: AbortSignal | undefined, again?: () => AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const fast = nodeGunzip(chunks, again);
  if (fast) return fast;
  const iterator = chunks[Symbol.asyncIterator]();
  const compressed = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  const { output, failure } = decompression(compressed);
  return told(fromReadable(output, signal), failure);
}

/** `chunks`, their failure as `failure` tells it (a cut archive's: see gzipTruncation.ts). */
async function* told(chunks: AsyncIterable<Uint8Array>, failure: (err: unknown) => unknown): AsyncGenerator<Uint8Array> {
  try {
    yield* chunks;
  } catch (err) {
    throw failure(err);
  }
}

/** The first bytes (at least the gzip check's, unless the input is shorter) put back in front of the rest. */
async function peek(chunks: AsyncIterable<Uint8Array>): Promise<{ head: Uint8Array; all: AsyncIterable<Uint8Array> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const taken: Uint8Array[] = [];
  let length = 0;
  let ended = false;
  while (length < GZIP_MAGIC_BYTES) {
    const { done, value } = await iterator.next();
    if (done) { ended = true; break; }
    taken.push(value);
    length += value.length;
  }
  // a copy when several chunks were taken: a producer may refill the buffer it
  // gave us once we ask for more. One chunk (the usual case, and 4 MiB of a
  // file) is passed on as it came: nothing more was asked for before it goes.
  const head = taken.length === 1 ? taken[0]! : concatBytes(taken);
  async function* all(): AsyncGenerator<Uint8Array> {
    let finished = ended;
    try {
      if (head.length > 0) yield head;
      while (!finished) {
        const { done, value } = await iterator.next();
        if (done) { finished = true; return; }
        yield value;
      }
    } finally {
      if (!finished) await iterator.return?.();
    }
  }
  return { head, all: all() };
}


/** Whether the file at `path` begins with the gzip magic (only a stream can decode it). */
export function isGzipFile(path: string): boolean {
  const magic = new Uint8Array(GZIP_MAGIC_BYTES);
  const got = withFile(path, "read", () => fileSystem().read(path, 0, magic));
  return isGzip(magic.subarray(0, got));
}

/** The byte chunks of `source`, decompressed when they are gzip; `given`: the name its errors call it by, when the caller has one. */
export async function byteChunks(source: StreamSource, signal?: AbortSignal, given?: string): Promise<ByteChunks> {
  checkSignal(signal);
  signal?.throwIfAborted();
  let chunks: AsyncIterable<Uint8Array>;
  let name = "<stream>";
  let path: string | undefined;
  /** The source read afresh, where it can be: a file, a Blob, bytes. */
  let again: (() => AsyncIterable<Uint8Array>) | undefined;
  if (typeof source === "string") {
    path = name = source;
    if (!isGzipFile(source)) return { chunks: undefined, name, path, compressed: false };
    again = () => fileChunks(source, signal);
    chunks = again();
  } else if (typeof Blob !== "undefined" && source instanceof Blob) {
    name = blobName(source, "the source", "stream()");
    again = () => fromReadable(source.stream() as ReadableStream<Uint8Array>, signal);
    chunks = again();
  } else if (typeof ReadableStream !== "undefined" && source instanceof ReadableStream) {
    chunks = fromReadable(source, signal);
  } else if (isBinary(source)) {
    // bytes already in memory: one chunk (a Uint8Array is iterable too, by number)
    const bytes = bytesView(source, "the source");
    name = `<${bytes.length} bytes>`;
    again = () => fromIterator([bytes][Symbol.iterator](), signal);
    chunks = again();
  } else if (typeof source !== "object" || source === null || !(Symbol.asyncIterator in source || Symbol.iterator in source)) {
    throw new TypeError(`utmpx: the source is ${valueKind(source)}: give a path, a Blob, a ReadableStream, bytes, or an iterable of byte chunks`);
  } else {
    chunks = fromIterator(iteratorOf(source as AsyncIterable<Uint8Array> | Iterable<Uint8Array>), signal);
  }
  // the first bytes are read here, not by the caller's loop: a failure among them is wrapped here
  const { head, all } = await peek(chunks).catch((err: unknown) => { throw readError(err, given ?? name, path, signal); });
  const compressed = isGzip(head);
  return { chunks: compressed ? gunzip(all, signal, again) : all, name, path, compressed };
}
