// Filters and counts run in the core over columns; they must keep exactly the
// entries a plain JavaScript filter over every entry keeps.
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { open, type Entry, type EntryFilter } from "../../src/index.ts";
import { UtmpError } from "../../src/util/errors.ts";
import { FIXTURES, REPO, walk } from "../support/paths.ts";

const binaries = walk(FIXTURES).filter((p) => !/\.(json|txt|md)$/.test(p));

function passes(e: Entry, f: EntryFilter): boolean {
  const types = f.type === undefined ? undefined : typeof f.type === "string" ? [f.type] : f.type;
  const s = (t: Date | number | undefined) => (t instanceof Date ? t.getTime() / 1000 : t);
  if (types && !types.includes(e.type)) return false;
  if (f.user !== undefined && e.user !== f.user) return false;
  if (f.line !== undefined && e.line !== f.line) return false;
  if (f.since !== undefined && !(e.seconds >= s(f.since)!)) return false;
  if (f.until !== undefined && !(e.seconds < s(f.until)!)) return false;
  if (!f.includeZeroed && e.zeroed) return false;
  return true;
}

/** Filters built from the file's own values, so each one keeps something. */
function filtersFor(entries: Entry[]): EntryFilter[] {
  const users = entries.map((e) => e.user).filter((u): u is string => !!u);
  const lines = entries.map((e) => e.line).filter((l): l is string => !!l);
  const times = entries.map((e) => e.seconds).filter((t) => t > 0).sort((a, b) => a - b);
  const mid = times[Math.floor(times.length / 2)] ?? 0;
  return [
    {},
    { includeZeroed: true },
    { type: "USER_PROCESS" },
    { type: ["BOOT_TIME", "DEAD_PROCESS", "SHUTDOWN_TIME", "RUN_LVL"] },
    { type: "UNKNOWN" },
    ...(users[0] ? [{ user: users[0] }, { type: "USER_PROCESS" as const, user: users[0] }] : []),
    ...(lines[0] ? [{ line: lines[0] }] : []),
    { user: "nobody-has-this-name" },
    { since: mid },
    { until: new Date(mid * 1000) },
    { since: times[0] ?? 0, until: mid, includeZeroed: true },
  ];
}

describe("Database.filter() and count() keep what a JavaScript filter keeps", () => {
  for (const path of binaries) {
    it(relative(REPO, path), () => {
      const db = open(path);
      let entries: Entry[];
      try {
        entries = [...db];
      } catch (err) {
        if (err instanceof UtmpError) return; // a format we do not decode (tested elsewhere)
        throw err;
      }
      for (const f of filtersFor(entries)) {
        const want = entries.filter((e) => passes(e, f)).map((e) => JSON.stringify(e));
        expect([...db.filter(f)].map((e) => JSON.stringify(e)), JSON.stringify(f)).toEqual(want);
        expect(db.count(f), `count ${JSON.stringify(f)}`).toBe(want.length);
      }
      expect(db.count({ includeZeroed: true })).toBe(entries.length);
    });
  }
});

describe("a bound that is not a time", () => {
  it("since or until NaN or an Invalid Date is BAD_INPUT, not a filter that keeps everything", () => {
    const db = open(binaries[0]!);
    for (const filter of [{ since: NaN }, { until: new Date("nonsense") }, { since: new Date(NaN) }] as EntryFilter[]) {
      for (const read of [() => db.count(filter), () => [...db.filter(filter)]]) {
        let error: unknown;
        try { read(); } catch (err) { error = err; }
        expect(error, JSON.stringify(filter)).toBeInstanceOf(UtmpError);
        expect((error as UtmpError).code).toBe("BAD_INPUT");
      }
    }
  });
});
