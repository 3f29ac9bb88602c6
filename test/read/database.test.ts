// The pyutmpx protocol of Database on real fixtures: iteration (for-of, next,
// reset), list access (length, at), a settable path, the layout option and
// batches(). Values are checked against util-linux utmpdump's decoding.
import { copyFileSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findLayout, fromBytes, open, UtmpError, UtmpErrorCode, type Database, type Entry } from "../../src/index.ts";
import { FIXTURES, parseUtmpdumpTime, utmpdumpSource, type ExpectedFile, type UtmpdumpRecord } from "../support/corpus.ts";

const WTMP = join(FIXTURES, "generated-glibc-x86_64", "wtmp"); // 25 x 384, little-endian
const AARCH64 = join(FIXTURES, "utmp-rs", "basic64.utmp"); // 3 x 400, little-endian
const S390 = join(FIXTURES, "plaso", "utmp_s390"); // 6 x 400, big-endian

function dumped(path: string): UtmpdumpRecord[] {
  const expected = JSON.parse(readFileSync(`${path}.expected.json`, "utf8")) as ExpectedFile;
  return utmpdumpSource(expected)!.records;
}

/** The fields utmpdump shows, from an entry, in utmpdump's terms (all ASCII in these files). */
function shown(e: Entry) {
  return { ut_type: e.rawType, ut_pid: e.pid, ut_id: e.id, ut_user: e.user, ut_line: e.line, ut_host: e.host, addr: e.addr, seconds: e.seconds, microseconds: e.microseconds };
}
function want(r: UtmpdumpRecord) {
  const t = parseUtmpdumpTime(r.time);
  return { ut_type: r.ut_type, ut_pid: r.ut_pid, ut_id: r.ut_id, ut_user: r.ut_user, ut_line: r.ut_line, ut_host: r.ut_host, addr: r.addr, seconds: t.seconds, microseconds: t.microseconds };
}

const WTMP_DUMP = dumped(WTMP);
const wtmpRecords = WTMP_DUMP.filter((r) => !r.raw.includes("?")); // lines utmpdump shows without cleansed bytes

describe("Database: iteration", () => {
  it("for-of yields every record in file order", () => {
    const db = open(WTMP);
    const seen: Entry[] = [];
    for (const e of db) seen.push(e);
    expect(seen).toHaveLength(WTMP_DUMP.length);
    seen.forEach((e, i) => expect(e.offset).toBe(i * 384));
    // compare the records whose text utmpdump shows unchanged
    for (const r of wtmpRecords) {
      const i = WTMP_DUMP.indexOf(r);
      expect(shown(seen[i]!), `record ${i}`).toStrictEqual(want(r));
    }
    expect(wtmpRecords.length).toBeGreaterThan(20);
  });

  it("next() walks to the end, then keeps answering { done: true }", () => {
    const db = open(WTMP);
    const got: Entry[] = [];
    for (let r = db.next(); !r.done; r = db.next()) got.push(r.value);
    expect(got.map((e) => e.rawType)).toStrictEqual(WTMP_DUMP.map((r) => r.ut_type));
    expect(db.next()).toStrictEqual({ done: true, value: undefined });
    expect(db.next()).toStrictEqual({ done: true, value: undefined });
  });

  it("reset() starts over from the first record", () => {
    const db = open(WTMP);
    db.next();
    db.next();
    const third = db.next();
    expect(third.done).toBe(false);
    expect((third.value as Entry).offset).toBe(768);
    db.reset();
    const first = db.next();
    expect((first.value as Entry).offset).toBe(0);
    expect((first.value as Entry).user).toBe("reboot");
    // and after the end, too
    while (!db.next().done);
    db.reset();
    expect((db.next().value as Entry).offset).toBe(0);
  });

  it("is its own iterator, and each for-of reads the file afresh", () => {
    const db = open(WTMP);
    expect(db[Symbol.iterator]()).toBe(db);
    db.next();
    db.next();
    const first = [...db].map((e) => e.toJSON());
    const second = [...db].map((e) => e.toJSON());
    expect(first).toHaveLength(WTMP_DUMP.length);
    expect(second).toStrictEqual(first);
    // breaking out of a loop and looping again starts at record 0
    for (const e of db) if (e.offset >= 384 * 3) break;
    expect([...db][0]!.offset).toBe(0);
  });
});

