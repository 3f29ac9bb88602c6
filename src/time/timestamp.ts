// util-linux's time grammar (lib/timeutils.c parse_timestamp), as `last -s/-t/-p`
// read it: "2012-09-22 16:34:22", "2012-09-22T16:34:22", "12-09-22 16:34",
// "2012-09-22", "16:34:22", "16:34", "20120922163422", an optional leading
// weekday that must agree ("Sat 2012-09-22"), "now", "today", "yesterday",
// "tomorrow", "+5min", "-2 days", "1h 30min ago". Local times are read in the
// given time zone. Every step reads the text once (no backtracking), and text
// longer than MAX_TIME_TEXT is refused before any of them.
import { valueKind } from "../util/valueKind.ts";
import { checkOptions } from "../util/optionsObject.ts";
import { Clock, defaultZone } from "./clock.ts";
import { daysFromCivil } from "./calendar.ts";
import { strptime, type TimeFields } from "./strptime.ts";
import { parseSpan, u64 } from "./timeSpan.ts";

export { parseSpan } from "./timeSpan.ts";

/** The longest time text read: far more than any real one ("1 year 2 months 3 days 4 hours ago" is 34). */
export const MAX_TIME_TEXT = 1024;

const USEC = 1_000_000n;

const DAYS: [string, number][] = [
  ["Sunday", 0], ["Sun", 0], ["Monday", 1], ["Mon", 1], ["Tuesday", 2], ["Tue", 2],
  ["Wednesday", 3], ["Wed", 3], ["Thursday", 4], ["Thu", 4], ["Friday", 5], ["Fri", 5],
  ["Saturday", 6], ["Sat", 6],
];

// the strptime formats parse_timestamp tries, in its order; `sec0`: seconds set to 0
const FORMS: { format: string; sec0?: boolean; midnight?: boolean }[] = [
  { format: "%y-%m-%d %H:%M:%S" },
  { format: "%Y-%m-%d %H:%M:%S" },
  { format: "%Y-%m-%dT%H:%M:%S" },
  { format: "%y-%m-%d %H:%M", sec0: true },
  { format: "%Y-%m-%d %H:%M", sec0: true },
  { format: "%y-%m-%d", midnight: true },
  { format: "%Y-%m-%d", midnight: true },
  { format: "%H:%M:%S" },
  { format: "%H:%M", sec0: true },
  { format: "%Y%m%d%H%M%S", sec0: true },
];

/** mktime(): local fields (normalised as mktime does) to seconds, in `clock`'s zone. */
export function mktime(f: TimeFields, clock: Clock): number {
  const asUtc = daysFromCivil(f.year, f.month, f.day) * 86400 + f.hour * 3600 + f.minute * 60 + f.second;
  // the offset in force at that local time: try the offset at the guess, then again
  const first = asUtc - clock.offsetAt(asUtc);
  const t = asUtc - clock.offsetAt(first);
  if (asUtc - clock.offsetAt(t) === t) return t;
  // no such local time (the clocks went forward over it): the guesses go back and forth between the
  // two offsets, and glibc's mktime takes the one in summer time (02:30 becomes 03:30 EDT, not 01:30 EST)
  return Math.max(first, t);
}

export interface TimestampOptions {
  /** "now" in seconds; default the clock. */
  readonly now?: number;
  /** Zone of local times; default TZ, else the system's. */
  readonly timeZone?: string;
}

/**
 * Seconds since the epoch for util-linux time text, as `last` takes it
 * (0 up to 2^64 / 10^6: parse_timestamp's unsigned microseconds, which wrap, divided
 * down), or undefined when it does not parse.
 */
export function parseTimestamp(text: string, options: TimestampOptions = {}): number | undefined {
  // text of another kind failed as "reading 'length'" or "t.startsWith is not a function"
  if (typeof text !== "string") throw new TypeError(`utmpx: parseTimestamp(text) is ${valueKind(text)}, not a string`);
  checkOptions(options, "parseTimestamp() options");
  if (text.length > MAX_TIME_TEXT) return undefined;
  const clock = new Clock(options.timeZone ?? defaultZone());
  const now = Math.floor(options.now ?? Date.now() / 1000);
  const local = clock.local(now);
  let f: TimeFields = { year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute, second: local.second };
  let plus = 0n, minus = 0n, weekday = -1;
  let t = text;
  parse: {
    if (t === "now") break parse;
    if (t === "today") { f = { ...f, hour: 0, minute: 0, second: 0 }; break parse; }
    if (t === "yesterday") { f = { ...f, day: f.day - 1, hour: 0, minute: 0, second: 0 }; break parse; }
    if (t === "tomorrow") { f = { ...f, day: f.day + 1, hour: 0, minute: 0, second: 0 }; break parse; }
    if (t.startsWith("+")) { const s = parseSpan(t.slice(1)); if (s === undefined) return undefined; plus = s; break parse; }
    if (t.startsWith("-")) { const s = parseSpan(t.slice(1)); if (s === undefined) return undefined; minus = s; break parse; }
    if (t.endsWith(" ago")) { const s = parseSpan(t.slice(0, -4)); if (s === undefined) return undefined; minus = s; break parse; }
    for (const [name, nr] of DAYS) {
      if (t.slice(0, name.length).toLowerCase() !== name.toLowerCase() || t[name.length] !== " ") continue;
      weekday = nr;
      t = t.slice(name.length + 1);
      break;
    }
    for (const form of FORMS) {
      const g = strptime(t, form.format, f);
      if (!g) continue;
      if (form.sec0) g.second = 0;
      if (form.midnight) { g.hour = 0; g.minute = 0; g.second = 0; }
      f = g;
      break parse;
    }
    return undefined;
  }
  const x = mktime(f, clock);
  if (x === -1) return undefined; // mktime's error value, refused even where it is a real time
  if (weekday >= 0 && clock.local(x).weekday !== weekday) return undefined;
  // C's usec_t: a time before 1970 wraps to a huge one, and a sum past 2^64 wraps to a small one
  let ret = u64(u64(BigInt(x) * USEC) + plus);
  ret = ret > minus ? ret - minus : 0n;
  return Number(ret / USEC);
}
