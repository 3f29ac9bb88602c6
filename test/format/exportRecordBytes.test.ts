// `utmpx export --format ndjson|csv` writes record rows a batch at a time as
// bytes (src/format/exportRecordBytes.ts); the text must stay what ExportText's
// row-at-a-time strings were, byte for byte. Compared here on every fixture and
// on records built to reach every branch: every layout, interned and raw strings
// (quotes, commas, line breaks, controls, non-ASCII, bad UTF-8, NULs), NULL
// fields, 64-bit values past 2^53, times beyond ±2^53 µs, offsets past 2^53,
// origins needing escapes, and a wtmpdb database; batches the core writes from
// (held, with or without their strings) and batches it no longer holds.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { LAYOUTS, type Layout } from "../../src/index.ts";
import { Engine, type DecodedStrings } from "../../src/core/engine.ts";
import { instantiateCore } from "../../src/core/core.ts";
import { InternPolicy } from "../../src/core/internPolicy.ts";
import type { RecordBatch } from "../../src/core/recordBatch.ts";
import { stream } from "../../src/read/stream.ts";
import { ByteWriter } from "../../src/format/byteWriter.ts";
import { PARTITIONED_RECORD_COLUMNS, RECORD_COLUMNS, type ExportColumn, type RecordOrigin, type RecordRow } from "../../src/format/exportSchema.ts";
import { ExportText, type ExportTextFormat } from "../../src/format/exportText.ts";
import { ExportRecordBytes } from "../../src/format/exportRecordBytes.ts";
import { variedFile, type ValueTables } from "../support/variedRecords.ts";
import { recordFixtures } from "../support/recordFixtures.ts";
import { FIXTURES } from "../support/paths.ts";

const FORMATS: ExportTextFormat[] = ["ndjson", "csv"];
const ORIGINS: RecordOrigin[] = [
  { host: "alpha", source: "alpha/var/log/wtmp" },
  { host: 'we"ird,\nhost\\', source: "/var/log/wtmp-ö例😀\r\t\u0001" },
  { host: "", source: "" },
];

const engines = {
  interned: new Engine(instantiateCore(), new InternPolicy("interned")),
  raw: new Engine(instantiateCore(), new InternPolicy("raw")),
};

/**
 * The batches of `bytes` read as `layout`, its first byte at `base` in the file,
 * with strings interned or raw: each decoded when asked for, so that the one
 * given is the one the core holds, and writes (exportProgram.ts).
 */
function* batchesOf(bytes: Uint8Array, layout: Layout, base = 0, policy: keyof typeof engines = "interned",
  strings: DecodedStrings = "all"): Generator<RecordBatch> {
  const engine = engines[policy];
  for (let at = 0; at < bytes.length;) {
    const n = Math.min(layout.framing ? engine.windowCapacity : engine.windowBytesFor(layout), bytes.length - at);
    engine.window().set(bytes.subarray(at, at + n));
    if (layout.framing) {
      const r = engine.decodeFramedWindow(layout, n, base + at);
      yield r.batch;
      at = r.consumed === 0 ? bytes.length : at + r.consumed;
    } else {
      const whole = n - (n % layout.recordSize);
      if (whole === 0) break;
      // without strings, as utmpx export reads for these formats: the core writes from the records
      yield strings === "all" ? engine.decodeWindow(layout, whole, base + at) : engine.decodeWindow(layout, whole, base + at, undefined, true, strings);
      at += whole;
    }
  }
}

/** Rows the core wrote (CoreText.exportText), and rows written, over the whole suite. */
let byCore = 0, rows = 0;
for (const engine of Object.values(engines)) {
  const exportText = engine.exportText;
  engine.exportText = function (...args: Parameters<typeof exportText>) {
    const r = exportText.apply(this, args);
    byCore += r.rows;
    return r;
  };
}

/**
 * Both ways, for every format, origin and column selection: the batch writer's
 * bytes and ExportText's rows. `batches` is read afresh for each: a batch is
 * written while the core holds it (the core writes most rows), unless
 * `batches` gives them all first (then the writer writes them).
 */
