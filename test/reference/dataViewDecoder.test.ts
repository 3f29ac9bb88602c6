// The reference decoder on records built by hand: offsets written from
// FORMATS.md (not from src/layouts/table.ts), values chosen to tell signed from
// unsigned, 32 from 64 bits and little from big endian. The wasm decoder must
// give the same values for the same bytes, including the layouts no fixture
// has (m68k's 382 bytes, arc's 392).
import { describe, expect, it } from "vitest";
import { findLayout, fromBytes, LINUX_TYPES, type Layout } from "../../src/index.ts";
import { decodeReference, isoDate, readNumber } from "../../src/reference/dataViewDecoder.ts";

interface LinuxOffsets {
  size: number; little: boolean; pid: number; line: number; id: number; user: number; host: number;
  exit: number; session: number; sessionBits: 32 | 64; sec: number; timeBits: 32 | 64; usec: number; addr: number;
}

// FORMATS.md §1.1 (384), §1.2 (400), §1.3 (382 m68k, 392 arc/or1k)
const OFFSETS: Record<string, LinuxOffsets> = {
  "linux384-le": { size: 384, little: true, pid: 4, line: 8, id: 40, user: 44, host: 76, exit: 332, session: 336, sessionBits: 32, sec: 340, timeBits: 32, usec: 344, addr: 348 },
  "linux384-be": { size: 384, little: false, pid: 4, line: 8, id: 40, user: 44, host: 76, exit: 332, session: 336, sessionBits: 32, sec: 340, timeBits: 32, usec: 344, addr: 348 },
  "linux400-le": { size: 400, little: true, pid: 4, line: 8, id: 40, user: 44, host: 76, exit: 332, session: 336, sessionBits: 64, sec: 344, timeBits: 64, usec: 352, addr: 360 },
  "linux400-be": { size: 400, little: false, pid: 4, line: 8, id: 40, user: 44, host: 76, exit: 332, session: 336, sessionBits: 64, sec: 344, timeBits: 64, usec: 352, addr: 360 },
  "linux392-le": { size: 392, little: true, pid: 4, line: 8, id: 40, user: 44, host: 76, exit: 332, session: 336, sessionBits: 32, sec: 340, timeBits: 64, usec: 348, addr: 356 },
  "linux392-be": { size: 392, little: false, pid: 4, line: 8, id: 40, user: 44, host: 76, exit: 332, session: 336, sessionBits: 32, sec: 340, timeBits: 64, usec: 348, addr: 356 },
  "linux382-be": { size: 382, little: false, pid: 2, line: 6, id: 38, user: 42, host: 74, exit: 330, session: 334, sessionBits: 32, sec: 338, timeBits: 32, usec: 342, addr: 346 },
};

interface Values {
  type: number; pid: number; line: string; id: string; user: string; host: string;
  termination: number; exit: number; session: number; seconds: number; microseconds: number; addr: number[];
}

const ascii = (s: string) => new TextEncoder().encode(s);

function writeRecord(o: LinuxOffsets, v: Values, into = new Uint8Array(o.size), at = 0): Uint8Array {
  const d = new DataView(into.buffer, into.byteOffset + at, o.size);
  d.setInt16(0, v.type, o.little);
  d.setInt32(o.pid, v.pid, o.little);
  into.set(ascii(v.line), at + o.line);
  into.set(ascii(v.id), at + o.id);
  into.set(ascii(v.user), at + o.user);
  into.set(ascii(v.host), at + o.host);
  d.setInt16(o.exit, v.termination, o.little);
  d.setInt16(o.exit + 2, v.exit, o.little);
  if (o.sessionBits === 32) d.setInt32(o.session, v.session, o.little);
  else d.setBigInt64(o.session, BigInt(v.session), o.little);
  if (o.timeBits === 32) {
    d.setUint32(o.sec, v.seconds, o.little);
    d.setInt32(o.usec, v.microseconds, o.little);
  } else {
    d.setBigInt64(o.sec, BigInt(v.seconds), o.little);
    d.setBigInt64(o.usec, BigInt(v.microseconds), o.little);
  }
  into.set(v.addr, at + o.addr);
  return into;
}

