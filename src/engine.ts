// The one core instance of the process and the operations on it. JS runs one
// call at a time, so every decode copies in, decodes and copies out before
// anyone else touches the window: views into wasm memory never outlive a call.
import { instantiateCore, type Core } from "./core.ts";
import { buildDescriptor } from "./descriptor.ts";
import { EntryBatch, type EntryColumns } from "./batch.ts";
import { StringTable } from "./stringTable.ts";
import { UtmpError, UtmpErrorCode } from "./errors.ts";
import type { Layout } from "./layouts.ts";

export interface Score {
  /** Records looked at. */
  sampled: number;
  /** Of those, entirely zero. */
  zero: number;
  /** Non-zero records judged (at most the sample size); plausible and strong count among these. */
  judged: number;
  plausible: number;
  softEarned: number;
  softPossible: number;
  /** Plausible records with a type other than EMPTY (or a time, in untyped layouts). */
  strong: number;
}

export class Engine {
  readonly core: Core;
  /** Bytes of records one decode call accepts. */
  readonly windowCapacity: number;
  /** Records one decode call produces at most. */
  readonly maxRecords: number;
  private strings: StringTable;
  private readonly descriptors = new Map<Layout, Int32Array>();
  private loaded: Layout | undefined;

  constructor(core: Core = instantiateCore()) {
    this.core = core;
    this.windowCapacity = core.value("WINDOW_CAPACITY");
    this.maxRecords = core.value("MAX_RECORDS");
    this.strings = new StringTable(core.live("generation"));
  }

  /** A fresh view of the input window (valid until the next call into the core). */
  window(): Uint8Array {
    return new Uint8Array(this.core.exports.memory.buffer, this.core.value("windowPtr"), this.windowCapacity);
  }

  /** Bytes of one decode call for this layout: whole records only. */
  windowBytesFor(layout: Layout): number {
    return Math.min(this.maxRecords, Math.floor(this.windowCapacity / layout.recordSize)) * layout.recordSize;
  }

  /** Decodes the whole records among the first `length` bytes of the window. */
  decodeWindow(layout: Layout, length: number, fileOffset: number): EntryBatch {
    this.loadDescriptor(layout);
    const count = this.core.exports.decode(length);
    if (count < 0) throw new UtmpError(UtmpErrorCode.INTERNAL, `utmpx core: decode failed with status ${count} (layout ${layout.id})`);
    this.syncStrings();
    return new EntryBatch(layout, fileOffset, count, this.copyColumns(count), this.strings);
  }

  /**
   * Decodes the whole framed entries (FreeBSD utx.log) among the first `length`
   * bytes of the window. `consumed` bytes were used; the rest start a partial entry.
   */
  decodeFramedWindow(layout: Layout, length: number, fileOffset: number): { batch: EntryBatch; consumed: number; resyncs: number } {
    this.loadDescriptor(layout);
    const count = this.expand(layout, length);
    const decoded = this.core.exports.decodeExpanded(count);
    if (decoded !== count) throw new UtmpError(UtmpErrorCode.INTERNAL, `utmpx core: decodeExpanded failed with status ${decoded} (layout ${layout.id})`);
    this.syncStrings();
    const starts = new Uint32Array(this.core.exports.memory.buffer, this.core.exports.columnPtr(this.core.value("COL_SOURCE_OFFSET")), count);
    const offsets = Float64Array.from(starts, (at) => fileOffset + at);
    const batch = new EntryBatch(layout, fileOffset, count, this.copyColumns(count), this.strings, offsets);
    return { batch, consumed: this.core.live("framedConsumed"), resyncs: this.core.live("framedResyncs") };
  }

  /** Plausibility of the framed entries at the start of the window, with how much of it they cover. */
  scoreFramed(layout: Layout, length: number, nowSeconds: number, maxSample: number): Score & { consumed: number; resyncs: number } {
    this.loadDescriptor(layout);
    const count = this.expand(layout, length);
    const score = this.readScore(layout, this.core.exports.scoreExpanded(count, nowSeconds, maxSample));
    return { ...score, consumed: this.core.live("framedConsumed"), resyncs: this.core.live("framedResyncs") };
  }

