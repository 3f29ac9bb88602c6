// follow(): the records appended to a live file, as `tail -F` and
// `utmpdump -f` follow one. Whole records only (a record being written is
// waited for); a rotation (the path renamed away and made anew) reads the old
// file to its end first, then the new one from its start; a truncation starts
// over with a warning. Each batch comes with a checkpoint, so a shipper that
// saves it resumes after a restart with nothing lost and nothing twice.
// wtmpdb databases are followed by their row IDs (src/read/followWtmpdb.ts).
import type { EntryBatch } from "../core/batch.ts";
import { engine } from "../core/engine.ts";
import { compileFilter, type EntryFilter } from "../core/filter.ts";
import { DETECTION_BYTES, layoutOf, resolveLayout, worthMoreBytes } from "../detect/chooseLayout.ts";
import { detect } from "../detect/detect.ts";
import type { Layout } from "../layouts/table.ts";
import { isSqlite } from "../sqlite/header.ts";
import { isGzip } from "../sources/gzip.ts";
import { UtmpError, UtmpErrorCode, type UtmpWarning } from "../util/errors.ts";
import { checkOptions, checkSignal } from "../util/optionsObject.ts";
import { valueKind } from "../util/valueKind.ts";
import { FollowedFile, findRotated, pathStat } from "./followFile.ts";
import { Wake } from "./followWake.ts";
import { WtmpdbFollower } from "./followWtmpdb.ts";

/**
 * Where a follower stands: the byte after the last record delivered, in the
 * file of this inode, which had this size. For a wtmpdb database, `offset` is
 * the largest row ID delivered and `open` the rows whose end is still to come.
 */
export interface FollowCheckpoint {
  readonly offset: number;
  readonly inode: number;
  readonly size: number;
  readonly open?: readonly number[] | undefined;
}

/** What following met that did not stop it: a rotation, a truncation, a partial record left at the end of a rotated file. */
export interface FollowWarning {
  readonly code: "ROTATED" | "TRUNCATED" | "PARTIAL_RECORD" | "CHECKPOINT_LOST";
  readonly message: string;
  readonly offset: number;
  readonly length: number;
}

export interface FollowOptions {
  /**
   * Where to begin: "end" (default: only records appended from now), "start"
   * (the whole file, then what comes), a byte offset, or a saved checkpoint.
   */
  from?: "end" | "start" | number | FollowCheckpoint | undefined;
  /** Layout id or Layout row: skips detection (needed for a file too short to tell). */
  layout?: string | Layout | undefined;
  /** Keep only the records this filter passes. */
  filter?: EntryFilter | undefined;
  /** Stops following: the iterator then ends. */
  signal?: AbortSignal | undefined;
  /** Milliseconds between looks at the file when the file system reports nothing (default 1000). */
  pollInterval?: number | undefined;
  /** Listen for changes (fs.watch, Deno.watchFs); default true. false: poll only. */
  watch?: boolean | undefined;
  onWarning?: ((warning: UtmpWarning | FollowWarning) => void) | undefined;
}

export interface FollowBatch {
  /** New records, in file order (their own, not views: keep them as long as you like). */
  readonly batch: EntryBatch;
  /** Save this to resume after them. */
  readonly checkpoint: FollowCheckpoint;
}

/**
 * The records appended to `path` as they come, batch by batch, until the
 * signal aborts (or the consumer stops iterating). Node, Deno and Bun.
 * @throws UtmpError UNKNOWN_LAYOUT when the file's records fit no layout, IO when it cannot be read
 */
export async function* follow(path: string, options: FollowOptions = {}): AsyncGenerator<FollowBatch, void, undefined> {
  // a path of another kind failed as "reading 'lastIndexOf'"
  if (typeof path !== "string") throw new TypeError(`utmpx: follow(path) is ${valueKind(path)}, not a path (a string)`);
  checkOptions(options, "follow() options");
  checkSignal(options.signal);
  const wake = new Wake(path, options);
  const follower = new RecordFollower(path, options);
  try {
    follower.begin();
    for (;;) {
      if (options.signal?.aborted) return;
      for (const item of follower.poll()) {
        yield item;
        if (options.signal?.aborted) return;
      }
      await wake.wait(options.signal);
    }
  } finally {
    wake.close();
    follower.close();
  }
}

