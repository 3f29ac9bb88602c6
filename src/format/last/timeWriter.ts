// The three time texts of last (ctime, "hh:mm", ISO) written as bytes, for a
// formatter that prints a row per record: the date part is worked out once
// per local day and kept, the time of day is arithmetic, so a row costs no
// Date and no string. The same text as ctimeText/hhmmText/isoText of clock.ts,
// which still serve values outside Date's range.
import type { ByteWriter } from "../byteWriter.ts";
import { type Clock, ctimeText, hhmmText, isoText, MONTHS, WEEKDAYS } from "../../time/clock.ts";
import { civilFromSeconds, pad2 } from "../../time/calendar.ts";

/** Seconds a Date can hold (±8.64e15 ms). */
const DATE_LIMIT = 8.64e12;
/** Local days remembered (a power of two): a row's login and logout are rarely far apart. */
const DAY_SLOTS = 64;


interface DayTexts {
  /** "Sat Mar  9 " */
  readonly ctime: string;
  /** " 2024" */
  readonly year: string;
  /** "2024-03-09T" */
  readonly iso: string;
}

/** The texts of local day `day` (any: a UTC time near a Date's ends may fall on a local day past them). */
function dayTexts(day: number): DayTexts {
  const { year, month, day: date } = civilFromSeconds(day * 86_400);
  const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  return {
    ctime: `${WEEKDAYS[weekday]} ${MONTHS[month - 1]} ${String(date).padStart(2, " ")} `,
    year: ` ${year}`,
    iso: `${String(year).padStart(4, " ")}-${pad2(month)}-${pad2(date)}T`,
  };
}

/** strtime_iso's zone: "+hh:mm" (an offset under an hour east or west prints "+"). */
function zoneText(offset: number): string {
  const tmin = Math.trunc(offset / 60);
  const zhour = Math.trunc(tmin / 60), zmin = Math.abs(tmin % 60);
  return `${zhour < 0 ? "-" : "+"}${pad2(Math.abs(zhour))}:${pad2(zmin)}`;
}

/** Characters 0-255 as bytes; the caller has reserved room. */
function put(w: ByteWriter, s: string): void {
  const out = w.buffer;
  let at = w.length;
  for (let i = 0; i < s.length; i++) out[at++] = s.charCodeAt(i);
  w.length = at;
}

/** Two digits, 00-99; the caller has reserved room. */
function two(w: ByteWriter, n: number): void {
  const q = (n / 10) | 0;
  w.buffer[w.length++] = 0x30 + q;
  w.buffer[w.length++] = 0x30 + n - q * 10;
}

export class TimeWriter {
  private readonly dayKeys = new Float64Array(DAY_SLOTS).fill(NaN);
  private readonly days: DayTexts[] = new Array<DayTexts>(DAY_SLOTS);
  private readonly zones = new Map<number, string>();

  constructor(private readonly clock: Clock) {}

  /** ctime(3) without its newline: "Sat Mar  9 09:21:37 2024". */
  ctime(w: ByteWriter, seconds: number): void {
    if (!(Math.abs(seconds) <= DATE_LIMIT)) return this.text(w, ctimeText(this.clock, seconds));
    const local = seconds + this.clock.offsetOf(seconds);
    const day = Math.floor(local / 86_400);
    const t = this.day(day);
    w.reserve(64);
    put(w, t.ctime);
    this.clockTime(w, local - day * 86_400, true);
    put(w, t.year);
  }

  /** "hh:mm". */
  hhmm(w: ByteWriter, seconds: number): void {
    if (!(Math.abs(seconds) <= DATE_LIMIT)) return this.text(w, hhmmText(this.clock, seconds));
    const local = seconds + this.clock.offsetOf(seconds);
    w.reserve(8);
    this.clockTime(w, local - Math.floor(local / 86_400) * 86_400, false);
  }

  /** strtime_iso: "2024-03-09T09:21:37+00:00". */
  iso(w: ByteWriter, seconds: number): void {
    if (!(Math.abs(seconds) <= DATE_LIMIT)) return this.text(w, isoText(this.clock, seconds));
    const offset = this.clock.offsetOf(seconds);
    const local = seconds + offset;
    const day = Math.floor(local / 86_400);
    let zone = this.zones.get(offset);
    if (zone === undefined) this.zones.set(offset, (zone = zoneText(offset)));
    w.reserve(64);
    put(w, this.day(day).iso);
    this.clockTime(w, local - day * 86_400, true);
    put(w, zone);
  }

  /** "hh:mm" or "hh:mm:ss" of a second of the day. */
  private clockTime(w: ByteWriter, second: number, withSeconds: boolean): void {
    const h = (second / 3600) | 0, m = ((second - h * 3600) / 60) | 0;
    two(w, h);
    w.buffer[w.length++] = 0x3a;
    two(w, m);
    if (!withSeconds) return;
    w.buffer[w.length++] = 0x3a;
    two(w, second - h * 3600 - m * 60);
  }

  private day(day: number): DayTexts {
    const slot = day & (DAY_SLOTS - 1);
    if (this.dayKeys[slot] !== day) {
      this.dayKeys[slot] = day;
      this.days[slot] = dayTexts(day);
    }
    return this.days[slot]!;
  }

  private text(w: ByteWriter, s: string): void {
    w.reserve(s.length);
    put(w, s);
  }
}
