// The TIME of `wtmpdb last -s/-t/-p` (wtmpdb 0.75's parse_time): fewer forms
// than util-linux's, some with other quirks: compact "YYYYMMDDhhmmss" keeps
// its seconds, and "hh:mm" keeps the seconds of the current time.
import { Clock } from "./clock.ts";
import { strptime, type TimeFields } from "./strptime.ts";
import { mktime } from "./timestamp.ts";

const DATE_TIMES = ["%Y%m%d%H%M%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"];
const TIMES = ["%H:%M:%S", "%H:%M"];

/** Seconds since the epoch, local times read in `timeZone`; undefined when wtmpdb would say "Invalid time value". */
export function parseWtmpdbTime(text: string, timeZone: string, now: number): number | undefined {
  const clock = new Clock(timeZone);
  // absolute forms start from a zeroed struct tm: what the format leaves out is 0
  const zero: TimeFields = { year: 1900, month: 1, day: 0, hour: 0, minute: 0, second: 0 };
  for (const format of DATE_TIMES) {
    const f = strptime(text, format, zero);
    if (f) return mktime(f, clock);
  }
  const t = clock.local(now);
  const today: TimeFields = { year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second };
  for (const format of TIMES) {
    const f = strptime(text, format, today);
    if (f) return mktime(f, clock);
  }
  if (text === "now") return mktime(today, clock);
  const midnight = { ...today, hour: 0, minute: 0, second: 0 };
  if (text === "today") return mktime(midnight, clock);
  if (text === "yesterday") return mktime({ ...midnight, day: midnight.day - 1 }, clock);
  if (text === "tomorrow") return mktime({ ...midnight, day: midnight.day + 1 }, clock);
  return undefined;
}
