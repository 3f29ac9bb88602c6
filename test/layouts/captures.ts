// Small parsers for the texts captured on the original systems (BSD `last`,
// `lastlogin`, Linux `lastlog`), turning their local times into UTC instants.
// The captures are stored verbatim beside the binaries; nothing here edits them.
import { readFileSync } from "node:fs";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * A date as last/lastlogin/lastlog print it, in any of their orders:
 * `Fri Feb  2 15:48`, `Sun Feb 25 2024 03:36:43`, `Fri Feb  2 15:59:48 2024`,
 * `Sun Mar  3 02:03:58 -0500 2024`, `Wed Mar 15 22:15:38 PDT 2023`.
 */
const DATE = new RegExp(
  `(${WEEKDAYS.join("|")}) (${MONTHS.join("|")}) +(\\d{1,2})(?: (\\d{4}))? (\\d\\d):(\\d\\d)(?::(\\d\\d))?` +
  `(?: ([A-Z]{3}|[+-]\\d{4}))?(?: (\\d{4}))?`);

export interface CapturedDate {
  weekday: number;
  month: number; // 1-12
  day: number;
  year: number | undefined;
  hour: number;
  minute: number;
  second: number | undefined;
  /** `PDT` or `-0500` when printed. */
  zone: string | undefined;
}

export interface DatedLine {
  /** The whitespace-separated words before the date (user, line, host; or `boot time`). */
  words: string[];
  date: CapturedDate;
  /** What follows the date (`   still logged in`, ` - 16:00  (00:01)`, ...). */
  rest: string;
  text: string;
}

/** The line's words and date, or undefined when it has no date. */
export function parseDated(text: string): DatedLine | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const n = (i: number) => (m[i] === undefined ? undefined : Number(m[i]));
  return {
    words: text.slice(0, m.index).trim().split(/\s+/).filter((w) => w !== ""),
    date: {
      weekday: WEEKDAYS.indexOf(m[1]!), month: MONTHS.indexOf(m[2]!) + 1, day: n(3)!,
      year: n(4) ?? n(9), hour: n(5)!, minute: n(6)!, second: n(7), zone: m[8],
    },
    rest: text.slice(m.index + m[0].length),
    text,
  };
}

/** The capture's lines (latin1: the files are ASCII), without the trailing empty one. */
export function captureLines(path: string): string[] {
  const text = readFileSync(path, "latin1");
  return text === "" ? [] : text.replace(/\n$/, "").split("\n");
}

const weekdayOf = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).getUTCDay();

/**
 * `last` on the BSDs prints no year: the one year in [from, to] whose calendar
 * has this weekday on this date (throws when none or several do, rather than guess).
 */
export function inferYear(date: CapturedDate, from: number, to: number): number {
  const years: number[] = [];
  for (let y = from; y <= to; y++) if (weekdayOf(y, date.month, date.day) === date.weekday) years.push(y);
  if (years.length !== 1) throw new Error(`cannot infer the year of ${MONTHS[date.month - 1]} ${date.day} (weekday ${date.weekday}) in ${from}-${to}: ${years.join(", ")}`);
  return years[0]!;
}

/** Minutes east of UTC of an IANA zone at a UTC instant (Intl's tz data). */
function zoneOffsetMinutes(zone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
    hour: "numeric", minute: "numeric", second: "numeric",
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return (Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")) - utcMs) / 60000;
}

/** Zone abbreviations the captures print (FreeBSD's "begins ... PDT" lines). */
const ABBREVIATIONS: Record<string, number> = { PST: -480, PDT: -420, EST: -300, EDT: -240, UTC: 0, GMT: 0 };

/**
 * The UTC instant (seconds) of a captured local time. The zone printed on the
 * line wins (`-0500`, `PDT`); else `zone`, an IANA name (DST applies).
 * Throws when the weekday printed does not fall on the date: a wrong year or parse.
 */
export function capturedUtc(date: CapturedDate, zone: string, year = date.year): number {
  if (year === undefined) throw new Error("capturedUtc: no year");
  if (weekdayOf(year, date.month, date.day) !== date.weekday) {
    throw new Error(`capturedUtc: ${year}-${date.month}-${date.day} is not weekday ${date.weekday}`);
  }
  const naive = Date.UTC(year, date.month - 1, date.day, date.hour, date.minute, date.second ?? 0);
  let offset: number;
  if (date.zone && /^[+-]\d{4}$/.test(date.zone)) {
    const sign = date.zone[0] === "-" ? -1 : 1;
    offset = sign * (Number(date.zone.slice(1, 3)) * 60 + Number(date.zone.slice(3)));
  } else if (date.zone) {
    offset = ABBREVIATIONS[date.zone]!;
    if (offset === undefined) throw new Error(`capturedUtc: unknown zone ${date.zone}`);
  } else {
    // the offset at the local time read as UTC, then at the instant it gives (right across DST changes)
    offset = zoneOffsetMinutes(zone, naive);
    offset = zoneOffsetMinutes(zone, naive - offset * 60000);
  }
  return (naive - offset * 60000) / 1000;
}

/** Seconds the capture shows: 60 when it prints minutes only, else 1. */
export const precisionOf = (date: CapturedDate): 1 | 60 => (date.second === undefined ? 60 : 1);

/** True when `seconds` prints as the captured instant (last truncates to the minute). */
export function sameInstant(seconds: number, captured: number, precision: 1 | 60): boolean {
  return Math.floor(seconds / precision) * precision === captured;
}

/** How a `last` line ends: still logged in, closed by a shutdown/crash, or by a logout at a time of day. */
export type SessionEnd =
  | { kind: "still" }
  | { kind: "down"; word: string; duration: string }
  | { kind: "logout"; hour: number; minute: number; second: number | undefined; duration: string }
  | { kind: "none" };

export function parseSessionEnd(rest: string): SessionEnd {
  if (/^\s*$/.test(rest)) return { kind: "none" };
  if (/^\s+still logged in\s*$/.test(rest)) return { kind: "still" };
  let m = /^\s+- (shutdown|crash)\s+\((.+)\)\s*$/.exec(rest);
  if (m) return { kind: "down", word: m[1]!, duration: m[2]! };
  m = /^\s+- (\d\d):(\d\d)(?::(\d\d))?\s+\((.+)\)\s*$/.exec(rest);
  if (m) return { kind: "logout", hour: Number(m[1]), minute: Number(m[2]), second: m[3] === undefined ? undefined : Number(m[3]), duration: m[4]! };
  throw new Error(`unparsable end of a last line: ${JSON.stringify(rest)}`);
}

/** last's session length: `HH:MM`, `HH:MM:SS`, or `D+HH:MM` from a difference in seconds (gmtime, truncated). */
export function formatDuration(delta: number, withSeconds: boolean): string {
  const days = Math.floor(delta / 86400);
  const rest = delta - days * 86400;
  const two = (n: number) => String(n).padStart(2, "0");
  const hms = `${two(Math.floor(rest / 3600))}:${two(Math.floor((rest % 3600) / 60))}` + (withSeconds ? `:${two(rest % 60)}` : "");
  return days > 0 ? `${days}+${hms}` : hms;
}

/** Local hour, minute and second of a UTC instant in `zone`. */
export function localTimeOfDay(seconds: number, zone: string): { hour: number; minute: number; second: number } {
  const local = new Date(seconds * 1000 + zoneOffsetMinutes(zone, seconds * 1000) * 60000);
  return { hour: local.getUTCHours(), minute: local.getUTCMinutes(), second: local.getUTCSeconds() };
}
