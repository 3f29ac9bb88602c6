// The tests every Linux utmp/wtmp/btmp fixture gets, in this package's folder
// or in the shared corpus: detection, every field of every record against
// util-linux utmpdump, utmpdump's text byte for byte, the upstream assertions,
// and the wasm decoder against the reference decoder.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fromBytes, open, type Database, type Entry, type UtmpWarning } from "../../src/index.ts";
import { decodeReference } from "../../src/reference/dataViewDecoder.ts";
import {
  expectedLayout, expectMatchesUtmpdump, expectSameAsReference, parseUtmpdumpTime, readBytes, textLines,
  utmpdumpLine, utmpdumpSource, type Fixture,
} from "../support/corpus.ts";
import { checkUpstream, upstreamSourceCount } from "./upstream.ts";

export interface FixtureOptions {
  /** Force this layout (for files whose bytes fit no layout); detection is then not tested here. */
  layout?: string;
}

interface Opened {
  db: Database;
  entries: Entry[];
  reported: UtmpWarning[];
}

function openBy(how: "open" | "fromBytes", fx: Fixture, options: FixtureOptions): Opened {
  const reported: UtmpWarning[] = [];
  const opts = { onWarning: (w: UtmpWarning) => reported.push(w), ...(options.layout ? { layout: options.layout } : {}) };
  const db = how === "open" ? open(fx.path, opts) : fromBytes(readBytes(fx.path), opts);
  return { db, entries: [...db], reported };
}

export function describeFixture(fx: Fixture, options: FixtureOptions = {}): void {
  const ex = fx.expected;
  describe(fx.name, () => {
    it(`is the file expected.json describes (${ex.size} bytes, sha256)`, () => {
      const bytes = readBytes(fx.path);
      expect(bytes.length).toBe(ex.size);
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(ex.sha256);
    });

    for (const how of ["open", "fromBytes"] as const) {
      describe(`via ${how}()`, () => {
        it(`picks the ${ex.record_size}-byte ${ex.byte_order}-endian layout`, () => {
          const { db } = openBy(how, fx, options);
          const want = expectedLayout(ex);
          expect(db.layout.id).toBe(want.id);
          if (how === "open") expect(db.path).toBe(fx.path);
          if (!options.layout) {
            const detection = db.detection!;
            expect(detection.layout?.id).toBe(want.id);
            const chosen = detection.candidates.find((c) => c.layout.id === want.id)!;
            if (chosen.strong > 0) {
              // evidence for the layout: it is the best candidate, with some confidence
              expect(detection.candidates[0]!.layout.id).toBe(want.id);
              expect(detection.confidence).toBeGreaterThan(0);
            } else {
              // no record says more than "empty" (an empty file, less than a record): a default, zero confidence
              expect(detection.confidence).toBe(0);
            }
          } else {
            expect(db.detection).toBeUndefined();
          }
        });

        it("decodes every whole record, and warns once about a partial one", () => {
          const { db, entries, reported } = openBy(how, fx, options);
          const whole = Math.floor(ex.size / ex.record_size);
          const tail = ex.size % ex.record_size;
          expect(entries.length).toBe(whole);
          expect(db.length).toBe(whole);
          entries.forEach((e, i) => expect(e.offset, `record ${i} offset`).toBe(i * ex.record_size));
          const partial = db.warnings.filter((w) => w.code === "PARTIAL_RECORD");
          expect(partial.map(({ offset, length }) => ({ offset, length })))
            .toStrictEqual(tail === 0 ? [] : [{ offset: whole * ex.record_size, length: tail }]);
          expect(reported).toStrictEqual(db.warnings);
        });

        const dump = utmpdumpSource(ex);
        if (dump) {
          it(`matches util-linux utmpdump on every field of every record (${dump.records.length})`, () => {
            const { entries } = openBy(how, fx, options);
            const layout = expectedLayout(ex);
            expect(entries.length).toBe(dump.records.length);
            dump.records.forEach((want, i) => {
              const e = entries[i]!;
              expectMatchesUtmpdump(e, want, layout, `record ${i}`, e.raw);
              // what utmpdump shows also decides the record's warnings
              const t = parseUtmpdumpTime(want.time);
              const codes = e.warnings.map((w) => w.code);
              expect(codes.includes("BAD_TYPE"), `record ${i} BAD_TYPE`).toBe(!(want.ut_type >= 0 && want.ut_type <= 9));
              expect(codes.includes("BAD_MICROSECONDS"), `record ${i} BAD_MICROSECONDS`)
                .toBe(t.microseconds < 0 || t.microseconds > 999999);
              for (const w of e.warnings) expect(w.offset, `record ${i} warning offset`).toBe(e.offset);
              if (e.zeroed) expect(want.raw, `record ${i} zeroed`).toBe(
                "[0] [00000] [    ] [        ] [            ] [                    ] [0.0.0.0        ] [1970-01-01T00:00:00,000000+00:00]");
            });
          });
        }

        const upstream = upstreamSourceCount(fx);
        if (upstream > 0) {
          it(`matches the upstream assertions / writer input (${upstream} sources)`, () => {
            const { entries } = openBy(how, fx, options);
            const checked = checkUpstream({ fixture: fx, layout: expectedLayout(ex), entries, bytes: readBytes(fx.path) });
            expect(checked).toBe(upstream);
          });
        }
      });
    }

    const dump = utmpdumpSource(ex);
    if (dump) {
      it(`reproduces ${dump.output_file} byte for byte`, () => {
        const layout = expectedLayout(ex);
        const { entries } = openBy("open", fx, options);
        const lines = textLines(join(fx.dir, dump.output_file!));
        expect(lines).toStrictEqual(dump.records.map((r) => r.raw));
        expect(entries.map((e) => utmpdumpLine(e, layout))).toStrictEqual(lines);
      });

      it("reference decoder matches util-linux utmpdump on every field of every record", () => {
        const layout = expectedLayout(ex);
        const reference = decodeReference(readBytes(fx.path), layout);
        expect(reference.length).toBe(dump.records.length);
        dump.records.forEach((want, i) => expectMatchesUtmpdump(reference[i]!, want, layout, `record ${i}`));
      });
    }

    it("wasm decoder equals the reference decoder, field by field", () => {
      const { entries } = openBy("open", fx, options);
      const layout = expectedLayout(ex);
      expectSameAsReference(entries, decodeReference(readBytes(fx.path), layout), fx.name);
      // and the same through the batch interface
      const db = openBy("fromBytes", fx, options).db;
      const batched = [...db.batches()].flatMap((b) => [...b]);
      expectSameAsReference(batched, decodeReference(readBytes(fx.path), layout), `${fx.name} batches()`);
    });
  });
}
