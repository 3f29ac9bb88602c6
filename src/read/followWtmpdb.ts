// Following a wtmpdb database. SQLite rewrites pages in place, so there is no
// "appended part" to read: on each change the database (with its -wal) is read
// again as records (src/read/wtmpdbSource.ts: a row's login or boot, and its
// logout or shutdown once set, the row ID in `session`), and the events not
// delivered before are handed out: new rows, and Logout set on older ones.
import type { EntryBatch } from "../core/batch.ts";
import type { EntryFilter } from "../core/filter.ts";
import { Database } from "./database.ts";
import { fileSource } from "../sources/sources.ts";
import type { UtmpWarning } from "../util/errors.ts";
import { pathStat } from "./followFile.ts";
import { LargeMap, LargeSet } from "../util/largeMap.ts";

/** Where a wtmpdb follower stands: every event of rows up to `lastRow` delivered, except the ends of the `open` rows. */
export interface WtmpdbPosition {
  readonly lastRow: number;
  readonly open: readonly number[];
}

/** Raw types of the events that end a row: DEAD_PROCESS (a logout) and RUN_LVL (the shutdown of a boot row). */
const ENDS = new Set([8, 1]);

export class WtmpdbFollower {
  /** Per row ID: 1 its start delivered, 2 its end too. A LargeMap: a database may hold more than a Map's 2^24 rows. */
  private readonly seen = new LargeMap<number, number>();

  /** The database's and its -wal's size and time when last read: unchanged, nothing is read. */
  private stamp = "";
  private readonly onWarning: (w: UtmpWarning) => void;

  constructor(private readonly path: string, private readonly options: { filter?: EntryFilter | undefined; onWarning?: ((w: UtmpWarning) => void) | undefined }) {
    // every read applies (or ignores) the -wal, and passes over the same damage: each said once, not at every change
    const said = new Set<string>();
    this.onWarning = (w) => {
      const key = w.code === "WAL_APPLIED" || w.code === "WAL_IGNORED" ? w.code : w.code === "SQLITE_DAMAGED" ? `${w.code} ${w.message}` : undefined;
      if (key !== undefined) {
        if (said.has(key)) return;
        said.add(key);
      }
      options.onWarning?.(w);
    };
  }

  /** Whether the database or its -wal changed since the last read. */
  private changed(): boolean {
    const stamp = [pathStat(this.path), pathStat(`${this.path}-wal`)].map((s) => (s ? `${s.ino}:${s.size}:${s.mtimeMs}` : "-")).join(" ");
    if (stamp === this.stamp) return false;
    this.stamp = stamp;
    return true;
  }

  /** Marks what `position` says was delivered (a checkpoint's), or everything there is now (following from the end). */
  skip(position: WtmpdbPosition | "all"): void {
    if (position === "all") {
      this.changed(); // what is there now is delivered: the next read waits for a change
      for (const batch of this.read()) for (let i = 0; i < batch.length; i++) this.mark(batch, i);
      return;
    }
    const open = new Set(position.open);
    for (const batch of this.read()) {
      for (let i = 0; i < batch.length; i++) {
        const row = batch.columns.session[i]!;
        if (row <= position.lastRow) this.seen.set(row, open.has(row) ? 1 : 2);
      }
    }
  }

  private read(filter?: EntryFilter): EntryBatch[] {
    // a fresh read each time: the database may have changed anywhere
    const db = new Database(fileSource(this.path), { onWarning: this.onWarning });
    return [...db.batches(filter)];
  }

  /** Whether event `i` of `batch` is still to be delivered. */
  private fresh(batch: EntryBatch, i: number): boolean {
    return (this.seen.get(batch.columns.session[i]!) ?? 0) < (eventKey(batch, i) & 1) + 1;
  }

  private mark(batch: EntryBatch, i: number): void {
    this.markKey(eventKey(batch, i));
  }

  private markKey(key: number): void {
    const row = Math.floor(key / 2), level = (key & 1) + 1;
    if ((this.seen.get(row) ?? 0) < level) this.seen.set(row, level);
  }

  /**
   * The events not delivered yet, in the database's time order, as batches
   * (the filter applied), each with the events it settles: call delivered()
   * with them once the batch is handed out, so that position() never counts
   * an event a consumer has not had.
   */
  changes(): { batch: EntryBatch; events: number[] }[] {
    if (!this.changed()) return [];
    // an event each: a first read from the start of 8.4M rows passes a Set's 2^24
    const fresh = new LargeSet<number>();
    for (const batch of this.read()) {
      for (let i = 0; i < batch.length; i++) if (this.fresh(batch, i)) fresh.add(eventKey(batch, i));
    }
    if (fresh.size === 0) return [];
    // the filter runs in the core as the records are read; what it passes of the fresh events is handed out
    const out: { batch: EntryBatch; events: number[] }[] = [];
    const passed = new LargeSet<number>();
    for (const batch of this.read(this.options.filter)) {
      const rows: number[] = [];
      const events: number[] = [];
      for (let i = 0; i < batch.length; i++) {
        const key = eventKey(batch, i);
        if (!fresh.has(key)) continue;
        rows.push(i);
        events.push(key);
        passed.add(key);
      }
      if (rows.length > 0) out.push({ batch: rows.length === batch.length ? batch : batch.pick(rows), events });
    }
    // the events the filter left out are settled with the last batch (or now, when none passed)
    const left = [...fresh].filter((k) => !passed.has(k));
    if (out.length > 0) out.at(-1)!.events.push(...left);
    else this.delivered(left);
    return out;
  }

  /** Marks events as handed out. */
  delivered(events: readonly number[]): void {
    for (const key of events) this.markKey(key);
  }

  position(): WtmpdbPosition {
    let lastRow = 0;
    const open: number[] = [];
    for (const [row, level] of this.seen) {
      if (row > lastRow) lastRow = row;
      if (level === 1) open.push(row);
    }
    return { lastRow, open };
  }
}

/** An event by its row ID and whether it is the row's end. */
function eventKey(batch: EntryBatch, i: number): number {
  return batch.columns.session[i]! * 2 + (ENDS.has(batch.columns.rawType[i]!) ? 1 : 0);
}
