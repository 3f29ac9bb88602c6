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

  it("holds at a Date's ends, and past them gives NaN fields as a Date does", () => {
    for (const t of [8.64e12, -8.64e12, 8.64e12 + 0.0009, 8.64e12 + 0.001, -8.64e12 - 0.001, 1e300, Infinity, -Infinity, NaN]) {
      expect(fields(t)).toEqual(fromDate(t));
    }
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
