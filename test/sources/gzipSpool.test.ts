// spoolGzip(): a .gz's decompressed bytes, in memory up to its limit and past
// it in a temporary file (holes where the bytes are zeros, no name left in the
// temporary folder), read back by position exactly as zlib decompresses them.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { constants, createGunzip, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { spoolGzip } from "../../src/sources/gzipSpool.ts";
import type { ByteSource } from "../../src/sources/sources.ts";
import type { UtmpWarning } from "../../src/util/errors.ts";
import { prng } from "../support/prng.ts";

const WTMP = new Uint8Array(readFileSync(new URL("../fixtures/generated-glibc-x86_64/wtmp", import.meta.url)));
const MiB = 1 << 20;

/** Zeros, a wtmp, more zeros, the wtmp again, then zeros: holes and data, not on chunk boundaries. */
function holey(): Uint8Array {
  const b = new Uint8Array(7 * MiB + 12_345);
  b.set(WTMP, 3 * MiB + 100);
  b.set(WTMP, 6 * MiB - 50);
  return b;
}

/** Every byte of `source`, read in pieces of random sizes at random places, and whole. */
function expectBytes(source: ByteSource, want: Uint8Array): void {
  expect(source.size()).toBe(want.length);
  const whole = new Uint8Array(want.length + 10);
  expect(source.readInto(0, whole)).toBe(want.length);
  expect(Buffer.from(whole.subarray(0, want.length)).equals(Buffer.from(want))).toBe(true);
  const rand = prng(3);
  for (let k = 0; k < 300; k++) {
    const at = Math.floor(rand() * want.length);
    const piece = new Uint8Array(1 + Math.floor(rand() * 3 * MiB));
    piece.fill(0xee);
    const n = source.readInto(at, piece);
    expect(n).toBe(Math.min(piece.length, want.length - at));
    expect(Buffer.from(piece.subarray(0, n)).equals(Buffer.from(want.subarray(at, at + n)))).toBe(true);
  }
  expect(source.readInto(want.length, new Uint8Array(8))).toBe(0);
}

describe("spoolGzip", () => {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-spool-test-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const bytes = holey();
  const path = join(dir, "holey.gz");
  writeFileSync(path, gzipSync(bytes, { level: 1 }));
  const spools = () => readdirSync(tmpdir()).filter((n) => /^utmpx-[^-]+$/.test(n)).sort();

  it("keeps bytes under its limit in memory", async () => {
    const s = (await spoolGzip(path, undefined, 64 * MiB))!;
    expectBytes(s.source, bytes);
    expect(s.source.name).toBe(path);
    s.close();
  });

  it("puts bytes past its limit in a temporary file (zeros as holes, filled when read) and leaves no name behind", async () => {
    const before = spools();
    const s = (await spoolGzip(path, undefined, 1000))!;
    expect(spools()).toStrictEqual(before);
    expectBytes(s.source, bytes);
    s.close();
    expect(() => s.source.readInto(0, new Uint8Array(1 << 16))).toThrow(/read after it was closed/);
  });

  it("gives a cut archive's bytes up to the cut, as zlib decompresses them, with the warning stream() gives", async () => {
    const gz = gzipSync(bytes, { level: 1 });
    const cut = join(dir, "cut.gz");
    writeFileSync(cut, gz.subarray(0, Math.floor(gz.length * 0.8)));
    const want = gunzipSync(gz.subarray(0, Math.floor(gz.length * 0.8)), { finishFlush: constants.Z_SYNC_FLUSH });
    for (const limit of [1000, 64 * MiB]) {
      const warnings: UtmpWarning[] = [];
      const s = (await spoolGzip(cut, (w) => warnings.push(w), limit))!;
      expectBytes(s.source, new Uint8Array(want));
      expect(warnings.map((w) => [w.code, w.offset])).toStrictEqual([["GZIP_TRUNCATED", want.length]]);
      s.close();
    }
  });

  // damaged deflate data part way: the bytes before it are read, then its error (as a stream gives its
  // batches, then throws); the temporary file was left open, and its space taken, until the process ended
  it("gives a damaged archive's bytes up to the damage with the failure, and lets go of its temporary file", async () => {
    // text of 16 letters: deflate codes it in Huffman blocks, where random bytes are an error, not a failed check
    const rand = prng(9);
    const text = Uint8Array.from({ length: 6 * MiB }, () => 65 + ((rand() * 16) | 0));
    const gz = gzipSync(text, { level: 1 });
    const damaged = join(dir, "damaged.gz");
    const b = Uint8Array.from(gz);
    for (let i = 0; i < 2000; i++) b[Math.floor(b.length * 0.6) + i] = (rand() * 256) | 0;
    writeFileSync(damaged, b);
    // what zlib itself gives before it fails
    const want = await new Promise<Uint8Array>((resolve) => {
      const parts: Buffer[] = [];
      const z = createGunzip();
      z.on("data", (d: Buffer) => parts.push(d));
      z.on("error", () => resolve(new Uint8Array(Buffer.concat(parts))));
      z.end(b);
    });
    expect(want.length).toBeGreaterThan(1000);
    expect(want.length).toBeLessThan(text.length);
    const fds = () => readdirSync("/proc/self/fd").length;
    const open = fds();
    for (const limit of [1000, 64 * MiB]) {
      const s = (await spoolGzip(damaged, undefined, limit))!;
      expect(String(s.failure)).toMatch(/damaged\.gz/);
      // zlib may hold back the last bytes it made before the failure: what is given is a prefix, of at least
      // every whole MiB chunk zlib passed on before it failed
      expect(s.source.size()).toBeLessThanOrEqual(want.length);
      expect(s.source.size()).toBeGreaterThan(want.length - MiB);
      expectBytes(s.source, text.subarray(0, s.source.size()));
      s.close();
    }
    expect(fds()).toBe(open);
  });

  it("gives undefined where no temporary file can be made, and nothing under its limit needs one", async () => {
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = join(dir, "no such folder");
    try {
      expect(await spoolGzip(path, undefined, 1000)).toBeUndefined();
      const s = (await spoolGzip(path, undefined, 64 * MiB))!;
      expectBytes(s.source, bytes);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR; else process.env.TMPDIR = saved;
    }
  });
});
