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

/** Past the core's window, what a check reads beyond a window's last record (structure.ts's probe: 33 records). */
const LOOK_PAST_WINDOW = 1 << 20;

export class GzipArchive {
  private counted: number | undefined;

  constructor(readonly name: string, readonly path: string | undefined, private readonly archive: StreamSource) {}

  /** The decompressed size, counted once by a pass through the archive: a corrupt one fails here, before any record is read. */
  async size(signal: AbortSignal | undefined): Promise<number> {
    return (this.counted ??= await countBytes(await this.chunks(signal)));
  }

  /** The decompressed bytes read by position a window at a time (see SlidingSource; close() it when left early). */
  async open(signal: AbortSignal | undefined): Promise<SlidingSource> {
    const size = await this.size(signal);
    return SlidingSource.open(this.name, this.path, await this.chunks(signal), size, engine().windowCapacity + LOOK_PAST_WINDOW);
  }

  /** The decompressed bytes, whole (a SQLite database, within GUNZIP_LIMIT). */
  async bytes(signal: AbortSignal | undefined): Promise<Uint8Array> {
    return gatherGunzipped(await this.chunks(signal), this.name);
  }

  /** A pass from the start, its errors (a corrupt archive) named as the whole-archive reads name them. */
  private async chunks(signal: AbortSignal | undefined): Promise<AsyncIterable<Uint8Array>> {
    const { chunks } = await byteChunks(this.archive, signal);
    // a path that was gzip when the audit began and is not now
    if (!chunks) throw new UtmpError(UtmpErrorCode.IO, `utmpx: ${this.name} changed while it was read: no longer gzip`, { path: this.path });
    return named(chunks, this.name);
  }
}

async function* named(chunks: AsyncIterable<Uint8Array>, name: string): AsyncGenerator<Uint8Array> {
  try {
    yield* chunks;
  } catch (err) {
    throw gunzipError(name, err);
  }
}
