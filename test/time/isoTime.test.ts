// parseIsoTime: the ISO-8601 times `utmpx add --time` takes, exact to the
// millisecond, and the texts Date's lenient parser turned into some other day.
import { describe, expect, it } from "vitest";
import { parseIsoTime } from "../../src/time/isoTime.ts";

const iso = (text: string) => {
  const r = parseIsoTime(text);
  return "date" in r ? r.date.toISOString() : `refused: ${r.why}`;
};

describe("parseIsoTime", () => {
  it.each([
    ["2024-01-01T08:00:00Z", "2024-01-01T08:00:00.000Z"],
    ["2024-01-01T08:00Z", "2024-01-01T08:00:00.000Z"],
    ["2024-01-01t08:00:00.5z", "2024-01-01T08:00:00.500Z"],
    ["2024-01-01T08:00:00,123Z", "2024-01-01T08:00:00.123Z"],
    ["2024-01-01T09:30:00+01:30", "2024-01-01T08:00:00.000Z"],
    ["2024-01-01T03:00:00-0500", "2024-01-01T08:00:00.000Z"],
    ["2024-01-01T10:00:00+02", "2024-01-01T08:00:00.000Z"],
    ["2024-02-29T23:59:59Z", "2024-02-29T23:59:59.000Z"],
    ["0099-03-01T00:00:00Z", "0099-03-01T00:00:00.000Z"], // not read as 1999, as Date.UTC reads a two-digit year
  ])("%s is %s", (text, want) => expect(iso(text)).toBe(want));

  // each of these was written by `utmpx add --time` as some day of 2000, 2001 or March 2023
  it.each(["0", "-1", "12", "May 5", "x 2023", "2023-02-30", "1700000000", "now", "", "2024-01-01", "2024-01-01 08:00:00Z",
    "2024-01-01T08:00:00.123456Z", "+002024-01-01T08:00:00Z", "2024-01-01T08:00:00Z junk"])("'%s' is refused for its form", (text) => {
    expect(iso(text)).toBe("refused: the form is YYYY-MM-DDTHH:MM[:SS[.fff]], then a zone (Z or ±HH:MM) or none for local time");
  });

  // without a zone: the local time of the process's zone (TZ), as before (Date read it so), and as date(1) does
  it("a time without a zone is the local time of the process's zone", () => {
    const want = new Date(2024, 6, 1, 8, 30, 15, 250);
    expect(iso("2024-07-01T08:30:15.250")).toBe(want.toISOString());
    const early = new Date(2000, 0, 1);
    early.setFullYear(99, 2, 1);
    early.setHours(0, 0, 0, 0);
    expect(iso("0099-03-01T00:00")).toBe(early.toISOString());
  });

  it.each([
    ["2023-02-30T00:00:00Z", "day 30 is not 01 to 28 (month 02 of 2023)"],
    ["2023-13-01T00:00:00Z", "month 13 is not 01 to 12"],
    ["2023-01-01T24:00:00Z", "hour 24 is not 00 to 23"],
    ["2023-01-01T00:60:00Z", "minute 60 is not 00 to 59"],
    ["2016-12-31T23:59:60Z", "second 60 is not 00 to 59"],
    ["2023-01-01T00:00:00+24:00", "zone +24:00 is not -23:59 to +23:59"],
    ["2023-01-01T00:00:00-0160", "zone -01:60 is not -23:59 to +23:59"],
  ])("%s names no instant: %s", (text, why) => expect(iso(text)).toBe(`refused: ${why}`));
});

describe("parseIsoTime in a zone with clock changes", () => {
  // Europe/Berlin: 2024-03-31 02:00 became 03:00, and 2024-10-27 03:00 went back to 02:00
  it("a local time a clock change skips names no instant; one it repeats is taken", () => {
    const before = process.env.TZ;
    process.env.TZ = "Europe/Berlin"; // Node reads TZ again when it is set
    try {
      expect(["2024-03-31T02:30:00", "2024-03-31T03:30:00", "2024-10-27T02:30:00"].map(iso)).toStrictEqual([
        "refused: that local time does not exist in this zone (a clock change skips it): give its zone",
        "2024-03-31T01:30:00.000Z",
        "2024-10-27T00:30:00.000Z",
      ]);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});
