// The core writes the JSON lines of a window it still holds (assembly/json.ts);
// the JavaScript writer of src/format/jsonLines.ts writes them for batches the
// core no longer holds, and for the rows the core leaves to it. Both must be
// JSON.stringify(entry) + "\n", byte for byte: compared here on every fixture and
// on records built to reach every branch: every layout, strings of every kind of
// UTF-8 (valid, truncated, overlong, surrogates, bytes never valid), controls,
// quotes, full-width fields, odd times, microseconds and numbers, every address
// form, files not starting at offset 0.
import { describe, expect, it } from "vitest";
import { LAYOUTS, type Layout } from "../../src/index.ts";
import { Engine } from "../../src/core/engine.ts";
import { instantiateCore } from "../../src/core/core.ts";
import { InternPolicy } from "../../src/core/internPolicy.ts";
import type { EntryBatch } from "../../src/core/batch.ts";
import { writeJsonLines } from "../../src/format/jsonLines.ts";
import { ByteWriter } from "../../src/format/byteWriter.ts";
import { buildFile, type RecordValues } from "../support/fixtureBuilder.ts";
import { variedFile, variedRecords, type ValueTables } from "../support/variedRecords.ts";
import { recordFixtures } from "../support/recordFixtures.ts";

/** Counts the rows the core wrote, so a test knows the core did the work. */
class CountingEngine extends Engine {
  coreRows = 0;
  override jsonText(from: number, count: number, fileOffset: number): { rows: number; text: Uint8Array } {
    const r = super.jsonText(from, count, fileOffset);
    this.coreRows += r.rows;
    return r;
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const engines = {
  adaptive: new CountingEngine(instantiateCore(), new InternPolicy("adaptive")),
  interned: new CountingEngine(instantiateCore(), new InternPolicy("interned")),
  raw: new CountingEngine(instantiateCore(), new InternPolicy("raw")),
};

interface Both { core: Uint8Array; js: Uint8Array; reference: string; batches: EntryBatch[]; coreRows: number; records: number }

/**
 * JSON lines of `bytes` read as `layout` (its first byte at `base` in the file),
 * by the core (each window formatted while held), by JavaScript, and by
 * JSON.stringify(entry). `policy` decides which strings the core interns.
 */
function bothWays(bytes: Uint8Array, layout: Layout, base = 0, policy: "adaptive" | "interned" | "raw" = "adaptive"): Both {
  const engine = engines[policy];
  const before = engine.coreRows;
  const core = new ByteWriter(), js = new ByteWriter();
  let reference = "";
  const batches: EntryBatch[] = [];
  for (let at = 0; at < bytes.length;) {
    const n = Math.min(layout.framing ? engine.windowCapacity : engine.windowBytesFor(layout), bytes.length - at);
    engine.window().set(bytes.subarray(at, at + n));
    let batch;
    if (layout.framing) {
      const r = engine.decodeFramedWindow(layout, n, base + at);
      batch = r.batch;
      at = r.consumed === 0 ? bytes.length : at + r.consumed;
    } else {
      const whole = n - (n % layout.recordSize);
      if (whole === 0) break;
      batch = engine.decodeWindow(layout, whole, base + at);
      at += whole;
    }
    expect(batch.coreText(), "held right after its decode").toBeDefined();
    writeJsonLines(core, batch);
    engine.window(); // the core's next call: the batch is no longer held
    expect(batch.coreText()).toBeUndefined();
    writeJsonLines(js, batch);
    for (const entry of batch) reference += JSON.stringify(entry) + "\n";
    batches.push(batch);
  }
  const records = batches.reduce((n, b) => n + b.length, 0);
  return { core: core.view().slice(), js: js.view().slice(), reference, batches, coreRows: engine.coreRows - before, records };
}

/** Core, JavaScript and JSON.stringify agree, byte for byte. */
function expectSame(r: Both): void {
  expect(utf8.decode(r.core)).toBe(r.reference);
  expect(Buffer.from(r.core).equals(Buffer.from(r.js))).toBe(true);
}

const bytesOf = (...b: number[]) => Uint8Array.from(b);
const text = (s: string) => new TextEncoder().encode(s);

/** Strings of every kind TextDecoder and JSON.stringify treat apart. */
const STRINGS: Uint8Array[] = [
  text("root"), text(""), text("a\"b\\c/d"), text("tab\there\nnl\rcr\bbs\fff"), bytesOf(0x01, 0x1f, 0x7f, 0x20, 0x7e),
  text("ö例😀"), text("\u2028\u2029\ufeffbom"), text("\ud7ff\ue000\u0800\u{10000}\u{10ffff}\ufffd"),
  bytesOf(0x80), bytesOf(0x61, 0xbf, 0x62), bytesOf(0xc3), bytesOf(0xc3, 0x41), bytesOf(0xe4, 0xbe), bytesOf(0xe4, 0xbe, 0x41),
  bytesOf(0xf0, 0x9f, 0x98), bytesOf(0xf0, 0x9f, 0x98, 0x22), bytesOf(0xc0, 0xaf), bytesOf(0xc1, 0xbf), bytesOf(0xe0, 0x80, 0xaf),
  bytesOf(0xe0, 0x9f, 0xbf), bytesOf(0xf0, 0x80, 0x80, 0xaf), bytesOf(0xf0, 0x8f, 0xbf, 0xbf), bytesOf(0xed, 0xa0, 0x80),
  bytesOf(0xed, 0xbf, 0xbf), bytesOf(0xed, 0xa0, 0x80, 0xed, 0xb0, 0x80), bytesOf(0xf4, 0x90, 0x80, 0x80), bytesOf(0xf5, 0x80, 0x80, 0x80),
  bytesOf(0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff), bytesOf(0xc2, 0x80, 0xdf, 0xbf, 0xc2), bytesOf(0x61, 0x00, 0x62),
  // sequences across the core's 16-byte steps
  text("0123456789abcdeö"), text("0123456789abcdef\"x"), text("0123456789abcde例"), bytesOf(...text("0123456789abcde"), 0xf0, 0x9f, 0x98, 0x80, 0x0a),
  // names that make the type in layouts without a type field, or with named events
  text("reboot"), text("shutdown"), text("date"), text("~"), text("|"), text("{"), text("}"),
];
/** Full-width fields (no NUL) filled with one byte each. */
const FILLS = [0x61, 0x01, 0x22, 0x5c, 0xc3, 0x80, 0xff, 0xe4];
const ADDRESSES = ["", "0.0.0.0", "1.2.3.4", "255.255.255.255", "::", "::1", "1::", "::ffff:a01:203", "::a01:203",
  "2001:db8::8a2e:370:7334", "fe80::1ff:fe23:4567:890a", "1:0:0:1:0:0:0:1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "0:1:0:1:0:1:0:1"];
const SECONDS = [0, 1_700_000_000, 1_000_000, 5_123_456, 10_000_001, 999_999, 4_294_967_295, 4_294_967_296, -1, -86_401, 9, 86_399, 99_999_999, -61_000_000_000, -59_000_000_000, -62_167_219_200, -62_167_219_201, 253_402_300_799, 253_402_300_800,
  1_099_511_627_776, 1_099_511_627_777, -1_099_511_627_776, -1_099_511_627_777, 2 ** 53, 2 ** 53 + 2, -(2 ** 60), 2 ** 62, -1_000_000_000_000];
const MICROSECONDS = [0, 123456, 999_999, 1_000_000, 7, 42, 5_000, 99_999_999, -1, -5, 2 ** 31 - 1, 2 ** 53 + 2];
const PIDS = [0, 1, 99999, -5, 2147483647, -2147483648, 100, 1_000_000_000];
const SESSIONS = [0, 7, -1, 2 ** 40, 2 ** 53 + 2, -(2 ** 62)];
const TYPES_OUT_OF_TABLE = [99, 200, 255, 256, 300, -3];

const TABLES: ValueTables = { strings: STRINGS, fills: FILLS, addresses: ADDRESSES, seconds: SECONDS, microseconds: MICROSECONDS, pids: PIDS, sessions: SESSIONS, typesOutOfTable: TYPES_OUT_OF_TABLE };
const records = (layout: Layout): RecordValues[] => variedRecords(layout, TABLES, 120);
const build = (layout: Layout): Uint8Array => variedFile(layout, TABLES, 120);

describe("the core's JSON lines equal JSON.stringify(entry) and the JavaScript writer's", () => {
  for (const { name, bytes, layout } of recordFixtures()) {
    it(name, () => {
      const r = bothWays(bytes, layout);
      expectSame(r);
      if (r.records > 0) expect(r.coreRows).toBeGreaterThan(0);
    });
  }

  it("a layout again after another: the engine writes the first one's type prefixes to the core again", () => {
    // the engine skips writing a table the core holds already: it must notice the other layout's in between
    const glibc = LAYOUTS.find((l) => l.id === "linux384-le")!, solaris = LAYOUTS.find((l) => l.id === "solaris372-be")!;
    for (const layout of [glibc, solaris, glibc, solaris]) {
      const r = bothWays(build(layout), layout, 0, "interned");
      expect(r.coreRows).toBeGreaterThan(r.records / 3);
      expectSame(r);
    }
  });

  for (const layout of LAYOUTS) {
    it(`built records of ${layout.id}`, () => {
      const bytes = build(layout);
      for (const policy of ["interned", "raw"] as const) {
        const r = bothWays(bytes, layout, 0, policy);
        expect(r.records).toBeGreaterThan(100);
        expectSame(r);
        expect(r.coreRows, "the core wrote most rows").toBeGreaterThan(r.records / 3);
        // times beyond the core's arithmetic (only 64-bit clock fields hold them) are written by JavaScript
        if (layout.fields.seconds?.kind.includes("64")) expect(r.coreRows, "and left some to JavaScript").toBeLessThan(r.records);
      }
      // away from the file's start (a lastlog's uid is then no whole number: the host's rows)
      expectSame(bothWays(bytes, layout, 1_000_000 * layout.recordSize + 3));
      expectSame(bothWays(bytes, layout, 2 ** 53 - 100)); // offsets become unsafe integers
    });
  }

  it("parses back to entry.toJSON() on every layout", () => {
    for (const layout of LAYOUTS) {
      const r = bothWays(build(layout), layout);
      const lines = utf8.decode(r.core).split("\n");
      expect(lines.pop()).toBe("");
      const entries = r.batches.flatMap((b) => [...b]);
      expect(lines.length).toBe(entries.length);
      lines.forEach((line, k) => expect(JSON.parse(line)).toStrictEqual(JSON.parse(JSON.stringify(entries[k]!.toJSON()))));
    }
  });

  it("writes more than one window, each at its own file offset", () => {
    const layout = LAYOUTS.find((l) => l.id === "linux384-le")!;
    const rs = records(layout);
    const bytes = buildFile(layout, Array.from({ length: 40_000 }, (_, k) => rs[k % rs.length]!));
    const r = bothWays(bytes, layout, 384 * 5);
    expect(r.batches.length).toBeGreaterThan(2);
    expectSame(r);
  });

  it("leaves to JavaScript the rows whose type prefix the core's table cannot hold", () => {
    const layout = LAYOUTS.find((l) => l.id === "linux384-le")!;
    const engine = engines.adaptive;
    const bytes = buildFile(layout, records(layout).slice(0, 8).map((r) => ({ ...r, seconds: 1_700_000_000, microseconds: 1, session: 0 })));
    engine.window().set(bytes);
    const batch = engine.decodeWindow(layout, bytes.length, 0);
    const prefixes = Array.from({ length: 70 }, (_, k) => ({ bytes: text(`{"type":"T${k}"`), rawType: false }));
    prefixes[1] = { bytes: text(`{"type":"${"L".repeat(80)}"`), rawType: false };
    engine.setJsonTypes(prefixes, { rows: Int32Array.from([0, 1, 2, 69, -1, 3, 3, 3]) });
    const at = (from: number) => engine.jsonText(from, batch.length, 0).rows;
    expect([at(0), at(1), at(2), at(3), at(4), at(5)]).toStrictEqual([1, 0, 1, 0, 0, 3]);
    expect(new TextDecoder().decode(engine.jsonText(5, 6, 0).text)).toMatch(/^\{"type":"T3","rawType":/);

    // the same by raw type: each row takes its raw type's slot, any number past 255 slot [256]
    const raw = [...batch.columns.rawType];
    const byRawType = new Int32Array(257).fill(3);
    byRawType[raw[2]!] = 69; // out of the table: the core stops at the first row of that type
    engine.setJsonTypes(prefixes, { byRawType });
    const stop = raw.findIndex((r) => r === raw[2]);
    expect(at(0)).toBe(stop);
    expect(new TextDecoder().decode(engine.jsonText(0, 1, 0).text)).toMatch(/^\{"type":"T3","rawType":/);

    // a prefix that holds its rawType: the core writes none after it
    prefixes[4] = { bytes: text(`{"type":"T4","rawType":-77`), rawType: true };
    engine.setJsonTypes(prefixes, { byRawType: new Int32Array(257).fill(4) });
    expect(new TextDecoder().decode(engine.jsonText(0, 1, 0).text)).toMatch(/^\{"type":"T4","rawType":-77,"id":/);
  });
});
