// One pass of a check over a file's records (see check.ts for where it fits).
import type { EntryBatch } from "../core/batch.ts";
import type { BatchRecords } from "../sessions/batchRecords.ts";
import type { UtmpWarning } from "../util/errors.ts";
import type { FindingBody } from "./finding.ts";

/** One pass over a file's records, in file order. */
export interface RecordScan {
  /** `records` reads the same batch (already pointed at it): values per row without an Entry. */
  batch(batch: EntryBatch, records: BatchRecords): void;
  /** After the last batch; `warnings` are the reader's (a partial record, a resync). */
  end(warnings: readonly UtmpWarning[]): FindingBody[];
}
