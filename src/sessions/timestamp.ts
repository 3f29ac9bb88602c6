// util-linux's time grammar (lib/timeutils.c parse_timestamp), as `last -s/-t/-p`
// read it: "2012-09-22 16:34:22", "2012-09-22T16:34:22", "12-09-22 16:34",
// "2012-09-22", "16:34:22", "16:34", "20120922163422", an optional leading
// weekday that must agree ("Sat 2012-09-22"), "now", "today", "yesterday",
// "tomorrow", "+5min", "-2 days", "1h 30min ago". Local times are read in the
// given time zone.
import { Clock, defaultZone } from "../format/last/clock.ts";

const USEC = 1_000_000n;
const UNITS: [string, bigint][] = [
  ["seconds", USEC], ["second", USEC], ["sec", USEC], ["s", USEC],
  ["minutes", 60n * USEC], ["minute", 60n * USEC], ["min", 60n * USEC],
  ["months", 2_629_800n * USEC], ["month", 2_629_800n * USEC],
  ["msec", 1000n], ["ms", 1000n], ["m", 60n * USEC],
  ["hours", 3600n * USEC], ["hour", 3600n * USEC], ["hr", 3600n * USEC], ["h", 3600n * USEC],
  ["days", 86_400n * USEC], ["day", 86_400n * USEC], ["d", 86_400n * USEC],
  ["weeks", 604_800n * USEC], ["week", 604_800n * USEC], ["w", 604_800n * USEC],
  ["years", 31_557_600n * USEC], ["year", 31_557_600n * USEC], ["y", 31_557_600n * USEC],
  ["usec", 1n], ["us", 1n],
  ["", USEC], // a bare number is seconds
];

const WS = " \t\n\r";
const skipWs = (s: string, i: number) => { while (i < s.length && WS.includes(s[i]!)) i++; return i; };

/** A span ("5min", "1h 30min", "1.5h") in microseconds, or undefined when it does not parse. */
export function parseSpan(t: string): bigint | undefined {
  let p = 0, total = 0n, something = false;
  for (;;) {
    p = skipWs(t, p);
    if (p >= t.length) return something ? total : undefined;
    // strtoll: optional sign, digits
    const m = /^[+-]?\d+/.exec(t.slice(p));
    let e = p;
    let whole = 0n, frac = 0n, fracDigits = 0;
    if (m) {
      whole = BigInt(m[0]);
      if (whole < 0n) return undefined;
      e = p + m[0].length;
    }
    if (t[e] === ".") {
      const f = /^\d+/.exec(t.slice(e + 1));
      if (!f) return undefined;
      frac = BigInt(f[0]);
      fracDigits = f[0].length;
      e = e + 1 + f[0].length;
    } else if (!m) return undefined;
    e = skipWs(t, e);
    const rest = t.slice(e);
    const unit = UNITS.find(([suffix]) => rest.startsWith(suffix))!;
    let k = frac * unit[1];
    for (; fracDigits > 0; fracDigits--) k /= 10n;
    total += whole * unit[1] + k;
    p = e + unit[0].length;
    something = true;
  }
}

const DAYS: [string, number][] = [
  ["Sunday", 0], ["Sun", 0], ["Monday", 1], ["Mon", 1], ["Tuesday", 2], ["Tue", 2],
  ["Wednesday", 3], ["Wed", 3], ["Thursday", 4], ["Thu", 4], ["Friday", 5], ["Fri", 5],
  ["Saturday", 6], ["Sat", 6],
];

interface Fields { year: number; month: number; day: number; hour: number; minute: number; second: number }

