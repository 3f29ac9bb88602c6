// The one core instance of the process and the operations on it. JS runs one
// call at a time, so every decode copies in, decodes and copies out before
// anyone else touches the window: views into wasm memory never outlive a call.
import { instantiateCore, type Core } from "./core.ts";
import { buildDescriptor } from "./descriptor.ts";
import { type CoreHold, type CoreText, type EntryColumns, type ExportProgram, type JsonPrefix, type RawStrings } from "./recordBatch.ts";
import { EntryBatch } from "./batch.ts";
import { writeExportProgram } from "./exportProgramRegion.ts";
import { LastPairs } from "./lastPairs.ts";
import { StringTable } from "./stringTable.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import type { Layout } from "../layouts/table.ts";
import type { CompiledFilter } from "./filter.ts";
import { InternPolicy, RAW_BITS, STRING_BITS, type InternedField } from "./internPolicy.ts";
import { readWide } from "./wide.ts";
import { mapToFloat64 } from "../util/typedArrays.ts";
import { typeFromStrings } from "../layouts/conventions.ts";

/** The core's number of each field, in its counts of new strings and its sketch. */
const FIELD_NUMBER: Record<InternedField, number> = { user: 0, line: 1, host: 2, id: 3, addr: 4 };

/**
 * Which string columns a transient batch of a whole window decodes at once (the
 * rest only if RecordBatch.withStrings() is called while the core holds it):
 * every one; users and lines (last pairs by them and prints the rest from the
 * records); or none (the core's dump and JSON writers, lastb's rows).
 */
export type DecodedStrings = "all" | "usersAndLines" | "none";

/** The fields (RAW_BITS) whose columns each choice leaves 0; an address left out is not interned (its id 0). */
const LATER_FIELDS = { usersAndLines: RAW_BITS.host | RAW_BITS.id | RAW_BITS.addr, none: STRING_BITS | RAW_BITS.addr } as const;

/** The batch without the rows whose type (from their strings, in untyped layouts) the filter does not want. */
function postFilter(batch: EntryBatch, filter: CompiledFilter): EntryBatch {
  const wanted = filter.entryTypes;
  if (!wanted) return batch;
  const rows: number[] = [];
  for (let i = 0; i < batch.length; i++) if (wanted.has(batch.get(i)!.type)) rows.push(i);
  return rows.length === batch.length ? batch : batch.pick(rows);
}

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
  /** Earliest and latest time among the strong records (±Infinity when none). */
  minSeconds: number;
  maxSeconds: number;
}

/** Bytes a read-and-decode aims at (see windowBytesFor): 4096 records of glibc's 384 bytes. */
export const WINDOW_TARGET = 1.5 * 1024 * 1024;

/** The core's read-ahead slots, held by one reader (Engine.aheadSlots). */
export interface AheadSlots {
  /** The first `length` bytes of slot 0 or 1, to read into. */
  view(slot: number, length: number): Uint8Array;
  release(): void;
}

export class Engine implements CoreText {
  readonly core: Core;
  /** Bytes of records one decode call accepts. */
  readonly windowCapacity: number;
  /** Records one decode call produces at most. */
  readonly maxRecords: number;
  private strings: StringTable;
  private readonly descriptors = new Map<Layout, Int32Array>();
  private loaded: Layout | undefined;
  /** Counts the calls that change the core's window, columns or descriptor: a batch's CoreHold is good while it is unchanged. */
  private stamp = 0;

  /** Where the COLUMNS lie in the core's memory, then COL_RAW_START (fixed once the core set up its memory). */
  private readonly columnAt: readonly number[];
  /** Where the raw region lies. */
  private readonly rawAt: number;

  constructor(core: Core = instantiateCore(), private readonly policy = new InternPolicy()) {
    this.core = core;
    this.columnAt = [...COLUMNS.map(([name]) => name), "COL_RAW_START"].map((name) => core.exports.columnPtr(core.value(name)));
    this.rawAt = core.value("rawPtr");
    this.windowCapacity = core.value("WINDOW_CAPACITY");
    this.maxRecords = core.value("MAX_RECORDS");
    this.strings = new StringTable(core.live("generation"));
  }

  /** A fresh view of the input window (valid until the next call into the core). */
  window(): Uint8Array {
    this.stamp++; // the caller writes into it
    return new Uint8Array(this.core.exports.memory.buffer, this.core.value("windowPtr"), this.windowCapacity);
  }

