// A utmp/wtmp/btmp database in pyutmpx's model: iterable and its own iterator,
// list-like (length, at) without reading the whole file, with a settable path.
// Iteration reads one window at a time, so a file of any size is never loaded whole.
import type { EntryBatch } from "../core/batch.ts";
import { checkIndex } from "../util/recordIndex.ts";
import type { Entry } from "../core/entry.ts";
import { BatchesEntries } from "../core/entryIterator.ts";
import { engine, type DecodedStrings } from "../core/engine.ts";
import type { Detection } from "../detect/detect.ts";
import { LAYOUTS, type Layout } from "../layouts/table.ts";
import { UtmpError, UtmpErrorCode, type UtmpWarning } from "../util/errors.ts";
import { DETECTION_BYTES, layoutOf, resolveLayout, worthMoreBytes } from "../detect/chooseLayout.ts";
import { detect } from "../detect/detect.ts";
import { refuseForeignLayout } from "../detect/foreignLayout.ts";
import { walOption } from "../util/bytesView.ts";
import { fileSource, memorySource, type ByteSource } from "../sources/sources.ts";
import { compileFilter, type CompiledFilter, type EntryFilter } from "../core/filter.ts";
import { appendEntries, appendEntriesAsync, nativeLayout, putEntry, putEntryAsync, type AppendOptions } from "../write/write.ts";
import type { EntryInput } from "../write/encode.ts";
import { wtmpdbHistory } from "./wtmpdbSource.ts";
import { isSqlite } from "../sqlite/header.ts";
import { WTMPDB_LAYOUT } from "../layouts/wtmpdb.ts";
import { walBeside } from "./wal.ts";
import { ReadAhead } from "./readAhead.ts";

function isEntryLike(x: unknown): x is Entry | EntryInput {
  return typeof x === "object" && x !== null && !(Symbol.iterator in x);
}

export { resolveLayout } from "../detect/chooseLayout.ts";

export interface OpenOptions {
  /** Layout id or alias (`linux384-le`, `linux-aarch64`, ...), or a Layout row: skips detection. */
  layout?: string | Layout | undefined;
  /** Called for each problem that does not stop decoding (also kept in `warnings`). */
  onWarning?: ((warning: UtmpWarning) => void) | undefined;
  /**
   * For a SQLite database (wtmpdb, lastlog2): the bytes of its -wal file, whose
   * committed transactions are then applied, with a WAL_APPLIED warning. Without
   * it, a database opened by path has the -wal beside it read; one given as
   * bytes has none. Dropped when `path` is set to another file.
   */
  wal?: Uint8Array | undefined;
}

/** A forward window: the file's size and whole records' bytes when it was planned, and the bytes it asks for. */
interface WindowPlan {
  readonly size: number;
  readonly whole: number;
  readonly want: number;
}

/** Records of batchesBackward()'s first window (see there). */
const FIRST_BACKWARD_RECORDS = 64;

/** The strings a backward read decodes (see batchesBackward): one choice, or a function asked per window. */
export type StringsPerWindow = DecodedStrings | (() => DecodedStrings);

const stringsOf = (strings: StringsPerWindow): DecodedStrings => (typeof strings === "function" ? strings() : strings);

export class Database implements IterableIterator<Entry> {
  /** Problems met in the current pass (a partial trailing record, ...). Cleared by reset(). */
  readonly warnings: UtmpWarning[] = [];
  /** What reads read: the given source, or the records a SQLite database is read as. */
  private source: ByteSource;
  /** The source given (a file, bytes): the layout is judged from it afresh on every reset. */
  private origin: ByteSource;
  private readonly options: OpenOptions;
  /** options.wal, until `path` names another file. */
  private wal: Uint8Array | undefined;
  private chosen: Layout | undefined;
  private detected: Detection | undefined;
  // iteration state
  private batch: EntryBatch | undefined;
  private batchIndex = 0;
  private nextOffset = 0;
  /** No whole record followed the last window read. */
  private done = false;
  /** next() has said so: the pass is over (an iterator once done stays done). */
  private ended = false;
  private sourceNoted = false;

  constructor(source: ByteSource, options: OpenOptions = {}) {
    this.source = this.origin = source;
    this.options = options;
    this.wal = walOption(options.wal);
  }

