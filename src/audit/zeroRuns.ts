// Runs of records whose time is zero: what a log cleaner leaves when it
// overwrites records in place (zap, wipe) rather than removing them. The rule
// is chkrootkit's chkwtmp (0.57): a record counts when its seconds field is 0,
// whatever its other bytes; a run's window is the last non-zero time before it
// and the first after. chkwtmp read()s record-sized pieces, so a partial record
// at the end counts too, its missing bytes being those of the record before it
// still in the buffer; that is reproduced here (zeroTail), so the runs, counts
// and windows equal chkwtmp's on its native files. A utmp is not scanned: its
// unused slots are zero by design.
import type { EntryBatch } from "../core/batch.ts";
import { RECORD_FLAGS } from "../core/recordBatch.ts";
import type { Layout } from "../layouts/table.ts";
import type { ByteSource } from "../sources/sources.ts";
import type { UtmpWarning } from "../util/errors.ts";
import { fromBytes } from "../read/open.ts";
import type { AuditCheck, RecordScan, ScanContext } from "./check.ts";
import type { FindingBody } from "./finding.ts";
import { FindingList } from "./findingList.ts";
import { isoTime } from "./time.ts";

interface Time { readonly seconds: number; readonly microseconds: number }

class ZeroRuns implements RecordScan {
  private run = 0;
  private allZero = 0;
  private start = 0;
  private last: Time | undefined;
  private readonly findings: FindingList;

  constructor(private readonly context: ScanContext) {
    this.findings = new FindingList(context.settings.maxPerKind);
  }

  batch(batch: EntryBatch): void {
    const { seconds, microseconds, flags } = batch.columns;
    for (let i = 0; i < batch.length; i++) {
      if (seconds[i] === 0) {
        if (this.run === 0) this.start = batch.offsetOf(i);
        this.run++;
        if (flags[i]! & RECORD_FLAGS.ZERO) this.allZero++;
      } else this.time({ seconds: seconds[i]!, microseconds: microseconds[i]! });
    }
  }

  private time(t: Time): void {
    if (this.run > 0) this.close(t, false);
    this.last = t;
  }

  private close(after: Time | undefined, tail: boolean): void {
    const { run, allZero, last } = this;
    this.findings.add("zeroed-records", "zeroed", this.start, run, () => this.zeroed(run, allZero, last, after, tail));
    this.run = this.allZero = 0;
  }

  private zeroed(run: number, allZero: number, last: Time | undefined, after: Time | undefined, tail: boolean): FindingBody {
    const where = `between ${last ? isoTime(last.seconds, last.microseconds) : "the start of the file"} and ${after ? isoTime(after.seconds, after.microseconds) : "the end of the file"}`;
    const bytes = allZero === run ? "all bytes zero" : allZero === 0 ? "time zero, other bytes kept" : `${allZero} with all bytes zero`;
    return {
      kind: "zeroed-records", category: "zeroed", offset: this.start, records: run,
      before: last ? isoTime(last.seconds, last.microseconds) : null, after: after ? isoTime(after.seconds, after.microseconds) : null,
      explanation: `${run} record${run === 1 ? "" : "s"} with time zero (${bytes}) ${where}: records overwritten in place, as log cleaners do (chkwtmp's "deletion(s)")`,
      details: { allZeroBytes: allZero, timeZeroOnly: run - allZero, partialRecordAtEnd: tail,
        beforeSeconds: last?.seconds ?? null, afterSeconds: after?.seconds ?? null },
    };
  }

  end(warnings: readonly UtmpWarning[]): FindingBody[] {
    const partial = warnings.find((w) => w.code === "PARTIAL_RECORD");
    const { layout, source } = this.context;
    if (partial && !layout.framing) {
      const t = tailTime(layout, source, partial.offset, partial.length);
      if (t !== undefined && t.seconds === 0) {
        if (this.run === 0) this.start = partial.offset;
        this.run++;
        return this.finish(true);
      } else if (t !== undefined) this.time(t);
    }
    return this.finish(false);
  }

  private finish(tail: boolean): FindingBody[] {
    if (this.run > 0) this.close(undefined, tail);
    return this.findings.list();
  }
}

/**
 * The time chkwtmp reads from a partial last record: its read() fills only the
 * first `length` bytes of a buffer still holding the record before (zeros for a
 * file that is all tail).
 */
function tailTime(layout: Layout, source: ByteSource, offset: number, length: number): Time | undefined {
  const size = layout.recordSize;
  const record = new Uint8Array(size);
  if (offset >= size) source.readInto(offset - size, record);
  const tail = new Uint8Array(Math.min(length, size));
  source.readInto(offset, tail);
  record.set(tail);
  const entry = fromBytes(record, { layout }).at(0);
  return entry && { seconds: entry.seconds, microseconds: entry.microseconds };
}

export const zeroRuns: AuditCheck = {
  id: "zeroed",
  category: "zeroed",
  description: "runs of records whose time is zero (overwritten in place), with the window between their neighbours: chkwtmp's rule, on every layout",
  roles: ["wtmp", "btmp"],
  scan: (context) => new ZeroRuns(context),
};