describe("Database: list access", () => {
  it("length is the file size over the record size", () => {
    expect(open(WTMP).length).toBe(statSync(WTMP).size / 384);
    expect(open(WTMP).length).toBe(25);
    expect(open(AARCH64).length).toBe(statSync(AARCH64).size / 400);
    // a partial record is not counted
    expect(fromBytes(new Uint8Array([...readFileSync(WTMP), 1, 2, 3])).length).toBe(25);
  });

  it("at(i) reads one record; negative counts from the end; out of range is undefined", () => {
    const db = open(WTMP);
    expect(shown(db.at(0)!)).toStrictEqual(want(WTMP_DUMP[0]!));
    expect(db.at(0)!.offset).toBe(0);
    expect(shown(db.at(-1)!)).toStrictEqual(want(WTMP_DUMP[24]!));
    expect(db.at(-1)!.offset).toBe(24 * 384);
    expect(db.at(-25)!.offset).toBe(0);
    expect(shown(db.at(5)!)).toStrictEqual(want(WTMP_DUMP[5]!));
    expect(db.at(db.length)).toBeUndefined();
    expect(db.at(-db.length - 1)).toBeUndefined();
    expect(db.at(1000)).toBeUndefined();
  });

  it("at() does not move the iteration", () => {
    const db = open(WTMP);
    db.next();
    db.at(20);
    expect((db.next().value as Entry).offset).toBe(384);
  });

  it("at() on an empty database is undefined", () => {
    expect(fromBytes(new Uint8Array(0)).at(0)).toBeUndefined();
    expect(fromBytes(new Uint8Array(0)).at(-1)).toBeUndefined();
  });

  // at(1.5) read record 1, at("3") record 3, at(null) record 0: coerced as Array's at() does, to a record never named
  it("at() of an index that is no whole number is a RangeError or TypeError naming it", () => {
    const db = open(WTMP);
    const why = "not a whole number (negative counts from the end)";
    expect(() => db.at(1.5)).toThrow(new RangeError(`utmpx: at(index) is the number 1.5, ${why}`));
    expect(() => db.at(NaN)).toThrow(new RangeError(`utmpx: at(index) is the number NaN, ${why}`));
    expect(() => db.at(Infinity)).toThrow(RangeError);
    expect(() => db.at("3" as never)).toThrow(new TypeError(`utmpx: at(index) is the string "3", ${why}`));
    expect(() => db.at(null as never)).toThrow(new TypeError(`utmpx: at(index) is null, ${why}`));
    expect(() => db.at(true as never)).toThrow(new TypeError(`utmpx: at(index) is the boolean true, ${why}`));
    expect(() => db.at(undefined as never)).toThrow(TypeError);
    const [batch] = db.batches();
    expect(() => batch!.get(1.5)).toThrow(new RangeError(`utmpx: get(index) is the number 1.5, ${why}`));
    expect(batch!.get(-1)!.offset).toBe(24 * 384);
  });
});

describe("Database: path", () => {
  it("is the path given, or undefined for bytes", () => {
    expect(open(WTMP).path).toBe(WTMP);
    expect(fromBytes(readFileSync(WTMP)).path).toBeUndefined();
  });

  it("setting it switches files, layouts and starts over", () => {
    const db = open(WTMP);
    db.next();
    expect(db.layout.id).toBe("linux384-le");
    db.path = AARCH64;
    expect(db.path).toBe(AARCH64);
    expect(db.layout.id).toBe("linux400-le");
    expect(db.length).toBe(3);
    expect([...db].map(shown)).toStrictEqual(dumped(AARCH64).map(want));
    db.path = S390;
    expect(db.layout.id).toBe("linux400-be");
    expect([...db].map(shown)).toStrictEqual(dumped(S390).map(want));
    db.path = WTMP;
    expect((db.next().value as Entry).offset).toBe(0);
    expect(db.length).toBe(25);
  });

  it("a database made from bytes can be pointed at a file", () => {
    const db = fromBytes(new Uint8Array(0));
    expect(db.length).toBe(0);
    db.path = AARCH64;
    expect([...db].map(shown)).toStrictEqual(dumped(AARCH64).map(want));
  });

  it("a missing file raises UtmpError IO naming it", () => {
    const missing = join(FIXTURES, "no-such-file");
    const db = open(missing);
    expect(() => db.length).toThrow(UtmpError);
    try {
      void db.length;
    } catch (e) {
      expect((e as UtmpError).code).toBe(UtmpErrorCode.IO);
      expect((e as UtmpError).message).toContain(missing);
    }
  });
});