/** The state of one follow: the open file, where in it, and its layout. */
class RecordFollower {
  private file: FollowedFile | undefined;
  private offset = 0;
  private layout: Layout | undefined;
  private wtmpdb: WtmpdbFollower | undefined;
  /** A checkpoint or offset to apply once the file's layout is known. */
  private startAt: FollowOptions["from"];
  /** The file's size when following began: "end" means there. */
  private endAtStart = 0;

  constructor(private readonly path: string, private readonly options: FollowOptions) {
    if (options.layout !== undefined) this.layout = resolveLayout(options.layout);
  }

  private warn(code: FollowWarning["code"], message: string, offset = 0, length = 0): void {
    this.options.onWarning?.({ code, message: `${this.path}: ${message}`, offset, length });
  }

  /** Opens the file and places the start: reading a rotated-away checkpoint's file first where it is found. */
  begin(): void {
    const from = this.options.from ?? "end";
    this.startAt = from;
    this.file = FollowedFile.open(this.path);
    // "the end" is where the file ends now, even when its layout can only be told later
    this.endAtStart = this.file?.size() ?? 0;
    // a wtmpdb checkpoint (it has `open`) names rows, not bytes: SQLite writers replace the file, so its inode says nothing
    if (typeof from === "object" && from.open === undefined) {
      const now = pathStat(this.path);
      if (now && now.ino !== from.inode) {
        const moved = findRotated(this.path, from.inode);
        this.file?.close();
        this.file = moved ? FollowedFile.open(moved) : undefined;
        if (!this.file) {
          this.warn("CHECKPOINT_LOST", `the file of the checkpoint (inode ${from.inode}) is gone: following the current file from its start`);
          this.file = FollowedFile.open(this.path);
          this.startAt = "start";
        }
      }
    }
  }

  close(): void {
    this.file?.close();
    this.file = undefined;
  }

  /** Everything new since the last poll, whole records only. */
  *poll(): Generator<FollowBatch> {
    if (!this.file) {
      this.file = FollowedFile.open(this.path);
      if (!this.file) return; // not there yet (between a rename and the new file)
      this.startAt ??= "start";
    }
    if (this.wtmpdb || this.ensureLayout()) yield* this.wtmpdb ? this.wtmpdbChanges() : this.appended();
    // rotated? the path names another file now: finish this one, then go on with the new one
    const now = pathStat(this.path);
    if (this.wtmpdb && this.file && now && now.ino !== this.file.inode) {
      // SQLite writers may replace the database whole (a safe write): the same history, whose row IDs go on
      this.file.close();
      this.file = FollowedFile.open(this.path);
      return;
    }
    if (this.file && (!now || now.ino !== this.file.inode)) {
      // (a file whose layout was never told, too short to judge, has no records to finish)
      if (!this.wtmpdb && this.layout && this.startAt === undefined) yield* this.appended();
      const rest = this.layout && !this.wtmpdb && this.startAt === undefined ? this.file.size() - this.offset : 0;
      if (rest > 0) this.warn("PARTIAL_RECORD", `${rest} bytes at offset ${this.offset} of the rotated file are a partial record; not decoded`, this.offset, rest);
      this.warn("ROTATED", `replaced (rotated): the old file read to its end at offset ${this.offset}; now the new one from its start`, this.offset);
      this.file.close();
      this.file = undefined;
      this.offset = 0;
      this.startAt = "start";
      this.endAtStart = 0;
      if (this.options.layout === undefined) this.layout = undefined; // the new file is judged afresh
      this.wtmpdb = undefined;
      yield* this.poll();
    }
  }

  /**
   * Decides the layout once the file has bytes to judge (and where to start in
   * it); false while it is too short to tell.
   */
  private ensureLayout(): boolean {
    const file = this.file!;
    const size = file.size();
    if (!this.layout) {
      if (size === 0) return false;
      let head = new Uint8Array(Math.min(size, DETECTION_BYTES));
      head = head.subarray(0, file.read(0, head));
      if (isSqlite(head)) return this.startWtmpdb(file), true;
      // said as such, not as records of no known layout: an archive is never appended to
      if (isGzip(head)) {
        throw new UtmpError(UtmpErrorCode.UNSUPPORTED, `utmpx: ${this.path} is a gzip archive: following reads records as they are appended to a live file; read an archive whole (utmpx dump FILE, open(), stream())`, { path: this.path });
      }
      let detection = detect(head, { size });
      if (worthMoreBytes(detection) && size > head.length) {
        head = new Uint8Array(Math.min(size, engine().windowCapacity));
        head = head.subarray(0, file.read(0, head));
        detection = detect(head, { size });
      }
      try {
        this.layout = layoutOf(detection, head, { name: this.path, path: this.path, size }).layout;
      } catch (err) {
        // a file of a record or two may not say its layout yet: wait for more, unless it was there to be read whole from the start
        const young = this.startAt !== "start" || this.endAtStart === 0;
        if (err instanceof UtmpError && err.code === UtmpErrorCode.UNKNOWN_LAYOUT && size < 4096 && young) return false;
        throw err;
      }
    }
    if (this.startAt !== undefined) this.place(size);
    return true;
  }

