// Helpers of the stream tests (issue #4): the fixtures, both decodes reduced to
// comparable strings, seeded chunkings of a byte array, and temporary files.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { expect } from "vitest";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { fromBytes, open, stream, type Database, type Entry, type OpenOptions, type StreamOptions, type StreamSource, type UtmpWarning } from "../../../src/index.ts";
import { FIXTURES, isNotRecordData, REPO, walk } from "../../support/paths.ts";

/** Every binary fixture below test/fixtures (not the notes, scripts and compressed copies beside them), sorted. */
export const BINARY_FIXTURES: readonly { name: string; path: string }[] = walk(FIXTURES)
  .filter((p) => !isNotRecordData(p))
  .map((path) => ({ name: relative(FIXTURES, path), path }))
  .sort((a, b) => (a.name < b.name ? -1 : 1));

export const fixture = (name: string): string => join(FIXTURES, name);

/** A decode reduced to strings: equal decodes give equal objects. */
export interface Decoded {
  layout: string | undefined;
  /** JSON of each entry, with its per-record warnings and raw field bytes. */
  entries: string[];
  /** JSON of { code, offset, length } of each warning (messages name the source, so they differ). */
  warnings: string[];
}

const hex = (b: Uint8Array | undefined) => (b === undefined ? null : Buffer.from(b).toString("hex"));

/** An entry as a string: its JSON, per-record warnings, zeroed flag and raw field bytes; offsets moved by `shift`. */
export function entryKey(e: Entry, shift = 0): string {
  const raw = e.raw;
  const json = e.toJSON();
  json.offset += shift;
  const warnings = e.warnings.map((w) => warningKey({ ...w, offset: w.offset + shift }));
  return JSON.stringify([json, warnings, e.zeroed, [raw.id, raw.user, raw.line, raw.host, raw.addr].map(hex)]);
}

/** An entry without its offset (for comparing records that moved to another file). */
export function entryKeyWithoutOffset(e: Entry): string {
  const { offset: _offset, ...rest } = e.toJSON();
  return JSON.stringify(rest);
}

export const warningKey = (w: UtmpWarning): string => JSON.stringify({ code: w.code, offset: w.offset, length: w.length });

/** A cheaper key for inputs of many thousand entries: the entry's JSON alone. */
export const lightKey = (e: Entry, shift = 0): string => {
  const json = e.toJSON();
  json.offset += shift;
  return JSON.stringify(json);
};

export type KeyOf = (e: Entry) => string;

function fromDatabase(db: Database, key: KeyOf = (e) => entryKey(e)): Decoded {
  const all = [...db]; // Entries are kept and turned into JSON only once iteration is over
  return { layout: db.layout.id, entries: all.map((e) => key(e)), warnings: db.warnings.map(warningKey) };
}

/** The in-memory decode of a file: [...open(path)] and its warnings. */
export const decodeFile = (path: string, key?: KeyOf): Decoded => fromDatabase(open(path), key);
/** The in-memory decode of bytes: [...fromBytes(bytes)] and its warnings. */
export const decodeBytes = (bytes: Uint8Array, options: OpenOptions = {}, key?: KeyOf): Decoded => fromDatabase(fromBytes(bytes, options), key);

/**
 * Everything stream(source) yields: every Entry is kept until the stream has
 * ended and only then turned into JSON (batches must outlive later decodes).
 */
export async function decodeStream(source: StreamSource, options: StreamOptions = {}, key: KeyOf = (e) => entryKey(e)): Promise<Decoded & { batches: number }> {
  const warnings: UtmpWarning[] = [];
  let layout: string | undefined;
  const kept: Entry[] = [];
  let batches = 0;
  for await (const batch of stream(source, { ...options, onWarning: (w) => warnings.push(w), onLayout: (l) => (layout = l.id) })) {
    batches++;
    for (const e of batch) kept.push(e);
  }
  return { layout, entries: kept.map((e) => key(e)), warnings: warnings.map(warningKey), batches };
}

import { prng } from "../../support/prng.ts";
export { prng };

/** `bytes` cut where `sizes` says (the last size repeats until the end). */
export function chunksOf(bytes: Uint8Array, size: number | ((i: number) => number)): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = Math.max(1, Math.floor(typeof size === "number" ? size : size(i)));
    out.push(bytes.subarray(at, at + n));
    at += n;
  }
  return out;
}

