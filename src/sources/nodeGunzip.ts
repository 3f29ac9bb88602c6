// Gzip decompressed as a stream by node:zlib, where the runtime has it (Node,
// Deno, Bun). DecompressionStream, the web platform's, is there in every
// runtime, but settles a promise per chunk it passes: measured on this machine,
// 50 MB of btmp in 247 ms against 35 ms here, and 1 GB of wtmp in 3.8 s against
// 0.66 s (in 1 MiB chunks). Browsers keep DecompressionStream.
import { nodeZlib, Z_SYNC_FLUSH, type GunzipStream } from "./gzip.ts";
import { GzipTruncation, isZlibTruncation } from "./gzipTruncation.ts";

/** Output per chunk: zlib's 16 KiB default costs a callback per 16 KiB. */
const OUT_CHUNK = 1 << 20;

/** The decompressed chunks of gzip `chunks` through node:zlib, or undefined where the runtime has none. */
export function nodeGunzip(chunks: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> | undefined {
  const zlib = nodeZlib();
  return zlib ? inflate(zlib.createGunzip({ chunkSize: OUT_CHUNK }), chunks) : undefined;
}

async function* inflate(gunzip: GunzipStream, chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const input = chunks[Symbol.asyncIterator]();
  let stopped = false;
  let waiting = false;
  // the compressed chunks are written in as zlib takes them (its write side's
  // back-pressure), while the loop below takes out what it makes
  void (async () => {
    try {
      for (;;) {
        waiting = true;
        const { done, value } = await input.next();
        waiting = false;
        if (stopped) return;
        // all it can make of what came is made first: on a cut archive end() fails, and with it went the output of its last call
        if (done) return gunzip.flush(Z_SYNC_FLUSH, () => gunzip.end());
        if (!gunzip.write(value)) await new Promise<void>((resolve) => { gunzip.once("drain", resolve); gunzip.once("close", resolve); });
      }
    } catch (err) {
      gunzip.destroy(err); // the source's failure ends the loop below with it
    }
  })();
  try {
    for await (const out of gunzip) yield new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (err) {
    throw isZlibTruncation(err) ? new GzipTruncation(err, true) : err;
  } finally {
    stopped = true;
    gunzip.destroy();
    // left early while a next() of the source is pending: an async generator
    // would run return() only after it, which may never come; asked, not awaited
    const closed = Promise.resolve().then(() => input.return?.()).catch(() => undefined);
    if (!waiting) await closed;
  }
}
