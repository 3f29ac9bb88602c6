// Times as ISO-8601 with microseconds, in UTC or an IANA zone. A zone's
// offset is asked of Intl once per quarter hour of time (offsets change on
// quarter hours at most), then the text is built by arithmetic: formatting
// a million rows for an export stays fast.
const offsets = new Map<string, Map<number, number>>();
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset", year: "numeric" });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC in minutes at `seconds`. */
export function offsetMinutes(zone: string, seconds: number): number {
  if (zone === "UTC") return 0;
  let byZone = offsets.get(zone);
  if (!byZone) offsets.set(zone, (byZone = new Map()));
  const bucket = Math.floor(seconds / 900);
  let minutes = byZone.get(bucket);
  if (minutes === undefined) {
    const date = new Date(bucket * 900_000);
    const name = Number.isNaN(date.getTime()) ? undefined : formatter(zone).formatToParts(date).find((p) => p.type === "timeZoneName")?.value;
    const m = name ? /GMT([+-])(\d\d):(\d\d)/.exec(name) : null;
    minutes = m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
    byZone.set(bucket, minutes);
  }
  return minutes;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function offsetText(minutes: number): string {
  if (minutes === 0) return "Z";
  const a = Math.abs(minutes);
  return `${minutes < 0 ? "-" : "+"}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** Whether no Date holds `seconds` (±8.64e12 s, ±275,760 years; a zone's offset aside): isoTime() then needs the exact text. */
export function outsideDates(seconds: number): boolean {
  return !(Math.abs(seconds) <= 8.64e12 - 86400);
}

/**
 * 2024-03-09T08:00:00.123456Z, or with the zone's offset (+01:00). A time no
 * Date holds (a garbage record's, past ±275,760 years) is `exact`, the
 * package's own text of it (Entry.toJSON().date, which the worker sends), or
 * its second count.
 */
export function isoTime(seconds: number, micros: number, zone: string, exact?: string): string {
  const minutes = offsetMinutes(zone, seconds);
  const date = new Date((seconds + minutes * 60) * 1000);
  if (Number.isNaN(date.getTime())) return exact ?? `${seconds}s`;
  const year = date.getUTCFullYear();
  const y = year >= 0 && year <= 9999 ? pad(year, 4) : (year < 0 ? "-" : "+") + pad(Math.abs(year), 6);
  const fraction = micros >= 0 && micros <= 999_999 ? pad(micros, 6) : `(${micros})`;
  return `${y}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${fraction}${offsetText(minutes)}`;
}

/** The zones this browser knows, UTC first. */
export function zoneNames(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
  const all = intl.supportedValuesOf ? intl.supportedValuesOf("timeZone") : [];
  return ["UTC", ...all.filter((z) => z !== "UTC")];
}
