// The fuzz runner: a seeded, replayable loop of generated inputs per API, with
// the checks every input gets whatever the API (a time limit, a hang watchdog,
// bounded memory) and a report that says how to replay a failure.
//
// FUZZ_RUNS   inputs per API (default 300: seconds in the Node suite); some APIs run a share of it
// FUZZ_SEED   a number, or "random" (chosen and printed); default a fixed seed
// FUZZ_FROM   index of the first input (replay one input: FUZZ_FROM=i FUZZ_RUNS=1)
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { engine } from "../../src/core/engine.ts";
import { REPO } from "../support/paths.ts";
import { prng } from "../support/prng.ts";

function envNumber(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name}=${text}: expected a whole number`);
  return n;
}

/** Inputs per API. */
export const RUNS = envNumber("FUZZ_RUNS", 300);
/** Index of the first input. */
export const FROM = envNumber("FUZZ_FROM", 0);
/** The run's seed: every input's generator is derived from it, the API's name and the input's index. */
export const SEED = process.env.FUZZ_SEED === "random"
  ? Math.floor(Math.random() * 2 ** 32)
  : envNumber("FUZZ_SEED", 0x5eed0010);
/** A long run (more inputs than the CI default): longer text inputs are allowed. */
export const LONG = RUNS > 10_000;
/** An input slower than this twice running fails (the CI inputs take milliseconds each). */
export const SLOW_MS = envNumber("FUZZ_SLOW_MS", 2_000);
/** An input still running after this long is a hang: the watchdog reports it and ends the process. */
export const HANG_MS = envNumber("FUZZ_HANG_MS", 20_000);
/** vitest's timeout for one API's loop. */
export const TIMEOUT = Math.max(60_000, RUNS * 50);

export function announce(file: string): void {
  console.log(`fuzz ${file}: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}${FROM ? ` FUZZ_FROM=${FROM}` : ""}`);
}

/** A generator of random choices: a seeded mulberry32 with helpers. */
export class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    if (list.length === 0) throw new Error("pick from an empty list");
    return list[this.int(list.length)]!;
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }
  /** A length, mostly small: 1 in 2 below 8, 1 in 4 below 64, else up to `max`. */
  size(max: number): number {
    const r = this.next();
    return r < 0.5 ? this.int(Math.min(8, max + 1)) : r < 0.75 ? this.int(Math.min(64, max + 1)) : this.int(max + 1);
  }
}

/** One API under fuzz: how to make an input and what must hold for it. */
export interface FuzzApi<C> {
  readonly name: string;
  /** Share of FUZZ_RUNS this API runs (default 1): less for APIs whose inputs cost more. */
  readonly share?: number;
  generate(rng: Rng, index: number): C;
  /** Throws (an assertion or the API's own unexpected error) when the input breaks a rule. */
  check(input: C): void | Promise<void>;
}

function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The seed of input `index` of `api`: each input can be made alone, without its predecessors. */
export function inputSeed(seed: number, api: string, index: number): number {
  let h = Math.imul(seed ^ hashName(api), 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

// Inputs are kept as JSON, byte arrays as base64 and NaN or infinities as
// text: the same form for a failure's report and for the regression corpus
// (test/fuzz/regressions/).
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Uint8Array ? { base64: Buffer.from(v).toString("base64") }
      : typeof v === "number" && !Number.isFinite(v) ? { number: String(v) } : v, 1);
}
export function fromJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Object.keys(v).length !== 1) return v;
    if ("base64" in v) return new Uint8Array(Buffer.from(String(v.base64), "base64"));
    if ("number" in v) return Number(v.number);
    return v;
  });
}

/**
 * A watchdog thread: the fuzz loop counts its inputs in shared memory; when the
 * count stands still for HANG_MS while an input runs, a synchronous call has
 * hung (nothing on this thread can notice), so the watchdog prints the input
 * and ends the process (vitest then reports the test file as failed).
 */
class Watchdog {
  private readonly state = new Int32Array(new SharedArrayBuffer(8 + 4096));
  private readonly text = new Uint8Array(this.state.buffer, 8);
  private worker: Worker | undefined;

  begin(what: string): void {
    this.worker ??= this.start();
    const bytes = new TextEncoder().encode(what).subarray(0, this.text.length - 1);
    this.text.fill(0).set(bytes);
    Atomics.add(this.state, 0, 1);
    Atomics.store(this.state, 1, 1);
  }

  end(): void {
    Atomics.store(this.state, 1, 0);
  }

  private start(): Worker {
    const code = `
      const { workerData } = require("node:worker_threads");
      const { writeSync } = require("node:fs");
      const state = new Int32Array(workerData.buffer);
      const text = new Uint8Array(workerData.buffer, 8);
      let last = Atomics.load(state, 0);
      for (;;) {
        Atomics.wait(state, 0, last, workerData.limit);
        const now = Atomics.load(state, 0);
        if (now === last && Atomics.load(state, 1) === 1) {
          const end = text.indexOf(0);
          const what = new TextDecoder().decode(text.subarray(0, end < 0 ? text.length : end));
          writeSync(2, "\\nfuzz: HANG: no progress for " + workerData.limit + " ms in " + what + "\\n");
          process.kill(process.pid, "SIGKILL");
        }
        last = now;
      }`;
    const worker = new Worker(code, { eval: true, workerData: { buffer: this.state.buffer, limit: HANG_MS } });
    worker.unref();
    return worker;
  }
}

const watchdog = new Watchdog();

/** Bytes of the core's memory once set up: it must never grow (the window and columns are static). */
function coreMemoryBytes(): number {
  return engine().core.exports.memory.buffer.byteLength;
}

/** Where a failing input is written, to replay or to add to test/fuzz/regressions/. */
const FAILURES = join(REPO, "build", "fuzz-failures");

/**
 * Runs FUZZ_RUNS inputs of `api` from FUZZ_FROM. A failure names the API, the
 * seed and the input's index, writes the input to build/fuzz-failures/ and says
 * how to replay it.
 */
export async function runFuzz<C>(api: FuzzApi<C>, runs = Math.max(1, Math.round(RUNS * (api.share ?? 1)))): Promise<void> {
  const memory = coreMemoryBytes();
  const heapLimit = process.memoryUsage().heapUsed + 512 * 1024 * 1024;
  for (let index = FROM; index < FROM + runs; index++) {
    const where = `${api.name} input ${index} (FUZZ_SEED=${SEED} FUZZ_FROM=${index})`;
    let input: C | undefined;
    const started = performance.now();
    try {
      watchdog.begin(where);
      input = api.generate(new Rng(inputSeed(SEED, api.name, index)), index);
      await api.check(input);
      watchdog.end();
      const took = performance.now() - started;
      if (took > SLOW_MS) {
        // a pause of the machine or the collector is not the input's: slow only if it is slow again
        const again = performance.now();
        watchdog.begin(where);
        await api.check(input);
        watchdog.end();
        const retook = performance.now() - again;
        if (retook > SLOW_MS) throw new Error(`took ${Math.round(took)} ms, then ${Math.round(retook)} ms (limit FUZZ_SLOW_MS=${SLOW_MS})`);
      }
      if (coreMemoryBytes() !== memory) throw new Error(`the core's memory grew from ${memory} to ${coreMemoryBytes()} bytes`);
      if (index % 256 === 255 && process.memoryUsage().heapUsed > heapLimit) {
        throw new Error(`the JavaScript heap grew past ${heapLimit} bytes`);
      }
    } catch (err) {
      watchdog.end();
      throw failure(api.name, index, where, input, err);
    }
  }
}

function failure(name: string, index: number, where: string, input: unknown, err: unknown): Error {
  let saved = "(the input could not be made)";
  if (input !== undefined) {
    mkdirSync(FAILURES, { recursive: true });
    saved = join(FAILURES, `${name}-${SEED}-${index}.json`);
    writeFileSync(saved, `${toJson({ api: name, found: `FUZZ_SEED=${SEED} FUZZ_FROM=${index}`, input })}\n`);
  }
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new Error(`fuzz ${where} failed: ${detail}\n` +
    `  input: ${saved}\n` +
    `  replay: FUZZ_SEED=${SEED} FUZZ_FROM=${index} FUZZ_RUNS=1 npx vitest run --project node test/fuzz/ -t ${name}`, { cause: err });
}
