// A gzip archive among the audit's inputs (a rotated wtmp.1.gz): read as a
// stream of its decompressed bytes (sources/streamSources.ts, as stream()
// reads one), once to count them, then again as a SlidingSource the audit's
// reads go through, so no archive is ever held whole: an incident responder's
// thousands of archives, or one of many GB, take a window's memory each. Only a
// SQLite database in one (wtmpdb, lastlog2: read by page number) is gathered.
import { engine } from "../core/engine.ts";
import { gatherGunzipped, gunzipError } from "../sources/gzip.ts";
import { countBytes, SlidingSource } from "../sources/slidingSource.ts";
import { byteChunks, type StreamSource } from "../sources/streamSources.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { GzipTruncation, truncationWarning } from "../sources/gzipTruncation.ts";
import { cutDatabase } from "../read/wtmpdbSource.ts";

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

  /** The decompressed bytes read by position a window at a time (see SlidingSource; close() it when left early). */
  async open(signal: AbortSignal | undefined): Promise<SlidingSource> {
    const size = await this.size(signal);
    const notes = this.cut ? [truncationWarning(this.name, size, this.cut)] : [];
    return SlidingSource.open(this.name, this.path, await this.chunks(signal), size, engine().windowCapacity + LOOK_PAST_WINDOW, notes);
  }

  /** The decompressed bytes, whole (a SQLite database, within GUNZIP_LIMIT). */
  async bytes(signal: AbortSignal | undefined): Promise<Uint8Array> {
    const bytes = await gatherGunzipped(await this.chunks(signal), this.name);
    if (this.cut) throw cutDatabase(this.name, this.cut);
    return bytes;
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
