// Issue #4, part 2: chunk boundaries. However the bytes are cut (random sizes
// from several seeds, one byte at a time, sizes that are not a multiple of the
// record size, a cut inside the 2-byte length prefix of a utx.log entry) and
// wherever the chunks sit in memory (subarrays of larger buffers full of
// garbage), stream() yields what the in-memory decode of the same bytes gives.
// Inputs larger than the core's window check the carry of a partial record or
// entry from one window to the next, against a decode of each piece on its own.
import { describe, expect, it } from "vitest";
import { findLayout, fromBytes, open, type StreamSource } from "../../../src/index.ts";
import { buildRecord } from "../../support/fixtureBuilder.ts";
import {
  asyncChunks, BINARY_FIXTURES, chunksOf, decodeBytes, decodeFile, decodeStream, fixture, generateWtmp, lightKey,
  noisy, randomChunks, readableOf, readBytes, splitAt, tempDir, utxlogEntryStarts, type Decoded,
} from "./support.ts";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expectSame, DECODABLE_FIXTURES } from "./support.ts";

const SEEDS = [1, 7, 42, 2024, 0xdecaf];
/** Largest random chunk per seed: below, around and above record sizes. */
const MAX_CHUNK = [5, 97, 600, 4099, 70_001];

describe("chunk boundaries on every fixture", () => {
  for (const { name, path } of DECODABLE_FIXTURES) {
    it(name, async () => {
      const want = decodeFile(path);
      const bytes = readBytes(path);
      const size = open(path).layout.recordSize;
      const cases: [string, StreamSource][] = [];
      SEEDS.forEach((seed, i) => {
        const chunks = randomChunks(bytes, seed, MAX_CHUNK[i]!);
        cases.push([`random chunks of 1..${MAX_CHUNK[i]} (seed ${seed})`, asyncChunks(chunks)]);
        cases.push([`noisy subarrays, random chunks of 1..${MAX_CHUNK[i]} (seed ${seed})`, readableOf(noisy(chunks, seed))]);
      });
      cases.push(["one-byte chunks", asyncChunks(chunksOf(bytes, 1))]);
      // (garbage around each byte of the 300 kB lastlogs is slow; random chunks of 1..5 cover them)
      if (bytes.length <= 65_536) cases.push(["noisy one-byte chunks", noisy(chunksOf(bytes, 1), 3)]);
      cases.push([`chunks of recordSize - 1 (${size - 1})`, asyncChunks(chunksOf(bytes, size - 1))]);
      cases.push([`chunks of recordSize + 1 (${size + 1})`, readableOf(chunksOf(bytes, size + 1))]);
      cases.push([`chunks of 3 x recordSize + 2`, asyncChunks(chunksOf(bytes, 3 * size + 2))]);
      for (const [what, source] of cases) expectSame(await decodeStream(source), want, `${name}: ${what}`);
    });
  }
});

describe("lengths of k·recordSize ± 1", () => {
  for (const name of ["s4/Ubuntu22/x86_64/wtmp", "plaso/utmp_s390", "s4/OpenBSD7.2/x86_32/wtmp.1", "s4/NetBSD9.3/x86_64/wtmpx", "plaso/utmpx_mac"]) {
    it(name, async () => {
      const bytes = readBytes(fixture(name));
      const layout = open(fixture(name)).layout;
      const size = layout.recordSize;
      const whole = Math.floor(bytes.length / size);
      expect(whole).toBeGreaterThanOrEqual(3);
      for (const k of [1, 2, whole - 1]) {
        for (const length of [k * size - 1, k * size, k * size + 1]) {
          const part = bytes.subarray(0, length);
          // the layout is given: a prefix this short may detect otherwise, and detection is not the point here
          const want = decodeBytes(part, { layout: layout.id });
          expect(want.entries).toHaveLength(Math.floor(length / size));
          expect(want.warnings).toHaveLength(length % size === 0 ? 0 : 1);
          const r = randomChunks(part, length, 50);
          expectSame(await decodeStream(asyncChunks(r), { layout: layout.id }), want, `${name}: ${length} bytes in random chunks`);
          expectSame(await decodeStream(noisy(chunksOf(part, 1), k), { layout: layout.id }), want, `${name}: ${length} bytes in noisy one-byte chunks`);
        }
      }
    });
  }
});

