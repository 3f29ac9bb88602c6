// Whether calendar fields typed as text name an instant: a parser of times
// written by hand or by a tool refuses 30 February or hour 24 instead of
// letting Date (or mktime) roll it into the next month or day, which would
// write a time other than the one the text shows.

const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Why a time's fields name no instant (the first field out of range), or undefined when they do. */
export function impossibleCivil(year: number, month: number, day: number, h: number, m: number, s: number, us: number): string | undefined {
  if (month < 1 || month > 12) return `month ${month} is not 01 to 12`;
  const days = month === 2 && leap(year) ? 29 : DAYS[month - 1]!;
  if (day < 1 || day > days) return `day ${day} is not 01 to ${days} (month ${String(month).padStart(2, "0")} of ${year})`;
  if (h > 23) return `hour ${h} is not 00 to 23`;
  if (m > 59) return `minute ${m} is not 00 to 59`;
  // a leap second has no time_t of its own: utmpdump never writes one
  if (s > 59) return `second ${s} is not 00 to 59`;
  if (!(us >= 0 && us <= 999999)) return `microseconds ${us} are not 0 to 999999`;
  return undefined;
}
