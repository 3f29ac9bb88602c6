// 64-bit fields past 2^53 (a corrupt or hostile record's seconds, microseconds
// or session): a double cannot hold them, so the columns keep the nearest
// double, the record is flagged (RECORD_FLAGS.WIDE) and the core lists the
// stored bits, which the batch keeps as BigInts by row. Only such rows cost
// anything: a file of real times has none.
import type { Core } from "./core.ts";
import { civilFromSeconds, pad2 } from "../time/calendar.ts";

export type WideField = "seconds" | "microseconds" | "session";
/** A row's fields that are not safe integers, exactly. */
export type WideRow = { readonly [F in WideField]?: bigint };
/** By row of a batch: only rows flagged RECORD_FLAGS.WIDE are present. */
export type WideValues = ReadonlyMap<number, WideRow>;

/** The core's W_* numbers, in order. */
const FIELDS: readonly WideField[] = ["seconds", "microseconds", "session"];

/** The values the core's last decode listed as wide, by row; undefined when none (the common case: one global read). */
export function readWide(core: Core): WideValues | undefined {
  const count = core.live("wideCount");
  if (count === 0) return undefined;
  const size = core.value("WIDE_ENTRY_BYTES");
  const view = new DataView(core.exports.memory.buffer, core.value("widePtr"), count * size);
  const out = new Map<number, Record<string, bigint>>();
  for (let k = 0; k < count; k++) {
    const at = k * size;
    const row = view.getUint32(at, true);
    const bits = view.getBigUint64(at + 8, true);
    let values = out.get(row);
    if (!values) out.set(row, (values = {}));
    values[FIELDS[view.getUint8(at + 4)]!] = view.getUint8(at + 5) === 1 ? BigInt.asIntN(64, bits) : bits;
  }
  return out as Map<number, WideRow>;
}

/** The same rows of `wide` for a batch of `rows` of its batch, in that order. */
export function pickWide(wide: WideValues | undefined, rows: readonly number[]): WideValues | undefined {
  if (!wide) return undefined;
  const out = new Map<number, WideRow>();
  rows.forEach((r, k) => {
    const w = wide.get(r);
    if (w) out.set(k, w);
  });
  return out.size > 0 ? out : undefined;
}

/** Seconds in 400 Gregorian years: the calendar repeats with this period. */
const CYCLE = 146097n * 86400n;

/**
 * ISO-8601 UTC with microseconds, as Entry.toJSON() writes a date (time.ts
 * isoMicros), for any 64-bit second count: the count is moved by whole 400-year
 * cycles into the range where doubles are exact, and the cycles added back to the year.
 */
export function isoMicrosBig(seconds: bigint, microseconds: number): string {
  let cycles = seconds / CYCLE;
  let rest = seconds % CYCLE;
  if (rest < 0n) {
    rest += CYCLE;
    cycles -= 1n;
  }
  const t = civilFromSeconds(Number(rest));
  const year = BigInt(t.year) + cycles * 400n;
  const us = Math.min(999999, Math.max(0, Math.trunc(microseconds)));
  const abs = year < 0n ? -year : year;
  const yearText = year >= 0n && year <= 9999n ? String(year).padStart(4, "0") : (year < 0n ? "-" : "+") + String(abs).padStart(6, "0");
  return `${yearText}-${pad2(t.month)}-${pad2(t.day)}T${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)}.${String(us).padStart(6, "0")}Z`;
}
