// A gzip archive among the audit's inputs (a rotated wtmp.1.gz). A file is
// decompressed once, into memory up to 16 MiB and past that into a temporary
// file (sources/gzipSpool.ts). Otherwise (a Blob, bytes, no temporary file) it
// is read as a stream of its decompressed bytes (sources/streamSources.ts, as
// stream() reads one), once to count them, then again as a SlidingSource the
// audit's reads go through. Either way no archive is held whole in memory: an
// incident responder's thousands of archives, or one of many GB, take a
// window's memory each. Only a SQLite database in one (wtmpdb, lastlog2: read
// by page number) is gathered.
import { engine } from "../core/engine.ts";
import { gunzipError } from "../sources/gzip.ts";
import { countBytes, SlidingSource } from "../sources/slidingSource.ts";
import { SPOOL_AFTER, spoolGzip } from "../sources/gzipSpool.ts";
import type { ByteSource } from "../sources/sources.ts";
import { concatBytes } from "../util/concatBytes.ts";
import type { UtmpWarning } from "../util/errors.ts";
import { byteChunks, type StreamSource } from "../sources/streamSources.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { GzipTruncation, truncationWarning } from "../sources/gzipTruncation.ts";
import { cutDatabase } from "../read/wtmpdbSource.ts";
import { CountedBytes } from "../read/gatherSqlite.ts";

/** Past the core's window, what a check reads beyond a window's last record (structure.ts's probe: 33 records). */
const LOOK_PAST_WINDOW = 1 << 20;

export class GzipArchive {
  private counted: number | undefined;
  /** Where the archive is cut short, found by the counting pass: both passes end there (gzipTruncation.ts). */
  private cut: GzipTruncation | undefined;

  constructor(readonly name: string, readonly path: string | undefined, private readonly archive: StreamSource) {}

  /** The decompressed size, counted once by a pass through the archive: a corrupt one fails here, before any record is read. */
  async size(signal: AbortSignal | undefined): Promise<number> {
    if (this.counted === undefined) {
      const counted = await countBytes(await this.chunks(signal));
      // cut before a byte came out: nothing to read, as the whole-archive reads say (each time it is asked)
      if (this.cut && counted === 0) throw gunzipError(this.name, this.cut.reason);
      this.counted = counted;
    }
    return this.counted;
  }

  /**
   * The decompressed bytes read by position: close() it. A file is decompressed
   * once, into memory or past 16 MiB a temporary file (sources/gzipSpool.ts);
   * elsewhere (a Blob, bytes, no temporary file to be had, a damaged archive,
   * whose error is the counting pass's) a window at a time, after a pass that
   * counts them (see SlidingSource).
   */
  async open(signal: AbortSignal | undefined): Promise<ByteSource & { close(): Promise<void> | void }> {
    if (this.path !== undefined) {
      const notes: UtmpWarning[] = [];
      const spooled = await spoolGzip(this.path, (w) => notes.push(w), SPOOL_AFTER, signal).catch((err: unknown) => {
        if (signal?.aborted) throw err;
        return undefined; // the passes below say what is wrong, as they always have
      });
      if (spooled && spooled.failure === undefined) return { ...spooled.source, notes: () => notes, close: () => spooled.close() };
      spooled?.close();
    }
    const size = await this.size(signal);
    const notes = this.cut ? [truncationWarning(this.name, size, this.cut)] : [];
    return SlidingSource.open(this.name, this.path, await this.chunks(signal), size, engine().windowCapacity + LOOK_PAST_WINDOW, notes);
  }

  /** The first `n` decompressed bytes (fewer when there are fewer), read without going further. */
  async head(n: number, signal: AbortSignal | undefined): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let got = 0;
    const chunks = (await this.chunks(signal))[Symbol.asyncIterator]();
    try {
      while (got < n) {
        const r = await chunks.next();
        if (r.done) break;
        parts.push(r.value);
        got += r.value.length;
      }
    } finally {
      await chunks.return?.(undefined);
    }
    return concatBytes(parts).subarray(0, n);
  }

  /**
   * The decompressed bytes, whole (a SQLite database), `size` of them (size()'s
   * count, within the caller's bound), gathered into one array of that size:
   * kept as chunks and then joined, they took twice the database (1.29 GB of
   * RSS for an audit of one of 600 MiB, against 0.71 GB for utmpx dump).
   * Decompressed again from the archive, so the same for a path, a Blob or
   * bytes, spooled or not.
   */
  async bytes(size: number, signal: AbortSignal | undefined): Promise<Uint8Array> {
    const bytes = new CountedBytes(size, this);
    // a throw leaves the loop, which ends the decompression
    for await (const chunk of await this.chunks(signal)) bytes.put(chunk);
    if (this.cut) throw cutDatabase(this.name, this.cut);
    return bytes.whole();
  }

  /** A pass from the start, its errors (a corrupt archive) named as the whole-archive reads name them. */
  private async chunks(signal: AbortSignal | undefined): Promise<AsyncIterable<Uint8Array>> {
    const { chunks } = await byteChunks(this.archive, signal);
    // a path that was gzip when the audit began and is not now
    if (!chunks) throw new UtmpError(UtmpErrorCode.IO, `utmpx: ${this.name} changed while it was read: no longer gzip`, { path: this.path });
    return this.named(chunks);
  }

  /** The chunks up to where the archive is cut (noted), its other errors named. */
  private async *named(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    try {
      yield* chunks;
    } catch (err) {
      if (!(err instanceof GzipTruncation)) throw gunzipError(this.name, err);
      this.cut = err;
    }
  }
}