  /**
   * Bytes of one read-and-decode for this layout: whole records only, about
   * WINDOW_TARGET bytes (the core takes more). A window that stays in the
   * CPU's cache, and touches little memory never used before (2-8 ms a MB on
   * the bench machine), made `last` and `dump` of 1M records 10-17 % faster
   * than windows of the core's full 6 MB (farm-bench, paired runs).
   */
  windowBytesFor(layout: Layout): number {
    const records = Math.max(1, Math.min(this.maxRecords, Math.floor(Math.min(this.windowCapacity, WINDOW_TARGET) / layout.recordSize)));
    return records * layout.recordSize;
  }

  /**
   * The core's two read-ahead slots, for one reader at a time (ReadAhead):
   * undefined while another holds them, or when `layout`'s windows do not fit
   * them. Give them back with release().
   */
  aheadSlots(layout: Layout): AheadSlots | undefined {
    if (this.aheadHeld || this.windowBytesFor(layout) > this.core.value("AHEAD_CAPACITY")) return undefined;
    this.aheadHeld = true;
    const core = this.core;
    let released = false;
    return {
      // a fresh view each time: the core's memory never grows after its set-up, but a view is kept no longer than a read
      view: (slot, length) => {
        // the read writes records a batch may have been decoded from (another reader's, that gave the
        // slots back): the core holds it no longer, as after a write into the window
        this.stamp++;
        return new Uint8Array(core.exports.memory.buffer, core.exports.aheadSlotPtr(slot), length);
      },
      release: () => {
        if (released) return;
        released = true;
        this.aheadHeld = false;
      },
    };
  }

  private aheadHeld = false;

  /**
   * Decodes the whole records among the first `length` bytes of the window,
   * keeping those `filter` passes: they are chosen before decoding and gathered to
   * the front of the window, so only kept rows are decoded. `strings` other
   * than "all": a transient batch of every record may come without those string
   * columns (see DecodedStrings and RecordBatch.withStrings). `slot`: the
   * records are in that read-ahead slot (see aheadSlots), not the window.
   */
  decodeWindow(layout: Layout, length: number, fileOffset: number, filter?: CompiledFilter, transient = false,
    strings: DecodedStrings = "all", slot?: number): EntryBatch {
    this.loadDescriptor(layout);
    let rows: Uint32Array | undefined;
    if (slot !== undefined && filter) throw new UtmpError(UtmpErrorCode.INTERNAL, "utmpx core: a filter is applied in the window, not in a read-ahead slot");
    if (filter) {
      rows = this.selectRows(this.core.exports.select(length, ...this.conditions(filter)), false);
      length = rows.length * layout.recordSize;
    }
    // strings left for later only where nothing else needs them: a transient batch of the whole
    // window (the records stay for a decode again), of a layout whose types are not read from strings
    const later = strings !== "all" && transient && !rows && !typeFromStrings(layout) ? LATER_FIELDS[strings] : 0;
    // no string at all; or users and lines as the policy says, hosts and ids left out and addresses not interned
    const raw = later === 0 ? this.policy.mask() : strings === "none" ? this.core.value("F_NO_STRINGS")
      : (this.policy.mask() & ~(RAW_BITS.host | RAW_BITS.id)) | RAW_BITS.addr | this.core.value("F_NO_HOST_ID");
    const count = slot === undefined ? this.core.exports.decode(length, raw) : this.core.exports.decodeAhead(slot, length, raw);
    if (count < 0) throw new UtmpError(UtmpErrorCode.INTERNAL, `utmpx core: decode failed with status ${count} (layout ${layout.id})`);
    if (later !== LATER_FIELDS.none) this.afterDecode(raw, count, later);
    const { columns, strings: rawStrings } = this.decoded(raw, count, transient);
    const wide = readWide(this.core);
    if (!rows) {
      const hold = { core: this, stamp: this.stamp };
      const batch = new EntryBatch(layout, fileOffset, count, columns, this.strings, undefined, rawStrings, hold, wide);
      if (later !== 0) batch.leaveStrings(later, this.decodeAgain(batch, hold, length, slot));
      return batch;
    }
    const offsets = mapToFloat64(rows, (r) => fileOffset + r * layout.recordSize);
    return postFilter(new EntryBatch(layout, fileOffset, count, columns, this.strings, offsets, rawStrings, undefined, wide), filter!);
  }

