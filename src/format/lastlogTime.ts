// The time shadow's lastlog and util-linux lastlog2 print: localtime() then
// strftime("%a %b %e %H:%M:%S %z %Y") in the C locale, or "(unknown)" where
// localtime() fails. lastlog2's Time is any 64-bit integer, so this reaches
// where Date does not: glibc gives a date while the year, less 1900, fits an
// int, and %Y then adds 1900 in int arithmetic (wrapping past 2^31 - 1).
import { civilFromSeconds, pad2 } from "../time/calendar.ts";
import { EARLIEST as EARLIEST_SECONDS, FOUR_CENTURIES as CYCLE_SECONDS, LATEST as LATEST_SECONDS, MONTHS, WEEKDAYS, type Clock } from "../time/clock.ts";

// Clock's range of times Intl reads right, and the 400-year cycle it moves others by, in BigInt:
// lastlog2's times are any 64-bit integer, and are moved into that range exactly
const LATEST = BigInt(LATEST_SECONDS);
const EARLIEST = BigInt(EARLIEST_SECONDS);
const FOUR_CENTURIES = BigInt(CYCLE_SECONDS);
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;


/** The text of `seconds` in `clock`'s zone: "Thu Aug 15 19:17:06 +0000 2024", or "(unknown)". */
export function lastlogTimeText(clock: Clock, seconds: number | bigint): string {
  const s = BigInt(seconds);
  const offset = BigInt(clock.offsetOf(Number(representative(s))));
  const local = s + offset;
  let days = local / 86400n;
  if (local % 86400n < 0n) days -= 1n;
  const rest = Number(local - days * 86400n);
  // days * 86400 is exact as a double (86400 = 2^7 * 675, and days * 675 < 2^53)
  const { year, month, day } = civilFromSeconds(Number(days) * 86400);
  const tmYear = year - 1900;
  if (tmYear < INT_MIN || tmYear > INT_MAX) return "(unknown)";
  const weekday = Number(((days % 7n) + 11n) % 7n); // 1970-01-01 was a Thursday (4)
  const hour = Math.floor(rest / 3600), minute = Math.floor((rest % 3600) / 60), second = rest % 60;
  return `${WEEKDAYS[weekday]} ${MONTHS[month - 1]} ${String(day).padStart(2, " ")} ${pad2(hour)}:${pad2(minute)}:${pad2(second)} ${zoneText(Number(offset))} ${(tmYear + 1900) | 0}`;
}

/**
 * A time Clock reads right with the same zone offset as `s`: `s` itself, or
 * `s` moved by whole 400-year cycles into EARLIEST..LATEST (far in the future
 * a zone follows its last rule, by month and weekday; far in the past, its first offset).
 */
function representative(s: bigint): bigint {
  if (s > LATEST) return s - ((s - LATEST) / FOUR_CENTURIES + 1n) * FOUR_CENTURIES;
  if (s < EARLIEST) return s + ((EARLIEST - s + FOUR_CENTURIES - 1n) / FOUR_CENTURIES) * FOUR_CENTURIES;
  return s;
}

/** %z: the offset as ±hhmm, its seconds dropped (a local mean time of -4:56:02 is -0456). */
function zoneText(offset: number): string {
  const minutes = Math.trunc(Math.abs(offset) / 60);
  return `${offset < 0 ? "-" : "+"}${pad2(Math.floor(minutes / 60))}${pad2(minutes % 60)}`;
}
