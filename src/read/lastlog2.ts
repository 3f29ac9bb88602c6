// A lastlog2 database (util-linux's SQLite successor of lastlog, FORMATS.md
// §3.2) as a Lastlog: the same openers give it, iteration yields the users who
// logged in as entries (Entry.user is the name: lastlog2 keys rows by name,
// so Entry.uid is undefined), and rows() gives the rows exactly as stored.
import type { Entry } from "../core/entry.ts";
import { EMPTY } from "../layouts/entryType.ts";
import type { OpenOptions } from "./database.ts";
import { Lastlog } from "./lastlog.ts";
import { LASTLOG2_LAYOUT, Lastlog2Records, type Lastlog2Contents } from "./lastlog2Records.ts";
import { walBeside } from "./wal.ts";
import type { Lastlog2Listed, Lastlog2Row } from "../sqlite/lastlog2.ts";
import { fileSource, type ByteSource } from "../sources/sources.ts";
import { UtmpError, UtmpErrorCode, type UtmpWarning } from "../util/errors.ts";
import type { AppendOptions } from "../write/write.ts";
import type { EntryInput } from "../write/encode.ts";
import { LargeMap } from "../util/largeMap.ts";

export { LASTLOG2_LAYOUT };
export type { Lastlog2Row };

/** Each database's records, for lastlog2Listing (not part of the public API: index.ts does not export it). */
const recordsOf = new WeakMap<Lastlog2, Lastlog2Records>();

/** The rows of `db` as util-linux lastlog2 prints them, parallel to db.rows() (for `utmpx lastlog`). */
export function lastlog2Listing(db: Lastlog2): readonly Lastlog2Listed[] {
  return recordsOf.get(db)!.load().listed;
}

/**
 * Read lazily, as a Database is: the file (and the -wal beside it) is read
 * whole on first use and again on each new pass. A -wal's committed
 * transactions are applied with a WAL_APPLIED warning. Entries carry the row's
 * Name as `user`, TTY as `line`, RemoteHost as `host` (and `addr` when it is an
 * address), Service as `id`; `layout` is LASTLOG2_LAYOUT.
 */
export class Lastlog2 extends Lastlog {
  private readonly records: Lastlog2Records;
  private readonly onWarning: ((warning: UtmpWarning) => void) | undefined;
  private index: { contents: Lastlog2Contents; byName: LargeMap<string, number> } | undefined;

  /** `origin`: the database's bytes; `wal`: its -wal file's, when there is one. The `layout` option is ignored. */
  constructor(origin: ByteSource, wal: () => Uint8Array | undefined, options: OpenOptions = {}) {
    const records = new Lastlog2Records(origin, wal);
    super(records, { ...options, layout: LASTLOG2_LAYOUT });
    this.records = records;
    recordsOf.set(this, records);
    this.onWarning = options.onWarning;
    records.onLoad = (contents) => {
      for (const w of contents.warnings) this.note(w);
    };
  }

  /** The file read, or undefined for bytes. Setting it reads the lastlog2 database there (and its -wal) instead. */
  override get path(): string | undefined {
    return this.records.originPath;
  }
  override set path(path: string) {
    this.records.retarget(fileSource(path), () => walBeside(path));
    this.reset();
  }

  /** The rows as stored (text not cut, Time exact), in name order as lastlog2 lists them, never-logged-in rows included. */
  rows(): readonly Lastlog2Row[] {
    return this.records.load().rows;
  }

  /** The last login of the user of that name, or undefined (not in the database, or Time 0). A uid finds nothing: rows have names. */
  override get(user: number | string): Entry | undefined {
    if (typeof user !== "string") return undefined;
    const contents = this.records.load();
    if (this.index?.contents !== contents) {
      const byName = new LargeMap<string, number>(); // a Map stops at 2^24 names
      contents.rows.forEach((row, i) => { if (!byName.has(row.name)) byName.set(row.name, i); });
      this.index = { contents, byName };
    }
    const i = this.index.byName.get(user);
    const entry = i === undefined ? undefined : this.at(i);
    return entry && entry.type !== EMPTY ? entry : undefined;
  }

  /** Starts over: the next read reads the database again (it may have changed), warning again of its -wal. */
  override reset(): void {
    super.reset();
    this.records.forget();
  }

  override append(_entries: Entry | EntryInput | Iterable<Entry | EntryInput>, _options?: AppendOptions): number {
    throw this.unwritable();
  }
  override appendAsync(_entries: Entry | EntryInput | Iterable<Entry | EntryInput>, _options?: AppendOptions): Promise<number> {
    return Promise.reject(this.unwritable());
  }
  override put(_entry: Entry | EntryInput, _options?: AppendOptions): number {
    throw this.unwritable();
  }
  override putAsync(_entry: Entry | EntryInput, _options?: AppendOptions): Promise<number> {
    return Promise.reject(this.unwritable());
  }

  private unwritable(): UtmpError {
    return new UtmpError(UtmpErrorCode.UNSUPPORTED, `utmpx: ${this.records.name} is a lastlog2 database: records are not written to it (pam_lastlog2 replaces a user's row)`, { path: this.path });
  }

  private note(warning: UtmpWarning): void {
    if (this.warnings.some((w) => w.code === warning.code && w.offset === warning.offset && w.message === warning.message)) return;
    this.warnings.push(warning);
    this.onWarning?.(warning);
  }
}
