// Issue #4, part 3: gzip input (.gz archives, as logrotate leaves wtmp.1.gz)
// is decompressed on the way, from a path, a Blob or chunks, and decodes to
// exactly what the uncompressed bytes decode to in memory. A damaged archive
// raises an error, promptly, and what was yielded before it is a true prefix of
// the records; a truncated one gives every whole record it holds (what gzip -dc
// prints) and a GZIP_TRUNCATED warning.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { constants as zlibConstants, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { open, stream, UtmpError, UtmpErrorCode, type StreamSource, type UtmpWarning } from "../../../src/index.ts";
import {
  asyncChunks, BINARY_FIXTURES, chunksOf, decodeBytes, decodeFile, decodeStream, fixture, generateWtmp, lightKey,
  noisy, randomChunks, readableOf, readBytes, settleWithin, tempDir, type Decoded,
} from "./support.ts";
import { expectSame, DECODABLE_FIXTURES } from "./support.ts";

const tmp = tempDir("gzip");
afterAll(() => tmp.remove());

let fileCount = 0;
/** Writes `bytes` to a new file in the temporary directory; returns its path. */
function tempFile(name: string, bytes: Uint8Array): string {
  const path = join(tmp.dir, `${fileCount++}-${name}`);
  writeFileSync(path, bytes);
  return path;
}

/** Drains stream(source), keeping the entries seen before it ends or fails. */
async function drain(source: StreamSource): Promise<{ entries: string[]; error: unknown }> {
  const entries: string[] = [];
  try {
    for await (const batch of stream(source)) for (const e of batch) entries.push(lightKey(e));
  } catch (error) {
    return { entries, error };
  }
  return { entries, error: undefined };
}

