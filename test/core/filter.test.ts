// Filters and counts run in the core over columns; they must keep exactly the
// entries a plain JavaScript filter over every entry keeps.
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { findLayout, fromBytes, open, type Entry, type EntryFilter } from "../../src/index.ts";
import { buildFile, concat, rawType } from "../support/fixtureBuilder.ts";
import { UtmpError } from "../../src/util/errors.ts";
import { FIXTURES, REPO, walk } from "../support/paths.ts";

const binaries = walk(FIXTURES).filter((p) => !/\.(json|txt|md)$/.test(p));

/** A bound as [second, microseconds into it]: a Date's milliseconds exactly, seconds to the nearest microsecond. */
function bound(t: Date | number): [number, number] {
  const micros = t instanceof Date ? t.getTime() * 1000 : Math.round(t * 1e6);
  return [Math.floor(micros / 1e6), micros - Math.floor(micros / 1e6) * 1e6];
}
/** Whether the entry's time (its seconds, then its microseconds as stored) is at or after `t`. */
function atOrAfter(e: Entry, t: Date | number): boolean {
  const [second, micro] = bound(t);
  return e.seconds > second || (e.seconds === second && e.microseconds >= micro);
}

function passes(e: Entry, f: EntryFilter): boolean {
  const types = f.type === undefined ? undefined : typeof f.type === "string" ? [f.type] : f.type;
  if (types && !types.includes(e.type)) return false;
  if (f.user !== undefined && e.user !== f.user) return false;
  if (f.line !== undefined && e.line !== f.line) return false;
  if (f.since !== undefined && !atOrAfter(e, f.since)) return false;
  if (f.until !== undefined && atOrAfter(e, f.until)) return false;
  if (!f.includeZeroed && e.zeroed) return false;
  return true;
}