  /** The file read, or undefined for a database made from bytes. Setting it starts over on the new file. */
  get path(): string | undefined {
    return this.origin.path;
  }
  set path(path: string) {
    this.source = this.origin = fileSource(path);
    this.sourceNoted = false;
    this.wal = undefined; // the log given was the old file's
    this.reset();
  }

  /**
   * The record layout: the `layout` option, else detected from the bytes.
   * @throws UtmpError UNKNOWN_LAYOUT when the bytes fit no layout well enough
   */
  get layout(): Layout {
    if (this.chosen) return this.chosen;
    this.source = this.origin;
    if (this.options.layout !== undefined) {
      const given = resolveLayout(this.options.layout);
      // the records of a wtmpdb database are made from its rows: the bytes must be the database
      return given === WTMPDB_LAYOUT ? this.openWtmpdb() : (this.chosen = given);
    }
    const size = this.source.size();
    const what = { name: this.source.name, path: this.source.path, size };
    const layouts = this.candidateLayouts();
    let head = this.readHead(Math.min(size, DETECTION_BYTES));
    if (isSqlite(head)) return this.openWtmpdb();
    let detection = detect(head, { size, layouts });
    if (worthMoreBytes(detection) && size > head.length) {
      head = this.readHead(Math.min(size, engine().windowCapacity));
      detection = detect(head, { size, layouts });
    }
    this.detected = undefined;
    const chosen = layoutOf(detection, head, what);
    this.detected = detection;
    return (this.chosen = chosen.layout);
  }

  /** The source's own warnings (a gzip archive cut short), once, as soon as a read has found them. */
  private noteSource(): void {
    if (this.sourceNoted) return;
    this.sourceNoted = true;
    for (const w of this.origin.notes?.() ?? []) this.warn(w);
  }

  /**
   * A SQLite database: its rows read (its -wal applied: the one given, or the
   * one beside its file) and read as the records of WTMPDB_LAYOUT from then on.
   */
  private openWtmpdb(): Layout {
    const path = this.origin.path;
    const history = wtmpdbHistory(this.origin, this.wal ?? (path === undefined ? undefined : walBeside(path)));
    this.source = history.source;
    for (const w of history.warnings) this.warn(w);
    this.detected = { layout: WTMPDB_LAYOUT, confidence: 1, runnerUp: undefined, candidates: [] };
    return (this.chosen = WTMPDB_LAYOUT);
  }

  /** Bytes of the source at `offset`; after the first read, the source's own warnings are given (noteSource). */
  private readAt(offset: number, target: Uint8Array): number {
    const got = this.source.readInto(offset, target);
    this.noteSource();
    return got;
  }

  private readHead(length: number): Uint8Array {
    const head = new Uint8Array(length);
    return head.subarray(0, this.readAt(0, head));
  }

  /** The rows detection chooses among. */
  protected candidateLayouts(): readonly Layout[] {
    return LAYOUTS;
  }

  /** Where reading may resume at or after `offset`: a subclass may skip what it need not read. */
  protected resumeAt(offset: number): number {
    return offset;
  }

  /** The source the bytes come from. */
  protected get bytes(): ByteSource {
    return this.source;
  }

  /** How the layout was chosen: undefined when it was given as an option. */
  get detection(): Detection | undefined {
    void this.layout;
    return this.detected;
  }

  /**
   * Number of whole records, from the current file size (a partial trailing
   * record is not counted). Framed files (FreeBSD utx.log) have records of
   * varying size: for them the file is read through once to count.
   */
  get length(): number {
    const layout = this.layout;
    if (layout.framing) {
      let n = 0;
      for (const batch of this.batches()) n += batch.length;
      return n;
    }
    return Math.floor(this.source.size() / layout.recordSize);
  }

  /**
   * Appends entries (decoded ones or plain values) at the end of the file in its
   * layout, as one O_APPEND write: updwtmp's semantics. Returns the byte offset
   * of the first one. A file ending in a partial record is refused unless
   * `padPartial`. Node has no file locks: see the README on concurrent writers.
   */
  append(entries: Entry | EntryInput | Iterable<Entry | EntryInput>, options: AppendOptions = {}): number {
    const list = isEntryLike(entries) ? [entries] : entries;
    const [target, layout, wasEmpty] = this.writeTarget();
    const offset = appendEntries(target, list, layout, options);
    this.written(wasEmpty);
    return offset;
  }