const LOGIN: Values = {
  type: 7, pid: 1234567, line: "pts/12", id: "ts/1", user: "alice", host: "example.org",
  termination: -2, exit: 3, session: 4242,
  seconds: 3000000000, microseconds: 123456, // past 2038: read as u32 in the 32-bit layouts
  addr: [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
};

describe("reference decoder on hand-built Linux records", () => {
  for (const [id, o] of Object.entries(OFFSETS)) {
    describe(id, () => {
      const layout = findLayout(id)!;
      const wide = o.timeBits === 64;
      const values: Values = wide ? { ...LOGIN, session: o.sessionBits === 64 ? 2 ** 40 + 1 : -7, seconds: 5000000000 } : LOGIN;
      const bytes = writeRecord(o, values);

      it("has the record size FORMATS.md gives", () => {
        expect(layout.recordSize).toBe(o.size);
        expect(layout.byteOrder).toBe(o.little ? "little" : "big");
      });

      it("reads every field", () => {
        const [e] = decodeReference(bytes, layout);
        expect(e).toStrictEqual({
          type: "USER_PROCESS", rawType: 7, id: "ts/1", user: "alice", line: "pts/12", host: "example.org",
          date: wide ? "2128-06-11T08:53:20.123456Z" : "2065-01-24T05:20:00.123456Z",
          seconds: values.seconds, microseconds: 123456, pid: 1234567, session: values.session,
          exit: { termination: -2, exit: 3 }, addr: "2001:db8::1", offset: 0, zeroed: false, problems: [],
        });
      });

      it("gives what the wasm decoder gives", () => {
        const entry = fromBytes(bytes, { layout: id }).at(0)!;
        const { zeroed, problems, ...plain } = decodeReference(bytes, layout)[0]!;
        expect(entry.toJSON()).toStrictEqual(plain);
        expect(entry.zeroed).toBe(zeroed);
        expect(entry.warnings.map((w) => w.code)).toStrictEqual(problems);
      });

      it("reads several records at their offsets, from a file offset, ignoring a partial tail", () => {
        const many = new Uint8Array(o.size * 3 + 17);
        writeRecord(o, values, many, 0);
        writeRecord(o, { ...values, type: 8, pid: -1, user: "", seconds: 0, microseconds: 0 }, many, o.size);
        // record 2 stays zero
        const got = decodeReference(many, layout, 1000);
        expect(got.map((e) => [e.offset, e.rawType, e.pid, e.user, e.zeroed])).toStrictEqual([
          [1000, 7, 1234567, "alice", false],
          [1000 + o.size, 8, -1, "", false],
          [1000 + 2 * o.size, 0, 0, "", true],
        ]);
        expect(got[2]!.addr).toBe("0.0.0.0");
        expect(got[2]!.date).toBe("1970-01-01T00:00:00.000000Z");
      });
    });
  }
});

describe("reference decoder: strings", () => {
  const o = OFFSETS["linux384-le"]!;
  const layout = findLayout("linux384-le")!;

  it("takes a field that fills its width without a NUL, and stops at the first NUL otherwise", () => {
    const b = writeRecord(o, { ...LOGIN, user: "abcdefghijklmnopqrstuvwxyz012345", host: "h" });
    b.set(ascii("x\0garbage"), o.line); // bytes after the NUL are not part of the value
    const [e] = decodeReference(b, layout);
    expect(e!.user).toBe("abcdefghijklmnopqrstuvwxyz012345");
    expect(e!.host).toBe("h");
    expect(e!.line).toBe("x");
  });

  it("decodes UTF-8, replaces invalid bytes with U+FFFD, and keeps a leading BOM", () => {
    const b = writeRecord(o, LOGIN);
    b.fill(0, o.user, o.user + 32);
    b.set([0x6a, 0xc3, 0xbc, 0x72, 0x67, 0x65, 0x6e], o.user); // jürgen
    b.fill(0, o.host, o.host + 256);
    b.set([0x61, 0xff, 0x62, 0xe4, 0xbe], o.host); // a, invalid, b, truncated 3-byte sequence
    b.fill(0, o.line, o.line + 32);
    b.set([0xef, 0xbb, 0xbf, 0x7e], o.line);
    const [e] = decodeReference(b, layout);
    expect(e!.user).toBe("jürgen");
    expect(e!.host).toBe("a\uFFFDb\uFFFD");
    expect(e!.line).toBe("\uFEFF~");
  });
});

describe("reference decoder: problems and zero records", () => {
  const o = OFFSETS["linux384-le"]!;
  const layout = findLayout("linux384-le")!;

  it("flags an undefined type and microseconds outside 0..999999, keeping the stored values", () => {
    const b = new Uint8Array(384 * 3);
    writeRecord(o, { ...LOGIN, type: 99 }, b, 0);
    writeRecord(o, { ...LOGIN, microseconds: 1000000 }, b, 384);
    writeRecord(o, { ...LOGIN, type: -1, microseconds: -1 }, b, 768);
    const got = decodeReference(b, layout);
    expect(got.map((e) => [e.type, e.rawType, e.microseconds, e.problems])).toStrictEqual([
      ["UNKNOWN", 99, 123456, ["BAD_TYPE"]],
      ["USER_PROCESS", 7, 1000000, ["BAD_MICROSECONDS"]],
      ["UNKNOWN", -1, -1, ["BAD_TYPE", "BAD_MICROSECONDS"]],
    ]);
    // the date clamps the microseconds as Entry.toJSON() does
    expect(got[1]!.date).toBe("2065-01-24T05:20:00.999999Z");
    expect(got[2]!.date).toBe("2065-01-24T05:20:00.000000Z");
  });

  it("calls a record zeroed only when every byte is zero", () => {
    const b = new Uint8Array(384 * 2);
    b[384 + 383] = 1; // a reserved byte
    expect(decodeReference(b, layout).map((e) => e.zeroed)).toStrictEqual([true, false]);
  });
});

describe("reference decoder: number and address kinds of other layouts", () => {
  // a made-up big-endian layout using the kinds no Linux row uses
  const bsdLike: Layout = {
    id: "test-be", os: "Test", systems: "test", files: "test", kind: "records", recordSize: 64, byteOrder: "big", aliases: [],
    fields: {
      type: { offset: 0, kind: "u8" }, pid: { offset: 2, kind: "u16" },
      user: { offset: 4, length: 8 }, exit: { offset: 12, kind: "i16" }, session: { offset: 16, kind: "u64" },
      seconds: { offset: 24, kind: "u64-micros" }, addr: { offset: 32, kind: "sockaddr", inet6: 28 },
    },
    types: LINUX_TYPES, pads: [],
  };

  function record(family: number): Uint8Array {
    const b = new Uint8Array(64);
    const d = new DataView(b.buffer);
    d.setUint8(0, 7);
    d.setUint16(2, 65535);
    b.set(ascii("bob"), 4);
    d.setInt16(12, -300);
    d.setInt16(14, 300);
    d.setBigUint64(16, 2n ** 33n);
    d.setBigUint64(24, 1700000000654321n);
    b[32] = family === 2 ? 16 : 28; // sa_len
    b[33] = family;
    if (family === 2) b.set([192, 0, 2, 1], 36);
    else b.set([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9], 40);
    return b;
  }

  it("reads u8, u16, i16, u64 and microseconds-since-epoch, big-endian", () => {
    const [e] = decodeReference(record(2), bsdLike);
    expect(e).toMatchObject({
      rawType: 7, pid: 65535, user: "bob", exit: { termination: -300, exit: 300 }, session: 2 ** 33,
      seconds: 1700000000, microseconds: 654321, date: "2023-11-14T22:13:20.654321Z",
      id: undefined, line: undefined, host: undefined,
    });
  });

  it("reads a sockaddr as IPv4, IPv6 or nothing by its family", () => {
    expect(decodeReference(record(2), bsdLike)[0]!.addr).toBe("192.0.2.1");
    expect(decodeReference(record(28), bsdLike)[0]!.addr).toBe("2001:db8::9");
    expect(decodeReference(record(0), bsdLike)[0]!.addr).toBe("");
  });

  it("reads a 4-byte address, and gives undefined for absent fields", () => {
    const tiny: Layout = {
      ...bsdLike, id: "test-le", byteOrder: "little", recordSize: 16,
      fields: { user: { offset: 0, length: 8 }, seconds: { offset: 8, kind: "i32" }, addr: { offset: 12, kind: "net4" } },
    };
    const b = new Uint8Array(16);
    b.set(ascii("carol"), 0);
    new DataView(b.buffer).setInt32(8, -1, true);
    b.set([10, 1, 2, 3], 12);
    const [e] = decodeReference(b, tiny);
    expect(e).toStrictEqual({
      type: "EMPTY", rawType: undefined, id: undefined, user: "carol", line: undefined, host: undefined,
      date: "1969-12-31T23:59:59.000000Z", seconds: -1, microseconds: 0,
      pid: undefined, session: undefined, exit: undefined, addr: "10.1.2.3", offset: 0, zeroed: false, problems: [],
    });
  });

  it("reads every number kind in both byte orders", () => {
    const b = new Uint8Array([0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xfa, 0xf9, 0xf8]);
    const d = new DataView(b.buffer);
    expect(readNumber(d, 0, "u8", true)).toBe(0xff);
    expect(readNumber(d, 0, "i16", true)).toBe(-257); // 0xfeff
    expect(readNumber(d, 0, "i16", false)).toBe(-2); // 0xfffe
    expect(readNumber(d, 0, "u16", false)).toBe(0xfffe);
    expect(readNumber(d, 0, "i32", true)).toBe(-50462977); // 0xfcfdfeff
    expect(readNumber(d, 0, "u32", false)).toBe(0xfffefdfc);
    expect(readNumber(d, 0, "i64", false)).toBe(-283686952306184); // 0xfffefdfcfbfaf9f8
    expect(readNumber(d, 0, "u64", true)).toBe(0xf8f9fafbfcfdfeff);
  });
});

describe("isoDate", () => {
  it.each([
    [0, 0, "1970-01-01T00:00:00.000000Z"],
    [2147483647, 999999, "2038-01-19T03:14:07.999999Z"],
    [4294967295, 1, "2106-02-07T06:28:15.000001Z"],
    [-1, 0, "1969-12-31T23:59:59.000000Z"],
    [253402300800, 0, "+010000-01-01T00:00:00.000000Z"],
    [1e13, 0, "+318857-05-20T17:46:40.000000Z"],
    [-1e13, 0, "-314918-08-13T06:13:20.000000Z"],
    [8.64e12, 0, "+275760-09-13T00:00:00.000000Z"], // the end of Date's range
    [8.64e12 + 1, 0, "+275760-09-13T00:00:01.000000Z"], // past it
    [2 ** 62 + 4096, 0, "+146138514283-06-19T08:53:20.000000Z"], // above 2^53, still exact
    [-(2 ** 62), 0, "-146138510344-07-14T16:14:56.000000Z"],
    [0, -5, "1970-01-01T00:00:00.000000Z"],
    [0, 12345678, "1970-01-01T00:00:00.999999Z"],
  ])("isoDate(%d, %d) is %s", (seconds, microseconds, text) => {
    expect(isoDate(seconds, microseconds)).toBe(text);
  });
});
