// Damage inside a table's B-tree: a page below the root, a cell or a record
// that cannot be read. SQLite stops the query at the first (SQLITE_CORRUPT),
// and wtmpdb then lists nothing; a responder holding a damaged database wants
// every row that can still be read and to be told what could not. So a walk
// given a DamageLog passes over what it cannot read, and the log turns each
// place into a SQLITE_DAMAGED warning naming its offset and what it cost.
// The root page and the schema are not passed over: without them there is no
// table to read.
import { UtmpError, UtmpErrorCode, type UtmpWarning } from "../util/errors.ts";

/** Places told one by one; past them, one warning says how many more. */
export const DAMAGE_TOLD = 100;

/** One damaged place: where (a byte offset of the database, or of its -wal file), what, and what was given up for it. */
export interface DamagedPlace {
  readonly offset: number;
  /** The offset is the -wal file's (a page the log holds), not the database's. */
  readonly inWal: boolean;
  readonly problem: string;
  readonly lost: string;
}

export class DamageLog {
  /** The first DAMAGE_TOLD places. */
  readonly places: DamagedPlace[] = [];
  /** Places of damage, told or not. */
  count = 0;

  /** `name`: the file, for messages (several databases may be read as one). */
  constructor(private readonly name: string) {}

  /**
   * Takes `err` when it is damage of the file's bytes (BAD_INPUT), saying what
   * the walk gives up for it (`lost`: "its row is not read"); anything else
   * (an IO error, a bug) is thrown on.
   */
  note(err: unknown, lost: string): void {
    if (!(err instanceof UtmpError) || err.code !== UtmpErrorCode.BAD_INPUT) throw err;
    // corrupt() (bytes.ts) begins its message with the file the bytes came from
    if (++this.count <= DAMAGE_TOLD) this.places.push({ offset: err.offset ?? 0, inWal: err.message.startsWith("SQLite WAL:"), problem: err.message, lost });
  }

  /** The warnings: a place each, the first DAMAGE_TOLD, then one with how many more. */
  warnings(): UtmpWarning[] {
    const told: UtmpWarning[] = this.places.map((p) => ({ code: "SQLITE_DAMAGED", offset: p.offset, length: 0, message: `${this.name}: ${p.problem}: ${p.lost}` }));
    const more = this.count - this.places.length;
    if (more <= 0) return told;
    return [...told, {
      code: "SQLITE_DAMAGED", offset: this.places.at(-1)!.offset, length: more,
      message: `${this.name}: ${more} more damaged place(s) after the first ${DAMAGE_TOLD}, each passed over as they were`,
    }];
  }
}
