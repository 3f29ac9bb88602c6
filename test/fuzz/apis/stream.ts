// stream() over chunks of random sizes (a ReadableStream, an async iterable,
// an array), gzip-compressed or not, must give what fromBytes gives the same
// bytes; openAll() over several damaged sources gives all their records.
import { gzipSync } from "node:zlib";
import { expect } from "vitest";
import { fromBytes, openAll, stream, UtmpErrorCode, type StreamSource, type UtmpWarning } from "../../../src/index.ts";
import type { FuzzApi } from "../harness.ts";
import { chunkSizes, cut } from "../mutate.ts";
import { entryKey, expectKnownError, expectSameKeys, soundAfter } from "../oracle.ts";
import { DETECT_CODES, generateBytes, type BytesInput } from "./bytes.ts";

export interface StreamInput extends BytesInput {
  /** What reaches stream(): the bytes, or their gzip (then `bytes` are what it must decode to, unless damaged). */
  readonly wire: Uint8Array;
  readonly gzip: "no" | "intact" | "damaged";
  readonly chunks: readonly number[];
  readonly via: "ReadableStream" | "async iterable" | "array";
}

type Outcome = { error: string } | { keys: string[]; warnings: string[] };

const warningKey = (w: UtmpWarning) => `${w.code}@${w.offset}+${w.length}`;

function memoryOutcome(bytes: Uint8Array, layout: string | null): Outcome {
  const db = fromBytes(bytes, layout === null ? {} : { layout });
  try {
    const keys = [...db].map((e) => entryKey(e));
    return { keys, warnings: db.warnings.map(warningKey) };
  } catch (err) {
    expectKnownError(err, layout === null ? DETECT_CODES : []);
    return { error: (err as { code: string }).code };
  }
}

function source(input: StreamInput, wire: Uint8Array, sizes: readonly number[]): StreamSource {
  const chunks = cut(wire, sizes);
  switch (input.via) {
    case "array": return chunks;
    case "async iterable": return (async function* () { yield* chunks; })();
    default: return new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
  }
}

async function streamOutcome(src: StreamSource, layout: string | null, codes: readonly UtmpErrorCode[]): Promise<Outcome> {
  const warnings: UtmpWarning[] = [];
  const keys: string[] = [];
  try {
    for await (const batch of stream(src, { ...(layout === null ? {} : { layout }), onWarning: (w) => warnings.push(w) })) {
      for (const e of batch) keys.push(entryKey(e));
    }
    return { keys, warnings: warnings.map(warningKey) };
  } catch (err) {
    expectKnownError(err, codes);
    soundAfter(true);
    return { error: (err as { code: string }).code };
  }
}

/**
 * A third of the runs: each stream() call costs about 10 ms whatever the input's
 * size (it allocates and zeroes an 8 MiB staging buffer; see the report of issue 10).
 */
export const streamApi: FuzzApi<StreamInput> = {
  name: "stream",
  share: 0.3,
  generate(rng, index) {
    const input = generateBytes(rng, index);
    const gzip = rng.chance(0.8) ? "no" : rng.chance(0.7) ? "intact" : "damaged";
    let wire = gzip === "no" ? input.bytes : new Uint8Array(gzipSync(input.bytes));
    if (gzip === "damaged") {
      wire = wire.slice(0, rng.chance(0.5) ? rng.int(wire.length + 1) : wire.length);
      if (wire.length > 0) wire[rng.int(wire.length)]! ^= 1 << rng.int(8);
    }
    const size = input.layout === null ? 384 : fromBytes(new Uint8Array(0), { layout: input.layout }).layout.recordSize;
    return { ...input, wire, gzip, chunks: chunkSizes(rng, wire.length, size), via: rng.pick(["ReadableStream", "async iterable", "array"] as const) };
  },
  async check(input) {
    const codes = input.gzip === "damaged" ? [...DETECT_CODES, UtmpErrorCode.IO] : input.layout === null ? DETECT_CODES : [];
    const got = await streamOutcome(source(input, input.wire, input.chunks), input.layout, codes);
    if (input.gzip === "damaged") return;
    const want = memoryOutcome(input.bytes, input.layout);
    if ("error" in want || "error" in got) {
      expect(got, "stream() fails as fromBytes() does").toStrictEqual(want);
      return;
    }
    expectSameKeys(got.keys, want.keys, "stream() entries equal fromBytes()");
    expect(got.warnings, "stream() warnings").toStrictEqual(want.warnings);
    soundAfter(false);
  },
};

export interface OpenAllInput {
  readonly parts: readonly StreamInput[];
  readonly layout: string | null;
}

/** Up to three sources, each read twice (its first record, then all): a tenth of the runs. */
export const openAllApi: FuzzApi<OpenAllInput> = {
  name: "openAll",
  share: 0.1,
  generate(rng, index) {
    const count = rng.range(1, 3);
    const parts = Array.from({ length: count }, (_, k) => streamApi.generate(rng, index * 3 + k));
    return { parts: parts.map((p) => ({ ...p, gzip: "no", wire: p.bytes, chunks: chunkSizes(rng, p.bytes.length, 384) })), layout: parts[0]!.layout };
  },
  async check(input) {
    const opts = input.layout === null ? {} : { layout: input.layout };
    const singles = input.parts.map((p) => memoryOutcome(p.bytes, input.layout));
    const keys: string[] = [];
    try {
      for await (const batch of openAll(input.parts.map((p) => source(p, p.wire, p.chunks)), opts)) {
        for (const e of batch) keys.push(entryKey(e));
      }
    } catch (err) {
      expectKnownError(err, input.layout === null ? DETECT_CODES : []);
      expect(singles.some((s) => "error" in s), `openAll failed (${String(err)}) where every source decodes alone`).toBe(true);
      soundAfter(true);
      return;
    }
    expect(singles.every((s) => "keys" in s), "openAll decoded a source that fails alone").toBe(true);
    // each source's records, in some order of the sources
    const want = singles.flatMap((s) => ("keys" in s ? s.keys : [])).sort();
    expectSameKeys(keys.slice().sort(), want, "openAll() gives every record of every source");
    soundAfter(false);
  },
};

export const STREAM_APIS: readonly FuzzApi<unknown>[] = [streamApi, openAllApi];