  /** How `batch`, decoded without strings from the first `length` bytes of the window (or of read-ahead `slot`), is decoded again with them. */
  private decodeAgain(batch: EntryBatch, hold: CoreHold, length: number, slot: number | undefined): () => EntryBatch {
    return () => {
      if (!this.holds(hold.stamp)) throw new UtmpError(UtmpErrorCode.INTERNAL, "utmpx core: a batch's strings were asked for after the core moved on");
      const again = this.decodeWindow(batch.layout, length, batch.offset, undefined, true, "all", slot);
      // the same records, in the same window, with the same number columns: the core still holds
      // both batches (the rows a text writer described of the first stay good)
      hold.stamp = this.stamp;
      return again;
    };
  }

  /** Brings the host's string table up to date and lets the policy learn from the decode (of the fields not left for later). */
  private afterDecode(raw: number, count: number, later = 0): void {
    this.syncStrings();
    this.policy.observe(raw, later, {
      records: count,
      fresh: (field) => this.core.exports.freshStrings(FIELD_NUMBER[field]),
      samples: this.core.live("sketchSamples"),
      misses: (field) => this.core.exports.sketchMisses(FIELD_NUMBER[field]),
    });
  }

  /**
   * How many of the whole records among the first `length` bytes of the window
   * `filter` passes, decoding nothing. Filters that need entries (`entryTypes`)
   * are counted by the caller over batches.
   */
  countWindow(layout: Layout, length: number, filter: CompiledFilter): number {
    this.loadDescriptor(layout);
    const kept = this.core.exports.select(length, ...this.conditions(filter));
    if (kept < 0) throw new UtmpError(UtmpErrorCode.INTERNAL, `utmpx core: select failed with status ${kept}`);
    return kept;
  }

  /** The filter as select()'s arguments after the record count; its wanted strings written to the scratch region. */
  private conditions(f: CompiledFilter): [number, number, number, number, number, number, number, boolean] {
    const user = this.wanted(f.user, 0);
    const line = this.wanted(f.line, this.core.value("SCRATCH_LINE"));
    return [f.typeMask | 0, user, line, f.since.second, f.since.micro, f.until.second, f.until.micro, f.keepZero];
  }

  /** The rows the last select() kept, their records then gathered to the front of their region for decoding. */
  private selectRows(kept: number, expanded: boolean): Uint32Array {
    if (kept < 0) throw new UtmpError(UtmpErrorCode.INTERNAL, `utmpx core: select failed with status ${kept}`);
    const rows = new Uint32Array(this.core.exports.memory.buffer, this.core.exports.columnPtr(this.core.value("COL_SELECTED")), kept).slice();
    this.core.exports.gather(kept, expanded);
    return rows;
  }

  /**
   * Writes the wanted bytes of a string condition at `at` in the scratch region
   * and returns their length for select(): ANY_STRING without a condition, and
   * a length no field has when they do not fit (nothing matches).
   */
  private wanted(bytes: Uint8Array | undefined, at: number): number {
    if (!bytes) return this.core.value("ANY_STRING");
    const room = this.core.value("SCRATCH_LINE");
    if (bytes.length >= room) return room;
    new Uint8Array(this.core.exports.memory.buffer, this.core.value("scratchPtr") + at, bytes.length).set(bytes);
    return bytes.length;
  }

