// A wtmpdb or lastlog2 database as its checks see it: the bytes (free pages are
// read as they lie; a file's read as they are asked for), the -wal beside it,
// and the rows read through both.
import { DamageLog, type DamagedPlace } from "../sqlite/damage.ts";
import { SqliteDatabase } from "../sqlite/database.ts";
import { wtmpdbTable, type WtmpdbRow } from "../sqlite/wtmpdb.ts";
import { wtmpdbColumns } from "../sqlite/wtmpdbColumns.ts";
import type { WrongKind } from "../sqlite/wtmpdbValues.ts";
import { lastlog2Table, readLastlog2Table, type Lastlog2Row } from "../sqlite/lastlog2.ts";
import type { DatabaseBytes } from "../sqlite/pager.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";

export interface SqliteInput {
  readonly name: string;
  readonly kind: "wtmpdb" | "lastlog2";
  readonly bytes: DatabaseBytes;
  readonly wal: Uint8Array | undefined;
  readonly database: SqliteDatabase;
  /** wtmpdb's rows in ID order (empty for lastlog2), values of another kind read as wtmpdb reads them. */
  readonly rows: readonly WtmpdbRow[];
  /** Values of another kind than wtmpdb or liblastlog2 writes, read as its tool reads them (the first 100), and how many there were. */
  readonly valueKinds: readonly WrongKind[];
  readonly valueKindCount: number;
  /** lastlog2's rows (empty for wtmpdb). */
  readonly lastlog2: readonly Lastlog2Row[];
  /** Damage passed over in the table (the first DAMAGE_TOLD places), and how many places there were. */
  readonly damaged: readonly DamagedPlace[];
  readonly damagedCount: number;
}

/** @throws UtmpError UNSUPPORTED_FORMAT for a SQLite database that is neither, BAD_INPUT when its header, schema or table root is malformed (damage below is passed over: `damaged`) */
export function sqliteInput(name: string, bytes: DatabaseBytes, wal: Uint8Array | undefined): SqliteInput {
  const database = new SqliteDatabase(bytes, { wal });
  const damage = new DamageLog(name);
  const wtmp = wtmpdbTable(database);
  if (wtmp) {
    const c = wtmpdbColumns(wtmp, undefined, damage);
    return { name, kind: "wtmpdb", bytes, wal, database, rows: c.rows().sort((a, b) => a.id - b.id), valueKinds: c.wrong, valueKindCount: c.wrongKinds, lastlog2: [], damaged: damage.places, damagedCount: damage.count };
  }
  const lastlog2 = lastlog2Table(database);
  if (lastlog2) {
    const read = readLastlog2Table(lastlog2, damage);
    return { name, kind: "lastlog2", bytes, wal, database, rows: [], valueKinds: read.wrong, valueKindCount: read.wrongCount, lastlog2: read.rows, damaged: damage.places, damagedCount: damage.count };
  }
  throw new UtmpError(UtmpErrorCode.UNSUPPORTED_FORMAT, `utmpx: ${name} is a SQLite database with neither wtmpdb's wtmp table nor lastlog2's Lastlog2 table: nothing to audit`);
}
