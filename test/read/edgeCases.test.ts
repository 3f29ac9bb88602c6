// Inputs at the edges: empty, all zero, random, truncated, damaged, strings
// that fill their field, invalid UTF-8, and files larger than one decode window.
// Expected values come from the fixtures' independent decodings (utmpdump,
// glibc writer input) or from the bytes written here; the reference decoder
// checks the wasm decoder where a whole file is compared.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findLayout, fromBytes, LAYOUTS, open, UtmpError, UtmpErrorCode, type Entry, type UtmpWarning } from "../../src/index.ts";
import { decodeReference } from "../../src/reference/dataViewDecoder.ts";
import { Engine, WINDOW_TARGET } from "../../src/core/engine.ts";
import { instantiateCore } from "../../src/core/core.ts";
import { InternPolicy } from "../../src/core/internPolicy.ts";
import { expectSameAsReference, FIXTURES, parseUtmpdumpTime, utmpdumpSource, type ExpectedFile, type UtmpdumpRecord } from "../support/corpus.ts";
import { prng } from "../support/prng.ts";

const WTMP = join(FIXTURES, "generated-glibc-x86_64", "wtmp"); // 25 x 384 LE, written by glibc
const WTMP_BYTES = new Uint8Array(readFileSync(WTMP));
const WTMP_DUMP: UtmpdumpRecord[] = utmpdumpSource(JSON.parse(readFileSync(`${WTMP}.expected.json`, "utf8")) as ExpectedFile)!.records;
const LINUX384 = findLayout("linux384-le")!;