  /** append() with the runtime's asynchronous file calls. */
  async appendAsync(entries: Entry | EntryInput | Iterable<Entry | EntryInput>, options: AppendOptions = {}): Promise<number> {
    const list = isEntryLike(entries) ? [entries] : entries;
    const [target, layout, wasEmpty] = this.writeTarget();
    const offset = await appendEntriesAsync(target, list, layout, options);
    this.written(wasEmpty);
    return offset;
  }

  /** put() with the runtime's asynchronous file calls for the write. */
  async putAsync(entry: Entry | EntryInput, options: AppendOptions = {}): Promise<number> {
    const [target, layout, wasEmpty] = this.writeTarget();
    const slot = await putEntryAsync(this.recordsOf, target, entry, layout, options);
    this.written(wasEmpty);
    return slot;
  }

  /** Writes `entry` over its utmp slot as pututxline does (see write.ts); returns the slot number. */
  put(entry: Entry | EntryInput, options: AppendOptions = {}): number {
    const [target, layout, wasEmpty] = this.writeTarget();
    const slot = putEntry(this.recordsOf, target, entry, layout, options);
    this.written(wasEmpty);
    return slot;
  }

  /**
   * After a write: a pass under way goes on from where it was, and its later
   * reads see what was written, as a read of a file being appended to would:
   * one that had read the last window looks again. (Starting over instead made
   * `for (const e of db) db.append(…)` read the file again after every append:
   * a loop that never ended, growing the file.) A file that was empty had no
   * layout of its own: it is judged again.
   */
  private written(wasEmpty: boolean): void {
    if (!this.ended) this.done = false;
    if (wasEmpty && this.options.layout === undefined) {
      this.chosen = undefined;
      this.detected = undefined;
    }
  }

  /**
   * What put() chooses a slot among: the records of a copy of the file's
   * bytes, read by the same database (name, options, warnings) over them.
   */
  private readonly recordsOf = (bytes: Uint8Array, layout: Layout) =>
    new Database(memorySource(bytes, this.source.name), { ...this.options, layout }).batches({ includeZeroed: true });

  /**
   * The file to write and the layout to write in: the file's, or for an empty or
   * missing file the option's or this machine's. The layout is judged first, so
   * a wtmpdb database or a lastlog is refused before any byte could be written to it.
   */
  private writeTarget(): [target: ByteSource, layout: Layout, wasEmpty: boolean] {
    let size = 0;
    try {
      size = this.origin.size();
    } catch (err) {
      // a pipe is refused by name: writing to it would wait for a reader, or feed one these bytes
      if (err instanceof UtmpError && err.code === UtmpErrorCode.UNSUPPORTED) throw err;
      size = 0; // a file not yet there: append creates it
    }
    const layout = size > 0 ? this.layout : this.options.layout !== undefined ? resolveLayout(this.options.layout) : nativeLayout();
    if (layout === WTMPDB_LAYOUT) {
      throw new UtmpError(UtmpErrorCode.UNSUPPORTED, `utmpx: ${this.origin.name} is a wtmpdb database: records are not appended to it; write sessions to it as wtmpdb does (see the README, "wtmpdb")`, { path: this.origin.path });
    }
    // a lastlog is one slot per uid, found by its offset: an appended record would be a login of the next uid
    if (layout.kind === "lastlog") {
      throw new UtmpError(UtmpErrorCode.UNSUPPORTED, `utmpx: ${this.origin.name} is a lastlog (${layout.id}): a slot per uid, not a history; records are not written to it`, { path: this.origin.path });
    }
    if (size > 0 && this.options.layout !== undefined) this.refuseForeign(layout, size);
    return [this.origin, layout, size === 0];
  }

  /** A layout given for a write, when the file's records are clearly of another: BAD_INPUT, nothing written. */
  private refuseForeign(given: Layout, size: number): void {
    const what = { name: this.origin.name, path: this.origin.path, size };
    refuseForeignLayout(given, this.readHead(Math.min(size, DETECTION_BYTES)), what, "records written in it would not be read back");
  }

  /** Record `i` (a whole number; negative counts from the end), read alone; undefined when out of range. Framed files are read up to it. */
  at(i: number): Entry | undefined {
    checkIndex(i, "at(index)");
    const layout = this.layout;
    const length = this.length;
    const index = i < 0 ? i + length : i;
    if (!(index >= 0 && index < length)) return undefined;
    if (layout.framing) {
      let skipped = 0;
      for (const batch of this.batches()) {
        if (index < skipped + batch.length) return batch.get(index - skipped);
        skipped += batch.length;
      }
      return undefined;
    }
    const e = engine();
    const offset = index * layout.recordSize;
    const got = this.readAt(offset, e.window().subarray(0, layout.recordSize));
    if (got < layout.recordSize) return undefined; // the file shrank under us
    return e.decodeWindow(layout, layout.recordSize, offset).get(0);
  }