/** A number of 1..max digits (strptime's get_number; leading blanks allowed) in [lo, hi]. */
const num = (digits: number) => `\\s*(\\d{1,${digits}})`;
const Y4 = num(4), Y2 = num(2), N2 = num(2);
// the forms parse_timestamp tries, in its order; `sec0`: seconds set to 0
const FORMS: { re: RegExp; parts: (keyof Fields | "y2")[]; sec0?: boolean; midnight?: boolean }[] = [
  { re: new RegExp(`^${Y2}-${N2}-${N2}\\s*${N2}:${N2}:${N2}$`), parts: ["y2", "month", "day", "hour", "minute", "second"] },
  { re: new RegExp(`^${Y4}-${N2}-${N2}\\s*${N2}:${N2}:${N2}$`), parts: ["year", "month", "day", "hour", "minute", "second"] },
  { re: new RegExp(`^${Y4}-${N2}-${N2}T${N2}:${N2}:${N2}$`), parts: ["year", "month", "day", "hour", "minute", "second"] },
  { re: new RegExp(`^${Y2}-${N2}-${N2}\\s*${N2}:${N2}$`), parts: ["y2", "month", "day", "hour", "minute"], sec0: true },
  { re: new RegExp(`^${Y4}-${N2}-${N2}\\s*${N2}:${N2}$`), parts: ["year", "month", "day", "hour", "minute"], sec0: true },
  { re: new RegExp(`^${Y2}-${N2}-${N2}$`), parts: ["y2", "month", "day"], midnight: true },
  { re: new RegExp(`^${Y4}-${N2}-${N2}$`), parts: ["year", "month", "day"], midnight: true },
  { re: new RegExp(`^${N2}:${N2}:${N2}$`), parts: ["hour", "minute", "second"] },
  { re: new RegExp(`^${N2}:${N2}$`), parts: ["hour", "minute"], sec0: true },
  // %Y%m%d%H%M%S: util-linux then sets the seconds to 0
  { re: /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/, parts: ["year", "month", "day", "hour", "minute", "second"], sec0: true },
];
const RANGE: Record<string, [number, number]> = {
  y2: [0, 99], year: [0, 9999], month: [1, 12], day: [1, 31], hour: [0, 23], minute: [0, 59], second: [0, 61],
};

/** mktime(): local fields (normalised as mktime does) to seconds, in `clock`'s zone. */
function mktime(f: Fields, clock: Clock): number {
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) / 1000;
  // the offset in force at that local time: try the offset at the guess, then again
  let t = asUtc - clock.offsetAt(asUtc);
  t = asUtc - clock.offsetAt(t);
  return t;
}

export interface TimestampOptions {
  /** "now" in seconds; default the clock. */
  readonly now?: number;
  /** Zone of local times; default TZ, else UTC. */
  readonly timeZone?: string;
}

/** Seconds since the epoch for util-linux time text, or undefined when it does not parse. */
export function parseTimestamp(text: string, options: TimestampOptions = {}): number | undefined {
  const clock = new Clock(options.timeZone ?? defaultZone());
  const now = Math.floor(options.now ?? Date.now() / 1000);
  const local = clock.local(now);
  let f: Fields = { year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute, second: local.second };
  let plus = 0n, minus = 0n, weekday = -1;
  let t = text;
  parse: {
    if (t === "now") break parse;
    if (t === "today") { f = { ...f, hour: 0, minute: 0, second: 0 }; break parse; }
    if (t === "yesterday") { f = { ...f, day: f.day - 1, hour: 0, minute: 0, second: 0 }; break parse; }
    if (t === "tomorrow") { f = { ...f, day: f.day + 1, hour: 0, minute: 0, second: 0 }; break parse; }
    if (t.startsWith("+")) { const s = parseSpan(t.slice(1)); if (s === undefined) return undefined; plus = s; break parse; }
    if (t.startsWith("-")) { const s = parseSpan(t.slice(1)); if (s === undefined) return undefined; minus = s; break parse; }
    if (t.endsWith(" ago")) { const s = parseSpan(t.slice(0, -4)); if (s === undefined) return undefined; minus = s; break parse; }
    for (const [name, nr] of DAYS) {
      if (t.slice(0, name.length).toLowerCase() !== name.toLowerCase() || t[name.length] !== " ") continue;
      weekday = nr;
      t = t.slice(name.length + 1);
      break;
    }
    for (const form of FORMS) {
      const m = form.re.exec(t);
      if (!m) continue;
      const g: Fields = { ...f };
      let ok = true;
      form.parts.forEach((part, i) => {
        const v = Number(m[i + 1]);
        const [lo, hi] = RANGE[part]!;
        if (v < lo || v > hi) ok = false;
        if (part === "y2") g.year = v < 69 ? 2000 + v : 1900 + v;
        else g[part] = v;
      });
      if (!ok) continue;
      if (form.sec0) g.second = 0;
      if (form.midnight) { g.hour = 0; g.minute = 0; g.second = 0; }
      f = g;
      break parse;
    }
    return undefined;
  }
  const x = mktime(f, clock);
  if (weekday >= 0 && clock.local(x).weekday !== weekday) return undefined;
  let ret = BigInt(x) * USEC + plus;
  ret = ret > minus ? ret - minus : 0n;
  return Number(ret / USEC);
}
