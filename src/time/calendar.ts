// Calendar arithmetic on plain numbers, for any second count a record can hold
// (Date covers only ±275,760 years and only milliseconds).

export interface CivilTime {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
  hour: number;
  minute: number;
  second: number;
}

/** UTC calendar fields of `seconds` since the epoch (proleptic Gregorian; exact for any whole number). */
export function civilFromSeconds(seconds: number): CivilTime {
  let days: number, rest: number;
  if (Math.abs(seconds) <= Number.MAX_SAFE_INTEGER) {
    days = Math.floor(seconds / 86400);
    rest = seconds - days * 86400;
  } else {
    // beyond 2^53 the double arithmetic above rounds; integers are exact
    const s = BigInt(seconds);
    let d = s / 86400n;
    if (s % 86400n < 0n) d -= 1n;
    days = Number(d);
    rest = Number(s - d * 86400n);
  }
  // days-to-civil after H. Hinnant's well-known algorithm (eras of 400 years)
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return {
    year, month, day,
    hour: Math.floor(rest / 3600), minute: Math.floor((rest % 3600) / 60), second: rest % 60,
  };
}

/**
 * Days from 1970-01-01 to `year`-`month`-`day` (proleptic Gregorian). A day past
 * the month's end runs into the next month, as mktime() normalises it.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  // the inverse of civilFromSeconds' algorithm (H. Hinnant), from the 1st of the month
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5);
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468 + day - 1;
}

/** "00" to "99", made once: clock fields are formatted for every row. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, "0"));

/** `n` with at least two digits, zero-padded: String(n).padStart(2, "0"), for 0-99 from a table. */
export function pad2(n: number): string {
  return n >= 0 && n < 100 && Number.isInteger(n) ? TWO_DIGITS[n]! : String(n).padStart(2, "0");
}

/** ISO-8601 UTC with microseconds: 2024-01-31T12:00:00.123456Z (microseconds clamped to 0..999999). */
export function isoMicros(seconds: number, microseconds: number): string {
  const t = civilFromSeconds(seconds);
  const us = Math.min(999999, Math.max(0, Math.trunc(microseconds)));
  const year = t.year >= 0 && t.year <= 9999 ? String(t.year).padStart(4, "0") : (t.year < 0 ? "-" : "+") + String(Math.abs(t.year)).padStart(6, "0");
  return `${year}-${pad2(t.month)}-${pad2(t.day)}T${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)}.${String(us).padStart(6, "0")}Z`;
}
