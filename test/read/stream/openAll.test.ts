// Issue #4, part 4: openAll / inTimeOrder on a rotated set. A real wtmp is cut
// into three files by record ranges (the oldest gzipped as logrotate leaves it);
// given in any order, they read back as exactly the records of the original file,
// in order.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { inTimeOrder, open, openAll, type Entry, type StreamOptions, type StreamSource, type UtmpWarning } from "../../../src/index.ts";
import { entryKeyWithoutOffset, fixture, readableOf, readBytes, tempDir, warningKey } from "./support.ts";

const ORIGINAL = fixture("s4/CentOS7/x86_64/wtmp"); // 67 records of 384 bytes, times never decreasing
const RECORD = 384;
const bytes = readBytes(ORIGINAL);
const COUNT = bytes.length / RECORD;
/** Record ranges of the three files: oldest (wtmp.2.gz), middle (wtmp.1), newest (wtmp). */
const CUTS = [0, 22, 45, COUNT];
const part = (i: number) => bytes.subarray(CUTS[i]! * RECORD, CUTS[i + 1]! * RECORD);

const tmp = tempDir("openall");
afterAll(() => tmp.remove());
const OLDEST = join(tmp.dir, "wtmp.2.gz");
const MIDDLE = join(tmp.dir, "wtmp.1");
const NEWEST = join(tmp.dir, "wtmp");
writeFileSync(OLDEST, gzipSync(part(0)));
writeFileSync(MIDDLE, part(1));
writeFileSync(NEWEST, part(2));

/** The original's records, without offsets (they restart in each file). */
const want = [...open(ORIGINAL)].map(entryKeyWithoutOffset);
/** Each record's offset in the file of the set it went to. */
const wantOffsets = Array.from({ length: COUNT }, (_, i) => (i - (i >= CUTS[2]! ? CUTS[2]! : i >= CUTS[1]! ? CUTS[1]! : 0)) * RECORD);

async function readAll(sources: readonly StreamSource[], options: StreamOptions = {}): Promise<{ entries: string[]; offsets: number[] }> {
  const kept: Entry[] = [];
  for await (const batch of openAll(sources, options)) for (const e of batch) kept.push(e);
  return { entries: kept.map(entryKeyWithoutOffset), offsets: kept.map((e) => e.offset) };
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

describe("openAll on a rotated wtmp set", () => {
  it("the set is what the test means it to be", () => {
    expect(COUNT).toBe(67);
    expect(want).toHaveLength(COUNT);
    // first times (u32 LE at 340, read here from the bytes) strictly increase from file to file
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    const firsts = [0, 1, 2].map((i) => view.getUint32(CUTS[i]! * RECORD + 340, true));
    expect(firsts[0]).toBeLessThan(firsts[1]!);
    expect(firsts[1]).toBeLessThan(firsts[2]!);
    expect(wantOffsets.slice(20, 24)).toStrictEqual([20 * RECORD, 21 * RECORD, 0, RECORD]);
  });

  for (const order of permutations([NEWEST, OLDEST, MIDDLE])) {
    const names = order.map((p) => p.slice(tmp.dir.length + 1)).join(", ");
    it(`given as [${names}]: inTimeOrder sorts oldest first and openAll yields the original's records`, async () => {
      expect(await inTimeOrder(order)).toStrictEqual([OLDEST, MIDDLE, NEWEST]);
      const got = await readAll(order);
      expect(got.entries).toStrictEqual(want);
      expect(got.offsets).toStrictEqual(wantOffsets);
    });
  }

  it("a mix of a path, a Blob of the gz and a File, in the wrong order", async () => {
    const sources: (string | Blob)[] = [new File([readBytes(NEWEST)], "wtmp"), MIDDLE, new Blob([readBytes(OLDEST)])];
    const sorted = await inTimeOrder(sources);
    expect(sorted).toStrictEqual([sources[2], sources[1], sources[0]]);
    const got = await readAll(sources);
    expect(got.entries).toStrictEqual(want);
    expect(got.offsets).toStrictEqual(wantOffsets);
  });

  it("an empty rotated file reads as nothing; a partial record at the end of the live file warns once", async () => {
    const empty = join(tmp.dir, "wtmp.3");
    writeFileSync(empty, new Uint8Array(0));
    const live = join(tmp.dir, "wtmp-live");
    const tail = new Uint8Array(part(2).length + 100);
    tail.set(part(2));
    tail.fill(7, part(2).length);
    writeFileSync(live, tail);
    const warnings: UtmpWarning[] = [];
    const got = await readAll([live, empty, MIDDLE, OLDEST], { onWarning: (w) => warnings.push(w) });
    expect(got.entries).toStrictEqual(want);
    expect(got.offsets).toStrictEqual(wantOffsets);
    expect(warnings.map(warningKey)).toStrictEqual([JSON.stringify({ code: "PARTIAL_RECORD", offset: (COUNT - CUTS[2]!) * RECORD, length: 100 })]);
  });

  // A one-shot source (ReadableStream, async generator) cannot be read twice (once
  // for its first time, once for its records): openAll holds it open instead.
  it("one-shot sources (ReadableStreams, async generators) read back whole", async () => {
    async function* gen(chunk: Uint8Array) {
      yield chunk;
    }
    const sources: StreamSource[] = [readableOf([readBytes(NEWEST)]), gen(readBytes(OLDEST)), readableOf([readBytes(MIDDLE)])];
    const got = await readAll(sources);
    expect(got.entries).toStrictEqual(want);
  });
});
