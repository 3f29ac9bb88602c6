// Records that cannot be what a writer wrote: a type the layout does not define,
// microseconds past 999999, a time before 1970 or in the future; a size that is
// not a whole number of records; a utx.log whose framing had to be searched for.
// When bad records run on, the bytes are read again at every shift within a
// record: if records read well again some bytes later, bytes were inserted (or
// removed) there, and the finding says how many.
import type { EntryBatch } from "../core/batch.ts";
import { RECORD_FLAGS } from "../core/recordBatch.ts";
import type { UtmpWarning } from "../util/errors.ts";
import { fromBytes } from "../read/open.ts";
import type { AuditCheck, RecordScan, ScanContext } from "./check.ts";
import type { FindingBody } from "./finding.ts";
import { FindingList } from "./findingList.ts";
import { isoTime } from "./time.ts";

/** A date this far past "now" is not one a clock wrote (a day allows for zones and skew). */
export const FUTURE_SLACK = 86400;
/** Records read at each shift when looking for where records align again. */
const PROBE_RECORDS = 32;
const YEAR = 366 * 86400;
/** Runs looked at again, at most: each costs a read per shift. */
const MAX_PROBED_RUNS = 16;

interface BadRun {
  readonly offset: number;
  /** The time of the last good record before it, which records read at the right shift lie near. */
  readonly near: number | undefined;
  records: number;
  readonly before: string | null;
  after: string | null;
  readonly reasons: Set<string>;
  /** The bytes from its start looked at again at the end (see realign), read while they were near. */
  probe: Uint8Array | undefined;
}

class Structure implements RecordScan {
  private run: BadRun | undefined;
  private readonly findings: FindingList;
  /** The time of the last good record with a time (formatted only when a finding needs it: most records are good). */
  private lastGoodSeconds: number | undefined;
  private lastGoodMicroseconds = 0;
  /** Runs looked at again so far. */
  private probed = 0;

  constructor(private readonly context: ScanContext) {
    this.findings = new FindingList(context.settings.maxPerKind);
  }

  batch(batch: EntryBatch): void {
    const { seconds, microseconds, flags } = batch.columns;
    const future = this.context.settings.now + FUTURE_SLACK;
    for (let i = 0; i < batch.length; i++) {
      const f = flags[i]!;
      const s = seconds[i]!;
      let reason: string | undefined;
      if (f & RECORD_FLAGS.ZERO) reason = undefined;
      else if (f & RECORD_FLAGS.BAD_TYPE) reason = "type not defined by the layout";
      else if (f & RECORD_FLAGS.BAD_MICROSECONDS) reason = "microseconds outside 0..999999";
      else if (s < 0) reason = "time before 1970";
      else if (s > future) reason = "time in the future";
      if (reason === undefined) {
        if (this.run) this.closeRun(isoTime(s, microseconds[i]!));
        if (s !== 0) {
          this.lastGoodSeconds = s;
          this.lastGoodMicroseconds = microseconds[i]!;
        }
        continue;
      }
      if (!this.run) this.run = { offset: batch.offsetOf(i), near: this.lastGoodSeconds, records: 0, before: this.lastGood(), after: null, reasons: new Set(), probe: undefined };
      this.run.records++;
      this.run.reasons.add(reason);
      if (this.run.records === 2) this.keepProbe(this.run);
    }
  }

  private lastGood(): string | null {
    return this.lastGoodSeconds === undefined ? null : isoTime(this.lastGoodSeconds, this.lastGoodMicroseconds);
  }

  /** The run's finding: now, or for a run looked at again (see keepProbe), at the end. */
  private closeRun(after: string | null): void {
    const run = this.run!;
    run.after = after;
    this.run = undefined;
    if (run.probe) this.findings.addLater(() => this.runFinding(run, this.realign(run.probe!, run.near)));
    else this.findings.add("impossible-records", "structure", run.offset, run.records, () => this.runFinding(run, undefined));
  }

  /** `shift`: where its bytes read well again, if they do. */
  private runFinding(run: BadRun, shift: number | undefined): FindingBody {
    const reasons = [...run.reasons].join(", ");
    const size = this.context.layout.recordSize;
    if (shift !== undefined) {
      return {
        kind: "misaligned-records", category: "structure", offset: run.offset, records: run.records, before: run.before, after: run.after,
        explanation: `${run.records} record${run.records === 1 ? "" : "s"} from here read as garbage (${reasons}) but read well ${shift} bytes later: ${shift} bytes inserted, or ${size - shift} removed, at or before this offset`,
        details: { shift, inserted: shift, orRemoved: size - shift, reasons: [...run.reasons] },
      };
    }
    return {
      kind: "impossible-records", category: "structure", offset: run.offset, records: run.records, before: run.before, after: run.after,
      explanation: `${run.records} record${run.records === 1 ? "" : "s"} no writer produces (${reasons}): overwritten or damaged bytes`,
      details: { reasons: [...run.reasons] },
    };
  }

