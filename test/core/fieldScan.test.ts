// The core scans, hashes, compares and copies string fields sixteen bytes at a
// time, masking the last vector to the string (assembly/intern.ts), and
// interns addresses as one vector and a family byte. Each string field here is
// read at every length from empty to its full width (no NUL at all), with the
// bytes after its NUL not zero (garbage the masks must hide), with bytes past
// ASCII, and the same string followed by different garbage (one string, one id),
// interned and raw; every value is checked against the bytes up to the first NUL.
import { describe, expect, it } from "vitest";
import { findLayout } from "../../src/index.ts";
import { Engine } from "../../src/core/engine.ts";
import { instantiateCore } from "../../src/core/core.ts";
import { InternPolicy } from "../../src/core/internPolicy.ts";
import type { EntryBatch } from "../../src/core/batch.ts";

const LAYOUT = findLayout("linux384-le")!;
const FIELDS = { line: [8, 32], id: [40, 4], user: [44, 32], host: [76, 256] } as const;
type Field = keyof typeof FIELDS;

/** `width` bytes: `length` bytes of `fill` (cycled), then, when shorter than the field, a NUL and non-zero garbage. */
function fieldBytes(width: number, length: number, fill: readonly number[], garbage: number): Uint8Array {
  const out = new Uint8Array(width);
  for (let k = 0; k < width; k++) out[k] = k < length ? fill[k % fill.length]! : k === length ? 0 : garbage;
  return out;
}

/** One record per value of every field, the other fields at full width and non-zero to the end of the record. */
function records(values: { field: Field; bytes: Uint8Array }[], addrs: Uint8Array[]): Uint8Array {
  const n = Math.max(values.length, addrs.length);
  const out = new Uint8Array(n * LAYOUT.recordSize).fill(0x5a);
  const view = new DataView(out.buffer);
  for (let i = 0; i < n; i++) {
    const at = i * LAYOUT.recordSize;
    view.setInt16(at, 7, true); // USER_PROCESS
    view.setInt32(at + 344, 0, true); // microseconds in range
    const v = values[i];
    if (v) out.set(v.bytes, at + FIELDS[v.field][0]);
    out.set(addrs[i] ?? new Uint8Array(16), at + 348);
  }
  return out;
}

const upToNul = (b: Uint8Array) => (b.indexOf(0) < 0 ? b : b.subarray(0, b.indexOf(0)));

function decode(e: Engine, bytes: Uint8Array): EntryBatch[] {
  const out: EntryBatch[] = [];
  const step = e.windowBytesFor(LAYOUT);
  for (let at = 0; at < bytes.length; at += step) {
    const n = Math.min(step, bytes.length - at);
    e.window().set(bytes.subarray(at, at + n));
    out.push(e.decodeWindow(LAYOUT, n, at));
  }
  return out;
}

const FILLS: readonly (readonly number[])[] = [
  [0x61, 0x62, 0x63], // ASCII
  [0xc3, 0xa9], // "é" in UTF-8
  [0xff, 0x80, 0xfe], // not UTF-8
];

describe("string fields scanned a vector at a time", () => {
  const values: { field: Field; bytes: Uint8Array }[] = [];
  for (const field of Object.keys(FIELDS) as Field[]) {
    const width = FIELDS[field][1];
    for (const fill of FILLS) {
      for (let length = 0; length <= width; length++) {
        // the same string twice, with different bytes after its NUL
        values.push({ field, bytes: fieldBytes(width, length, fill, 0x41) });
        values.push({ field, bytes: fieldBytes(width, length, fill, 0xee) });
      }
    }
  }
  // IPv4, IPv6 and none, each twice; IPv6 addresses differing in one byte at each position
  const addrs: Uint8Array[] = [];
  for (let k = 0; k < 16; k++) {
    const a = new Uint8Array(16).fill(0x20);
    a[k] = 0x21;
    addrs.push(a, a.slice());
  }
  addrs.push(Uint8Array.of(10, 0, 0, 1, ...new Array(12).fill(0)), Uint8Array.of(10, 0, 0, 1, ...new Array(12).fill(0)), new Uint8Array(16));
  const bytes = records(values, addrs);

  for (const mode of ["interned", "raw"] as const) {
    it(`reads every length of every field, ${mode}`, () => {
      const batches = decode(new Engine(instantiateCore(), new InternPolicy(mode)), bytes);
      const entries = batches.flatMap((b) => [...b]);
      expect(entries.length).toBe(Math.max(values.length, addrs.length));
      values.forEach((v, i) => {
        const e = entries[i]!;
        const want = upToNul(v.bytes);
        expect(e.raw[v.field], `${v.field} of record ${i}`).toEqual(want);
        expect(e[v.field]).toBe(new TextDecoder().decode(want));
        // the other fields are full width, with no NUL
        for (const other of Object.keys(FIELDS) as Field[]) {
          if (other !== v.field) expect(e.raw[other]!.length).toBe(FIELDS[other][1]);
        }
      });
      addrs.forEach((a, i) => expect(entries[i]!.raw.addr).toEqual(a));
      expect(entries[addrs.length - 3]!.addr).toBe("10.0.0.1");
      expect(entries[addrs.length - 1]!.addr).toBe("0.0.0.0");
    });
  }

  it("gives one string one id, whatever follows its NUL", () => {
    const batches = decode(new Engine(instantiateCore(), new InternPolicy("interned")), bytes);
    const batch = batches[0]!;
    expect(batch.length).toBeGreaterThan(values.length / 2);
    for (let i = 0; i + 1 < values.length && i + 1 < batch.length; i += 2) {
      const field = values[i]!.field;
      expect(batch.columns[field][i], `${field} of records ${i} and ${i + 1}`).toBe(batch.columns[field][i + 1]);
    }
    for (let i = 0; i + 1 < addrs.length; i += 2) {
      expect(batch.columns.addrId[i]).toBe(batch.columns.addrId[i + 1]);
      if (i + 2 < addrs.length - 3) expect(batch.columns.addrId[i]).not.toBe(batch.columns.addrId[i + 2]);
    }
  });
});

describe("the recent-string cache across string generations", () => {
  it("gives a repeated string its id of the current generation", () => {
    // every record a new user and host (filling generations of 2^18 strings), the same line, id and address in all of them
    const count = 140000;
    const enc = new TextEncoder();
    const bytes = new Uint8Array(count * LAYOUT.recordSize);
    for (let i = 0; i < count; i++) {
      const at = i * LAYOUT.recordSize;
      bytes[at] = 7;
      bytes.set(enc.encode("pts/1"), at + 8);
      bytes.set(enc.encode("1"), at + 40);
      bytes.set(enc.encode(`u${i}`), at + 44);
      bytes.set(enc.encode(`host-${i}.example`), at + 76);
      bytes.set([10, 0, 0, 1], at + 348);
    }
    const batches = decode(new Engine(instantiateCore(), new InternPolicy("interned")), bytes);
    expect(new Set(batches.map((b) => b.strings.generation)).size).toBeGreaterThan(1);
    let i = 0;
    for (const e of batches.flatMap((b) => [...b])) {
      if (e.line !== "pts/1" || e.id !== "1" || e.addr !== "10.0.0.1" || e.user !== `u${i}`) {
        throw new Error(`record ${i}: ${e.line} ${e.id} ${e.addr} ${e.user}`);
      }
      i++;
    }
    expect(i).toBe(count);
  });
});