  next(): IteratorResult<Entry, undefined> {
    while (!this.batch || this.batchIndex >= this.batch.length) {
      if (this.done) {
        this.ended = true;
        return { done: true, value: undefined };
      }
      this.batch = this.readBatch();
      this.batchIndex = 0;
    }
    return { done: false, value: this.batch.get(this.batchIndex++)! };
  }

  /** Starts over: the next next() reads the file again from its first record. */
  reset(): void {
    this.batch = undefined;
    this.batchIndex = 0;
    this.nextOffset = 0;
    this.done = false;
    this.ended = false;
    this.warnings.length = 0;
    // a database is read afresh on every pass, whether its layout was given or detected
    if (this.options.layout === undefined || this.chosen === WTMPDB_LAYOUT) {
      this.chosen = undefined;
      this.detected = undefined;
    }
  }

  /** Starts over and returns this database as the iterator (so every for-of reads the file afresh). */
  [Symbol.iterator](): this {
    this.reset();
    return this;
  }

  /**
   * Every record as batches of columns, from the start; independent of next()'s
   * position. `transient`: each batch (and its entries) is valid only until the
   * next one is asked for — its columns are views of the decoder's memory, not
   * copies: for a consumer that writes or counts a batch and drops it.
   * `strings` other than "all" (with `transient`), for the core's text writers
   * only (utmpx dump, json, last): the other string columns may be left
   * undecoded, and such a batch's entries read those strings as "" until
   * RecordBatch.withStrings() decodes them.
   */
  *batches(filter?: EntryFilter, transient = false, strings: DecodedStrings = "all"): Generator<EntryBatch, void, undefined> {
    const compiled = filter === undefined ? undefined : compileFilter(filter, this.layout);
    let offset = 0;
    for (;;) {
      const { batch, end, consumed } = this.readWindow(offset, compiled, transient, strings);
      if (batch.length > 0) yield batch;
      if (end) return;
      offset += consumed;
    }
  }

  /**
   * batches(), with each window of a plain file read ahead, off the JavaScript
   * thread, while the core decodes the one before (see ReadAhead); a framed file,
   * or one that fits one window, is read as batches() reads it.
   */
  async *batchesAhead(filter?: EntryFilter, transient = false, strings: DecodedStrings = "all"): AsyncGenerator<EntryBatch, void, undefined> {
    const layout = this.layout;
    // compiled before the file is opened: a filter refused leaves nothing open
    const compiled = filter === undefined ? undefined : compileFilter(filter, layout);
    // a file of one window at most is read as batches() reads it: nothing to read ahead
    const first = layout.framing ? undefined : this.windowAt(0);
    const reader = !first || first.want >= first.whole ? undefined : this.source.asyncReader?.();
    if (!reader) {
      yield* this.batches(filter, transient, strings);
      return;
    }
    const e = engine();
    // a filter gathers the records it keeps in the window: read into the window then
    const ahead = new ReadAhead(reader, e, layout, compiled === undefined);
    try {
      let offset = 0;
      let plan = first!;
      ahead.start(offset, plan.want);
      for (;;) {
        const { got, slot } = await ahead.land();
        this.noteSource();
        const { end, consumed } = this.windowRead(offset, plan, got);
        const next = offset + consumed;
        if (!end) ahead.start(next, (plan = this.windowAt(next)).want);
        const batch = e.decodeWindow(layout, consumed, offset, compiled, transient, strings, slot);
        if (batch.length > 0) yield batch;
        if (end) return;
        offset = next;
      }
    } finally {
      await ahead.close();
    }
  }