function expectSame(batches: () => Iterable<RecordBatch>): void {
  const selections: (readonly ExportColumn<RecordRow>[])[] = [RECORD_COLUMNS, PARTITIONED_RECORD_COLUMNS];
  for (const format of FORMATS) {
    for (const columns of selections) {
      for (const origin of ORIGINS) {
        const text = new ExportText(columns, format);
        const bytes = new ExportRecordBytes(columns, format);
        const w = new ByteWriter(64);
        expect(bytes.start()).toBe(text.start());
        let expected = "";
        for (const batch of batches()) {
          bytes.writeBatch(w, batch, origin);
          rows += batch.length;
          // a batch read without strings is read with them for ExportText (after the writer: as it would)
          const whole = batch.withStrings();
          for (let i = 0; i < batch.length; i++) expected += text.row({ batch: whole, i, origin });
        }
        const got = Buffer.from(w.view());
        const want = Buffer.from(expected, "utf8");
        if (!got.equals(want)) expect(got.toString("utf8")).toBe(want.toString("utf8")); // shows the first difference
        expect(got.equals(want)).toBe(true);
      }
    }
  }
}

const bytesOf = (...b: number[]) => Uint8Array.from(b);
const text = (s: string) => new TextEncoder().encode(s);

/** Strings that JSON and CSV escape or quote, text past ASCII, bytes that are not UTF-8, a NUL within. */
const STRINGS: Uint8Array[] = [
  text("root"), text(""), text('a"b'), text("back\\slash"), text("com,ma"), text("line\nbreak"), text("cr\rlf"), text("tab\t"),
  bytesOf(0x01, 0x1f, 0x7f, 0x20, 0x7e), text("ö例😀"), text("\u2028\u2029"), bytesOf(0x80), bytesOf(0x61, 0xc3),
  bytesOf(0xed, 0xa0, 0x80), bytesOf(0xff, 0xfe), bytesOf(0x61, 0x00, 0x62), text(" lead"), text("reboot"), text("shutdown"),
  text("~"), text("|"), text("{"), text("}"), text("date"),
];
const ADDRESSES = ["", "0.0.0.0", "1.2.3.4", "::", "::1", "::ffff:a01:203", "2001:db8::8a2e:370:7334"];
/** Seconds: within ±2^53 µs, past it (years after 2255 and before 1685), and past 2^53 themselves. */
const SECONDS = [0, 1_700_000_000, -1, -86_401, 4_294_967_295, 9_007_199_254, 9_007_199_255, -9_007_199_255, 253_402_300_800,
  -62_167_219_201, 2 ** 53, 2 ** 53 + 2, -(2 ** 60)];
const MICROSECONDS = [0, 123456, 999_999, 1_000_000, -1, 2 ** 31 - 1, 2 ** 53 + 2];
const PIDS = [0, 1, -5, 2147483647, -2147483648];
const SESSIONS = [0, 7, -1, 2 ** 40, 2 ** 53 + 2, -(2 ** 62)];

const TABLES: ValueTables = { strings: STRINGS, addresses: ADDRESSES, seconds: SECONDS, microseconds: MICROSECONDS, pids: PIDS, sessions: SESSIONS, typesOutOfTable: [99, 256, -3] };
const build = (layout: Layout): Uint8Array => variedFile(layout, TABLES, 150);

/** linux400 records with exact 64-bit session, seconds and microseconds (at 336, 344, 352). */
function wideRecords(values: readonly [session: bigint, seconds: bigint, microseconds: bigint][]): Uint8Array {
  const bytes = new Uint8Array(400 * values.length);
  const v = new DataView(bytes.buffer);
  values.forEach(([session, seconds, microseconds], k) => {
    const at = k * 400;
    v.setInt16(at, 7, true);
    v.setInt32(at + 4, 100 + k, true);
    bytes.set(text("pts/1"), at + 8);
    bytes.set(text(`u${k}`), at + 44);
    v.setBigInt64(at + 336, session, true);
    v.setBigInt64(at + 344, seconds, true);
    v.setBigInt64(at + 352, microseconds, true);
  });
  return bytes;
}