  /**
   * Decodes the whole framed entries (FreeBSD utx.log) among the first `length`
   * bytes of the window. `consumed` bytes were used; the rest start a partial entry.
   */
  decodeFramedWindow(layout: Layout, length: number, fileOffset: number, filter?: CompiledFilter, transient = false): { batch: EntryBatch; consumed: number; resyncs: number } {
    this.loadDescriptor(layout);
    const records = this.expand(layout, length);
    const starts = new Uint32Array(this.core.exports.memory.buffer, this.core.exports.columnPtr(this.core.value("COL_SOURCE_OFFSET")), records);
    const all = mapToFloat64(starts, (at) => fileOffset + at);
    const rows = filter ? this.selectRows(this.core.exports.selectExpanded(records, ...this.conditions(filter)), true) : undefined;
    const offsets = rows ? mapToFloat64(rows, (r) => all[r]!) : all;
    const count = rows ? rows.length : records;
    const raw = this.policy.mask();
    const decoded = this.core.exports.decodeExpanded(count, raw);
    if (decoded !== count) throw new UtmpError(UtmpErrorCode.INTERNAL, `utmpx core: decodeExpanded failed with status ${decoded} (layout ${layout.id})`);
    this.afterDecode(raw, count);
    const { columns, strings } = this.decoded(raw, count, transient);
    const hold = filter ? undefined : { core: this, stamp: this.stamp };
    let batch = new EntryBatch(layout, fileOffset, count, columns, this.strings, offsets, strings, hold, readWide(this.core));
    if (filter) batch = postFilter(batch, filter);
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


  /**
   * Plausibility of the first `length` bytes of the window read as `layout`.
   * `sameBytes`: the window is unchanged since the last score(), whose count of
   * zero records the core may then reuse for a layout of the same record size.
   */
  score(layout: Layout, length: number, nowSeconds: number, maxSample: number, sameBytes = false): Score {
    this.loadDescriptor(layout);
    return this.readScore(layout, this.core.exports.score(length, nowSeconds, maxSample, sameBytes ? 1 : 0));
  }

  /** Whether the scores after this leave a typed record's time out of its judgement (detection's second look). */
  relaxTimes(relaxed: boolean): void {
    this.core.exports.relaxTimes(relaxed ? 1 : 0);
  }

  private readScore(layout: Layout, sampled: number): Score {
    if (sampled < 0) throw new UtmpError(UtmpErrorCode.INTERNAL, `utmpx core: score failed with status ${sampled} (layout ${layout.id})`);
    const slots = new Float64Array(this.core.exports.memory.buffer, this.core.value("scorePtr"), 16);
    const v = this.core.value;
    return {
      sampled, zero: slots[v("S_ZERO")]!, judged: slots[v("S_JUDGED")]!, plausible: slots[v("S_PLAUSIBLE")]!,
      softEarned: slots[v("S_SOFT_EARNED")]!, softPossible: slots[v("S_SOFT_POSSIBLE")]!,
      strong: slots[v("S_STRONG")]!, minSeconds: slots[v("S_MIN_SECONDS")]!, maxSeconds: slots[v("S_MAX_SECONDS")]!,
    };
  }

  /** Makes `layout` the core's current descriptor (encode() writes records of it). */
  loadLayout(layout: Layout): void {
    this.loadDescriptor(layout);
  }

  holds(stamp: number): boolean {
    return stamp === this.stamp;
  }

  setDumpTypes(types: Int32Array): void {
    const at = this.core.exports.columnPtr(this.core.value("COL_DUMP_TYPE"));
    new Int32Array(this.core.exports.memory.buffer, at, types.length).set(types);
  }

  dumpText(from: number, count: number, dumpTypes: boolean): { rows: number; text: Uint8Array } {
    const rows = this.core.exports.dump(from, count, dumpTypes);
    return { rows, text: new Uint8Array(this.core.exports.memory.buffer, this.core.value("outPtr"), this.core.live("dumpBytes")) };
  }

  setLastRows(descriptions: Uint8Array, texts: Uint8Array): void {
    const v = this.core.value;
    const buffer = this.core.exports.memory.buffer;
    if (descriptions.length > v("MAX_RECORDS") * v("LAST_ROW_BYTES") || texts.length > v("LAST_TEXT_BYTES")) {
      throw new UtmpError(UtmpErrorCode.INTERNAL, "utmpx core: more last rows or texts than its regions hold");
    }
    new Uint8Array(buffer, v("lastRowsPtr"), descriptions.length).set(descriptions);
    new Uint8Array(buffer, v("lastTextsPtr"), texts.length).set(texts);
  }

  lastText(from: number, count: number, times: number, nameLen: number, domainLen: number,
    address: boolean, hostLast: boolean, noHost: boolean): { rows: number; text: Uint8Array; described: Int32Array } {
    const v = this.core.value;
    const flags = (address ? v("L_ADDRESS") : 0) | (hostLast ? v("L_HOST_LAST") : 0) | (noHost ? v("L_NO_HOST") : 0);
    const rows = this.core.exports.lastRows(from, count, times, nameLen, domainLen, flags);
    const buffer = this.core.exports.memory.buffer;
    return {
      rows,
      text: new Uint8Array(buffer, v("outPtr"), this.core.live("lastRowsBytes")),
      described: new Int32Array(buffer, v("lastRowsPtr"), (count * v("LAST_ROW_BYTES")) / 4),
    };
  }

  /** Slots of the core's prefix table setJsonTypes filled. */
  private jsonPrefixes = 0;

  /** Whether setJsonTypes gave a slot per raw type rather than per row. */
  private jsonByRawType = false;

  /** The raw-type slots setJsonTypes wrote last: the same again are in the core already (only setJsonTypes writes there). */
  private jsonTypesWritten: Int32Array | undefined;

  setJsonTypes(prefixes: readonly JsonPrefix[], slots: { readonly rows: Int32Array } | { readonly byRawType: Int32Array }): void {
    if ("byRawType" in slots && slots.byRawType === this.jsonTypesWritten) return;
    this.jsonTypesWritten = "byRawType" in slots ? slots.byRawType : undefined;
    const v = this.core.value;
    const buffer = this.core.exports.memory.buffer;
    const size = v("JSON_PREFIX_SLOT_BYTES");
    this.jsonPrefixes = Math.min(prefixes.length, v("JSON_PREFIX_SLOTS"));
    const table = new Uint8Array(buffer, v("jsonPrefixPtr"), this.jsonPrefixes * size);
    for (let k = 0; k < this.jsonPrefixes; k++) {
      // a slot is a length byte (with PREFIX_WITH_RAW_TYPE when the rawType is in it) and the bytes; one too long
      // stays empty, and the host writes its rows
      const { bytes, rawType } = prefixes[k]!;
      const fits = bytes.length < size;
      table[k * size] = fits ? bytes.length | (rawType ? v("PREFIX_WITH_RAW_TYPE") : 0) : 0;
      if (fits) table.set(bytes, k * size + 1);
    }
    this.jsonByRawType = "byRawType" in slots;
    if ("byRawType" in slots) new Int32Array(buffer, v("jsonTypeSlotPtr"), v("JSON_TYPE_SLOTS")).set(slots.byRawType);
    else new Int32Array(buffer, this.core.exports.columnPtr(v("COL_DUMP_TYPE")), slots.rows.length).set(slots.rows);
  }

  jsonText(from: number, count: number, fileOffset: number): { rows: number; text: Uint8Array } {
    const rows = this.core.exports.json(from, count, fileOffset, this.jsonFields(this.loaded!), this.jsonPrefixes, this.jsonByRawType);
    return { rows, text: new Uint8Array(this.core.exports.memory.buffer, this.core.value("outPtr"), this.core.live("jsonBytes")) };
  }

  private pairs: LastPairs | undefined;

  /** last's pairing in the core (see LastPairs): of the records of the last decode, while the core holds them. */
  lastPairs(): LastPairs {
    return (this.pairs ??= new LastPairs(this.core));
  }

  /** The program setExportProgram wrote last: the same again is in the core already (only it writes there). */
  private exportProgram: { program: ExportProgram; ops: number } | undefined;

  setExportProgram(program: ExportProgram): boolean {
    if (program === this.exportProgram?.program) return true;
    const ops = writeExportProgram(this.core, program);
    this.exportProgram = ops === undefined ? undefined : { program, ops };
    return ops !== undefined;
  }

  exportText(from: number, count: number, fileOffset: number): { rows: number; text: Uint8Array } {
    const { program, ops } = this.exportProgram!;
    const rows = this.core.exports.exportRows(from, count, fileOffset, ops, program.csv);
    return { rows, text: new Uint8Array(this.core.exports.memory.buffer, this.core.value("outPtr"), this.core.live("exportBytes")) };
  }

  /** The core's J_* bits of what `layout` has: the keys Entry.toJSON gives a value. */
  private jsonFields(layout: Layout): number {
    const f = layout.fields;
    const bit = (has: unknown, name: string) => (has ? this.core.value(name) : 0);
    return bit(f.type, "J_RAW_TYPE") | bit(f.id, "J_ID") | bit(f.user, "J_USER") | bit(f.line, "J_LINE") | bit(f.host, "J_HOST") |
      bit(f.pid, "J_PID") | bit(f.pid?.kind === "u32", "J_PID_UNSIGNED") | bit(f.session, "J_SESSION") | bit(f.exit, "J_EXIT") |
      bit(f.addr, "J_ADDR") | bit(layout.kind === "lastlog", "J_UID");
  }

  private loadDescriptor(layout: Layout): void {
    this.stamp++; // every caller then changes the window, the columns or what the descriptor says of them
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

  /**
   * The last decode's columns and, when it left string fields raw, their bytes
   * and each row's start in them: copied into one new buffer (one allocation a
   * window rather than seventeen; memory never touched before costs more than
   * the copy), or with `transient` views of the core's own, valid until its next call.
   */
  private decoded(raw: number, count: number, transient: boolean): { columns: EntryColumns; strings: RawStrings | undefined } {
    const buffer = this.core.exports.memory.buffer;
    const at = this.columnAt;
    const rawBytes = (raw & STRING_BITS) === 0 ? -1 : this.core.live("rawUsed");
    if (transient) {
      const strings = rawBytes < 0 ? undefined : { fields: raw, bytes: new Uint8Array(buffer, this.rawAt, rawBytes), starts: new Uint32Array(buffer, at[COLUMNS.length]!, count) };
      return { columns: columnViews(buffer, at, count), strings };
    }
    // the columns (each at a multiple of 8 bytes, so the Float64Arrays line up), then the starts, then the raw bytes
    const starts: number[] = [];
    let size = 0;
    for (let k = 0; k < COLUMNS.length + (rawBytes < 0 ? 0 : 1); k++) {
      starts.push(size);
      size += align8(COLUMN_WIDTHS[k]! * count);
    }
    const out = new ArrayBuffer(sizeClass(size + Math.max(0, rawBytes)));
    const copy = new Uint8Array(out);
    const memory = new Uint8Array(buffer);
    starts.forEach((start, k) => copy.set(memory.subarray(at[k]!, at[k]! + COLUMN_WIDTHS[k]! * count), start));
    if (rawBytes < 0) return { columns: columnViews(out, starts, count), strings: undefined };
    copy.set(memory.subarray(this.rawAt, this.rawAt + rawBytes), size);
    const strings = { fields: raw, bytes: new Uint8Array(out, size, rawBytes), starts: new Uint32Array(out, starts[COLUMNS.length]!, count) };
    return { columns: columnViews(out, starts, count), strings };
  }
}

/** Batch buffers are allocated in whole multiples of this. */
const SIZE_CLASS = 64 * 1024;

/**
 * `bytes` rounded up to a whole SIZE_CLASS. A window's raw string bytes vary, so
 * its buffer's size did too, and the allocator seldom reused a freed buffer for
 * the next one: each was memory never touched before (5 ms a MB on the bench
 * machine). Of like sizes, they are. Iterating every field of 1M records
 * (in-process, alternating builds, 3-4 pairs): the worst case 600 -> 471 ms (the
 * columns' copy 100-157 -> 34-37 ms a pass), internet-like 449 -> 404 ms; btmp
 * and friendly alike either way (437 / 432, 456 / 461 ms).
 */
function sizeClass(bytes: number): number {
  return Math.ceil(bytes / SIZE_CLASS) * SIZE_CLASS;
}

/** EntryColumns over `buffer`, column k of COLUMNS starting at byte `starts[k]`. */
function columnViews(buffer: ArrayBufferLike, starts: readonly number[], count: number): EntryColumns {
  const view = <T>(k: number, Kind: new (b: ArrayBufferLike, offset: number, length: number) => T, perRow = 1) => new Kind(buffer, starts[k]!, count * perRow);
  return {
    rawType: view(0, Int32Array), pid: view(1, Int32Array), exitTermination: view(2, Int32Array), exitCode: view(3, Int32Array),
    user: view(4, Uint32Array), line: view(5, Uint32Array), host: view(6, Uint32Array), id: view(7, Uint32Array),
    flags: view(8, Uint32Array), session: view(9, Float64Array), seconds: view(10, Float64Array), microseconds: view(11, Float64Array),
    addr: view(12, Uint8Array, 16), addrFamily: view(13, Uint8Array), addrId: view(14, Uint32Array),
  };
}

/** The core's columns an EntryBatch holds, in columnViews' order, with their bytes per row. */
const COLUMNS: readonly (readonly [name: string, width: number])[] = [
  ["COL_TYPE", 4], ["COL_PID", 4], ["COL_EXIT_TERMINATION", 4], ["COL_EXIT_CODE", 4],
  ["COL_USER", 4], ["COL_LINE", 4], ["COL_HOST", 4], ["COL_ID", 4], ["COL_FLAGS", 4],
  ["COL_SESSION", 8], ["COL_SECONDS", 8], ["COL_MICROSECONDS", 8], ["COL_ADDR", 16], ["COL_ADDR_FAMILY", 1], ["COL_ADDR_ID", 4],
];
/** Bytes per row of the COLUMNS, then of COL_RAW_START (where each row's raw bytes start). */
const COLUMN_WIDTHS: readonly number[] = [...COLUMNS.map(([, width]) => width), 4];

const align8 = (n: number) => (n + 7) & ~7;

let shared: Engine | undefined;

/** The process's engine, created (and the core compiled) on first use. */
export function engine(): Engine {
  shared ??= new Engine();
  return shared;
}
