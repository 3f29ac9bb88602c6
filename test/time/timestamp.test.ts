// util-linux's time grammar (parse_timestamp) as `last -s/-t/-p` reads it.
import { describe, it, expect } from "vitest";
import { parseTimestamp, parseSpan } from "../../src/time/timestamp.ts";

const NOW = 1_710_000_000; // Sat 2024-03-09 16:00:00 UTC
const utc = (s: string) => Date.parse(s) / 1000;
const p = (t: string, timeZone = "UTC") => parseTimestamp(t, { now: NOW, timeZone });

describe("parseTimestamp", () => {
  it("reads dates and times", () => {
    expect(p("2012-09-22 16:34:22")).toBe(utc("2012-09-22T16:34:22Z"));
    expect(p("2012-09-22T16:34:22")).toBe(utc("2012-09-22T16:34:22Z"));
    expect(p("2012-09-22 16:34")).toBe(utc("2012-09-22T16:34:00Z"));
    expect(p("2012-09-22")).toBe(utc("2012-09-22T00:00:00Z"));
    expect(p("12-09-22 16:34:22")).toBe(utc("2012-09-22T16:34:22Z"));
    expect(p("99-09-22")).toBe(utc("1999-09-22T00:00:00Z"));
    expect(p("16:34:22")).toBe(utc("2024-03-09T16:34:22Z"));
    expect(p("16:34")).toBe(utc("2024-03-09T16:34:00Z"));
    // %Y%m%d%H%M%S: util-linux then sets the seconds to 0
    expect(p("20120922163422")).toBe(utc("2012-09-22T16:34:00Z"));
  });

  it("reads words and relative times", () => {
    expect(p("now")).toBe(NOW);
    expect(p("today")).toBe(utc("2024-03-09T00:00:00Z"));
    expect(p("yesterday")).toBe(utc("2024-03-08T00:00:00Z"));
    expect(p("tomorrow")).toBe(utc("2024-03-10T00:00:00Z"));
    expect(p("-5min")).toBe(NOW - 300);
    expect(p("+1h")).toBe(NOW + 3600);
    expect(p("1h 30min ago")).toBe(NOW - 5400);
    expect(p("-2 days")).toBe(NOW - 2 * 86_400);
    expect(p("-1.5h")).toBe(NOW - 5400);
  });

  it("checks a leading weekday and refuses what does not parse", () => {
    expect(p("Sat 2024-03-09")).toBe(utc("2024-03-09T00:00:00Z"));
    expect(p("saturday 2024-03-09")).toBe(utc("2024-03-09T00:00:00Z"));
    expect(p("Mon 2024-03-09")).toBeUndefined();
    expect(p("soon")).toBeUndefined();
    expect(p("2024-13-01")).toBeUndefined();
    expect(p("-5 parsecs")).toBeUndefined();
  });

  it("reads local times in the zone", () => {
    expect(p("2024-03-09 08:00", "America/New_York")).toBe(utc("2024-03-09T13:00:00Z"));
    expect(p("2024-07-01 08:00", "America/New_York")).toBe(utc("2024-07-01T12:00:00Z"));
    expect(p("today", "Asia/Tokyo")).toBe(utc("2024-03-09T15:00:00Z")); // 2024-03-10 00:00 JST
  });

  it("reads spans as parse_sec does", () => {
    expect(parseSpan("5min")).toBe(300_000_000n);
    expect(parseSpan("2 weeks 1d")).toBe(15n * 86_400_000_000n);
    expect(parseSpan("30")).toBeUndefined(); // util-linux's startswith() never matches the "" (seconds) suffix
    expect(parseSpan("")).toBeUndefined();
  });
});

// parseTimestamp(undefined) failed as "reading 'length'", parseTimestamp(5) as
// "t.startsWith is not a function".
describe("parseTimestamp() of what is no text", () => {
  it("is a TypeError naming it", () => {
    expect(() => parseTimestamp(undefined as never)).toThrow(new TypeError("utmpx: parseTimestamp(text) is undefined, not a string"));
    expect(() => parseTimestamp(5 as never)).toThrow(new TypeError("utmpx: parseTimestamp(text) is the number 5, not a string"));
    expect(() => parseTimestamp("now", null as never)).toThrow(new TypeError("utmpx: parseTimestamp() options are null, not an object"));
    expect(parseTimestamp("now", { now: 1_700_000_000 })).toBe(1_700_000_000);
  });
});