const scratch = mkdtempSync(join(tmpdir(), "utmpx-edge-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let fileCount = 0;
function tempFile(bytes: Uint8Array): string {
  const path = join(scratch, `file-${fileCount++}`);
  writeFileSync(path, bytes);
  return path;
}

function randomBytes(seed: number, length: number): Uint8Array {
  const next = prng(seed);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(next() * 256);
  return out;
}

function expectUnknownLayout(run: () => unknown, size: number, name?: string): UtmpError {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error, "an error").toBeInstanceOf(UtmpError);
  const err = error as UtmpError;
  expect(err.code).toBe(UtmpErrorCode.UNKNOWN_LAYOUT);
  expect(err.message).toContain(`${size} bytes`);
  // the best candidates are named by layout id, with their evidence
  const named = /candidates: ([\w-]+): \d+ of \d+ sampled records plausible/.exec(err.message);
  expect(named, err.message).not.toBeNull();
  expect(LAYOUTS.map((l) => l.id)).toContain(named![1]);
  if (name) expect(err.message).toContain(name);
  return err;
}

describe("empty file", () => {
  for (const how of ["fromBytes", "open"] as const) {
    it(`${how}(): no records, no warnings, zero confidence`, () => {
      const warnings: UtmpWarning[] = [];
      const db = how === "open" ? open(tempFile(new Uint8Array(0)), { onWarning: (w) => warnings.push(w) })
        : fromBytes(new Uint8Array(0), { onWarning: (w) => warnings.push(w) });
      expect(db.length).toBe(0);
      expect([...db]).toStrictEqual([]);
      expect(db.next()).toStrictEqual({ done: true, value: undefined });
      expect([...db.batches()]).toStrictEqual([]);
      expect(db.warnings).toStrictEqual([]);
      expect(warnings).toStrictEqual([]);
      expect(db.detection!.confidence).toBe(0);
    });
  }
});

describe("a file of zeros", () => {
  it("384 x 10 zero bytes: 10 EMPTY entries, zeroed, detection confidence 0", () => {
    const db = fromBytes(new Uint8Array(384 * 10));
    expect(db.layout.id).toBe("linux384-le");
    expect(db.detection!.confidence).toBe(0);
    const entries = [...db];
    expect(entries).toHaveLength(10);
    entries.forEach((e, i) => {
      expect(e.zeroed).toBe(true);
      expect(e.warnings).toStrictEqual([]);
      expect(e.toJSON()).toStrictEqual({
        type: "EMPTY", rawType: 0, id: "", user: "", line: "", host: "", date: "1970-01-01T00:00:00.000000Z",
        seconds: 0, microseconds: 0, pid: 0, session: 0, exit: { termination: 0, exit: 0 }, addr: "0.0.0.0", offset: i * 384,
      });
    });
    expect(db.warnings).toStrictEqual([]);
  });

});

describe("random bytes", () => {
  for (const seed of [1, 2, 3, 0xc0ffee]) {
    it(`100 KB from seed ${seed}: UtmpError UNKNOWN_LAYOUT naming size and candidates, never a trap`, () => {
      const bytes = randomBytes(seed, 100 * 1024);
      expectUnknownLayout(() => fromBytes(bytes).layout, bytes.length);
      expectUnknownLayout(() => [...fromBytes(bytes)], bytes.length);
      const path = tempFile(bytes);
      const err = expectUnknownLayout(() => open(path).length, bytes.length, path);
      expect(err.path).toBe(path);
    });
  }

  it("with a forced layout, random bytes decode as the reference decoder reads them", () => {
    // 64-bit seconds are kept below 2^40 here: the columns hold seconds as doubles (exact below 2^53)
    const cases = [
      [7, "linux384-le", -1], [8, "linux384-be", -1], [9, "linux400-le", 344], [10, "linux400-be", 344],
      [11, "linux392-le", 340], [13, "linux392-be", 340], [12, "linux382-be", -1],
    ] as const;
    for (const [seed, id, seconds64] of cases) {
      const bytes = randomBytes(seed, 64 * 1024);
      const layout = findLayout(id)!;
      if (seconds64 >= 0) {
        for (let at = 0; at + layout.recordSize <= bytes.length; at += layout.recordSize) {
          const high = layout.byteOrder === "little" ? at + seconds64 + 5 : at + seconds64;
          bytes.fill(0, high, high + 3);
        }
      }
      const entries = [...fromBytes(bytes, { layout: id })];
      expect(entries).toHaveLength(Math.floor(bytes.length / layout.recordSize));
      expectSameAsReference(entries, decodeReference(bytes, layout), `${id} seed ${seed}`);
    }
  });

  // Double arithmetic is inexact above 2^53 (it once put this date 4m16s off): the
  // 64-bit seconds of garbage 400/392-byte records must still give their exact date.
  it("a 64-bit second count above 2^53 gets the date of exactly that second", () => {
    const b = new Uint8Array(400);
    const v = new DataView(b.buffer);
    v.setInt16(0, 7, true);
    v.setBigInt64(344, 2n ** 62n + 4096n, true); // 4611686018427392000, exactly representable
    const e = fromBytes(b, { layout: "linux400-le" }).at(0)!;
    expect(e.seconds).toBe(4611686018427392000);
    // 4611686018427392000 s = day 53376000213280 + 32000 s (Python: divmod; proleptic Gregorian)
    expect(e.toJSON().date).toBe("+146138514283-06-19T08:53:20.000000Z");
  });

  it("the decoder stays usable after an error", () => {
    expectUnknownLayout(() => fromBytes(randomBytes(5, 50000)).layout, 50000);
    expect([...open(WTMP)].map((e) => e.rawType)).toStrictEqual(WTMP_DUMP.map((r) => r.ut_type));
  });
});

describe("partial records", () => {
  it("a real file plus 1..383 bytes: every whole record, one PARTIAL_RECORD warning at the right offset", () => {
    for (let extra = 1; extra < 384; extra++) {
      const bytes = new Uint8Array(WTMP_BYTES.length + extra);
      bytes.set(WTMP_BYTES);
      bytes.set(WTMP_BYTES.subarray(0, extra), WTMP_BYTES.length); // a record cut short, as a crash mid-write leaves it
      const reported: UtmpWarning[] = [];
      const db = fromBytes(bytes, { onWarning: (w) => reported.push(w) });
      expect(db.layout.id, `+${extra}`).toBe("linux384-le");
      expect(db.length, `+${extra}`).toBe(25);
      const entries = [...db];
      expect(entries.map((e) => e.rawType), `+${extra}`).toStrictEqual(WTMP_DUMP.map((r) => r.ut_type));
      expect(db.warnings.map(({ code, offset, length }) => ({ code, offset, length })), `+${extra}`)
        .toStrictEqual([{ code: "PARTIAL_RECORD", offset: 9600, length: extra }]);
      expect(db.warnings[0]!.message).toContain("9600");
      expect(reported, `+${extra} onWarning`).toStrictEqual(db.warnings);
    }
  });

  it("through a file, and warned once per pass", () => {
    const bytes = new Uint8Array(WTMP_BYTES.length + 100);
    bytes.set(WTMP_BYTES);
    const reported: UtmpWarning[] = [];
    const db = open(tempFile(bytes), { onWarning: (w) => reported.push(w) });
    expect([...db]).toHaveLength(25);
    expect(db.warnings.map((w) => [w.code, w.offset, w.length])).toStrictEqual([["PARTIAL_RECORD", 9600, 100]]);
    expect([...db]).toHaveLength(25); // a second pass warns again, once
    expect(db.warnings).toHaveLength(1);
    expect(reported).toHaveLength(2);
  });

  it("a file shorter than one record: no records, one warning for all its bytes", () => {
    for (const options of [{ layout: "linux384-le" }, {}]) {
      const reported: UtmpWarning[] = [];
      const db = fromBytes(WTMP_BYTES.slice(0, 300), { ...options, onWarning: (w) => reported.push(w) });
      // the first 300 bytes of a Linux wtmp (like apparmor's wtmp-truncated) are read as the start of a 384-byte record
      expect(db.layout.id, JSON.stringify(options)).toBe("linux384-le");
      expect(db.length).toBe(0);
      expect([...db]).toStrictEqual([]);
      expect(db.warnings.map((w) => [w.code, w.offset, w.length])).toStrictEqual([["PARTIAL_RECORD", 0, 300]]);
      expect(reported).toStrictEqual(db.warnings);
    }
  });

  it("300 zero bytes: no records, one warning", () => {
    const reported: UtmpWarning[] = [];
    const db = fromBytes(new Uint8Array(300), { onWarning: (w) => reported.push(w) });
    expect(db.length).toBe(0);
    expect([...db]).toStrictEqual([]);
    expect(db.warnings.map((w) => [w.code, w.offset, w.length])).toStrictEqual([["PARTIAL_RECORD", 0, 300]]);
    expect(reported).toStrictEqual(db.warnings);
  });
});

describe("damaged records", () => {
  it("a bad type (99) and bad microseconds give entry warnings at their offsets; values stay as stored", () => {
    const bytes = WTMP_BYTES.slice();
    const view = new DataView(bytes.buffer);
    view.setInt16(2 * 384, 99, true); // record 2: ut_type 99
    view.setInt32(5 * 384 + 344, 1000000, true); // record 5: tv_usec one second
    view.setInt32(7 * 384 + 344, -1, true); // record 7: negative tv_usec
    view.setInt16(9 * 384, -3, true); // record 9: negative type and bad usec
    view.setInt32(9 * 384 + 344, 2 ** 31 - 1, true);
    const db = fromBytes(bytes);
    expect(db.layout.id).toBe("linux384-le");
    const entries = [...db];
    const problems = entries.flatMap((e) => e.warnings.map((w) => [w.code, w.offset, w.length]));
    expect(problems).toStrictEqual([
      ["BAD_TYPE", 768, 384],
      ["BAD_MICROSECONDS", 1920, 384],
      ["BAD_MICROSECONDS", 2688, 384],
      ["BAD_TYPE", 3456, 384],
      ["BAD_MICROSECONDS", 3456, 384],
    ]);
    expect(entries[2]!.rawType).toBe(99);
    expect(entries[2]!.type).toBe("UNKNOWN");
    expect(entries[2]!.warnings[0]!.message).toContain("768");
    expect(entries[5]!.microseconds).toBe(1000000);
    expect(entries[7]!.microseconds).toBe(-1);
    expect(entries[9]!.rawType).toBe(-3);
    expect(entries[9]!.type).toBe("UNKNOWN");
    // the rest of each damaged record is read as utmpdump reads it
    for (const i of [2, 5, 7, 9]) {
      expect(entries[i]!.user, `record ${i}`).toBe(WTMP_DUMP[i]!.ut_user);
      expect(entries[i]!.seconds, `record ${i}`).toBe(parseUtmpdumpTime(WTMP_DUMP[i]!.time).seconds);
    }
    // a bad microseconds count keeps the record's second in date as in its JSON text (1000000 and 2^31-1 are .999999, -1 is .000000)
    for (const i of [5, 7, 9]) {
      const e = entries[i]!;
      expect(e.date.getTime(), `record ${i}`).toBe(Math.floor(Date.parse(e.toJSON().date) / 1000) * 1000 + (e.microseconds < 0 ? 0 : 999));
      expect(Math.floor(e.date.getTime() / 1000), `record ${i}`).toBe(e.seconds);
    }
    // undamaged records have no warnings
    expect(entries.filter((_, i) => ![2, 5, 7, 9].includes(i)).every((e) => e.warnings.length === 0)).toBe(true);
    expectSameAsReference(entries, decodeReference(bytes, LINUX384), "damaged");
  });
});

/** A 384-byte little-endian record with these fields (FORMATS.md §1.1 offsets). */
function record(fields: { type?: number; user?: number[]; line?: number[]; id?: number[]; host?: number[]; seconds?: number }): Uint8Array {
  const b = new Uint8Array(384);
  const v = new DataView(b.buffer);
  v.setInt16(0, fields.type ?? 7, true);
  v.setInt32(4, 4242, true);
  if (fields.line) b.set(fields.line, 8);
  if (fields.id) b.set(fields.id, 40);
  if (fields.user) b.set(fields.user, 44);
  if (fields.host) b.set(fields.host, 76);
  v.setUint32(340, fields.seconds ?? 1700000000, true);
  return b;
}
const bytesOf = (s: string) => [...new TextEncoder().encode(s)];

describe("strings", () => {
  it("a value that fills its whole field has no NUL and is read to the field's end, not into the next field", () => {
    const user = "abcdefghijklmnopqrstuvwxyz012345"; // 32 bytes, followed directly by ut_host
    const line = "/dev/pts/with/a/very/long/name/x"; // 32 bytes, followed directly by ut_id
    const host = "h".repeat(250) + ".o.org"; // 256 bytes, followed by ut_exit
    const b = record({ user: bytesOf(user), line: bytesOf(line), id: bytesOf("abcd"), host: bytesOf(host) });
    new DataView(b.buffer).setInt16(332, 0x4141, true); // non-zero bytes right after ut_host
    const e = fromBytes(b, { layout: "linux384-le" }).at(0)!;
    expect(e.user).toBe(user);
    expect(e.line).toBe(line);
    expect(e.id).toBe("abcd");
    expect(e.host).toBe(host);
    expect(e.raw.user).toStrictEqual(new Uint8Array(bytesOf(user)));
    expect(e.raw.host!.length).toBe(256);
  });

  it("glibc's own 32-byte user and 256-byte host (generated wtmp) come out whole", () => {
    const entries = [...open(WTMP)];
    expect(entries.filter((e) => e.user === "abcdefghijklmnopqrstuvwxyz012345")).toHaveLength(1);
    const erin = entries.find((e) => e.user === "erin")!;
    expect(erin.host).toHaveLength(256);
    expect(erin.host).toBe(WTMP_DUMP[erin.offset / 384]!.ut_host);
  });

  it("bytes after the first NUL are not part of the value", () => {
    const e = fromBytes(record({ user: [...bytesOf("alice"), 0, ...bytesOf("garbage")] }), { layout: "linux384-le" }).at(0)!;
    expect(e.user).toBe("alice");
    expect(e.raw.user).toStrictEqual(new Uint8Array(bytesOf("alice")));
  });

  it("invalid UTF-8 becomes U+FFFD while raw keeps the exact bytes", () => {
    const user = [0x6a, 0xfc, 0x72, 0x67, 0x65, 0x6e]; // "j?rgen" in Latin-1: 0xfc alone is not UTF-8
    const host = [0x61, 0xe4, 0xbe, 0x8b, 0xe3, 0x81]; // "a", 例, and a cut 3-byte sequence
    const line = [0xc3, 0xbc]; // valid: ü
    const e = fromBytes(record({ user, host, line }), { layout: "linux384-le" }).at(0)!;
    expect(e.user).toBe("j\uFFFDrgen");
    expect(e.host).toBe("a例\uFFFD");
    expect(e.line).toBe("ü");
    expect(e.raw.user).toStrictEqual(new Uint8Array(user));
    expect(e.raw.host).toStrictEqual(new Uint8Array(host));
    expect(e.raw.line).toStrictEqual(new Uint8Array(line));
  });

  it("real UTF-8 from glibc's writer input comes out exact", () => {
    const entries = [...open(WTMP)];
    const jurgen = entries.find((e) => e.user === "jürgen")!;
    expect(jurgen.host).toBe("münchen.例え.jp");
    expect(jurgen.raw.user).toStrictEqual(new Uint8Array(bytesOf("jürgen")));
  });

  // TextDecoder drops a leading BOM unless told not to: here it is data.
  it("a field that starts with a UTF-8 BOM keeps it as U+FEFF", () => {
    const e = fromBytes(record({ user: [0xef, 0xbb, 0xbf, ...bytesOf("ab")] }), { layout: "linux384-le" }).at(0)!;
    expect(e.raw.user).toStrictEqual(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x62]));
    expect(e.user).toBe("\uFEFFab");
  });
});

