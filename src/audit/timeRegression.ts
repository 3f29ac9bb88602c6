// Records earlier than the ones before them. Writers append in time order, so
// time going back means the clock was set back (which date(1) and ntpdate
// record as an OLD_TIME/NEW_TIME pair: explained, no finding), a machine that
// booted with its clock behind (a boot starts time afresh: virtual machines and
// hardware clocks kept in local time do this in the real files of the corpus,
// by minutes to hours), or records put where they were not written: a block
// backdated or moved. The finding spans the records until time is back where
// it was before the drop.
import type { EntryBatch } from "../core/batch.ts";
import type { BatchRecords } from "../sessions/batchRecords.ts";
import { BOOT_TIME, NEW_TIME, OLD_TIME } from "../sessions/kinds.ts";
import type { AuditCheck, RecordScan, ScanContext } from "./check.ts";
import type { FindingBody } from "./finding.ts";
import { FindingList } from "./findingList.ts";
import { isoTime, secondsOf } from "./time.ts";
import { RECORD_FLAGS } from "../core/recordBatch.ts";
import { FUTURE_SLACK } from "./structure.ts";

interface Drop {
  readonly offset: number;
  /** The time before the drop: where time must come back to. */
  readonly high: number;
  readonly highSeconds: number;
  readonly highMicroseconds: number;
  readonly seconds: number;
  readonly microseconds: number;
  records: number;
  /** The earliest time in the block. */
  lowest: number;
}

class TimeRegressions implements RecordScan {
  private high = -Infinity;
  private highSeconds = 0;
  private highMicroseconds = 0;
  /** The last record was an OLD_TIME: the clock change is announced. */
  private announced = false;
  private drop: Drop | undefined;
  private readonly findings: FindingList;

  constructor(private readonly context: ScanContext) {
    this.findings = new FindingList(context.settings.maxPerKind);
  }

  batch(batch: EntryBatch, records: BatchRecords): void {
    const { seconds, microseconds, flags } = batch.columns;
    const { regressionTolerance: tolerance, now } = this.context.settings;
    for (let i = 0; i < batch.length; i++) {
      const s = seconds[i]!;
      // zeroed records are the zeroed check's, impossible ones the structure check's: neither sets the time
      if (s === 0 || s < 0 || s > now + FUTURE_SLACK || flags[i]! & (RECORD_FLAGS.BAD_TYPE | RECORD_FLAGS.BAD_MICROSECONDS)) continue;
      const us = microseconds[i]!;
      const t = secondsOf(s, us);
      const kind = records.kind(i);
      if (kind === NEW_TIME || kind === OLD_TIME || kind === BOOT_TIME || this.announced) {
        // a clock change or a boot: time starts again from here
        this.announced = kind === OLD_TIME;
        this.closeDrop();
        this.setHigh(t, s, us);
        continue;
      }
      const drop = this.drop;
      if (drop) {
        if (t >= drop.high) this.closeDrop();
        else {
          drop.records++;
          if (t < drop.lowest) drop.lowest = t;
          continue;
        }
      } else if (t < this.high - tolerance) {
        this.drop = { offset: batch.offsetOf(i), high: this.high, highSeconds: this.highSeconds, highMicroseconds: this.highMicroseconds,
          seconds: s, microseconds: us, records: 1, lowest: t };
        continue;
      }
      if (t > this.high) this.setHigh(t, s, us);
    }
  }

  private setHigh(t: number, s: number, us: number): void {
    this.high = t;
    this.highSeconds = s;
    this.highMicroseconds = us;
  }

  private closeDrop(): void {
    const d = this.drop;
    if (!d) return;
    this.drop = undefined;
    this.findings.add("time-regression", "time", d.offset, d.records, () => ({
      kind: "time-regression", category: "time", offset: d.offset, records: d.records,
      before: isoTime(d.highSeconds, d.highMicroseconds), after: isoTime(d.seconds, d.microseconds),
      explanation: `${d.records} record${d.records === 1 ? "" : "s"} from here ${d.records === 1 ? "is" : "are"} up to ${spanText(d.high - d.lowest)} earlier than the record before them, with no OLD_TIME/NEW_TIME pair to explain it: records backdated or moved, or a clock set back unrecorded`,
      details: { secondsBack: d.high - secondsOf(d.seconds, d.microseconds), maxSecondsBack: d.high - d.lowest, earliestInBlock: isoTime(Math.floor(d.lowest), Math.round((d.lowest % 1) * 1e6)) },
    }));
  }

  end(): FindingBody[] {
    this.closeDrop();
    return this.findings.list();
  }
}

function spanText(seconds: number): string {
  if (seconds >= 2 * 86400) return `${(seconds / 86400).toFixed(1)} days`;
  if (seconds >= 2 * 3600) return `${(seconds / 3600).toFixed(1)} hours`;
  if (seconds >= 120) return `${(seconds / 60).toFixed(1)} minutes`;
  return `${seconds.toFixed(seconds % 1 === 0 ? 0 : 6)} seconds`;
}

export const timeRegressions: AuditCheck = {
  id: "time-regression",
  category: "time",
  description: "records earlier than their predecessor beyond the tolerance, unless an OLD_TIME/NEW_TIME pair or a boot starts time afresh; the block runs until time is back",
  roles: ["wtmp", "btmp"],
  scan: (context) => new TimeRegressions(context),
};