describe("Database: layout option", () => {
  it("an id skips detection", () => {
    const db = open(WTMP, { layout: "linux384-le" });
    expect(db.layout.id).toBe("linux384-le");
    expect(db.detection).toBeUndefined();
    expect([...db].map((e) => e.rawType)).toStrictEqual(WTMP_DUMP.map((r) => r.ut_type));
  });

  it("a CPU alias names the same row", () => {
    expect(open(WTMP, { layout: "linux-x86_64" }).layout.id).toBe("linux384-le");
    expect(open(AARCH64, { layout: "linux-aarch64" }).layout.id).toBe("linux400-le");
    expect(open(S390, { layout: "linux-s390x" }).layout.id).toBe("linux400-be");
    expect([...open(AARCH64, { layout: "linux-aarch64" })].map(shown)).toStrictEqual(dumped(AARCH64).map(want));
  });

  it("a Layout row is used as given", () => {
    const row = findLayout("linux400-be")!;
    const db = fromBytes(readFileSync(S390), { layout: row });
    expect(db.layout).toBe(row);
    expect([...db].map(shown)).toStrictEqual(dumped(S390).map(want));
  });

  it("overrides detection even when wrong (24 records of 400 bytes in a 384-byte file)", () => {
    const db = open(WTMP, { layout: "linux400-le" });
    expect(db.length).toBe(24);
    expect([...db]).toHaveLength(24);
    expect(db.warnings).toStrictEqual([]);
  });

  it("survives reset() and a new path", () => {
    const db = open(WTMP, { layout: "linux-x86_64" });
    db.reset();
    expect(db.layout.id).toBe("linux384-le");
    db.path = AARCH64; // still forced: 1200 bytes read as 384-byte records
    expect(db.layout.id).toBe("linux384-le");
    expect(db.length).toBe(3);
    expect(db.warnings).toStrictEqual([]);
    [...db];
    expect(db.warnings.map((w) => [w.code, w.offset, w.length])).toStrictEqual([["PARTIAL_RECORD", 1152, 48]]);
  });

  it("an unknown name raises UtmpError BAD_LAYOUT_NAME listing the known ones", () => {
    for (const use of [(db: Database) => db.layout, (db: Database) => db.length, (db: Database) => [...db], (db: Database) => db.at(0)]) {
      const db = open(WTMP, { layout: "linux-vax" });
      let error: unknown;
      try {
        use(db);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UtmpError);
      expect((error as UtmpError).code).toBe(UtmpErrorCode.BAD_LAYOUT_NAME);
      expect((error as UtmpError).message).toContain("linux-vax");
      expect((error as UtmpError).message).toContain("linux384-le");
    }
  });
});

describe("Database: writing to a lastlog", () => {
  const LASTLOG = join(FIXTURES, "s4", "Ubuntu20", "x86_64", "lastlog"); // sparse: uid 1000's slot alone is set

  it("append() and put() refuse it, the file untouched (a record past its end was a login of the next uid)", () => {
    const file = join(mkdtempSync(join(tmpdir(), "utmpx-lastlog-write-")), "lastlog");
    copyFileSync(LASTLOG, file);
    const db = open(file);
    expect(db.layout.kind).toBe("lastlog");
    const entry = { type: "USER_PROCESS", user: "alice", line: "pts/9", host: "evil.example", pid: 77 } as const;
    for (const write of [() => db.append(entry), () => db.put(entry)]) {
      const err = (() => { try { write(); } catch (e) { return e; } })();
      expect(err).toBeInstanceOf(UtmpError);
      expect((err as UtmpError).code).toBe(UtmpErrorCode.UNSUPPORTED);
      expect((err as UtmpError).message).toMatch(/lastlog is a lastlog \(.+\): a slot per uid, not a history; records are not written to it$/);
    }
    expect(readFileSync(file)).toEqual(readFileSync(LASTLOG));
  });

  it("a new file given a lastlog layout is refused too, and not created", () => {
    const file = join(mkdtempSync(join(tmpdir(), "utmpx-lastlog-write-")), "lastlog");
    expect(() => open(file, { layout: open(LASTLOG).layout }).append({ type: "BOOT_TIME" })).toThrow(/a slot per uid, not a history/);
    expect(statSync(file, { throwIfNoEntry: false })).toBeUndefined();
  });
});

describe("Database: batches()", () => {
  it("yields the same records as iteration, as columns", () => {
    const db = open(WTMP);
    const batches = [...db.batches()];
    expect(batches.length).toBeGreaterThan(0);
    const fromBatches = batches.flatMap((b) => [...b]);
    expect(fromBatches.map((e) => e.toJSON())).toStrictEqual([...db].map((e) => e.toJSON()));
    expect(batches[0]!.offset).toBe(0);
    expect(batches[0]!.layout.id).toBe("linux384-le");
    expect(Array.from(batches[0]!.columns.rawType)).toStrictEqual(WTMP_DUMP.map((r) => r.ut_type));
    expect(Array.from(batches[0]!.columns.seconds)).toStrictEqual(WTMP_DUMP.map((r) => parseUtmpdumpTime(r.time).seconds));
    expect(batches[0]!.get(-1)!.offset).toBe(24 * 384);
    expect(batches[0]!.get(25)).toBeUndefined();
  });

  it("starts from the first record whatever next() has read, and leaves next() where it was", () => {
    const db = open(WTMP);
    db.next();
    db.next();
    expect([...db.batches()].reduce((n, b) => n + b.length, 0)).toBe(25);
    expect((db.next().value as Entry).offset).toBe(768);
  });

  it("yields nothing for an empty database", () => {
    expect([...fromBytes(new Uint8Array(0)).batches()]).toStrictEqual([]);
  });
});
