// Whether a field's raw values are looked up in the dictionary or given fresh
// ids (Dictionary.fresh(), found again only among the recent ones: recentIds.ts),
// decided batch by batch. Why: in a brute-forced btmp nine addresses in ten
// are new, and in the worst case every string of every record; looking each
// up, keeping its bytes and growing the dictionary's table to millions of
// slots took 1-4.5 s per million records here, most of the time from the file
// to its rows on screen. A text given a fresh id costs a copy of its bytes; one
// that repeats after the recent ones forgot it is sent again, under a new id.
import { RecentIds } from "./recentIds.ts";

/** A batch whose lookups miss more than this share goes on with fresh ids: nearly all is new. */
const MOSTLY_NEW = 0.75;
/**
 * ... as does one whose lookups found no more than this share of its values
 * beyond what the recent texts held (a logout names the line of a login shortly
 * before): the dictionary's table then finds little the recent texts would not.
 */
const FOUND_ONLY_IN_DICTIONARY = 0.05;
/**
 * With fresh ids, the recent texts are asked first only if, in the last batch
 * looked up, they held at least this share of its values: in a field of
 * nothing but new values they cost a hash and a copy a value for nothing.
 */
const RECENT_WORTH = 0.02;
/** Fewer lookups in a batch decide nothing. */
const MIN_LOOKUPS = 256;
/** Batches given fresh ids between two looked up, in case the values started repeating. */
const RECHECK_BATCHES = 32;

export class LookupOrFresh {
  /** Whether this batch's values get fresh ids (begin() says). */
  private freshNow = false;
  /** Batches given fresh ids since the last one looked up. */
  private freshBatches = 0;
  /** The texts given ids lately, made when first needed. */
  private recentIds: RecentIds | undefined;
  /** Whether, with fresh ids, the recent texts are asked first (see RECENT_WORTH). */
  useRecent = true;
  // in a batch looked up: values looked up, those the dictionary did not find, and those the recent texts did not hold
  private lookups = 0;
  private misses = 0;
  private recentMisses = 0;

  get recent(): RecentIds {
    return (this.recentIds ??= new RecentIds());
  }

  /**
   * Whether this batch, looked up, only looks: it follows batches given fresh
   * ids, so what it misses gets fresh ids too rather than kept for lookups.
   * Why: in the worst-case bench file each such batch put ~20,000 values in
   * the dictionary's table, 150,000 per million records, that no later batch
   * looked for (the next ones went fresh again).
   */
  rechecking = false;

  /** Called before each batch: whether its values get fresh ids. */
  begin(): boolean {
    this.rechecking = false;
    if (this.freshNow && ++this.freshBatches > RECHECK_BATCHES) this.freshNow = false, this.rechecking = true;
    this.lookups = this.misses = this.recentMisses = 0;
    return this.freshNow;
  }

  /**
   * In a batch looked up: the value of `bytes[at, at + length)` was `found` in
   * the dictionary or not, and has id `id`; the recent texts are kept as they
   * would be with fresh ids, to tell what they would have found.
   */
  looked(bytes: Uint8Array, at: number, length: number, found: boolean, id: number): void {
    this.lookups++;
    if (!found) this.misses++;
    const recent = this.recent;
    if (recent.get(bytes, at, length) < 0) {
      this.recentMisses++;
      recent.set(bytes, at, length, id);
    }
  }

  /** Called after a batch looked up: decides the next ones. */
  end(): void {
    if (this.lookups < MIN_LOOKUPS) return;
    this.useRecent = this.lookups - this.recentMisses >= RECENT_WORTH * this.lookups;
    const foundOnlyThere = this.recentMisses - this.misses;
    if (this.misses > MOSTLY_NEW * this.lookups || foundOnlyThere < FOUND_ONLY_IN_DICTIONARY * this.lookups) {
      this.freshNow = true;
      this.freshBatches = 0;
    }
  }
}
