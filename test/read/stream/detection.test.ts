// Layout detection of a stream larger than the 1 MiB it gathers first: the
// layout (and so every record) must not depend on how the input is cut, and
// must be the one open() / fromBytes() choose for the same bytes. Lastlog files
// are the natural case: indexed by uid, they pass 1 MiB on any system with a
// uid above ~3600 (Linux, 292-byte slots) or ~3900 (OpenBSD, 272-byte slots).
import { describe, expect, it } from "vitest";
import { open, type StreamSource } from "../../../src/index.ts";
import { asyncChunks, chunksOf, decodeBytes, decodeStream, fixture, generateWtmp, lightKey, readBytes, type Decoded } from "./support.ts";

/**
 * A real lastlog grown to `uid + 1` slots: the fixture's slots, empty ones
 * after them, and a copy of its last used slot at `uid` (a user who logged in).
 */
function sparseLastlog(name: string, uid: number): Uint8Array<ArrayBuffer> {
  const b = readBytes(fixture(name));
  const size = open(fixture(name)).layout.recordSize;
  const out = new Uint8Array((uid + 1) * size);
  out.set(b);
  let last = -1;
  for (let i = 0; i < b.length / size; i++) if (b.subarray(i * size, (i + 1) * size).some((x) => x !== 0)) last = i;
  expect(last).toBeGreaterThanOrEqual(0);
  out.set(b.subarray(last * size, (last + 1) * size), uid * size);
  return out;
}

const cuts: [string, (b: Uint8Array<ArrayBuffer>) => StreamSource][] = [
  ["a Blob", (b) => new Blob([b])],
  ["one chunk", (b) => [b]],
  ["64 KiB chunks", (b) => asyncChunks(chunksOf(b, 65_536))],
  ["1000-byte chunks", (b) => asyncChunks(chunksOf(b, 1000))],
  ["chunks of 1 MiB - 1", (b) => asyncChunks(chunksOf(b, (1 << 20) - 1))],
];

async function expectSameEveryCut(bytes: Uint8Array<ArrayBuffer>, layout: string, count: number): Promise<void> {
  const want: Decoded = decodeBytes(bytes, {}, lightKey);
  expect(want.layout).toBe(layout);
  expect(want.entries).toHaveLength(count);
  const got: string[] = [];
  for (const [what, cut] of cuts) {
    const d = await decodeStream(cut(bytes), {}, lightKey);
    const same = d.entries.length === want.entries.length && d.entries.every((e, i) => e === want.entries[i]);
    got.push(`${what}: ${d.layout}, ${d.entries.length} entries${same ? "" : " (differ)"}`);
  }
  expect(got).toStrictEqual(cuts.map(([what]) => `${what}: ${layout}, ${count} entries`));
}

describe("a stream's layout does not depend on its chunks, and is open()'s", () => {
  it("a 3 MB generated wtmp", async () => {
    await expectSameEveryCut(await generateWtmp(8000, 5), "linux384-le", 8000);
  });

  for (const [name, uid] of [["s4/Ubuntu16/x86_32/lastlog", 4000], ["s4/CentOS7/x86_64/lastlog", 60_000], ["s4/Ubuntu16/x86_32/lastlog", 65_534]] as const) {
    it(`a Linux lastlog with a login for uid ${uid} (${name})`, async () => {
      await expectSameEveryCut(sparseLastlog(name, uid), "lastlog292-le", uid + 1);
    });
  }

  // A stream once detected on whatever it had staged (1 to 8 MiB, by the chunks)
  // as if that were the whole file: an OpenBSD lastlog (272-byte slots) streamed
  // as netbsdlast32-le or lastlog296-le. Its first MiB holds one record that
  // several rows explain; detection must look further, as open() does.
  for (const [name, uid] of [["s4/OpenBSD7.4/x86_64/lastlog", 4000], ["s4/OpenBSD7.2/x86_32/lastlog", 10_000]] as const) {
    it(`an OpenBSD lastlog with a login for uid ${uid} (${name})`, async () => {
      await expectSameEveryCut(sparseLastlog(name, uid), "openbsdlast272-le", uid + 1);
    });
  }
});
