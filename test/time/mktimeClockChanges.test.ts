// mktime() for local times at clock changes, against glibc 2.36's own mktime
// (tm_isdst -1, as util-linux last's -s/-t/-p read their times): each value
// was printed by python3's time.mktime, one fresh process a time (glibc's
// mktime starts from the offset of its last call), TZ set, on Debian 12.
// A time the clocks skip over is taken in summer time, as glibc does
// (02:30 becomes 03:30 EDT; it was 01:30 EST); a time they pass twice, the
// first. Not matched, and left: the zones whose tzdata marks winter as the
// summer time (Europe/Dublin's gap) and Apia's skipped day of 2011.
import { describe, expect, it } from "vitest";
import { mktime } from "../../src/time/timestamp.ts";
import { Clock } from "../../src/time/clock.ts";

const GLIBC: [zone: string, local: string, seconds: number][] = [
  ["America/New_York", "2024-03-10 02:30:00", 1710055800],
  ["America/New_York", "2024-11-03 01:30:00", 1730611800],
  ["Europe/Berlin", "2024-03-31 02:30:00", 1711848600],
  ["Europe/Berlin", "2024-10-27 02:30:00", 1729992600],
  ["Australia/Lord_Howe", "2024-10-06 02:15:00", 1728143100],
  ["Australia/Lord_Howe", "2024-04-07 01:45:00", 1712416500],
  ["America/St_Johns", "2024-03-10 02:30:00", 1710050400],
  ["Europe/Dublin", "2024-10-27 01:30:00", 1729992600],
  ["America/New_York", "2024-03-10 01:59:59", 1710053999],
  ["America/New_York", "2024-03-10 03:00:00", 1710054000],
  ["America/New_York", "2024-11-03 00:59:59", 1730609999],
  ["America/New_York", "2024-11-03 02:00:00", 1730617200],
  ["Asia/Tokyo", "2024-06-01 12:00:00", 1717210800],
  ["America/Los_Angeles", "2024-03-10 02:59:59", 1710068399],
  ["America/Los_Angeles", "2024-11-03 01:00:00", 1730620800],
  ["Australia/Sydney", "2024-10-06 02:30:00", 1728145800],
  ["Australia/Sydney", "2024-04-07 02:30:00", 1712421000],
];

describe("mktime at clock changes, as glibc's", () => {
  it.each(GLIBC)("%s %s", (zone, local, seconds) => {
    const [year, month, day, hour, minute, second] = local.split(/[- :]/).map(Number) as [number, number, number, number, number, number];
    expect(mktime({ year, month, day, hour, minute, second }, new Clock(zone))).toBe(seconds);
  });
});