  /**
   * Every record as batches, from the last window to the first (each batch's
   * rows still in file order: walk them from the end for newest first), for
   * readers that want the newest records first, as `last` does, without
   * holding the file. Windows are positioned reads of whole records counted
   * from the start, so a partial trailing record is left out (with its
   * warning, given first) exactly as a forward read leaves it. `before`: only
   * the records before this byte offset (a record boundary), to go on from a
   * batch's offset, with another filter say. Framed files (FreeBSD utx.log)
   * cannot be split from the end: they are read forward and their batches
   * kept, then given in reverse (memory per record). `transient` and
   * `strings`, as for batches(), for fixed-size layouts: each batch is valid
   * until the next, and may come without its strings; a function is asked
   * per window (last's strings change when the core stops pairing).
   */
  *batchesBackward(filter?: EntryFilter, before?: number, transient = false, strings: StringsPerWindow = "all"): Generator<EntryBatch, void, undefined> {
    const layout = this.layout;
    if (layout.framing) {
      const all = [...this.batches(filter)];
      for (let k = all.length - 1; k >= 0; k--) {
        const batch = all[k]!;
        if (before === undefined || batch.offsetOf(batch.length - 1) < before) yield batch;
        else if (batch.offset < before) {
          const rows: number[] = [];
          for (let i = 0; i < batch.length && batch.offsetOf(i) < before; i++) rows.push(i);
          yield batch.pick(rows);
        }
      }
      return;
    }
    const compiled = filter === undefined ? undefined : compileFilter(filter, layout);
    const e = engine();
    for (const { start, end } of this.backwardWindows(before)) {
      const got = this.readAt(start, e.window().subarray(0, end - start));
      // a file that shrank under us: decode the whole records that came
      const batch = e.decodeWindow(layout, got - (got % layout.recordSize), start, compiled, transient, stringsOf(strings));
      if (batch.length > 0) yield batch;
    }
  }

  /**
   * batchesBackward(), with each window of a plain file read ahead, off the
   * JavaScript thread, while the core decodes the one after it (see ReadAhead).
   */
  async *batchesBackwardAhead(filter?: EntryFilter, before?: number, transient = false, strings: StringsPerWindow = "all"): AsyncGenerator<EntryBatch, void, undefined> {
    const layout = this.layout;
    // compiled before the file is opened: a filter refused leaves nothing open
    const compiled = filter === undefined ? undefined : compileFilter(filter, layout);
    const reader = layout.framing ? undefined : this.source.asyncReader?.();
    if (!reader) {
      yield* this.batchesBackward(filter, before, transient, strings);
      return;
    }
    const e = engine();
    const ahead = new ReadAhead(reader, e, layout, compiled === undefined);
    try {
      const windows = this.backwardWindows(before);
      let window = windows.next();
      if (window.done) return;
      ahead.start(window.value.start, window.value.end - window.value.start);
      while (!window.done) {
        const { start } = window.value;
        const { got, slot } = await ahead.land();
        this.noteSource();
        window = windows.next();
        if (!window.done) ahead.start(window.value.start, window.value.end - window.value.start);
        // a file that shrank under us: decode the whole records that came
        const batch = e.decodeWindow(layout, got - (got % layout.recordSize), start, compiled, transient, stringsOf(strings), slot);
        if (batch.length > 0) yield batch;
      }
    } finally {
      await ahead.close();
    }
  }

  /**
   * The windows batchesBackward() reads, last first: whole records counted
   * from the start, before `before`; a partial trailing record is warned of
   * first (when reading to the end).
   */
  private *backwardWindows(before: number | undefined): Generator<{ start: number; end: number }, void, undefined> {
    const layout = this.layout;
    const size = this.source.size();
    let whole = size - (size % layout.recordSize);
    if (before !== undefined) whole = Math.min(whole, before - (before % layout.recordSize));
    else if (size > whole) this.warnPartial(whole, size - whole, layout);
    // The first window small, each next one twice as large up to a whole window: a reader that
    // stops early (last -n 10) decodes a few records, not 4,000, in code the engine has not yet
    // optimised (utmpx last -n 10 of 1M records: 0.81x the time, peak RSS 64 -> 57 MiB); a
    // reader that goes on makes six more calls.
    const window = engine().windowBytesFor(layout);
    let step = Math.min(window, FIRST_BACKWARD_RECORDS * layout.recordSize);
    for (let end = whole; end > 0;) {
      // windows end on a record boundary counted from 0: `end` is whole, and `step` a multiple of the record size
      const start = Math.max(0, end - step);
      yield { start, end };
      end = start;
      step = Math.min(window, step * 2);
    }
  }

  private readBatch(): EntryBatch {
    const start = this.resumeAt(this.nextOffset);
    const { batch, end, consumed } = this.readWindow(start);
    this.nextOffset = start + consumed;
    this.done = end;
    return batch;
  }

