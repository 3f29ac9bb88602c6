// The byte-writing last formatter prints what the string-building one it
// replaced printed (test/support/last/referenceFormat.ts), on random rows
// with odd bytes, addresses, durations and times, for every option set and
// several time zones (DST, half-hour and 45-minute offsets).
import { describe, it, expect } from "vitest";
import { formatLast, LastFormatter } from "../../../src/format/last.ts";
import { formatLast as referenceFormat } from "../../support/last/referenceFormat.ts";
import { sessions, type Session } from "../../../src/sessions/sessions.ts";
import { NOW, OPTION_SETS, records, ZONES } from "../../support/last/randomRecords.ts";

const text = (b: Uint8Array) => Buffer.from(b).toString("latin1");

describe("the byte-writing formatter prints what the string-building one printed", () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`random rows ${seed}, every option set and zone`, () => {
      const rows: Session[] = sessions(records(seed, 300), { now: NOW });
      expect(rows.length).toBeGreaterThan(50);
      for (const options of OPTION_SETS) {
        for (const timeZone of ZONES) {
          const opts = { ...options, timeZone, begins: { file: "/var/log/wtmp", seconds: rows.at(-1)!.login.seconds } };
          expect(text(formatLast(rows, opts)), `${JSON.stringify(options)} ${timeZone}`).toBe(text(referenceFormat(rows, opts)));
        }
      }
    });
  }

  it("row() gives the same byte string as write() writes, and counts toward -n", () => {
    const rows = sessions(records(9, 100), { now: NOW });
    const f = new LastFormatter({ timeZone: "UTC", extended: true, limit: 10 });
    const listed = rows.map((r) => f.row(r)).filter((t) => t !== "");
    expect(listed).toHaveLength(10);
    expect(listed.join("")).toBe(text(referenceFormat(rows, { timeZone: "UTC", extended: true, limit: 10 })));
  });
});
