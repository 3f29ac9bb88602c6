// Times in findings: ISO-8601 UTC with microseconds, or null where there is no
// record (or its time cannot be written as a date).
import { isoMicros } from "../time/calendar.ts";

/** Beyond this a date has no ISO year of six digits: such a time is reported by its number in details. */
const MAX_SECONDS = 8.64e12;

export function isoTime(seconds: number | undefined, microseconds = 0): string | null {
  if (seconds === undefined || !Number.isFinite(seconds) || Math.abs(seconds) > MAX_SECONDS) return null;
  return isoMicros(seconds, microseconds);
}

/** A record's time as one number of seconds, for comparisons. */
export function secondsOf(seconds: number, microseconds: number): number {
  return seconds + (microseconds >= 0 && microseconds < 1e6 ? microseconds / 1e6 : 0);
}
