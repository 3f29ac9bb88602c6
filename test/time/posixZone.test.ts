// POSIX TZ rule strings ("JST-9", "CET-1CEST,M3.5.0,M10.5.0/3") against glibc
// 2.36's own reading of them (tzset and localtime's tm_gmtoff, recorded by
// test/fixtures/posix-tz/record.py): every change of offset in six years from
// 1970 to 2100, to the second, with the offsets either side, and the offset at
// fixed instants. Such TZ values read as UTC before, every time shifted.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parsePosixZone } from "../../src/time/posixZone.ts";
import { Clock } from "../../src/time/clock.ts";
import { knownZone, zonedFields } from "../../src/time/zone.ts";
import { FIXTURES } from "../support/paths.ts";

interface Recorded { changes: [at: number, before: number, after: number][]; fixed: [at: number, offset: number][] }
const GLIBC: Record<string, Recorded> = JSON.parse(readFileSync(join(FIXTURES, "posix-tz", "glibc.json"), "utf8"));

/**
 * A summer zone that names no rules: glibc takes them from its posixrules file
 * (America/New_York's), moving the changes by hours (the start to 06:00 local,
 * the end to 02:00 summer time here) and, past the file's table (2037), keeping
 * New York's offsets for a zone that said others. We change at 02:00 local by the
 * United States' rules of the year: the same days, the same offsets either side.
 */
const RULES_NOT_GIVEN = new Set(["XYZ3ABC"]);
/** 2037-01-01: where glibc's posixrules table ends. */
const FILE_TABLE_END = 2_114_380_800;

describe("POSIX TZ rules, as glibc reads them", () => {
  it.each(Object.entries(GLIBC))("%s", (tz, recorded) => {
    const zone = parsePosixZone(tz)!;
    expect(zone).toBeDefined();
    for (const [at, before, after] of recorded.changes) {
      if (!RULES_NOT_GIVEN.has(tz)) expect([zone.offsetAt(at - 1), zone.offsetAt(at)], `change at ${at}`).toEqual([before, after]);
      else if (at < FILE_TABLE_END) expect([zone.offsetAt(at - 6 * 3600), zone.offsetAt(at + 6 * 3600)], `change at ${at}`).toEqual([before, after]);
    }
    for (const [at, offset] of recorded.fixed) if (!RULES_NOT_GIVEN.has(tz) || at < FILE_TABLE_END) expect(zone.offsetAt(at), `at ${at}`).toBe(offset);
    // the Clock that last's times go through, and who's fields, take the rule too
    const clock = new Clock(tz);
    expect(knownZone(tz)).toBe(tz);
    for (const [at, offset] of recorded.fixed) {
      if (RULES_NOT_GIVEN.has(tz) && at >= FILE_TABLE_END) continue;
      expect(clock.local(at).offset).toBe(offset);
      const local = new Date((at + offset) * 1000);
      expect(zonedFields(at, tz)).toMatchObject({ year: local.getUTCFullYear(), hour: local.getUTCHours(), minute: local.getUTCMinutes(), weekday: local.getUTCDay() });
    }
  });

  it("is no rule where glibc finds none, and a zone file's name stays the zone's (EST5EDT is America/New_York's)", () => {
    for (const text of ["foo", "JS-9", "JST", "JST-9XYZ,M13.1.0,M1.1.0", "CET-1CEST,M3.5.0", "CET-1CEST,M3.6.0,M10.5.0", "JST-25", ""]) {
      expect(parsePosixZone(text), text).toBeUndefined();
    }
    expect(knownZone("foo")).toBeUndefined();
    // 1966: America/New_York kept summer time from April; a POSIX EST5EDT would use today's March rule
    expect(new Clock("EST5EDT").local(Date.UTC(1966, 2, 20) / 1000).offset).toBe(-18000);
  });
});