  private expand(layout: Layout, length: number): number {
    const count = this.core.exports.expandUtxLog(length);
    if (count < 0) throw new UtmpError(UtmpErrorCode.INTERNAL, `utmpx core: expandUtxLog failed with status ${count} (layout ${layout.id})`);
    return count;
  }

  /** Decodes records from `bytes` (any length; whole records only), in as many calls as it takes. */
  *decodeBytes(layout: Layout, bytes: Uint8Array, fileOffset = 0): Generator<EntryBatch> {
    const step = this.windowBytesFor(layout);
    const whole = bytes.length - (bytes.length % layout.recordSize);
    for (let at = 0; at < whole; at += step) {
      const n = Math.min(step, whole - at);
      this.window().set(bytes.subarray(at, at + n));
      yield this.decodeWindow(layout, n, fileOffset + at);
    }
  }

  /** Plausibility of the first `length` bytes of the window read as `layout`. */
  score(layout: Layout, length: number, nowSeconds: number, maxSample: number): Score {
    this.loadDescriptor(layout);
    return this.readScore(layout, this.core.exports.score(length, nowSeconds, maxSample));
  }

  private readScore(layout: Layout, sampled: number): Score {
    if (sampled < 0) throw new UtmpError(UtmpErrorCode.INTERNAL, `utmpx core: score failed with status ${sampled} (layout ${layout.id})`);
    const slots = new Float64Array(this.core.exports.memory.buffer, this.core.value("scorePtr"), 8);
    const v = this.core.value;
    return {
      sampled, zero: slots[v("S_ZERO")]!, judged: slots[v("S_JUDGED")]!, plausible: slots[v("S_PLAUSIBLE")]!,
      softEarned: slots[v("S_SOFT_EARNED")]!, softPossible: slots[v("S_SOFT_POSSIBLE")]!,
      strong: slots[v("S_STRONG")]!,
    };
  }

  private loadDescriptor(layout: Layout): void {
    if (this.loaded === layout) return;
    let d = this.descriptors.get(layout);
    if (!d) {
      d = buildDescriptor(this.core, layout);
      this.descriptors.set(layout, d);
    }
    new Int32Array(this.core.exports.memory.buffer, this.core.value("descriptorPtr"), d.length).set(d);
    this.loaded = layout;
  }

  private syncStrings(): void {
    const v = this.core.value;
    const generation = this.core.live("generation");
    if (generation !== this.strings.generation) this.strings = new StringTable(generation);
    const count = this.core.live("stringCount");
    if (count > this.strings.size) {
      const buffer = this.core.exports.memory.buffer;
      const entries = new Uint32Array(buffer, v("entriesPtr"), count * 3);
      this.strings.addFrom(new Uint8Array(buffer, v("arenaPtr")), entries, count);
    }
  }

  private copyColumns(count: number): EntryColumns {
    const buffer = this.core.exports.memory.buffer;
    const ptr = (name: string) => this.core.exports.columnPtr(this.core.value(name));
    const i32 = (name: string) => new Int32Array(buffer, ptr(name), count).slice();
    const u32 = (name: string) => new Uint32Array(buffer, ptr(name), count).slice();
    const f64 = (name: string) => new Float64Array(buffer, ptr(name), count).slice();
    return {
      rawType: i32("COL_TYPE"), pid: i32("COL_PID"),
      exitTermination: i32("COL_EXIT_TERMINATION"), exitCode: i32("COL_EXIT_CODE"),
      user: u32("COL_USER"), line: u32("COL_LINE"), host: u32("COL_HOST"), id: u32("COL_ID"),
      flags: u32("COL_FLAGS"),
      session: f64("COL_SESSION"), seconds: f64("COL_SECONDS"), microseconds: f64("COL_MICROSECONDS"),
      addr: new Uint8Array(buffer, ptr("COL_ADDR"), count * 16).slice(),
      addrFamily: new Uint8Array(buffer, ptr("COL_ADDR_FAMILY"), count).slice(),
      addrId: u32("COL_ADDR_ID"),
    };
  }
}

let shared: Engine | undefined;

/** The process's engine, created (and the core compiled) on first use. */
export function engine(): Engine {
  shared ??= new Engine();
  return shared;
}