/** Chunks of random sizes in 1..max (seeded). */
export function randomChunks(bytes: Uint8Array, seed: number, max: number): Uint8Array[] {
  const r = prng(seed);
  return chunksOf(bytes, () => 1 + Math.floor(r() * max));
}

/** `bytes` cut at the given offsets (sorted, each inside the bytes). */
export function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [0, ...cuts.filter((c) => c > 0 && c < bytes.length), bytes.length];
  return points.slice(1).map((end, i) => bytes.subarray(points[i]!, end));
}

/**
 * The same chunks, each copied into the middle of a larger buffer of random
 * garbage: a reader that ignores byteOffset or length decodes the garbage.
 */
export function noisy(chunks: readonly Uint8Array[], seed: number): Uint8Array[] {
  const r = prng(seed);
  const pool = new Uint8Array(4096);
  for (let i = 0; i < pool.length; i++) pool[i] = Math.floor(r() * 256);
  return chunks.map((c) => {
    const before = 1 + Math.floor(r() * 61);
    const after = 1 + Math.floor(r() * 61);
    const from = Math.floor(r() * 3900);
    const big = new Uint8Array(before + c.length + after);
    big.set(pool.subarray(from, from + before));
    big.set(pool.subarray(from + before, from + before + after), before + c.length);
    big.set(c, before);
    return big.subarray(before, before + c.length);
  });
}

/** An async iterable that hands out the chunks one at a time, as a network or file reader would. */
export async function* asyncChunks(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const c of chunks) {
    await Promise.resolve();
    yield c;
  }
}

/** A ReadableStream of the chunks, pulled one at a time. */
export function readableOf(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(chunks[i++]!);
      else controller.close();
    },
  });
}

export const readBytes = (path: string): Uint8Array<ArrayBuffer> => new Uint8Array(readFileSync(path));

/** A fresh temporary directory and a function that removes it. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `utmpx-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** bench/generate.mjs's generateWtmp: a deterministic realistic Linux wtmp (384-byte LE records). */
export async function generateWtmp(count: number, seed?: number): Promise<Uint8Array<ArrayBuffer>> {
  const url = pathToFileURL(join(REPO, "bench", "generate.mjs")).href;
  const mod = (await import(/* @vite-ignore */ url)) as { generateWtmp: (count: number, seed?: number) => Uint8Array<ArrayBuffer> };
  return seed === undefined ? mod.generateWtmp(count) : mod.generateWtmp(count, seed);
}

/** What a promise settles to, or "timeout" after `ms`: a hang must fail a test, not stall it. */
export function settleWithin<T>(p: Promise<T>, ms: number): Promise<{ value: T } | { error: unknown } | "timeout"> {
  return Promise.race([
    p.then((value) => ({ value }), (error: unknown) => ({ error })),
    new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), ms)),
  ]);
}

/**
 * Where each entry of a FreeBSD utx.log starts, by walking its u16 big-endian
 * length prefixes as FreeBSD's getfutxent does (a zero length skips one byte),
 * independently of the decoder. An entry that runs past the end is not counted.
 */
export function utxlogEntryStarts(bytes: Uint8Array): number[] {
  const starts: number[] = [];
  for (let at = 0; at + 2 <= bytes.length; ) {
    const length = (bytes[at]! << 8) | bytes[at + 1]!;
    if (length === 0) { at++; continue; }
    if (at + 2 + length > bytes.length) break;
    starts.push(at);
    at += 2 + length;
  }
  return starts;
}

/** The two decodes agree: layout, every entry (the first difference only: a diff of thousands takes minutes to print), warnings. */
export function expectSame(got: Decoded, want: Decoded, what: string): void {
  expect(got.layout, what).toBe(want.layout);
  const first = got.entries.findIndex((e, i) => e !== want.entries[i]);
  if (first >= 0) expect(got.entries[first], `${what}: entry ${first} of ${got.entries.length}`).toBe(want.entries[first]);
  expect(got.entries.length, what).toBe(want.entries.length);
  expect(got.warnings, what).toStrictEqual(want.warnings);
}

/** The fixtures open() decodes (not the Berkeley DB lastlogx ones). */
export const DECODABLE_FIXTURES = BINARY_FIXTURES.filter(({ path }) => {
  try {
    void open(path).layout;
    return true;
  } catch {
    return false;
  }
});

/** What stream(source) throws when drained, or undefined. */
export async function streamError(source: StreamSource): Promise<unknown> {
  try {
    for await (const _ of stream(source)) { /* drain */ }
  } catch (err) {
    return err;
  }
  return undefined;
}
