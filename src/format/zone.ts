// Calendar fields of a time in a time zone (IANA names, as TZ takes them), for
// the commands that print local times like the tools they match.
import { civilFromSeconds, type CivilTime } from "../time.ts";

const formats = new Map<string, Intl.DateTimeFormat>();

/** The fields of `seconds` in `zone` ("UTC", "America/New_York", "EST5EDT", ...). */
export function zonedFields(seconds: number, zone: string): CivilTime & { weekday: number } {
  if (zone === "UTC" || zone === "Etc/UTC" || !Number.isFinite(seconds) || Math.abs(seconds) > 8.64e12) {
    const t = civilFromSeconds(seconds);
    const days = Math.floor(seconds / 86400);
    return { ...t, weekday: ((days % 7) + 11) % 7 }; // 1970-01-01 was a Thursday (4)
  }
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
      hour: "numeric", minute: "numeric", second: "numeric", weekday: "short",
    });
    formats.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(seconds * 1000)).map((p) => [p.type, p.value]));
  const weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(parts.weekday!);
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
    hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second), weekday,
  };
}
