// One file of a wtmp history read newest record first, as the streaming pairer
// wants it. A plain file is read window by window from its end (positioned
// reads: memory does not grow with the file). A .gz member cannot be read from
// its end: it is decompressed first, into memory or past 16 MiB a temporary
// file (sources/gzipSpool.ts), and that is read from its end. FreeBSD's
// utx.log, whose records vary in size, cannot be either: it is read forward and its batches
// (columns and strings) kept, then given back in reverse, so its memory grows
// with its records (and so does a .gz's where no temporary file can be made).
import { RECORD_FLAGS } from "../core/recordBatch.ts";
import type { EntryBatch } from "../core/batch.ts";
import type { EntryFilter } from "../core/filter.ts";
import { Database, type StringsPerWindow } from "../read/database.ts";
import { fileSource, type ByteSource } from "../sources/sources.ts";
import { stream } from "../read/stream.ts";
import { isGzipFile } from "../sources/streamSources.ts";
import type { Layout } from "../layouts/table.ts";
import type { UtmpWarning } from "../util/errors.ts";
import { spoolGzip, type SpooledGzip } from "../sources/gzipSpool.ts";

export interface NewestFirstOptions {
  readonly layout?: string | Layout | undefined;
  readonly onWarning?: ((warning: UtmpWarning) => void) | undefined;
  /**
   * The reader has no use for all-zero records (last has none; lastb lists
   * them): windows of a file that turns out to be mostly zeros (a sparse or
   * wiped wtmp) are then decoded without them.
   */
  readonly skipZeroed?: boolean;
  /**
   * The reader is done with a batch before it asks for the next one (last
   * formats each row as it is decided, and what it keeps are numbers and
   * strings): batches of plain files are then views of the decoder's memory,
   * not copies. Batches of .gz members and utx.log are kept, so never transient.
   */
  readonly transient?: boolean;
  /**
   * With `transient`, the string columns the reader reads of most records
   * (default "all"): last pairs records by user and line, lastb none, and the
   * core writes their rows from the records; batches of plain files then come
   * without the rest. RecordBatch.withStrings() gives them, while the batch is
   * the current one. A function is asked per window (of plain files).
   */
  readonly strings?: StringsPerWindow | undefined;
}

/**
 * A batch of the file, and the position of its first row among the file's
 * records (read forward: framed files and .gz). Batches read from the end of a
 * fixed-size layout find a row's position from its offset.
 */
export interface PlacedBatch {
  readonly batch: EntryBatch;
  readonly firstIndex: number;
}

/** A batch whose records are mostly all-zero: from there on, zeros are left out in the core. */
function mostlyZero(batch: EntryBatch): boolean {
  const flags = batch.columns.flags;
  let zero = 0;
  for (let i = 0; i < batch.length; i++) zero += flags[i]! & RECORD_FLAGS.ZERO;
  return zero * 2 > batch.length;
}

export class NewestFirstFile {
  private database: Database | undefined;
  /** A .gz's decompressed bytes, once batches() has read them, until close(). */
  private spool: SpooledGzip | undefined;
  /** Its first record's seconds, noted by close(). */
  private firstNoted: { seconds: number | undefined } | undefined;
  /** The first batch, once a forward read has seen it. */
  private head: EntryBatch | undefined;
  private headRead = false;

  constructor(readonly path: string, private readonly options: NewestFirstOptions = {}) {}

  /**
   * The file's batches from its last window to its first (walk each from its
   * last row). Leaving early stops the reading.
   * @throws UtmpError when the file cannot be read or fits no layout; a .gz
   * that fails part way gives the batches it decoded first, then throws.
   */
  async *batches(): AsyncGenerator<PlacedBatch, void, undefined> {
    if (isGzipFile(this.path) && !this.database) {
      this.spool = await spoolGzip(this.path, this.options.onWarning);
      if (!this.spool) {
        // no temporary file to be had: its batches are kept instead
        yield* this.kept(stream(this.path, { layout: this.options.layout, onWarning: this.options.onWarning }));
        return;
      }
      this.database = this.databaseOf(this.spool.source);
      // decompression failed part way: what came before it is given, then its error
      const failure = this.spool.failure;
      if (failure !== undefined) {
        yield* this.read(this.database);
        throw failure;
      }
    }
    yield* this.read(this.db());
  }

