// The proleptic Gregorian date of a day count, in integers (the host's
// civilFromSeconds in src/time/calendar.ts, for days an i64 holds). Results are globals:
// the core returns no objects.

export let civilYear: i64 = 0;
export let civilMonth: i64 = 0; // 1-12
export let civilDay: i64 = 0; // 1-31

/** The day the globals above hold: a row's two times, and records in time order, mostly ask for the last day again. */
let civilDays: i64 = i64.MIN_VALUE;

/** Sets civilYear/Month/Day to the date `days` after 1970-01-01 (H. Hinnant's days-to-civil, eras of 400 years). */
export function civilFromDays(days: i64): void {
  if (days == civilDays) return;
  civilDays = days;
  const z = days + 719468;
  const era = (z >= 0 ? z : z - 146096) / 146097;
  const doe = z - era * 146097;
  const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const mp = (5 * doy + 2) / 153;
  civilDay = doy - (153 * mp + 2) / 5 + 1;
  civilMonth = mp < 10 ? mp + 3 : mp - 9;
  civilYear = yoe + era * 400 + (civilMonth <= 2 ? 1 : 0);
}
