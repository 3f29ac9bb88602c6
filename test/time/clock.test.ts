// Clock.local's fields in UTC (and a zone's, shifted by its offset) come from
// arithmetic with the last day cached, no longer a Date per call: held here
// against a Date's UTC getters, for times in and out of order, negative, fractional,
// at the ends of a Date's range and past them. pad2, which the clock texts use,
// against String.padStart.
import { describe, expect, it } from "vitest";
import { Clock } from "../../src/time/clock.ts";
import { pad2 } from "../../src/time/calendar.ts";

function fromDate(seconds: number) {
  const d = new Date(seconds * 1000);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), weekday: d.getUTCDay(),
  };
}

/** Seconds in 400 Gregorian years. */
const FOUR_CENTURIES = 12_622_780_800;

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe("Clock.local in UTC", () => {
  const utc = new Clock("UTC");
  const fields = (seconds: number) => {
    const { offset, ...rest } = utc.local(seconds);
    expect(offset).toBe(0);
    return rest;
  };

  it("gives a Date's fields for times in order (runs of one day) and out of order", () => {
    const next = random(11);
    let t = 1_700_000_000;
    for (let i = 0; i < 20_000; i++) {
      t += Math.floor(next() * 20_000);
      expect(fields(t)).toEqual(fromDate(t));
      const any = Math.floor((next() - 0.5) * 2 * 8.64e12);
      expect(fields(any)).toEqual(fromDate(any));
    }
  });

  it("reads fractions and negatives as a Date does (whole milliseconds, truncated)", () => {
    for (const t of [-0.0005, -0.5, -1, -1.25, -86400, -86401, 0.9999, 59.9994, -62135596800, 253402300799.999, 951782400, 951868800]) {
      expect(fields(t)).toEqual(fromDate(t));
    }
  });

  it("holds at a Date's ends; a time that is no number gives NaN fields, as a Date does", () => {
    for (const t of [8.64e12, -8.64e12, Infinity, -Infinity, NaN]) {
      expect(fields(t)).toEqual(fromDate(t));
    }
  });

  // 64-bit time fields of foreign and hostile files reach far past a Date (a crash in a zone, "undefined" in UTC, before)
  it("goes on past a Date's ends in the proleptic Gregorian calendar, as gmtime does with a 64-bit time_t", () => {
    // a Date's last day, +275760-09-13, is a Saturday; its first, -271821-04-20, a Tuesday
    expect(fields(8.64e12 + 7 * 86_400 + 3661)).toEqual({ year: 275760, month: 9, day: 20, hour: 1, minute: 1, second: 1, weekday: 6 });
    expect(fields(-8.64e12 - 86_400)).toEqual({ year: -271821, month: 4, day: 19, hour: 0, minute: 0, second: 0, weekday: 1 });
    // the calendar repeats every 400 years (146,097 days, whole weeks): a Date's fields, 400 k years on
    const next = random(3);
    for (let i = 0; i < 2000; i++) {
      const t = Math.floor((next() - 0.5) * 2 * 8.64e12);
      const k = Math.floor((next() - 0.5) * 2 * 5e5); // whole seconds stay exact (below 2^53)
      if (Math.abs(t + k * FOUR_CENTURIES) <= 8.64e12) continue;
      const d = fromDate(t);
      expect(fields(t + k * FOUR_CENTURIES)).toEqual({ ...d, year: d.year + 400 * k });
    }
    const huge = fields(1e300);
    expect(Object.values(huge).every(Number.isFinite)).toBe(true);
  });

  it("is exact past 2^53 seconds, where doubles no longer count seconds", () => {
    for (const t of [2 ** 53 + 2, 2 ** 62, -(2 ** 62), 2 ** 63 - 2 ** 11, 123_456_789_012_345_680_000]) {
      // the same time of day, 400 k years off, inside a Date's range: worked out in BigInt
      const cycles = BigInt(t) / BigInt(FOUR_CENTURIES);
      const inRange = Number(BigInt(t) - cycles * BigInt(FOUR_CENTURIES));
      const d = fromDate(inRange);
      expect(fields(t), String(t)).toEqual({ ...d, year: d.year + 400 * Number(cycles) });
    }
  });
});

describe("Clock offsets far from now", () => {
  const berlin = new Clock("Europe/Berlin");
  it("follow a zone's last rule past a Date's end, and its first offset (local mean time) before 1200", () => {
    const next = random(8);
    for (let i = 0; i < 500; i++) {
      // 2400-2800: summer time from the last Sunday of March to the last of October
      const t = 13_569_465_600 + Math.floor(next() * FOUR_CENTURIES);
      const k = 1 + Math.floor(next() * 1e5);
      const near = berlin.local(t);
      expect([3600, 7200]).toContain(near.offset);
      const far = berlin.local(t + k * FOUR_CENTURIES);
      expect(far).toEqual({ ...near, year: near.year + 400 * k });
      expect(berlin.offsetOf(t + k * FOUR_CENTURIES)).toBe(near.offset);
    }
    // past 2^53 as well: the offset added exactly
    const far = 2 ** 62; // 146138514283-06-19T07:45:04Z, in summer time
    expect(berlin.local(far)).toMatchObject({ hour: 9, minute: 45, second: 4, offset: 7200 });
    // Berlin's local mean time, +0:53:28, in 1800 as before year 1 (Intl would read years before 100 wrongly)
    for (const t of [-5_364_662_400, -62_200_000_000, -8.64e12 - 1e6, -1e18]) expect(berlin.offsetOf(t)).toBe(3208);
  });
});

describe("Clock.local in a zone", () => {
  it("is the UTC fields of the time shifted by the zone's offset", () => {
    const berlin = new Clock("Europe/Berlin");
    const next = random(5);
    for (let i = 0; i < 2000; i++) {
      const t = Math.floor(1_600_000_000 + next() * 200_000_000);
      const local = berlin.local(t);
      expect([3600, 7200]).toContain(local.offset);
      const { offset, ...rest } = local;
      expect(rest).toEqual(fromDate(t + offset));
    }
  });
});

describe("pad2", () => {
  it("is String(n).padStart(2, \"0\") for every number, from its table for 0-99", () => {
    for (const n of [...Array.from({ length: 260 }, (_, i) => i - 30), -0, 0.5, 9.99, 99.5, 1e21, NaN, Infinity]) {
      expect(pad2(n)).toBe(String(n).padStart(2, "0"));
    }
  });
});