  /** The batches of `db`, from its end; forward, kept, for a framed layout. */
  private async *read(db: Database): AsyncGenerator<PlacedBatch, void, undefined> {
    if (db.layout.framing) {
      yield* this.kept(toAsync(db.batches()));
      return;
    }
    const size = db.layout.recordSize;
    let filter: EntryFilter | undefined;
    let before: number | undefined;
    for (;;) {
      let switched = false;
      // Each window is read while the one after it is decoded and paired; once the zeros are left
      // out in the core, there is next to nothing to overlap a read with, and a read straight into
      // the core's window beats one into a buffer of its own and its copy (last of a 10 GB sparse
      // file: 1.9 s read ahead, 1.25 s in turn)
      const batches = filter ? toAsync(db.batchesBackward(filter, before, this.options.transient, this.options.strings ?? "all"))
        : db.batchesBackwardAhead(filter, before, this.options.transient, this.options.strings ?? "all");
      for await (const batch of batches) {
        yield { batch, firstIndex: batch.offset / size };
        // deciding the zeros of a window costs the core far less than handing them out
        if (!filter && this.options.skipZeroed && mostlyZero(batch)) {
          filter = { includeZeroed: false };
          before = batch.offset;
          switched = true;
          break;
        }
      }
      if (!switched) return;
    }
  }

  /**
   * Seconds of the file's first record (zeroed or not), or undefined when it
   * has none: read alone, unless a forward read already holds it.
   */
  async firstSeconds(): Promise<number | undefined> {
    if (this.headRead) return this.head?.columns.seconds[0];
    if (this.firstNoted) return this.firstNoted.seconds;
    if (isGzipFile(this.path) && !this.database) {
      const batches = stream(this.path, { layout: this.options.layout });
      const first = await batches.next();
      await batches.return(undefined);
      return first.done ? undefined : first.value.columns.seconds[0];
    }
    return this.db().at(0)?.seconds;
  }

  /**
   * Lets go of what the file's reading holds: a .gz's decompressed bytes (their
   * temporary file). firstSeconds() still answers, from a note taken here.
   */
  close(): void {
    if (!this.spool) return;
    let seconds: number | undefined;
    try {
      seconds = this.db().at(0)?.seconds;
    } catch {
      // a file whose reading failed: last asks no "begins" of it
    }
    this.firstNoted = { seconds };
    this.spool.close();
    this.spool = undefined;
  }

  private db(): Database {
    return (this.database ??= this.databaseOf(fileSource(this.path)));
  }

  private databaseOf(source: ByteSource): Database {
    // warnings (a partial trailing record) are told once, by the read that meets them
    return new Database(source, { layout: this.options.layout, onWarning: this.options.onWarning });
  }

  /**
   * A kept batch without its all-zero records, when the reader has no use for
   * them and they are most of it (a .gz of a wiped wtmp, or of 2 GB of zeros:
   * kept, they took 2.15 GB). Only for fixed-size records, whose rows place
   * themselves by their offsets; a framed file's rows are placed by firstIndex.
   */
  private withoutZeros(batch: EntryBatch): EntryBatch {
    if (!this.options.skipZeroed || batch.layout.framing || !mostlyZero(batch)) return batch;
    const flags = batch.columns.flags;
    const rows: number[] = [];
    for (let i = 0; i < batch.length; i++) if (!(flags[i]! & RECORD_FLAGS.ZERO)) rows.push(i);
    return batch.pick(rows);
  }

  /** Reads `batches` to the end, then gives them back last first; after a failure, those decoded before it. */
  private async *kept(batches: AsyncIterable<EntryBatch>): AsyncGenerator<PlacedBatch, void, undefined> {
    const all: PlacedBatch[] = [];
    let count = 0;
    let failure: unknown;
    try {
      for await (const batch of batches) {
        this.head ??= batch; // whole: the file's first record, zeroed or not, dates it ("begins")
        all.push({ batch: this.withoutZeros(batch), firstIndex: count });
        count += batch.length;
      }
      this.headRead = true;
    } catch (err) {
      failure = err;
    }
    for (let k = all.length - 1; k >= 0; k--) yield all[k]!;
    if (failure !== undefined) throw failure;
  }
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T, void, undefined> {
  yield* items;
}
