// What both ways of decoding a file share (decodeSliced.ts, decodeWhole.ts):
// what they are given, what they hand back, the warnings kept, and the loop
// that appends a Database's batches to the columns while letting a cancel in.
import type { Database, EntryBatch, Layout, UtmpWarning } from "../../src/index.ts";
import type { FromWorker } from "../protocol.ts";
import type { ColumnsBuilder } from "./recordColumns.ts";

export interface DecodeContext {
  readonly file: number;
  readonly name: string;
  readonly blob: Blob;
  /** A SQLite database's -wal, dropped with it. */
  readonly wal: Blob | undefined;
  /** The layout chosen by hand, if any. */
  readonly layout: string | undefined;
  readonly signal: AbortSignal;
  post(message: FromWorker, transfer?: Transferable[]): void;
}

/** A batch and where the bytes it was decoded from begin in the file (its Entry offsets count from there). */
export interface PlacedBatch { readonly batch: EntryBatch; readonly base: number }

export interface Decoded {
  readonly gzip: boolean;
  readonly columns: ColumnsBuilder;
  /**
   * The batches, kept for the sessions and exports; undefined when the file was
   * read in slices: those were decoded into the columns only, through the
   * core's own memory (a kept copy of every batch was ~90 MB of fresh memory
   * per million records, ~0.5 s on this machine before the rows could show),
   * and its slices are read and decoded again for them once the rows are on
   * screen (sliceBatches()).
   */
  readonly batches: PlacedBatch[] | undefined;
  /** The layout the records were decoded with. */
  readonly layout: Layout;
  readonly warnings: string[];
  /** The file's bytes, when read in one buffer; undefined when read in slices (their buffers were reused: read again for the hash and the audit). */
  readonly bytes: Uint8Array | undefined;
  /** Time (ms) spent waiting for the browser to hand over bytes. */
  readonly readMillis: number;
}

/**
 * Warnings in words, at most 100, each once. The package names bytes by their
 * length ("<33554432 bytes>") and counts offsets from where they begin: the
 * user knows the file by its name, and offsets from its start.
 */
export class Warnings {
  readonly list: string[] = [];
  constructor(private readonly name: string) {}

  add(message: string): void {
    if (this.list.length < 100 && !this.list.includes(message)) this.list.push(message);
  }

  /** The onWarning of bytes `length` long read from `base` in the file. */
  from(length: number, base = 0): (w: UtmpWarning) => void {
    return (w) => {
      let text = this.named(w.message, length);
      if (base !== 0 && w.offset !== undefined) text = text.replace(`offset ${w.offset}`, `offset ${w.offset + base}`);
      this.add(text);
    };
  }

  /** `text` with the package's name for bytes of `length` replaced by the file's. */
  named(text: string, length: number): string {
    return text.replaceAll(`<${length} bytes>`, this.name);
  }
}

/** Lets messages in (a cancel) between pieces of work. */
export const breather = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Appends `db`'s batches (zeroed records too: the table shows them) to
 * `columns`, pausing every 100 ms to hear a cancel; `progress(batch)` is the
 * share of the file done after it. The batches are kept in `batches` when it
 * is given; without it each is only looked at while it is the core's latest
 * (transient: no copy made).
 */
export async function addBatches(db: Database, base: number, columns: ColumnsBuilder, batches: PlacedBatch[] | undefined,
  ctx: DecodeContext, progress: (batch: EntryBatch) => number): Promise<void> {
  let breathed = performance.now();
  for (const batch of db.batches({ includeZeroed: true }, batches === undefined)) {
    columns.add(batch, base);
    batches?.push({ batch, base });
    if (performance.now() - breathed > 100) {
      ctx.post({ op: "progress", file: ctx.file, done: progress(batch), total: 1 });
      await breather();
      ctx.signal.throwIfAborted();
      breathed = performance.now();
    }
  }
}