  /**
   * A run of two records or more, or one that reaches the end, is looked at
   * again (the first MAX_PROBED_RUNS of them): its bytes are read now, while
   * they are near where the file is being read (a .gz is read as a stream, and
   * holds only that part), and realigned at the end (decoding them now would
   * overwrite the batch being read).
   */
  private keepProbe(run: BadRun): void {
    if (run.probe || this.probed >= MAX_PROBED_RUNS || this.context.layout.framing) return;
    this.probed++;
    const bytes = new Uint8Array(this.context.layout.recordSize * (PROBE_RECORDS + 1));
    run.probe = bytes.subarray(0, this.context.source.readInto(run.offset, bytes));
  }

  end(warnings: readonly UtmpWarning[]): FindingBody[] {
    if (this.run) {
      this.keepProbe(this.run);
      this.closeRun(null);
    }
    const findings = this.findings.list();
    const partial = warnings.find((w) => w.code === "PARTIAL_RECORD");
    if (partial) {
      findings.push({
        kind: "partial-record", category: "structure", offset: partial.offset, records: 1, before: this.lastGood(), after: null,
        explanation: this.context.layout.framing
          ? `the last ${partial.length} bytes do not read as entries (a length runs past the end): entries damaged or bytes inserted here, or a write cut short`
          : `the file ends ${partial.length} bytes into a record (its size is not a whole number of ${this.context.layout.recordSize}-byte records): bytes added or cut, or a write cut short`,
        details: { bytes: partial.length },
      });
    }
    const cut = warnings.find((w) => w.code === "GZIP_TRUNCATED");
    if (cut) {
      findings.push({
        kind: "archive-cut", category: "structure", offset: cut.offset, records: 0, before: this.lastGood(), after: null,
        explanation: `the gzip archive ends here, before its compressed data does: the records after ${cut.offset} bytes are lost (a copy or a rotation cut short, or the archive cut on purpose)`,
        details: { message: cut.message },
      });
    }
    for (const w of warnings) {
      if (w.code !== "GZIP_DAMAGED") continue;
      findings.push({
        kind: "archive-damaged", category: "structure", offset: w.offset, records: 0, before: null, after: null,
        explanation: `the gzip archive is damaged here (bytes after its end that are not gzip, or a member whose CRC-32 or length does not match its data): appended to, or altered after it was compressed`,
        details: { message: w.message },
      });
    }
    for (const w of warnings) {
      if (w.code !== "RESYNC") continue;
      findings.push({
        kind: "utx-resync", category: "structure", offset: w.offset, records: w.length, before: null, after: null,
        explanation: `${w.length} zero-length entries in this window of utx.log were stepped over a byte at a time, as FreeBSD's reader does: bytes zeroed or inserted`,
        details: { message: w.message },
      });
    }
    return findings;
  }

  /**
   * The shift (1..recordSize-1) after which the records of `bytes` (from a
   * run's start) read well, if one does. Reading well: a defined type other
   * than EMPTY, good microseconds, and a time within a year of the last good
   * record (`near`), since at a wrong shift the bytes of names and lines often
   * pass for a date.
   */
  private realign(bytes: Uint8Array, near: number | undefined): number | undefined {
    const { layout, settings } = this.context;
    const size = layout.recordSize;
    const got = bytes.length;
    const future = settings.now + FUTURE_SLACK;
    const typed = !!layout.fields.type;
    let best: { shift: number; good: number } | undefined;
    for (let shift = 1; shift < size; shift++) {
      const whole = Math.floor((got - shift) / size);
      if (whole < 2) break;
      let good = 0;
      for (const batch of fromBytes(bytes.subarray(shift, shift + whole * size), { layout }).batches({ includeZeroed: true })) {
        const { seconds, flags, rawType } = batch.columns;
        for (let i = 0; i < batch.length; i++) {
          const f = flags[i]!;
          const s = seconds[i]!;
          if (f & (RECORD_FLAGS.BAD_TYPE | RECORD_FLAGS.BAD_MICROSECONDS | RECORD_FLAGS.ZERO) || !(s > 0 && s <= future)) continue;
          if (typed && rawType[i] === 0) continue;
          if (near !== undefined && Math.abs(s - near) > YEAR) continue;
          good++;
        }
      }
      if (good >= Math.max(2, whole * 0.75) && (!best || good > best.good)) best = { shift, good };
    }
    return best?.shift;
  }
}

export const structure: AuditCheck = {
  id: "structure",
  category: "structure",
  description: "impossible types, microseconds and dates; records that stop aligning (bytes inserted or removed, with how many); a size that is not whole records; utx.log resyncs; a .gz cut short or damaged; the bytes of a sparse lastlog not read (lastlog-unread)",
  roles: ["wtmp", "btmp", "utmp"],
  scan: (context) => new Structure(context),
};