describe("gzip input decodes as the uncompressed bytes do", () => {
  it("the gz of every fixture: by path, as a Blob, in random chunks and in noisy subarrays", async () => {
    expect(DECODABLE_FIXTURES.length).toBeGreaterThan(70);
    for (const { name, path } of DECODABLE_FIXTURES) {
      const want = decodeFile(path);
      const gz = new Uint8Array(gzipSync(readBytes(path)));
      expect([gz[0], gz[1]]).toStrictEqual([0x1f, 0x8b]);
      const gzPath = tempFile(`${name.replaceAll("/", "_")}.gz`, gz);
      const cases: [string, StreamSource][] = [
        ["path", gzPath],
        ["Blob", new Blob([gz])],
        ["blob.stream()", new Blob([gz]).stream()],
        ["random chunks", asyncChunks(randomChunks(gz, gz.length, 40))],
        ["noisy random chunks", readableOf(noisy(randomChunks(gz, 3, 200), 3))],
      ];
      for (const [what, source] of cases) expectSame(await decodeStream(source), want, `${name}.gz: ${what}`);
    }
  });

  it("a gz in one-byte chunks (the magic split across two chunks)", async () => {
    for (const name of ["s4/Ubuntu22/x86_64/wtmp", "s4/FreeBSD13.1/x86_64/utx.log", "grr/wtmp"]) {
      const want = decodeFile(fixture(name));
      const gz = new Uint8Array(gzipSync(readBytes(fixture(name))));
      expectSame(await decodeStream(asyncChunks(chunksOf(gz, 1))), want, `${name}.gz in one-byte chunks`);
      expectSame(await decodeStream(noisy(chunksOf(gz, 1), 9)), want, `${name}.gz in noisy one-byte chunks`);
    }
  });

  it("a 15 MB wtmp.gz (several windows) by path, as a Blob and in 64 KiB chunks", async () => {
    const bytes = await generateWtmp(40_000, 3);
    const want = decodeBytes(bytes, {}, lightKey);
    expect(want.entries).toHaveLength(40_000);
    const gz = new Uint8Array(gzipSync(bytes, { level: 1 }));
    const gzPath = tempFile("wtmp.1.gz", gz);
    for (const [what, source] of [["path", gzPath], ["Blob", new Blob([gz])], ["64 KiB chunks", asyncChunks(chunksOf(gz, 65_536))]] as [string, StreamSource][]) {
      const got = await decodeStream(source, {}, lightKey);
      expectSame(got, want, what);
      expect(got.batches, what).toBeGreaterThanOrEqual(3);
    }
  });

  it("a multi-member gz (two archives concatenated, as `cat a.gz b.gz`) decodes as the concatenated bytes", async () => {
    const a = readBytes(fixture("s4/Ubuntu22/x86_64/wtmp"));
    const b = readBytes(fixture("s4/CentOS7/x86_64/wtmp"));
    const both = new Uint8Array(a.length + b.length);
    both.set(a);
    both.set(b, a.length);
    const want = decodeBytes(both);
    expect(want.entries).toHaveLength(93 + 67);
    const gz = new Uint8Array(Buffer.concat([gzipSync(a), gzipSync(b)]));
    expectSame(await decodeStream(new Blob([gz])), want, "Blob");
    expectSame(await decodeStream(tempFile("two-members.gz", gz)), want, "path");
  });

  it("the gz of an empty file yields nothing, as the empty file does", async () => {
    const want = decodeFile(fixture("utmp-rs/empty.utmp"));
    expect(want.entries).toStrictEqual([]);
    const gz = new Uint8Array(gzipSync(new Uint8Array(0)));
    expectSame(await decodeStream(new Blob([gz])), want, "Blob");
    expectSame(await decodeStream(tempFile("empty.gz", gz)), want, "path");
  });

  it("a gz of random bytes fails with UNKNOWN_LAYOUT, a gz of a Berkeley DB lastlogx with UNSUPPORTED_FORMAT", async () => {
    const random = new Uint8Array(4096);
    for (let i = 0, x = 12345; i < random.length; i++) random[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    for (const [bytes, code] of [[random, UtmpErrorCode.UNKNOWN_LAYOUT], [readBytes(fixture("s4/NetBSD9.3/x86_64/lastlogx")), UtmpErrorCode.UNSUPPORTED_FORMAT]] as const) {
      const gz = new Uint8Array(gzipSync(bytes));
      for (const source of [new Blob([gz]), tempFile("bad.gz", gz)]) {
        const { entries, error } = await drain(source);
        expect(entries).toStrictEqual([]);
        expect(error).toBeInstanceOf(UtmpError);
        expect((error as UtmpError).code).toBe(code);
      }
    }
  });
});

describe("damaged gzip input fails, promptly and without garbage; truncated gzip input gives what it holds", () => {
  /** Runs `source` to its end or error within 10 s; the entries yielded must be a prefix of `want`. */
  async function failsCleanly(source: StreamSource, want: Decoded, what: string): Promise<unknown> {
    const settled = await settleWithin(drain(source), 10_000);
    expect(settled, `${what}: hangs`).not.toBe("timeout");
    const { entries, error } = (settled as { value: { entries: string[]; error: unknown } }).value;
    expect(error, `${what}: no error`).toBeInstanceOf(Error);
    expect(entries, `${what}: yielded entries that are not a prefix of the records`).toStrictEqual(want.entries.slice(0, entries.length));
    return error;
  }

  /** Drains stream(source) with its warnings. */
  async function drainWarned(source: StreamSource): Promise<{ entries: string[]; error: unknown; warnings: UtmpWarning[] }> {
    const warnings: UtmpWarning[] = [];
    const entries: string[] = [];
    try {
      for await (const batch of stream(source, { onWarning: (w) => warnings.push(w) })) for (const e of batch) entries.push(lightKey(e));
    } catch (error) {
      return { entries, error, warnings };
    }
    return { entries, error: undefined, warnings };
  }

  // a cut archive raised an error, having yielded only whole windows; gzip -dc prints all it holds
  it("a truncated gz of a small wtmp: the whole records gzip -dc gives of it and a GZIP_TRUNCATED warning; cut before a byte, an error", async () => {
    const name = "s4/Ubuntu22/x86_64/wtmp";
    const want = decodeFile(fixture(name), lightKey);
    const gz = new Uint8Array(gzipSync(readBytes(fixture(name))));
    for (const cut of [3, 10, 20, Math.floor(gz.length / 2), gz.length - 8, gz.length - 4, gz.length - 1]) {
      const part = gz.subarray(0, cut);
      // what zlib inflates of the cut archive, as gzip -dc prints it
      const inflated = cut <= 10 ? 0 : gunzipSync(part, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).length;
      const sources = (): [string, StreamSource][] => [["Blob", new Blob([part])], ["path", tempFile("cut.gz", part)], ["chunks", asyncChunks(chunksOf(part, 100))]];
      for (const [what, source] of sources()) {
        const settled = await settleWithin(drainWarned(source), 10_000);
        expect(settled, `cut at ${cut}, ${what}: hangs`).not.toBe("timeout");
        const { entries, error, warnings } = (settled as { value: Awaited<ReturnType<typeof drainWarned>> }).value;
        if (inflated === 0) {
          expect((error as UtmpError).code, `cut at ${cut}, ${what}`).toBe(UtmpErrorCode.IO);
          expect(entries).toEqual([]);
          continue;
        }
        expect(error, `cut at ${cut}, ${what}`).toBeUndefined();
        expect(entries, `cut at ${cut}, ${what}`).toStrictEqual(want.entries.slice(0, Math.floor(inflated / 384)));
        expect(warnings.filter((w) => w.code === "GZIP_TRUNCATED").map((w) => w.offset), `cut at ${cut}, ${what}`).toEqual([inflated]);
      }
    }
  });

  it("a truncated gz of a 15 MB wtmp: every whole record it holds, in order, and the warning", async () => {
    const bytes = await generateWtmp(40_000, 4);
    const want = decodeBytes(bytes, {}, lightKey);
    const gz = new Uint8Array(gzipSync(bytes, { level: 1 }));
    const part = gz.subarray(0, Math.floor(gz.length * 0.6));
    const inflated = gunzipSync(part, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).length;
    for (const [what, source] of [["Blob", new Blob([part])], ["path", tempFile("cut-large.gz", part)]] as [string, StreamSource][]) {
      const { entries, error, warnings } = await drainWarned(source);
      expect(error, what).toBeUndefined();
      expect(entries.length, what).toBe(Math.floor(inflated / 384));
      expect(entries, what).toStrictEqual(want.entries.slice(0, entries.length));
      expect(warnings.map((w) => w.code), what).toContain("GZIP_TRUNCATED");
    }
  });

  // gzip -dc prints such an archive's data and then says its check failed: so do we, with a warning
  it("a gz with a damaged CRC or ISIZE: every record and a GZIP_DAMAGED warning; damaged deflate data: an error, or the check's warning", async () => {
    const name = "s4/CentOS7/x86_64/wtmp";
    const want = decodeFile(fixture(name), lightKey);
    const gz = new Uint8Array(gzipSync(readBytes(fixture(name))));
    const crc = gz.slice();
    crc[crc.length - 6]! ^= 0xff; // in the CRC-32 of the trailer
    const length = gz.slice();
    length[length.length - 3]! ^= 0x01; // in the ISIZE of the trailer
    const body = gz.slice();
    body[Math.floor(body.length / 2)]! ^= 0x5a; // in the deflate data: a wrong code, or wrong bytes the CRC catches
    for (const [what, damaged] of [["CRC", crc], ["ISIZE", length]] as const) {
      for (const source of [new Blob([damaged]), tempFile("damaged.gz", damaged)]) {
        const r = await drainWarned(source);
        expect(r.error, what).toBeUndefined();
        expect(r.entries, what).toStrictEqual(want.entries);
        expect(r.warnings.map((w) => [w.code, /fails its check \(incorrect (data|length) check\)/.test(w.message)]), what).toStrictEqual([["GZIP_DAMAGED", true]]);
      }
    }
    for (const source of [new Blob([body]), tempFile("damaged.gz", body)]) {
      const r = await drainWarned(source);
      if (r.error === undefined) expect(r.warnings.map((w) => w.code), "body").toContain("GZIP_DAMAGED");
      else await failsCleanly(source, want, "body");
    }
  });
});
