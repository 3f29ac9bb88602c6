// A batch's raw addresses are written 64 rows at a time and read as substrings
// (src/core/addressTexts.ts). Each entry's address must still be its own,
// whatever order the rows are read in, across run boundaries, and beside rows
// with a zero address or an interned one. Expected texts come from the test's own
// rules: a dotted quad, or the URL serializer's IPv6 text (which compresses
// zero words as glibc's inet_ntop does), or glibc's texts for the forms ending
// in a dotted quad (from Python's socket.inet_ntop on Debian 12).
import { describe, expect, it } from "vitest";
import { findLayout, fromBytes } from "../../src/index.ts";
import { Engine } from "../../src/core/engine.ts";
import { instantiateCore } from "../../src/core/core.ts";
import { InternPolicy } from "../../src/core/internPolicy.ts";
import { buildFile, rawType, type RecordValues } from "../support/fixtureBuilder.ts";
import { prng } from "../support/prng.ts";

const LAYOUT = findLayout("linux384-le")!;
const USER_PROCESS = rawType(LAYOUT, "USER_PROCESS");

/** The glibc texts of the forms the URL serializer cannot write (fixtureBuilder's ipv6Bytes takes no dotted quad either). */
const GLIBC_DOTTED: readonly [Uint8Array, string][] = [
  [Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 168, 1, 23), "::ffff:192.168.1.23"],
  [Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 7), "::10.0.0.7"],
];

/** A file of `n` records of varied addresses, and each record's expected address text. */
function varied(n: number, seed: number): { bytes: Uint8Array; expected: string[] } {
  const rnd = prng(seed);
  const byte = () => Math.floor(rnd() * 256);
  const records: RecordValues[] = [];
  const dotted = new Map<number, Uint8Array>();
  const expected: string[] = [];
  for (let i = 0; i < n; i++) {
    const r: RecordValues = { type: USER_PROCESS, pid: i + 1, user: `u${i}`, line: `pts/${i}`, seconds: 1.7e9 + i };
    const pick = rnd();
    if (pick < 0.1) expected.push("0.0.0.0"); // none given: zero bytes, which utmpdump prints so
    else if (pick < 0.55) {
      const quad = [byte() || 1, byte(), byte(), byte()].join(".");
      r.addr = quad;
      expected.push(quad);
    } else if (pick < 0.9) {
      const words = Array.from({ length: 8 }, () => (rnd() < 0.3 ? 0 : Math.floor(rnd() * 0x10000)));
      words[0] ||= 0x2001; // never all-zero words 0-5: those forms end in a dotted quad
      const text = words.map((w) => w.toString(16)).join(":");
      r.addr = text;
      expected.push(new URL(`http://[${text}]/`).hostname.slice(1, -1));
    } else {
      const [addr, text] = GLIBC_DOTTED[i % GLIBC_DOTTED.length]!;
      dotted.set(i, addr);
      expected.push(text);
    }
    records.push(r);
  }
  const bytes = buildFile(LAYOUT, records);
  const at = LAYOUT.fields.addr!.offset;
  for (const [i, addr] of dotted) bytes.set(addr, i * LAYOUT.recordSize + at);
  return { bytes, expected };
}

describe("raw address texts", () => {
  const raw = new Engine(instantiateCore(), new InternPolicy("raw"));
  const interned = new Engine(instantiateCore(), new InternPolicy("interned"));

  function batchOf(engine: Engine, bytes: Uint8Array) {
    engine.window().set(bytes);
    return engine.decodeWindow(LAYOUT, bytes.length, 0);
  }

  it("gives every row its own address, read in order, backwards and at random, across runs of 64 rows", () => {
    const { bytes, expected } = varied(1000, 7);
    for (const order of ["forward", "backward", "random"] as const) {
      const batch = batchOf(raw, bytes);
      expect(batch.isRaw("addr")).toBe(true);
      const rows = [...expected.keys()];
      if (order === "backward") rows.reverse();
      if (order === "random") {
        const rnd = prng(11);
        for (let k = rows.length - 1; k > 0; k--) {
          const j = Math.floor(rnd() * (k + 1));
          [rows[k], rows[j]] = [rows[j]!, rows[k]!];
        }
      }
      const seen = rows.map((i) => [i, batch.addrText(i)]);
      expect(seen).toEqual(rows.map((i) => [i, expected[i]]));
    }
  });

  it("reads as interned addresses do, and as whole files read through fromBytes", () => {
    const { bytes, expected } = varied(300, 99);
    const a = batchOf(raw, bytes), b = batchOf(interned, bytes);
    expect(b.isRaw("addr")).toBe(false);
    const texts = (batch: typeof a) => Array.from({ length: batch.length }, (_, i) => batch.addrText(i));
    expect(texts(a)).toEqual(expected);
    expect(texts(b)).toEqual(expected);
    expect([...fromBytes(bytes)].map((e) => e.addr)).toEqual(expected);
  });

  it("keeps its texts when the batch is read again after the engine decoded other bytes", () => {
    const first = varied(200, 3), second = varied(200, 4);
    const batch = batchOf(raw, first.bytes);
    expect(batch.addrText(130)).toBe(first.expected[130]);
    batchOf(raw, second.bytes);
    expect(Array.from({ length: 200 }, (_, i) => batch.addrText(i))).toEqual(first.expected);
  });
});