describe("export rows as bytes equal ExportText's rows", () => {
  for (const { name, bytes, layout } of recordFixtures()) {
    it(name, () => {
      expectSame(() => batchesOf(bytes, layout));
      expectSame(() => batchesOf(bytes, layout, 0, "raw"));
      expectSame(() => [...batchesOf(bytes, layout)]); // every batch decoded first: the writer's own rows
    });
  }

  for (const layout of LAYOUTS) {
    it(`built records of ${layout.id}, interned and raw, at offset 0 and past 2^53`, () => {
      const bytes = build(layout);
      for (const policy of ["interned", "raw"] as const) {
        const batches = [...batchesOf(bytes, layout, 0, policy)];
        expect(batches.reduce((n, b) => n + b.length, 0)).toBeGreaterThan(100);
        if (policy === "raw" && layout.kind !== "lastlog") expect(batches.some((b) => b.raw !== undefined)).toBe(true);
        expectSame(() => batchesOf(bytes, layout, 0, policy));
      }
      expectSame(() => batchesOf(bytes, layout, 0, "interned", "none"));
      expectSame(() => batchesOf(bytes, layout, 2 ** 53 - 100));
    });
  }

  it("64-bit values past 2^53 (exact seconds, microseconds and sessions) and times past ±2^53 µs", () => {
    const MAX = 2n ** 63n - 1n, MIN = -(2n ** 63n);
    const layout = LAYOUTS.find((l) => l.id === "linux400-le")!;
    const bytes = wideRecords([
      [7n, 1_709_971_200n, 5n], [2n ** 53n + 1n, 1_709_971_200n, 0n], [MIN, 2n ** 53n + 1n, 0n], [MAX, -(2n ** 53n) - 1n, 999_999n],
      [0n, 9_007_199_255n, 0n], [0n, -9_007_199_255n, 1n], [0n, MAX / 1_000_000n, 0n], [0n, MAX, MAX], [0n, MIN, MIN],
      [-(2n ** 53n) + 1n, 2n ** 53n - 1n, 0n],
    ]);
    for (const policy of ["interned", "raw"] as const) expectSame(() => batchesOf(bytes, layout, 0, policy));
  });

  it("a wtmpdb database (rows made from SQLite, with Logout times)", async () => {
    // batches of a read that is not transient keep their columns: compared after the read
    const batches: RecordBatch[] = [];
    for await (const batch of stream(join(FIXTURES, "wtmpdb/db/glibc.db"))) batches.push(batch);
    expect(batches.reduce((n, b) => n + b.length, 0)).toBeGreaterThan(0);
    expectSame(() => batches);
  });

  it("a layout row of the caller's that reuses a built-in's id gets a program of its own", () => {
    const linux = LAYOUTS.find((l) => l.id === "linux384-le")!;
    // the same records read without their host and address: those cells are NULL
    const { host: _host, addr: _addr, ...fields } = linux.fields;
    const bare: Layout = { ...linux, fields };
    const bytes = build(linux);
    const writer = new ExportRecordBytes(RECORD_COLUMNS, "ndjson");
    const text = new ExportText(RECORD_COLUMNS, "ndjson");
    const origin = ORIGINS[0]!;
    for (const layout of [linux, bare, linux]) {
      const w = new ByteWriter(64);
      let expected = "";
      for (const batch of batchesOf(bytes, layout)) {
        writer.writeBatch(w, batch, origin);
        for (let i = 0; i < batch.length; i++) expected += text.row({ batch, i, origin });
      }
      expect(Buffer.from(w.view()).toString("utf8")).toBe(expected);
      expect(expected.includes('"ut_host":null')).toBe(layout === bare);
    }
  });

  // last in the file: the rows above were written both ways. Most of those built to reach every
  // branch are the writer's (a CSV text with a quote, a layout typed by strings, every batch
  // decoded before it is written): 41,778 of 632,532 were the core's when this was written
  it("the core wrote tens of thousands of the rows above, and left the rest to the writer", () => {
    expect(byCore).toBeGreaterThan(20_000);
    expect(byCore).toBeLessThan(rows);
  });
});
