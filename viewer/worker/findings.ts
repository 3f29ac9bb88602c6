// Findings from what the package flags on each record (zeroed, a type the
// layout does not define, microseconds out of range) and from record order
// (a record older than the one before it). Runs of one kind are one finding.
// The audit (src/audit) will give richer ones in the same shape.
import { RECORD_FLAGS } from "../../src/index.ts";
import { OUT_OF_ORDER, type Finding, type RecordColumns } from "../protocol.ts";

const KINDS: readonly { bit: number; kind: string; explain: (n: number) => string }[] = [
  { bit: RECORD_FLAGS.ZERO, kind: "zeroed", explain: (n) => `${n} record${n > 1 ? "s" : ""} of all-zero bytes: wiped entries (tools like utmpclean zero records to hide logins) or unused slots` },
  { bit: RECORD_FLAGS.BAD_TYPE, kind: "bad-type", explain: (n) => `${n} record${n > 1 ? "s" : ""} with a type number the layout does not define: damage, a foreign record, or the wrong layout` },
  { bit: RECORD_FLAGS.BAD_MICROSECONDS, kind: "bad-microseconds", explain: (n) => `${n} record${n > 1 ? "s" : ""} with microseconds outside 0..999999: no libc writes that` },
  { bit: OUT_OF_ORDER, kind: "time-backwards", explain: (n) => `${n} record${n > 1 ? "s" : ""} older than the record before: a clock change, records inserted out of place, or an edited file` },
];

/** Rows listed per finding, and findings per file, at most: a damaged file may flag every record. */
const MAX_ROWS = 10_000;
const MAX_FINDINGS = 10_000;

export function findingsOf(c: RecordColumns): Finding[] {
  const out: Finding[] = [];
  const n = c.flags.length;
  for (const { bit, kind, explain } of KINDS) {
    let lastTime = 0;
    for (let i = 0; i < n && out.length < MAX_FINDINGS; i++) {
      if (!(c.flags[i]! & bit)) {
        if (!(c.flags[i]! & RECORD_FLAGS.ZERO)) lastTime = c.seconds[i]!;
        continue;
      }
      const first = i;
      while (i + 1 < n && c.flags[i + 1]! & bit) i++;
      const count = i - first + 1;
      const records: number[] = [];
      for (let r = first; r <= i && records.length < MAX_ROWS; r++) records.push(r);
      const at = bit === RECORD_FLAGS.ZERO ? lastTime : c.seconds[first]!;
      const more = count > MAX_ROWS ? ` (the first ${MAX_ROWS} listed)` : "";
      out.push({ kind, offset: c.offset[first]!, records, explanation: explain(count) + more, at });
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}
