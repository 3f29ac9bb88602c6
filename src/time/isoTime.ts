// An ISO-8601 time as a person types one for a record (utmpx add --time):
// date, time and zone, each field checked. Date's parser would take "0",
// "May 5" or "x 2023" for some day of 2000 or 2001 and roll 30 February
// into March; a record written from such a guess shows a time nobody gave.
import { daysFromCivil } from "./calendar.ts";
import { impossibleCivil } from "./civilCheck.ts";

/**
 * YYYY-MM-DDTHH:MM[:SS[.fff]] and a zone: Z, ±HH:MM, ±HHMM or ±HH, or none:
 * the local time of the zone the process runs in (TZ), as date(1) and
 * login(1) take one. Three digits of fraction at most, as a Date holds
 * milliseconds.
 */
const ISO_TIME = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,3}))?)?(?:(Z)|([+-])(\d\d)(?::?(\d\d))?)?$/i;

/** The instant `text` names, or why it names none. */
export function parseIsoTime(text: string): { readonly date: Date } | { readonly why: string } {
  const m = ISO_TIME.exec(text);
  if (!m) return { why: "the form is YYYY-MM-DDTHH:MM[:SS[.fff]], then a zone (Z or ±HH:MM) or none for local time" };
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const milliseconds = Number((m[7] ?? "").padEnd(3, "0"));
  const why = impossibleCivil(year, month, day, hour, minute, second, milliseconds * 1000);
  if (why) return { why };
  if (!m[8] && !m[9]) return local(year, month, day, hour, minute, second, milliseconds);
  let offsetMinutes = 0;
  if (!m[8]) {
    const [zoneHours, zoneMinutes] = [Number(m[10]), Number(m[11] ?? 0)];
    if (zoneHours > 23 || zoneMinutes > 59) return { why: `zone ${m[9]}${m[10]}${m[11] === undefined ? "" : `:${m[11]}`} is not -23:59 to +23:59` };
    offsetMinutes = (m[9] === "-" ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
  }
  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
  return { date: new Date(seconds * 1000 + milliseconds) };
}

/** A local time of the process's zone; one a clock change skips (02:30 as clocks go 02:00 to 03:00) names no instant. */
function local(year: number, month: number, day: number, hour: number, minute: number, second: number, milliseconds: number): { readonly date: Date } | { readonly why: string } {
  const date = new Date(2000, 0, 1);
  date.setFullYear(year, month - 1, day); // not the constructor: it takes years 0-99 for 1900-1999
  date.setHours(hour, minute, second, milliseconds);
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day || date.getHours() !== hour || date.getMinutes() !== minute) {
    return { why: "that local time does not exist in this zone (a clock change skips it): give its zone" };
  }
  return { date };
}