describe("files larger than one decode window", () => {
  // a read decodes about WINDOW_TARGET bytes: 4096 records of 384 bytes (the core takes up to 16384)
  const COPIES = 1600; // 1600 x 25 = 40000 records
  const big = new Uint8Array(WTMP_BYTES.length * COPIES);
  for (let i = 0; i < COPIES; i++) big.set(WTMP_BYTES, i * WTMP_BYTES.length);

  function expectCycle(entries: Entry[], where: string): void {
    expect(entries, where).toHaveLength(40000);
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      const r = WTMP_DUMP[i % 25]!;
      if (e.offset !== i * 384 || e.rawType !== r.ut_type || e.pid !== r.ut_pid || e.line !== r.ut_line ||
        e.id !== r.ut_id || e.seconds !== parseUtmpdumpTime(r.time).seconds || e.addr !== r.addr) {
        expect({ offset: e.offset, type: e.rawType, pid: e.pid, line: e.line, id: e.id, seconds: e.seconds, addr: e.addr }, `${where} record ${i}`)
          .toStrictEqual({ offset: i * 384, type: r.ut_type, pid: r.ut_pid, line: r.ut_line, id: r.ut_id, seconds: parseUtmpdumpTime(r.time).seconds, addr: r.addr });
      }
      // user and host: the interned strings of every window, against the first window's
      const first = entries[i % 25]!;
      if (e.user !== first.user || e.host !== first.host) {
        expect([e.user, e.host], `${where} record ${i} strings`).toStrictEqual([first.user, first.host]);
      }
    }
    expect(entries[0]!.user).toBe("reboot");
    expect(entries[39999]!.user).toBe("shutdown");
    expect(entries[39999]!.offset).toBe(39999 * 384);
    expect(entries.filter((e) => e.user === "jürgen")).toHaveLength(COPIES);
  }

  it("fromBytes: 40000 records in windows of 4096, every value right", () => {
    const db = fromBytes(big);
    expect(db.length).toBe(40000);
    expectCycle([...db], "iteration");
    const batches = [...db.batches()];
    const perWindow = Math.floor(WINDOW_TARGET / 384);
    expect(perWindow).toBe(4096);
    expect(batches.map((b) => b.length)).toStrictEqual([...Array<number>(9).fill(4096), 40000 - 9 * 4096]);
    expect(batches.map((b) => b.offset)).toStrictEqual(batches.map((_, k) => k * 4096 * 384));
    expectCycle(batches.flatMap((b) => [...b]), "batches");
  });

  it("open: the same through the file, and at() across the windows", () => {
    const db = open(tempFile(big));
    expectCycle([...db], "file");
    for (const i of [4095, 4096, 16383, 16384, 32767, 32768, 39999, -1]) {
      const e = db.at(i)!;
      const index = i < 0 ? 40000 + i : i;
      expect(e.offset).toBe(index * 384);
      expect(e.user).toBe(WTMP_DUMP[index % 25]!.ut_user.replace("j??rgen", "jürgen"));
    }
  });

  /** `count` records of the fixture, each with its own user, line and host. */
  function distinctStrings(count: number): Uint8Array {
    const bytes = new Uint8Array(count * 384);
    const enc = new TextEncoder();
    for (let i = 0; i < count; i++) {
      const at = i * 384;
      bytes.set(WTMP_BYTES.subarray((i % 25) * 384, (i % 25 + 1) * 384), at);
      bytes.fill(0, at + 8, at + 332);
      bytes.set(enc.encode(`tty${i}`), at + 8);
      bytes.set(enc.encode(`u${i}`), at + 44);
      bytes.set(enc.encode(`host-${i}.example`), at + 76);
    }
    return bytes;
  }

  it("many distinct strings (more than one interning generation) keep their values", () => {
    // 90000 records: 270000 strings. An engine that always interns runs out of room and starts new generations.
    const count = 90000;
    const bytes = distinctStrings(count);
    const e = new Engine(instantiateCore(), new InternPolicy("interned"));
    const step = e.windowBytesFor(LINUX384);
    const batches = [];
    for (let at = 0; at < bytes.length; at += step) {
      const n = Math.min(step, bytes.length - at);
      e.window().set(bytes.subarray(at, at + n));
      batches.push(e.decodeWindow(LINUX384, n, at));
    }
    // the point of the test: the core ran out of room and started a new string generation on the way
    expect(new Set(batches.map((b) => b.strings.generation)).size).toBeGreaterThan(1);
    expect(batches.some((b) => b.isRaw("user"))).toBe(false);
    expectSameAsReference(batches.flatMap((b) => [...b]), decodeReference(bytes, LINUX384), "distinct strings, interned");
  });

  it("fields whose strings rarely repeat are left raw, and read, filter and count the same", () => {
    const count = 90000;
    const bytes = distinctStrings(count);
    const db = fromBytes(bytes);
    expect(db.layout.id).toBe("linux384-le");
    let n = 0;
    for (const e of db) {
      if (e.user !== `u${n}` || e.line !== `tty${n}` || e.host !== `host-${n}.example`) {
        expect([e.user, e.line, e.host], `record ${n}`).toStrictEqual([`u${n}`, `tty${n}`, `host-${n}.example`]);
      }
      n++;
    }
    expect(n).toBe(count);
    const batches = [...db.batches()];
    // the first window measures (interned), the next ones leave user, line and host raw; the fixture's ids repeat
    expect(batches.slice(1).every((b) => b.isRaw("user") && b.isRaw("line") && b.isRaw("host") && !b.isRaw("id"))).toBe(true);
    expectSameAsReference(batches.flatMap((b) => [...b]), decodeReference(bytes, LINUX384), "distinct strings, raw");
    // string conditions compare raw bytes in the core: one record each, in raw and interned windows alike
    for (const i of [5, 20000, 89999]) {
      expect([...db.filter({ user: `u${i}` })].map((e) => e.offset)).toStrictEqual([i * 384]);
      expect(db.count({ line: `tty${i}`, includeZeroed: true })).toBe(1);
    }
    expect(db.count({ user: "u1234567" })).toBe(0);
    // a kept row's raw strings follow it
    const kept = [...db.filter({ user: "u70001" })][0]!;
    expect([kept.user, kept.line, kept.host, kept.raw.user]).toStrictEqual(["u70001", "tty70001", "host-70001.example", new TextEncoder().encode("u70001")]);
    // raw's bytes are a copy of their own, from an interned window (record 5) and a raw one alike
    for (const [e, user] of [[[...db.filter({ user: "u5" })][0]!, "u5"], [kept, "u70001"]] as const) {
      const raw = e.raw;
      raw.user![0] = 0x58;
      raw.host![0] = 0x58;
      expect([e.user, e.host!.startsWith("host-"), new TextDecoder().decode(e.raw.user)]).toStrictEqual([user, true, user]);
    }
  });
});