describe("utx.log: a chunk boundary inside an entry's 2-byte length prefix", () => {
  for (const name of ["s4/FreeBSD13.1/x86_64/utx.log", "s4/FreeBSD14.0/x86_64/utx.log"]) {
    it(name, async () => {
      const bytes = readBytes(fixture(name));
      const want = decodeFile(fixture(name));
      const starts = utxlogEntryStarts(bytes);
      expect(want.entries.map((e) => (JSON.parse(e) as [{ offset: number }])[0].offset)).toStrictEqual(starts);
      // every entry's prefix cut between its two bytes; then also right after the prefix
      for (const delta of [1, 2]) {
        const chunks = splitAt(bytes, starts.map((s) => s + delta));
        expect(chunks.length).toBe(starts.length + 1);
        expectSame(await decodeStream(asyncChunks(chunks)), want, `${name}: cut at entry start + ${delta}`);
        expectSame(await decodeStream(readableOf(noisy(chunks, delta))), want, `${name}: noisy, cut at entry start + ${delta}`);
      }
    });
  }
});

describe("inputs larger than the core's window", () => {
  it("a 15 MB Linux wtmp with a partial last record, in chunks of every kind", async () => {
    const COUNT = 40_000; // 15.36 MB: more than one window (4096 records of 384 bytes, 1.5 MiB) and the 8 MiB staging buffer
    const records = await generateWtmp(COUNT, 99);
    const bytes = new Uint8Array(records.length + 100);
    bytes.set(records);
    bytes.fill(0x41, records.length);
    const want = decodeBytes(bytes, {}, lightKey);
    expect(want.layout).toBe("linux384-le");
    expect(want.entries).toHaveLength(COUNT);
    expect(want.entries.map((e) => (JSON.parse(e) as { offset: number }).offset)).toStrictEqual(Array.from({ length: COUNT }, (_, i) => i * 384));
    expect(want.warnings).toStrictEqual([JSON.stringify({ code: "PARTIAL_RECORD", offset: COUNT * 384, length: 100 })]);
    // and the seconds of each record as the generator wrote them (u32 LE at 340)
    const view = new DataView(bytes.buffer);
    const seconds = want.entries.map((e) => (JSON.parse(e) as { seconds: number }).seconds);
    expect(seconds).toStrictEqual(Array.from({ length: COUNT }, (_, i) => view.getUint32(i * 384 + 340, true)));

    const cases: [string, StreamSource][] = [
      ["one chunk of the whole input", [bytes]],
      ["Blob", new Blob([bytes])],
      ["chunks of exactly 8 MiB + 1", asyncChunks(chunksOf(bytes, (8 << 20) + 1))],
      ["chunks of 1 MiB - 1", asyncChunks(chunksOf(bytes, (1 << 20) - 1))],
    ];
    for (const seed of [5, 6]) cases.push([`random chunks up to 300 kB (seed ${seed})`, asyncChunks(randomChunks(bytes, seed, 300_000))]);
    cases.push(["noisy random chunks up to 100 kB", readableOf(noisy(randomChunks(bytes, 8, 100_000), 8))]);
    for (const [what, source] of cases) {
      const got = await decodeStream(source, {}, lightKey);
      expectSame(got, want, what);
      expect(got.batches, what).toBeGreaterThanOrEqual(3);
    }
  });

  describe("a utx.log of 8.4 MB whose entries straddle the window's end", () => {
    const layout = findLayout("utxlog")!;
    const WINDOW = 8 << 20;
    const base = readBytes(fixture("s4/FreeBSD13.1/x86_64/utx.log"));

    /** One entry of exactly 2 + length bytes: a DEAD_PROCESS record cut (or zero-padded) to `length`. */
    const fillers = new Map<string, Uint8Array>(); // the four builds share most of their 42,000 fillers
    const filler = (length: number, i: number): Uint8Array => {
      const key = `${length}:${i}`;
      let out = fillers.get(key);
      if (out) return out;
      const record = buildRecord(layout, { type: 8, id: `f${i}`, pid: 1000 + i, seconds: 1_700_000_000 + i, microseconds: i });
      out = new Uint8Array(2 + length);
      out[0] = length >> 8;
      out[1] = length & 0xff;
      out.set(record.subarray(0, length), 2);
      fillers.set(key, out);
      return out;
    };
    /** Fillers decoded together: 1024 entries (about 200 kB, far smaller than a window) per decode, not one decode each. */
    const GROUP = 1024;

    /**
     * A copy of the FreeBSD 13.1 fixture, filler entries of 199 bytes and a few
     * smaller ones, so that an entry starts `before` bytes before the end of the
     * first window (8 MiB), then two more copies of the fixture. The expected
     * decode is each piece decoded on its own (a copy of the fixture, or a
     * group of fillers: all far smaller than a window), with offsets moved to
     * where the piece lies.
     */
    function build(before: number) {
      const target = WINDOW - before;
      const fillerBytes = target - base.length;
      const n = Math.ceil(fillerBytes / 199);
      const fillerEntries: Uint8Array[] = [];
      let left = fillerBytes;
      for (let i = 0; i < n; i++) {
        const size = Math.min(199, left - 11 * (n - i - 1)); // each at least 11 bytes: prefix, type and time
        fillerEntries.push(filler(size - 2, i));
        left -= size;
      }
      expect(left).toBe(0);
      const parts: { bytes: Uint8Array; layoutGiven: boolean }[] = [{ bytes: base, layoutGiven: false }];
      for (let i = 0; i < fillerEntries.length; i += GROUP) {
        const group = fillerEntries.slice(i, i + GROUP);
        const bytes = new Uint8Array(group.reduce((sum, f) => sum + f.length, 0));
        group.reduce((at, f) => (bytes.set(f, at), at + f.length), 0);
        parts.push({ bytes, layoutGiven: true });
      }
      for (let i = 0; i < 2; i++) parts.push({ bytes: base, layoutGiven: false });
      const total = parts.reduce((s, p) => s + p.bytes.length, 0);
      const bytes = new Uint8Array(total);
      const entries: string[] = [];
      let at = 0;
      const pieceEntries = new Map<Uint8Array, ReturnType<typeof fromBytes>>();
      for (const p of parts) {
        bytes.set(p.bytes, at);
        let db = pieceEntries.get(p.bytes);
        if (!db) pieceEntries.set(p.bytes, (db = fromBytes(p.bytes, p.layoutGiven ? { layout: "utxlog" } : {})));
        expect(db.layout.id).toBe("utxlog");
        const shift = at;
        for (const e of db) entries.push(lightKey(e, shift));
        expect(db.warnings).toStrictEqual([]);
        at += p.bytes.length;
      }
      const starts = utxlogEntryStarts(bytes);
      expect(starts).toContain(target);
      expect(entries).toHaveLength(starts.length);
      const want: Decoded = { layout: "utxlog", entries, warnings: [] };
      return { bytes, want, starts, target };
    }

    for (const before of [0, 1, 2, 150]) {
      it(`an entry starting ${before} bytes before the first window ends`, async () => {
        const { bytes, want, starts } = build(before);
        expect(bytes.length).toBeGreaterThan(WINDOW);
        expect(want.entries.map((e) => (JSON.parse(e) as { offset: number }).offset)).toStrictEqual(starts);
        // the in-memory decode reads windows of 8 MiB from offset 0
        expectSame(decodeBytes(bytes, {}, lightKey), want, "fromBytes");
        const { dir, remove } = tempDir("utxlog-window");
        try {
          const path = join(dir, "utx.log");
          writeFileSync(path, bytes);
          expectSame(await decodeStream(path, {}, lightKey), want, "stream(path)");
        } finally {
          remove();
        }
        // a stream whose first chunk fills the staging buffer decodes the same windows
        expectSame(await decodeStream([bytes], {}, lightKey), want, "stream of one chunk");
        // a stream first decodes once it has 1 MiB (for detection): end that first
        // window inside, or just after, the length prefix of an entry
        // (the same for every `before`: done once)
        const s = starts.find((x) => x > 1 << 20)!;
        for (const delta of before === 0 ? [1, 2, 3] : []) {
          const rest = randomChunks(bytes.subarray(s + delta), delta, 200_000);
          const chunks = [bytes.subarray(0, s + delta), ...rest];
          expectSame(await decodeStream(asyncChunks(chunks), {}, lightKey), want, `first chunk ends at entry start ${s} + ${delta}`);
        }
        expectSame(await decodeStream(readableOf(noisy(randomChunks(bytes, before, 65_536), before)), {}, lightKey), want, "noisy random chunks");
      });
    }
  });
});
