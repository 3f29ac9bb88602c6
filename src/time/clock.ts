// Local time fields in a chosen time zone (Intl.DateTimeFormat), and the three
// time texts util-linux `last` prints: ctime(3), "hh:mm", and strtime_iso's
// "YYYY-MM-DDThh:mm:ss+hh:mm".
import type { TimeFields } from "./strptime.ts";
import { civilFromSeconds, pad2 } from "./calendar.ts";

export interface LocalTime extends TimeFields {
  /** 0 = Sunday */
  weekday: number;
  /** seconds east of UTC */
  offset: number;
}

/** The C locale's abbreviations, as ctime(3) and strftime's %a and %b write them. */
export const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
export const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/** The day utcFields last worked out, and its date: times come in runs of one day (a Date for each took ~200 ns). */
let cachedDay = NaN;
let cachedYear = 0, cachedMonth = 0, cachedDate = 0;

/** UTC fields of `seconds` as a Date's getters give them: of whole milliseconds (truncated); NaN fields beyond a Date's ±8.64e15 ms. */
function utcFields(seconds: number): LocalTime {
  const ms = Math.trunc(seconds * 1000);
  if (!(Math.abs(ms) <= 8.64e15)) {
    return { year: NaN, month: NaN, day: NaN, hour: NaN, minute: NaN, second: NaN, weekday: NaN, offset: 0 };
  }
  const whole = Math.floor(ms / 1000);
  const day = Math.floor(whole / 86400);
  const rest = whole - day * 86400;
  if (day !== cachedDay) {
    const date = civilFromSeconds(day * 86400);
    cachedYear = date.year;
    cachedMonth = date.month;
    cachedDate = date.day;
    cachedDay = day;
  }
  return {
    year: cachedYear, month: cachedMonth, day: cachedDate,
    hour: Math.floor(rest / 3600), minute: Math.floor(rest / 60) % 60, second: rest % 60,
    // 1970-01-01 was a Thursday
    weekday: (((day + 4) % 7) + 7) % 7, offset: 0,
  };
}

/** A time zone: an IANA name ("Europe/Berlin", "EST5EDT"), or "UTC". */
export class Clock {
  private readonly format: Intl.DateTimeFormat | undefined;
  readonly zone: string;

  /** An unknown zone name reads as UTC (glibc does the same with an unknown TZ). */
  constructor(zone: string | undefined) {
    let name = (zone ?? "").replace(/^:/, "");
    if (name === "" || name === "UTC" || name === "UTC0" || name === "GMT" || name === "Etc/UTC") name = "UTC";
    let format: Intl.DateTimeFormat | undefined;
    if (name !== "UTC") {
      try {
        format = new Intl.DateTimeFormat("en-US", {
          timeZone: name, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
          hour: "numeric", minute: "numeric", second: "numeric",
        });
      } catch {
        name = "UTC";
      }
    }
    this.zone = name;
    this.format = format;
  }

  private readonly offsets = new Map<number, number>();

  local(seconds: number): LocalTime {
    if (!this.format || !Number.isFinite(seconds)) return utcFields(seconds);
    const offset = this.quarterOffset(seconds);
    if (offset === undefined) return this.exact(seconds);
    const t = utcFields(seconds + offset);
    t.offset = offset;
    return t;
  }

  /** Seconds east of UTC at `seconds` (finite): local() without building the fields. */
  offsetOf(seconds: number): number {
    if (!this.format) return 0;
    return this.quarterOffset(seconds) ?? this.exact(seconds).offset;
  }

  /** The offset of the quarter hour `seconds` fall in, when it is the same all through it. */
  private quarterOffset(seconds: number): number | undefined {
    // offsets change rarely: remember them by quarter hour (when the same at both ends of it)
    const bucket = Math.floor(seconds / 900);
    let offset = this.offsets.get(bucket);
    if (offset === undefined) {
      const start = this.exact(bucket * 900).offset;
      if (start === this.exact(bucket * 900 + 899).offset) {
        if (this.offsets.size > 4096) this.offsets.clear();
        this.offsets.set(bucket, start);
        offset = start;
      }
    }
    return offset;
  }

  private exact(seconds: number): LocalTime {
    if (!this.format) return utcFields(seconds);
    const parts: Record<string, number> = {};
    for (const p of this.format.formatToParts(new Date(seconds * 1000))) {
      if (p.type !== "literal") parts[p.type] = Number(p.value);
    }
    const year = parts.year!, month = parts.month!, day = parts.day!;
    const hour = parts.hour! % 24, minute = parts.minute!, second = parts.second!;
    const asUtc = Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
    const offset = asUtc - Math.floor(seconds);
    return { year, month, day, hour, minute, second, weekday: new Date(asUtc * 1000).getUTCDay(), offset };
  }

  /** The local time `seconds` fall at, as seconds of a UTC date with the same fields (for date arithmetic). */
  offsetAt(seconds: number): number {
    return this.local(seconds).offset;
  }
}


/** ctime(3) without its newline: "Sat Mar  9 09:21:37 2024". */
export function ctimeText(clock: Clock, seconds: number): string {
  const t = clock.local(seconds);
  return `${WEEKDAYS[t.weekday]} ${MONTHS[t.month - 1]} ${String(t.day).padStart(2, " ")} ${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)} ${t.year}`;
}

/** "hh:mm". */
export function hhmmText(clock: Clock, seconds: number): string {
  const t = clock.local(seconds);
  return `${pad2(t.hour)}:${pad2(t.minute)}`;
}

/** strtime_iso(ISO_TIMESTAMP_T): "2024-03-09T09:21:37+00:00". */
export function isoText(clock: Clock, seconds: number): string {
  const t = clock.local(seconds);
  const tmin = Math.trunc(t.offset / 60);
  const zhour = Math.trunc(tmin / 60), zmin = Math.abs(tmin % 60);
  const sign = zhour < 0 ? "-" : "+";
  const zone = `${sign}${pad2(Math.abs(zhour))}:${pad2(zmin)}`;
  return `${String(t.year).padStart(4, " ")}-${pad2(t.month)}-${pad2(t.day)}T${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)}${zone}`;
}

/** The zone of the environment: TZ, else UTC. */
export function defaultZone(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.TZ;
}
