// eachSession() pairs from batches' columns with one refilled row: it must give
// exactly the rows sessions() gives over the same records' entries (every
// field, evidence indexes and offsets included), on every record fixture, with
// zeroed records in the batches or not, and for lastb's reading.
import { describe, expect, it } from "vitest";
import { eachSession, fromBytes, sessions, type Session } from "../../src/index.ts";
import { recordFixtures } from "../support/recordFixtures.ts";

const NOW = 1_900_000_000;

function plain(s: Session): unknown {
  return JSON.parse(JSON.stringify(s));
}

describe("eachSession(): sessions() from batches, without an object per row", () => {
  const fixtures = recordFixtures();

  it("has record fixtures to compare on", () => {
    expect(fixtures.length).toBeGreaterThan(30);
  });

  for (const includeZeroed of [false, true]) {
    for (const lastb of [false, true]) {
      it(`gives sessions()'s rows on every fixture (zeroed records ${includeZeroed ? "kept" : "left out"}${lastb ? ", lastb" : ""})`, () => {
        let compared = 0;
        for (const f of fixtures) {
          const db = fromBytes(f.bytes, { layout: f.layout });
          // batches of 3 records: logins and logouts are paired across batch boundaries
          const batches = [...db.batches({ includeZeroed })].flatMap((b) => {
            const parts = [];
            for (let i = 0; i < b.length; i += 3) parts.push(b.pick([i, i + 1, i + 2].filter((k) => k < b.length)));
            return parts;
          });
          const entries = batches.flatMap((b) => [...b]);
          const want = sessions(entries, { now: NOW, lastb }).map(plain);
          const got: unknown[] = [];
          const count = eachSession(batches, { now: NOW, lastb }, (row) => got.push(plain(row)));
          expect(count, f.name).toBe(want.length);
          expect(got, f.name).toEqual(want);
          compared += want.length;
        }
        expect(compared).toBeGreaterThan(100);
      });
    }
  }

  it("numbers evidence by the records' place across all the batches", () => {
    const f = fixtures.find((x) => x.layout.id === "linux384-le" && x.bytes.length >= 384 * 20)!;
    const db = fromBytes(f.bytes, { layout: f.layout });
    const batches = [...db.batches({ includeZeroed: true })];
    const all = batches.flatMap((b) => [...b]);
    eachSession(batches, { now: NOW }, (row) => {
      const open = row.evidence.open;
      expect(all[open.index]!.offset).toBe(open.offset);
    });
  });
});
