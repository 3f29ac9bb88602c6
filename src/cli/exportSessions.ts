// The sessions of one host's history for `utmpx export --sessions`: its wtmp
// files read as one history, newest record first through last's pairer, as
// `utmpx last` reads them (memory: the pairer's waiting records and one window).
// Each row's evidence is traced back to the file it is in.
import { SessionPairer } from "../sessions/pairer.ts";
import { BatchRecords } from "../sessions/batchRecords.ts";
import { NewestFirstFile } from "../sessions/newestFirst.ts";
import type { Session } from "../sessions/sessions.ts";
import type { Layout } from "../layouts/table.ts";
import type { UtmpWarning } from "../util/errors.ts";
import type { SessionRow } from "../format/exportSessionSchema.ts";
import type { ExportInput } from "./exportInputs.ts";

/** Indexes of records of file k start at k * FILE_STRIDE: a row's evidence index says its file. */
const FILE_STRIDE = 1e12;

export interface HistoryOptions {
  readonly layout?: Layout | undefined;
  readonly onWarning?: (warning: UtmpWarning) => void;
  /** "now" in seconds (default the clock). */
  readonly now?: number;
}

/**
 * Pairs the records of `files` (one host's history, oldest file first) and
 * calls `emit` with each row, newest first, after the batch that decided it;
 * a promise it returns is awaited before the next row.
 */
export async function pairHistory(files: readonly ExportInput[], host: string, options: HistoryOptions,
  emit: (row: SessionRow) => Promise<void> | undefined): Promise<void> {
  // the rows decided while a batch is walked (the pairer calls back synchronously), written after it
  let rows: SessionRow[] = [];
  const sourceOf = (index: number) => files[Math.floor(index / FILE_STRIDE)]?.source ?? "";
  const pairer = new SessionPairer({ ...(options.now !== undefined ? { now: options.now } : {}) }, (session: Session) => {
    const close = session.evidence.close;
    rows.push({ session, host, openSource: sourceOf(session.evidence.open.index), closeSource: close ? sourceOf(close.index) : undefined });
  });
  const records = new BatchRecords();
  for (let k = files.length - 1; k >= 0; k--) {
    const file = new NewestFirstFile(files[k]!.path, { layout: options.layout, onWarning: options.onWarning, skipZeroed: true, transient: true });
    try {
      for await (const { batch, firstIndex } of file.batches()) {
        records.use(batch);
        const recordSize = batch.layout.framing ? 0 : batch.layout.recordSize;
        for (let i = batch.length - 1; i >= 0; i--) {
          pairer.push(records, i, k * FILE_STRIDE + (recordSize ? batch.offsetOf(i) / recordSize : firstIndex + i));
        }
        const decided = rows;
        rows = [];
        for (const row of decided) {
          const wait = emit(row);
          if (wait) await wait;
        }
      }
    } finally {
      file.close(); // a host's .gz archives, each spooled in turn: one temporary file at a time
    }
  }
}
