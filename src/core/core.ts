// Loads the wasm core once, synchronously (so databases can be read with plain
// iteration), and gives typed access to its exports and memory regions.
import { WASM_BASE64 } from "./wasmBytes.ts";

/** The core's exports, as assembly/index.ts declares them. */
export interface CoreExports {
  memory: WebAssembly.Memory;
  setupMemory(): number;
  /** `raw`: the F_* fields to leave raw (their column holds a length, not an id). */
  decode(length: number, raw: number): number;
  /** decode() of the records in read-ahead slot `slot` (0 or 1) instead of the window. */
  decodeAhead(slot: number, length: number, raw: number): number;
  /** Where read-ahead slot `slot` starts in memory (0: no such slot). */
  aheadSlotPtr(slot: number): number;
  score(length: number, nowSeconds: number, maxSample: number, sameBytes: number): number;
  expandUtxLog(length: number): number;
  decodeExpanded(count: number, raw: number): number;
  scoreExpanded(count: number, nowSeconds: number, maxSample: number): number;
  /** Non-zero: the scores after it leave a typed record's time out of its judgement (assembly/score.ts). */
  relaxTimes(relaxed: number): void;
  select(length: number, typeMask: number, userLength: number, lineLength: number,
    sinceSecond: number, sinceMicro: number, untilSecond: number, untilMicro: number, keepZero: boolean): number;
  selectExpanded(count: number, typeMask: number, userLength: number, lineLength: number,
    sinceSecond: number, sinceMicro: number, untilSecond: number, untilMicro: number, keepZero: boolean): number;
  gather(kept: number, expanded: boolean): void;
  sketchMisses(field: number): number;
  freshStrings(field: number): number;
  encode(count: number): number;
  dump(from: number, count: number, dumpTypes: boolean): number;
  /** `fields`: the J_* bits of what the layout has; `prefixes`: slots of the prefix table the host filled. */
  json(from: number, count: number, fileOffset: number, fields: number, prefixes: number, byRawType: boolean): number;
  /** The rows of the export program at exportProgramPtr (assembly/exportRows.ts). */
  exportRows(from: number, count: number, fileOffset: number, ops: number, csv: boolean): number;
  /** last's rows described at lastRowsPtr (assembly/lastRows.ts): `times` packs the time formats, `flags` the L_* bits. */
  lastRows(from: number, count: number, times: number, nameLen: number, domainLen: number, flags: number): number;
  /** last's pairing (assembly/lastPairs.ts): its start, and the records of the last decode. */
  pairStart(now: number, since: number, until: number, extended: boolean, limit: number,
    boot: number, down: number, newTime: number, oldTime: number, levelZero: number, levels: number): void;
  pairRecords(count: number): number;
  columnPtr(col: number): number;
  resetStrings(): void;
  /** The probing tables' seed (assembly/intern.ts slotSeed): once, before anything is interned. */
  seedSlots(seed: number): void;
  [constant: string]: unknown;
}

/** A loaded core: its exports plus the values of its exported constants. */
export interface Core {
  readonly exports: CoreExports;
  /** Value of an exported constant (D_*, K_*, COL_*, R_*, region pointers), cached. */
  value(name: string): number;
  /** Current value of an exported mutable global (stringCount, generation). */
  live(name: string): number;
}

let compiled: WebAssembly.Module | undefined;

function wasmBytes(): Uint8Array {
  // Node's and Bun's Buffer decodes base64 natively: atob and a loop took 6-7 ms of every start
  const buffer = (globalThis as { Buffer?: { from(s: string, encoding: "base64"): Uint8Array } }).Buffer;
  if (buffer) return buffer.from(WASM_BASE64, "base64");
  const binary = atob(WASM_BASE64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function globalValue(exports: CoreExports, name: string): number {
  const g = exports[name];
  if (!(g instanceof WebAssembly.Global)) throw new Error(`utmpx core has no export ${name}`);
  return Number(g.value);
}

/**
 * A fresh core instance. Each Decoder owns one, so decoders never share the
 * window or the string table. Compilation happens once per process.
 * @throws Error if the runtime cannot grow the memory the core needs
 */
export function instantiateCore(module?: WebAssembly.Module): Core {
  compiled ??= module ?? new WebAssembly.Module(wasmBytes() as Uint8Array<ArrayBuffer>);
  const instance = new WebAssembly.Instance(compiled, {});
  const exports = instance.exports as unknown as CoreExports;
  if (exports.setupMemory() !== 0) throw new Error("utmpx: the WebAssembly core could not reserve its memory");
  exports.seedSlots(slotSeed());
  const constants = new Map<string, number>();
  const value = (name: string): number => {
    let v = constants.get(name);
    if (v === undefined) constants.set(name, (v = globalValue(exports, name)));
    return v;
  };
  return { exports, value, live: (name) => globalValue(exports, name) };
}

/**
 * A number a file cannot guess, for where the core's tables put a string
 * (assembly/intern.ts slotSeed): names made to crowd its slots would make the
 * decode slow down as the square of their number. Math.random, seeded by the
 * engine from the system's entropy, is out of a file's reach; Web Crypto was
 * too, but its first call in Node raised a 250 MB stream's peak RSS from about
 * 103 MiB to 130 (test/read/stream/memory.test.ts, readable and .gz).
 */
function slotSeed(): number {
  return Math.floor(Math.random() * 2 ** 32) >>> 0;
}

/** Compiles the core ahead of first use (optional: the first decode compiles it synchronously otherwise). */
export async function init(module?: WebAssembly.Module): Promise<void> {
  compiled ??= module ?? (await WebAssembly.compile(wasmBytes() as Uint8Array<ArrayBuffer>));
}