  /** The entries `filter` keeps, in file order: conditions are tested in the core, over columns. */
  filter(filter: EntryFilter): IterableIterator<Entry> {
    return new BatchesEntries(this.batches(filter));
  }

  /**
   * How many records filter(`filter`) yields, counted in the core without
   * building entries; with no filter, every record (zeroed ones too).
   */
  count(filter: EntryFilter = { includeZeroed: true }): number {
    const layout = this.layout;
    const compiled = compileFilter(filter, layout);
    if (layout.framing || compiled.entryTypes) {
      let n = 0;
      for (const batch of this.batches(filter)) n += batch.length;
      return n;
    }
    const e = engine();
    const size = this.source.size();
    const whole = size - (size % layout.recordSize);
    let n = 0;
    for (let offset = 0; offset < whole;) {
      const want = Math.min(e.windowBytesFor(layout), whole - offset);
      const got = this.readAt(offset, e.window().subarray(0, want));
      const wholeGot = got - (got % layout.recordSize);
      if (wholeGot === 0) break;
      n += e.countWindow(layout, wholeGot, compiled);
      offset += wholeGot;
    }
    return n;
  }

  /** Decodes the window of whole records at `offset`; `end` when no whole record follows it. */
  private readWindow(offset: number, filter?: CompiledFilter, transient = false, strings: DecodedStrings = "all"): { batch: EntryBatch; end: boolean; consumed: number } {
    const layout = this.layout;
    if (layout.framing) return this.readFramedWindow(offset, layout, filter, transient);
    const e = engine();
    const plan = this.windowAt(offset);
    const got = plan.want > 0 ? this.readAt(offset, e.window().subarray(0, plan.want)) : 0;
    const { end, consumed } = this.windowRead(offset, plan, got);
    const batch = e.decodeWindow(layout, consumed, offset, filter, transient, strings);
    return { batch, end, consumed };
  }

  /** What a forward window at `offset` reads (whole records, from the file's size now). */
  private windowAt(offset: number): WindowPlan {
    const size = this.source.size();
    const whole = size - (size % this.layout.recordSize);
    return { size, whole, want: Math.max(0, Math.min(engine().windowBytesFor(this.layout), whole - offset)) };
  }

  /**
   * What `got` bytes read for `plan` at `offset` give: the whole records' bytes,
   * and whether none follow them (a partial trailing record is warned of then).
   */
  private windowRead(offset: number, plan: WindowPlan, got: number): { end: boolean; consumed: number } {
    const end = offset + got >= plan.whole || got < plan.want;
    if (end && plan.size > plan.whole && got === plan.want) this.warnPartial(plan.whole, plan.size - plan.whole, this.layout);
    return { end, consumed: got - (got % this.layout.recordSize) };
  }

  /** The same for framed files: entries vary in size, so the window ends where its last whole entry does. */
  private readFramedWindow(offset: number, layout: Layout, filter?: CompiledFilter, transient = false): { batch: EntryBatch; end: boolean; consumed: number } {
    const e = engine();
    const size = this.source.size();
    const want = Math.max(0, Math.min(e.windowCapacity, size - offset));
    const got = want > 0 ? this.readAt(offset, e.window().subarray(0, want)) : 0;
    const { batch, consumed, resyncs } = e.decodeFramedWindow(layout, got, offset, filter, transient);
    if (resyncs > 0) {
      this.warn({ code: "RESYNC", offset, length: resyncs,
        message: `${this.source.name}: ${resyncs} zero-length entries between offsets ${offset} and ${offset + consumed} skipped a byte each, as FreeBSD's reader does` });
    }
    const end = consumed === 0 || offset + consumed >= size;
    if (end && offset + consumed < size) this.warnPartial(offset + consumed, size - offset - consumed, layout);
    return { batch, end, consumed };
  }

  private warnPartial(offset: number, length: number, layout: Layout): void {
    const what = layout.framing ? `entry of ${layout.id}` : `${layout.recordSize}-byte record (${layout.id})`;
    this.warn({ code: "PARTIAL_RECORD", offset, length,
      message: `${this.source.name}: ${length} bytes at offset ${offset} are a partial ${what}; not decoded` });
  }

  private warn(warning: UtmpWarning): void {
    // a warning met again (a read from the start) is told once; two places of one offset are two warnings
    if (this.warnings.some((w) => w.code === warning.code && w.offset === warning.offset && w.message === warning.message)) return;
    this.warnings.push(warning);
    this.options.onWarning?.(warning);
  }
}
