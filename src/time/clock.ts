// Local time fields in a chosen time zone (Intl.DateTimeFormat), and the three
// time texts util-linux `last` prints: ctime(3), "hh:mm", and strtime_iso's
// "YYYY-MM-DDThh:mm:ss+hh:mm".
import type { TimeFields } from "./strptime.ts";
import { civilFromSeconds, pad2 } from "./calendar.ts";
import { knownZone, posixZoneOf, systemZone } from "./zone.ts";
import type { PosixZone } from "./posixZone.ts";

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

/**
 * UTC fields of `seconds` + `offset` as a Date's getters give them: of whole
 * milliseconds (truncated); beyond a Date's ±8.64e15 ms, of the whole seconds
 * (proleptic Gregorian, as glibc's gmtime with a 64-bit time_t), exactly even
 * past 2^53, where doubles no longer add seconds. A 64-bit time field of a
 * foreign or hostile file holds any of these.
 */
function utcFields(seconds: number, offset = 0): LocalTime {
  if (!Number.isFinite(seconds)) return { year: NaN, month: NaN, day: NaN, hour: NaN, minute: NaN, second: NaN, weekday: NaN, offset: 0 };
  let day: number, rest: number;
  if (Math.abs(seconds) < 2 ** 52) {
    const ms = Math.trunc((seconds + offset) * 1000);
    const whole = Math.abs(ms) <= 8.64e15 ? Math.floor(ms / 1000) : Math.floor(seconds + offset);
    day = Math.floor(whole / 86400);
    rest = whole - day * 86400;
  } else {
    // a double this large is a whole number: BigInt holds it, and the sum, exactly
    const whole = BigInt(seconds) + BigInt(offset);
    let d = whole / 86400n;
    if (whole % 86400n < 0n) d -= 1n;
    day = Number(d); // below 2^53 (days are 86,400 times fewer than seconds)
    rest = Number(whole - d * 86400n);
  }
  if (day !== cachedDay) {
    const date = civilFromSeconds(day * 86400); // exact: 86400 = 2^7 * 675, and day * 675 < 2^53
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

/** The times Clock asks Intl about: Date's reach less a day (a quarter hour's end is looked at too), and 1200-01-01. */
export const LATEST = 8.64e12 - 86_400;
/** Earlier, Date.UTC takes years 0-99 as 1900-1999 and Intl counts years before 1 by era; every zone is at its first offset (local mean time). */
export const EARLIEST = -24_298_876_800;
/** 2400-01-01: past every zone's last transition, so it follows its last rule. */
const FUTURE = 13_569_465_600;
/** The Gregorian calendar repeats every 400 years, to the weekday: a zone's rules (by month and weekday) repeat with it. */
export const FOUR_CENTURIES = 12_622_780_800;

/**
 * A time Intl reads right with the same zone offset as `seconds`: itself, or
 * moved by whole 400-year cycles into 2400-2800 (beyond LATEST: a zone follows
 * its last rule) or 1200-1600 (before EARLIEST: its first offset). In remainders,
 * which doubles compute exactly, whatever the size of `seconds`.
 */
function representative(seconds: number): number {
  const cycle = (from: number) => from + ((((seconds - from) % FOUR_CENTURIES) + FOUR_CENTURIES) % FOUR_CENTURIES);
  if (seconds > LATEST) return cycle(FUTURE);
  if (seconds < EARLIEST) return cycle(EARLIEST);
  return seconds;
}

/** A time zone: an IANA name ("Europe/Berlin", "EST5EDT"), a POSIX rule ("JST-9"), or "UTC". */
export class Clock {
  private readonly format: Intl.DateTimeFormat | undefined;
  /** A POSIX rule's offsets, where the zone is one (then `format` is undefined). */
  private readonly rule: PosixZone | undefined;
  readonly zone: string;

  /** A TZ-style name (see knownZone); an unknown one reads as UTC (glibc does the same with an unknown TZ). */
  constructor(zone: string | undefined) {
    let name = knownZone(zone ?? "") ?? "UTC";
    let format: Intl.DateTimeFormat | undefined;
    // a POSIX rule knownZone found has no Intl zone: not asked for one again
    this.rule = name === "UTC" ? undefined : posixZoneOf(name);
    if (name !== "UTC" && !this.rule) {
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
    if (this.rule && Number.isFinite(seconds)) {
      const offset = this.rule.offsetAt(seconds);
      const t = utcFields(seconds, offset);
      t.offset = offset;
      return t;
    }
    if (!this.format || !Number.isFinite(seconds)) return utcFields(seconds);
    const s = representative(seconds);
    let offset = this.quarterOffset(s);
    if (offset === undefined) {
      if (s === seconds) return this.exact(seconds);
      offset = this.exact(s).offset; // the fields are those of `seconds`, not of the time standing in for it
    }
    const t = utcFields(seconds, offset);
    t.offset = offset;
    return t;
  }

  /** Whether this is UTC: every offset is 0. */
  get utc(): boolean {
    return !this.rule && !this.format;
  }

  /** Seconds east of UTC at `seconds` (finite): local() without building the fields. */
  offsetOf(seconds: number): number {
    if (this.rule) return this.rule.offsetAt(seconds);
    if (!this.format) return 0;
    const s = representative(seconds);
    return this.quarterOffset(s) ?? this.exact(s).offset;
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

/** The zone of the environment, as glibc finds it: TZ when set ("" is UTC), else the system's (/etc/localtime). */
export function defaultZone(): string {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.TZ ?? systemZone();
}
