// A TZ value that names no zone file but spells out its rule, as POSIX and
// glibc's tzset read it: "JST-9", "CET-1CEST,M3.5.0,M10.5.0/3",
// "<+0330>-3:30", "AEST-10AEDT,M10.1.0,M4.1.0/3". Containers and embedded
// systems set TZ so; read as UTC instead, every time `last` printed was off.
// Only the offsets matter here (last prints no zone names).
import { civilFromSeconds, daysFromCivil } from "./calendar.ts";

/** The offset east of UTC, in seconds, at an instant. */
export interface PosixZone {
  offsetAt(seconds: number): number;
}

/** When a change happens in a year: a day rule and the local time of day (seconds, may be negative or past 24 h). */
interface ChangeRule {
  readonly kind: "J" | "n" | "M";
  /** J: day 1-365 (February 29 never counted); n: day 0-365; M: the month. */
  readonly a: number;
  /** M: the week (1-5, 5 the last) and the weekday (0 Sunday). */
  readonly week: number;
  readonly weekday: number;
  readonly time: number;
}

/**
 * glibc's rules when a summer zone names none (POSIX leaves it to the system):
 * its posixrules file's, America/New_York's, moved to the zone's own wall
 * clock: the United States' rules by the year they began (before 1967, the
 * first of them).
 */
const US_RULES: readonly (readonly [since: number, start: string, end: string])[] = [
  [2007, "M3.2.0", "M11.1.0"], [1987, "M4.1.0", "M10.5.0"], [1976, "M4.5.0", "M10.5.0"],
  [1975, "53", "M10.5.0"], [1974, "5", "M10.5.0"], [-Infinity, "M4.5.0", "M10.5.0"],
];

/** A reader of the TZ text, a position at a time. */
class Cursor {
  at = 0;
  constructor(readonly text: string) {}
  get done(): boolean { return this.at >= this.text.length; }
  peek(): string { return this.text[this.at] ?? ""; }
  take(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.at;
    const m = pattern.exec(this.text);
    if (!m) return undefined;
    this.at += m[0].length;
    return m[0];
  }
}

/** A zone name: three or more letters, or <...> of letters, digits, + and - (three or more inside). */
function name(c: Cursor): string | undefined {
  const quoted = c.take(/<[A-Za-z0-9+-]{3,}>/y);
  return quoted ?? c.take(/[A-Za-z]{3,}/y);
}

/** [+-]hh[:mm[:ss]] as seconds; hours up to `maxHours` (24 for offsets, 167 for rule times, as glibc). */
function clock(c: Cursor, maxHours: number): number | undefined {
  const text = c.take(/[+-]?\d{1,3}(:\d{1,2}(:\d{1,2})?)?/y);
  if (text === undefined) return undefined;
  const sign = text.startsWith("-") ? -1 : 1;
  const [h, m = 0, s = 0] = text.replace(/^[+-]/, "").split(":").map(Number) as [number, number?, number?];
  if (h > maxHours || m > 59 || s > 59) return undefined;
  return sign * (h * 3600 + m * 60 + s);
}

function changeRule(c: Cursor): ChangeRule | undefined {
  let rule: Omit<ChangeRule, "time"> | undefined;
  const m = c.take(/M\d{1,2}\.\d\.\d/y);
  if (m) {
    const [month, week, weekday] = m.slice(1).split(".").map(Number) as [number, number, number];
    if (month < 1 || month > 12 || week < 1 || week > 5 || weekday > 6) return undefined;
    rule = { kind: "M", a: month, week, weekday };
  } else {
    const j = c.take(/J\d{1,3}/y);
    const n = j === undefined ? c.take(/\d{1,3}/y) : undefined;
    if (j !== undefined && Number(j.slice(1)) >= 1 && Number(j.slice(1)) <= 365) rule = { kind: "J", a: Number(j.slice(1)), week: 0, weekday: 0 };
    else if (n !== undefined && Number(n) <= 365) rule = { kind: "n", a: Number(n), week: 0, weekday: 0 };
    else return undefined;
  }
  let time = 7200;
  if (c.peek() === "/") {
    c.at++;
    const t = clock(c, 167);
    if (t === undefined) return undefined;
    time = t;
  }
  return { ...rule, time };
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** The day (days since 1970) a rule falls on in `year`. */
function ruleDay(r: ChangeRule, year: number): number {
  const jan1 = daysFromCivil(year, 1, 1);
  if (r.kind === "J") return jan1 + r.a - 1 + (isLeap(year) && r.a >= 60 ? 1 : 0);
  if (r.kind === "n") return jan1 + r.a;
  const first = daysFromCivil(year, r.a, 1);
  const firstWeekday = (((first + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  let day = first + ((r.weekday - firstWeekday + 7) % 7) + (r.week - 1) * 7;
  const next = r.a === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, r.a + 1, 1);
  while (day >= next) day -= 7; // week 5: the last such weekday
  return day;
}

/** The rules of a year: one pair for every year, or the United States' of that year. */
type YearRules = (year: number) => readonly [ChangeRule, ChangeRule];

const US_CHANGES = US_RULES.map(([since, start, end]) => [since, changeRule(new Cursor(start))!, changeRule(new Cursor(end))!] as const);
const usRules: YearRules = (year) => {
  const [, start, end] = US_CHANGES.find(([since]) => year >= since)!;
  return [start, end];
};

class RuleZone implements PosixZone {
  private readonly years = new Map<number, readonly [number, number]>();

  constructor(private readonly std: number, private readonly dst: number, private readonly rules: YearRules) {}

  /** The instants summer time starts and ends in `year` (its start in standard time, its end in summer time). */
  private changes(year: number): readonly [number, number] {
    let c = this.years.get(year);
    if (!c) {
      const [start, end] = this.rules(year);
      c = [ruleDay(start, year) * 86400 + start.time - this.std, ruleDay(end, year) * 86400 + end.time - this.dst];
      if (this.years.size > 256) this.years.clear();
      this.years.set(year, c);
    }
    return c;
  }

  offsetAt(seconds: number): number {
    if (!Number.isFinite(seconds)) return this.std;
    // glibc's __tz_compute: the changes of the instant's year in UTC; summer time between them (or, south, outside them)
    const [start, end] = this.changes(civilFromSeconds(seconds).year);
    const summer = start > end ? seconds < end || seconds >= start : seconds >= start && seconds < end;
    return summer ? this.dst : this.std;
  }
}

/** The zone a POSIX TZ rule describes, or undefined when `text` is none (then glibc reads UTC). */
export function parsePosixZone(text: string): PosixZone | undefined {
  const c = new Cursor(text.replace(/^:/, ""));
  if (name(c) === undefined) return undefined;
  const west = clock(c, 24);
  if (west === undefined) return undefined;
  const std = 0 - west; // 0, not -0
  if (c.done) return { offsetAt: () => std };
  if (name(c) === undefined) return undefined;
  let dst = std + 3600;
  if (!c.done && c.peek() !== ",") {
    const w = clock(c, 24);
    if (w === undefined) return undefined;
    dst = 0 - w;
  }
  if (c.done) return new RuleZone(std, dst, usRules);
  if (c.peek() !== ",") return undefined;
  c.at++;
  const start = changeRule(c);
  if (!start || c.peek() !== ",") return undefined;
  c.at++;
  const end = changeRule(c);
  if (!end || !c.done) return undefined;
  return new RuleZone(std, dst, () => [start, end]);
}
