// Which string fields the core interns, decided per field and per window from
// what the last windows brought. Interning pays when strings repeat: a user name
// seen a million times is hashed in the core and decoded once by the host. When
// most records bring a new string (a brute-force btmp's addresses, an archive of
// many peers) it only costs: hashing, copying, caches that die young. Such a
// field is left raw (its bytes read from the batch's copy of the records) and
// interned again now and then, to notice when the data changes.

/** The core's F_* bits, in the order of FIELDS. */
export const RAW_BITS = { user: 1, line: 2, host: 4, id: 8, addr: 16 } as const;
export type InternedField = keyof typeof RAW_BITS;
const FIELDS: readonly InternedField[] = ["user", "line", "host", "id", "addr"];
/** Every field raw: for counting, which reads no string. */
export const ALL_RAW = 31;
/** The string fields whose bytes the host then reads from the records (the address is in its own column). */
export const STRING_BITS = RAW_BITS.user | RAW_BITS.line | RAW_BITS.host | RAW_BITS.id;

/** A field goes raw when more than one record in this many brings a new string. */
const NEW_PER_RECORDS = 8;
/** Windows a raw field stays raw before it is interned again to re-measure. */
const RAW_WINDOWS = 32;
/** Windows smaller than this (a single record read by at()) say nothing about the data. */
const MIN_SAMPLE = 256;

export class InternPolicy {
  /** Per field: windows left raw (0: interned). */
  private readonly rawLeft = new Int32Array(FIELDS.length);

  /**
   * "adaptive" decides per window; "interned" interns every field and "raw" none,
   * always (for tests: filling string generations, reading every field raw).
   */
  constructor(private readonly mode: "adaptive" | "interned" | "raw" = "adaptive") {}

  /** The raw mask for the next decode. */
  mask(): number {
    if (this.mode !== "adaptive") return this.mode === "raw" ? ALL_RAW : 0;
    let mask = 0;
    for (let f = 0; f < FIELDS.length; f++) if (this.rawLeft[f]! > 0) mask |= RAW_BITS[FIELDS[f]!];
    return mask;
  }

  /** Takes in what a decode with `mask` found: `records` decoded, `fresh(field)` new strings interned per field. */
  observe(mask: number, records: number, fresh: (field: InternedField) => number): void {
    if (this.mode !== "adaptive" || records < MIN_SAMPLE) return;
    for (let f = 0; f < FIELDS.length; f++) {
      const field = FIELDS[f]!;
      if (mask & RAW_BITS[field]) this.rawLeft[f] = this.rawLeft[f]! - 1;
      else if (fresh(field) * NEW_PER_RECORDS > records) this.rawLeft[f] = RAW_WINDOWS;
    }
  }
}