  /** Sets the offset from where following starts, once the layout is known. */
  private place(size: number): void {
    const from = this.startAt!;
    this.startAt = undefined;
    const layout = this.layout!;
    const align = (n: number) => (layout.framing ? n : n - (n % layout.recordSize));
    if (from === "start") this.offset = 0;
    else if (from === "end") this.offset = align(Math.min(size, this.endAtStart)); // a record being written at the end is waited for, then delivered
    else {
      const at = typeof from === "number" ? from : from.offset;
      if (!Number.isSafeInteger(at) || at < 0) throw new UtmpError(UtmpErrorCode.BAD_INPUT, `utmpx: follow from offset ${at}: not a byte offset`);
      // login files only grow: smaller than when the checkpoint was taken, it was truncated, even if it grew back past the offset since
      const shrank = typeof from === "object" && from.inode === this.file!.inode && size < from.size;
      if (at > size || shrank) {
        this.warn("TRUNCATED", `shorter (${size} bytes) than the offset to resume at (${at}): truncated; reading from its start`, at);
        this.offset = 0;
      } else {
        this.offset = align(at);
      }
    }
  }

  /** The whole records from the offset to the file's end now. */
  private *appended(): Generator<FollowBatch> {
    const file = this.file!;
    const layout = this.layout!;
    const e = engine();
    const compiled = this.options.filter === undefined ? undefined : compileFilter(this.options.filter, layout);
    for (;;) {
      const size = file.size();
      if (size < this.offset) {
        this.warn("TRUNCATED", `truncated to ${size} bytes below offset ${this.offset}: reading from its start`, this.offset);
        this.offset = 0;
        continue;
      }
      const available = size - this.offset;
      if (layout.framing) {
        if (available === 0) return;
        const length = Math.min(available, e.windowCapacity);
        const got = file.read(this.offset, e.window().subarray(0, length));
        const { batch, consumed } = e.decodeFramedWindow(layout, got, this.offset, compiled);
        if (consumed === 0) {
          if (got === e.windowCapacity) throw new UtmpError(UtmpErrorCode.INTERNAL, `utmpx: no progress following ${this.path} at offset ${this.offset}`);
          return; // an entry still being written
        }
        this.offset += consumed;
        if (batch.length > 0) yield { batch, checkpoint: this.checkpoint(size) };
        continue;
      }
      const whole = Math.min(available - (available % layout.recordSize), e.windowBytesFor(layout));
      if (whole === 0) return;
      const got = file.read(this.offset, e.window().subarray(0, whole));
      const records = got - (got % layout.recordSize);
      if (records === 0) return;
      // a copy, not views: the consumer may hold the batch while the decoder reads on
      const batch = e.decodeWindow(layout, records, this.offset, compiled);
      this.offset += records;
      if (batch.length > 0) yield { batch, checkpoint: this.checkpoint(size) };
    }
  }

  private checkpoint(size: number): FollowCheckpoint {
    return { offset: this.offset, inode: this.file!.inode, size };
  }

  private startWtmpdb(file: FollowedFile): void {
    const w = new WtmpdbFollower(this.path, this.options);
    const from = this.startAt;
    this.startAt = undefined;
    if (from === "end" && this.endAtStart > 0) w.skip("all"); // a database made after we began is new throughout
    else if (typeof from === "object") w.skip({ lastRow: from.offset, open: from.open ?? [] });
    else if (typeof from === "number") w.skip({ lastRow: from, open: [] });
    this.wtmpdb = w;
    void file;
  }

  private *wtmpdbChanges(): Generator<FollowBatch> {
    const w = this.wtmpdb!;
    for (const { batch, events } of w.changes()) {
      w.delivered(events);
      const position = w.position();
      yield { batch, checkpoint: { offset: position.lastRow, inode: this.file!.inode, size: this.file!.size(), open: position.open } };
    }
  }
}