/** Filters built from the file's own values, so each one keeps something. */
function filtersFor(entries: Entry[]): EntryFilter[] {
  const users = entries.map((e) => e.user).filter((u): u is string => !!u);
  const lines = entries.map((e) => e.line).filter((l): l is string => !!l);
  const times = entries.map((e) => e.seconds).filter((t) => t > 0).sort((a, b) => a - b);
  const mid = times[Math.floor(times.length / 2)] ?? 0;
  // a record inside a second: bounds at its millisecond, and a microsecond either side of it (issue: whole seconds were compared)
  const inside = entries.find((e) => e.seconds > 0 && e.microseconds > 0 && e.microseconds < 999_999);
  const at = inside && inside.seconds + inside.microseconds / 1e6;
  const subsecond: EntryFilter[] = inside && at ? [
    { since: inside.date }, { until: inside.date },
    { since: at }, { until: at }, { since: at + 1e-6 }, { until: at + 1e-6 }, { since: at - 1e-6, until: at + 1e-6 },
  ] : [];
  return [
    ...subsecond,
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

// The core passes the zeros a window starts with in one step when an all-zero
// record cannot be kept (select.ts): files that start with, or are, a run of
// zero records, some runs longer than a window, filtered every way, including
// the ways that keep a zero record (includeZeroed, EMPTY, empty strings, time 0).
describe("zero records in runs: filter() and count() keep what a JavaScript filter keeps", () => {
  const layout = findLayout("linux384-le")!;
  const zeros = (n: number) => new Uint8Array(n * layout.recordSize);
  const records = (n: number, from: number) => buildFile(layout, Array.from({ length: n }, (_, k) => ({
    type: k % 3 === 0 ? 7 : 8, user: k % 3 === 0 ? `u${k % 5}` : "", line: `pts/${k % 4}`, seconds: 1_700_000_000 + from + k, microseconds: k,
  })));
  const files: [string, Uint8Array][] = [
    ["a few zero records first", concat([zeros(5), records(50, 0)])],
    ["more zero records first than a window holds", concat([zeros(9000), records(50, 0), zeros(7), records(20, 100)])],
    ["zero records only", zeros(5000)],
    ["zero records last", concat([records(30, 0), zeros(6000)])],
  ];
  const filters: EntryFilter[] = [
    {}, { includeZeroed: true }, { type: "EMPTY", includeZeroed: true }, { type: "EMPTY" }, { type: ["EMPTY", "USER_PROCESS"], includeZeroed: true },
    { user: "", includeZeroed: true }, { line: "", includeZeroed: true }, { user: "u1" }, { line: "pts/2", includeZeroed: true },
    { since: 0, includeZeroed: true }, { until: 1, includeZeroed: true }, { since: 1, includeZeroed: true }, { since: 1_700_000_010 },
    { since: -1, until: 1_700_000_020, includeZeroed: true },
  ];
  for (const [name, bytes] of files) {
    it(name, () => {
      const db = fromBytes(bytes, { layout });
      const entries = [...db];
      for (const f of filters) {
        const want = entries.filter((e) => passes(e, f)).map((e) => JSON.stringify(e));
        expect([...db.filter(f)].map((e) => JSON.stringify(e)), JSON.stringify(f)).toEqual(want);
        expect(db.count(f), `count ${JSON.stringify(f)}`).toBe(want.length);
      }
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

// Each of these filtered silently: to nothing (a misspelt type, a RegExp user)
// or to everything (a string time became NaN, which turned the test off).
describe("a filter value of the wrong kind is BAD_INPUT, naming it", () => {
  it.each([
    [{ type: "USER_PROCES" }, /^utmpx: filter type is the string "USER_PROCES", not an entry type \(EMPTY, RUN_LVL,/],
    [{ type: ["USER_PROCESS", "X"] }, /^utmpx: filter type is the string "X", not an entry type/],
    [{ type: 7 }, /^utmpx: filter type is the number 7, not an entry type or a list of them$/],
    [{ user: /root/ }, /^utmpx: filter user is an object \(RegExp\), not a string \(the whole field\)$/],
    [{ line: 5 }, /^utmpx: filter line is the number 5, not a string/],
    [{ since: "2030-01-01" }, /^utmpx: filter since is the string "2030-01-01", not a Date or seconds since the epoch$/],
    [{ until: 1n }, /^utmpx: filter until is the bigint 1, not a Date or seconds/],
    [{ includeZeroed: "yes" }, /^utmpx: filter includeZeroed is the string "yes", not true or false$/],
    // a misspelt key filtered nothing: every record came back as if it matched
    [{ usr: "root" }, /^utmpx: a filter has no key "usr" \(it takes type, user, line, since, until, includeZeroed\)$/],
    [{ user: "root", Since: 0 }, /^utmpx: a filter has no key "Since"/],
  ])("%o", (filter, message) => {
    const db = open(binaries[0]!);
    for (const read of [() => db.count(filter as EntryFilter), () => [...db.filter(filter as EntryFilter)]]) {
      const error = (() => { try { read(); } catch (err) { return err; } })();
      expect(error).toBeInstanceOf(UtmpError);
      expect((error as UtmpError).code).toBe("BAD_INPUT");
      expect((error as UtmpError).message).toMatch(message);
    }
  });
  it("a filter that is no object is a TypeError, in count() as in filter()", () => {
    const db = open(binaries[0]!);
    for (const read of [() => db.count(null as never), () => [...db.filter(null as never)], () => [...db.filter("root" as never)]]) {
      expect(read).toThrow(TypeError);
    }
  });
});

describe("a user or line condition matches the whole field, up to its NUL", () => {
  // The core compares a name shorter than 16 bytes with a field of 16 or more in
  // one vector, its NUL included; longer names and narrower fields take the
  // general compare. Each layout here has fields of another width.
  const bytes = (text: string) => new TextEncoder().encode(text);
  const names = (width: number): (string | Uint8Array)[] => [
    "root", "roo", "rootx", "r", "", bytes("root\0junk"), bytes("roo\0t"), "a".repeat(15), "a".repeat(16), "a".repeat(17),
    "a".repeat(width - 1), "a".repeat(width), "b".repeat(width),
    ...(width > 16 ? [bytes("a".repeat(15) + "\0" + "a".repeat(width - 16))] : []),
  ].filter((n) => n.length <= width);
  const wanted = (width: number) => ["root", "roo", "rootx", "r", "", "a".repeat(15), "a".repeat(16), "a".repeat(17), "a".repeat(width - 1), "a".repeat(width), "a".repeat(width + 1)];
  for (const id of ["linux384-le", "linux384-be", "freebsd44-le", "libc5-56-le", "openbsd304-le", "macos628-le"]) {
    it(id, () => {
      const layout = findLayout(id)!;
      const users = names(layout.fields.user!.length), lines = names(layout.fields.line!.length);
      const type = layout.fields.type ? { type: rawType(layout, "USER_PROCESS") } : {};
      const records = users.flatMap((user, u) => lines.map((line, l) => ({ ...type, user, line, pid: u * 100 + l, seconds: 1_700_000_000 + u * 100 + l })));
      const db = fromBytes(buildFile(layout, records), { layout });
      const entries = [...db];
      expect(entries.length).toBeGreaterThanOrEqual(records.length); // buildFile may add a signature record
      const filters: EntryFilter[] = [
        ...wanted(layout.fields.user!.length).map((user) => ({ user })),
        ...wanted(layout.fields.line!.length).map((line) => ({ line })),
        { user: "root", line: "rootx" }, { user: "a".repeat(15), line: "root" },
      ];
      let matched = 0;
      for (const f of filters) {
        const want = entries.filter((e) => passes(e, f)).map((e) => e.pid);
        matched += want.length;
        expect([...db.filter(f)].map((e) => e.pid), JSON.stringify(f)).toEqual(want);
        expect(db.count(f), `count ${JSON.stringify(f)}`).toBe(want.length);
      }
      expect(matched).toBeGreaterThan(filters.length); // the filters keep records, not only nothing
    });
  }
});
