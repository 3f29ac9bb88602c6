// A lastlog database: one slot per uid at uid × recordSize, all-zero (usually a
// hole of a sparse file) where the uid never logged in (FORMATS.md §3.1, §5.1).
import { Database, type OpenOptions } from "./database.ts";
import type { Entry } from "../core/entry.ts";
import { EMPTY } from "../layouts/entryType.ts";
import { LAYOUTS, type Layout } from "../layouts/table.ts";
import type { ByteSource } from "../sources/sources.ts";
import { resolveLayout } from "../detect/chooseLayout.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";

const LASTLOG_LAYOUTS: readonly Layout[] = LAYOUTS.filter((l) => l.kind === "lastlog");

/**
 * Iterating yields the uids that logged in, in uid order (Entry.uid, date,
 * line, host); `length` is the number of uid slots the file has room for;
 * `get(uid)` reads one slot. Where the source can tell where data lies (see
 * ByteSource.nextData), holes are skipped without being read. The openers give
 * a Lastlog2 (a subclass keyed by user name) for a lastlog2 database.
 */
export class Lastlog extends Database {
  constructor(source: ByteSource, options: OpenOptions = {}) {
    super(source, options);
    // a records layout read slot by slot printed each uid's "last login" from parts of wtmp records
    // (a Lastlog2 gives its rows' own layout)
    const given = options.layout === undefined || new.target !== Lastlog ? undefined : resolveLayout(options.layout);
    if (given !== undefined && given.kind !== "lastlog") {
      throw new UtmpError(UtmpErrorCode.BAD_INPUT,
        `utmpx: layout ${given.id} is of utmp/wtmp records, not of a lastlog: read a lastlog with one of ${LASTLOG_LAYOUTS.map((l) => l.id).join(", ")}`);
    }
  }

  /**
   * The last login of `uid`, or undefined when it never logged in (or has no
   * slot). A name finds nothing here, since a lastlog file holds no names (map
   * it to its uid with the passwd file); a Lastlog2 finds rows by name.
   */
  get(uid: number | string): Entry | undefined {
    if (typeof uid !== "number" || !Number.isInteger(uid) || uid < 0) return undefined;
    const entry = this.at(uid);
    return entry && entry.type !== EMPTY ? entry : undefined;
  }

  override next(): IteratorResult<Entry, undefined> {
    for (;;) {
      const r = super.next();
      if (r.done || r.value.type !== EMPTY) return r;
    }
  }

  protected override candidateLayouts(): readonly Layout[] {
    return LASTLOG_LAYOUTS;
  }

  protected override resumeAt(offset: number): number {
    const next = this.bytes.nextData?.(offset);
    if (next === undefined || next <= offset) return offset;
    const size = this.layout.recordSize;
    return Math.floor(next / size) * size;
  }
}
