// Which string fields the core interns, decided per field and per window from
// what the last windows brought. Interning pays when strings repeat: a user name
// seen a million times is hashed in the core and decoded once by the host. When
// most records bring a new string (a brute-force btmp's addresses, an archive of
// many peers) it only costs: hashing, copying, caches that die young. Such a
// field is left raw (its bytes copied once per window, read where they lie), and
// the core keeps sampling it (assembly/sketch.ts) to notice when its strings
// start repeating again.

/** The core's F_* bits. */
export const RAW_BITS = { user: 1, line: 2, host: 4, id: 8, addr: 16 } as const;
export type InternedField = keyof typeof RAW_BITS;
/** In the order of the core's sketch fields. */
const FIELDS: readonly InternedField[] = ["user", "line", "host", "id", "addr"];
/** Every field raw: for counting, which reads no string. */
export const ALL_RAW = 31;
/** The string fields whose bytes the host then reads from the records (the address is in its own column). */
export const STRING_BITS = RAW_BITS.user | RAW_BITS.line | RAW_BITS.host | RAW_BITS.id;

/** A field goes raw when more than one record in this many brings a new string, and back when fewer samples miss. */
const NEW_PER_RECORDS = 8;
/** Windows smaller than this (a single record read by at()) say nothing about the data. */
const MIN_SAMPLE = 256;

/** What one decode tells the policy. */
export interface DecodeCounts {
  /** Records decoded. */
  readonly records: number;
  /** Of an interned field: new strings interned. */
  fresh(field: InternedField): number;
  /** Records of which raw fields were sampled. */
  readonly samples: number;
  /** Of a raw field: samples not seen lately. */
  misses(field: InternedField): number;
}

export class InternPolicy {
  private raw = 0;

  /**
   * "adaptive" decides per window; "interned" interns every field and "raw" none,
   * always (for tests: filling string generations, reading every field raw).
   */
  constructor(private readonly mode: "adaptive" | "interned" | "raw" = "adaptive") {}

  /** The raw mask for the next decode. */
  mask(): number {
    return this.mode === "adaptive" ? this.raw : this.mode === "raw" ? ALL_RAW : 0;
  }

  /** Takes in what a decode with `mask` found, of the fields it decoded (not those in `skipped`). */
  observe(mask: number, skipped: number, counts: DecodeCounts): void {
    if (this.mode !== "adaptive" || counts.records < MIN_SAMPLE) return;
    for (const field of FIELDS) {
      const bit = RAW_BITS[field];
      if (skipped & bit) continue;
      if (!(mask & bit)) {
        if (counts.fresh(field) * NEW_PER_RECORDS > counts.records) this.raw |= bit;
      } else if (counts.misses(field) * NEW_PER_RECORDS <= counts.samples) {
        this.raw &= ~bit;
      }
    }
  }
}
