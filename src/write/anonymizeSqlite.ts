// `anonymize` for the SQLite successors of wtmp and lastlog: a wtmpdb database
// (table wtmp: User, RemoteHost) or a lastlog2 one (table Lastlog2: Name,
// RemoteHost). Each row's user and host are replaced as a record file's are
// (the same pseudonyms under the same key, conventions and loopback kept),
// everything else is kept: IDs, types, times, TTYs (but for the run-on bytes
// of an imported full-width line), services, the schema.
//
// A database is not rewritten byte for byte as a record file is: SQLite keeps
// old text in free pages, in cells moved by an update and in its -wal. So the
// committed WAL is folded in first, the rows are updated, and VACUUM then
// writes the whole database anew from its live rows alone: no page of the
// copy was a page of the original. sql.js (write/sqliteLibrary.ts) does the
// SQL, as it does for the other writes.
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { readWal } from "../sqlite/wal.ts";
import { SqliteDatabase } from "../sqlite/database.ts";
import type { SqliteTable } from "../sqlite/table.ts";
import { WTMPDB_COLUMNS, wtmpdbTable } from "../sqlite/wtmpdb.ts";
import { LASTLOG2_COLUMNS, lastlog2Table } from "../sqlite/lastlog2.ts";
import { SqliteImage, sqliteError } from "./sqliteImage.ts";
import type { SqlValue } from "./sqliteLibrary.ts";
import { hostReplacement, isConvention, replacementBytes, type HostReplacement } from "./anonymizeFields.ts";
import type { Pseudonym, Pseudonyms } from "./pseudonym.ts";

/** The tables we know, each with its user column, and the check by which utmpx's readers take it for theirs. */
const TABLES = [
  { table: "wtmp", user: "User", what: "wtmpdb", columns: WTMPDB_COLUMNS, readerTable: wtmpdbTable },
  { table: "Lastlog2", user: "Name", what: "lastlog2", columns: LASTLOG2_COLUMNS, readerTable: lastlog2Table },
] as const;

type KnownTable = (typeof TABLES)[number];

/**
 * Refuses a table the readers would refuse (WITHOUT ROWID, or without the
 * columns they read): the statements below name its rowid and columns, and
 * SQLite's "no such column" would say nothing of which file or why. The
 * readers' own check decides, so anonymize takes exactly the databases that
 * utmpx can read back.
 * @throws UtmpError UNSUPPORTED_FORMAT naming the file and the table
 */
function checkReadable(bytes: Uint8Array, known: KnownTable, name: string): void {
  const notOurs = (why: string) => new UtmpError(UtmpErrorCode.UNSUPPORTED_FORMAT,
    `utmpx: ${name}: its ${known.table} table is not ${known.what}'s (${why}); nothing written`);
  const db = new SqliteDatabase(bytes);
  let table: SqliteTable | undefined;
  try {
    if (known.readerTable(db) !== undefined) return;
    table = db.table(known.table);
  } catch (err) {
    if (err instanceof UtmpError && err.code === UtmpErrorCode.UNSUPPORTED_FORMAT) throw notOurs("not an ordinary rowid table: WITHOUT ROWID, virtual or unparsed");
    throw err;
  }
  throw notOurs(`no column ${known.columns.filter((c) => (table?.column(c) ?? -1) < 0).join(", ")}`);
}

/**
 * The database's pages with the WAL's committed frames put in their places,
 * as a checkpoint would: rows only the WAL holds are then in the copy too.
 */
function checkpointed(bytes: Uint8Array, wal: Uint8Array | undefined): Uint8Array {
  if (!wal || wal.length === 0 || bytes.length < 100) return bytes;
  const raw = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint16(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const state = readWal(wal, pageSize);
  if (state.dbSize === 0) return bytes; // no commit in it
  const merged = new Uint8Array(state.dbSize * pageSize);
  merged.set(bytes.subarray(0, Math.min(bytes.length, merged.length)));
  for (const [page, offset] of state.pages) {
    if (page <= state.dbSize) merged.set(wal.subarray(offset, offset + pageSize), (page - 1) * pageSize);
  }
  return merged;
}

/** glibc's ut_line and ll_line (UT_LINESIZE): wtmpdb and lastlog2 are Linux's, and their imports read Linux files. */
const LINE_WIDTH = 32;

/** A row's text as its bytes (wtmpdb stores whatever bytes it is given), or null. */
const bytesOf = (value: SqlValue): Uint8Array | null =>
  value === null ? null : value instanceof Uint8Array ? value : new TextEncoder().encode(String(value));

/**
 * A copy of the wtmpdb or lastlog2 database in `bytes` (with its -wal's
 * committed rows when `wal` is given) with users and hosts replaced.
 * @throws UtmpError UNSUPPORTED_FORMAT for a database with neither table; BAD_INPUT for a damaged one; UNSUPPORTED when sql.js cannot be loaded
 */
export async function anonymizeSqlite(bytes: Uint8Array, wal: Uint8Array | undefined, pseudonyms: Pseudonyms, name: string): Promise<Uint8Array> {
  const merged = checkpointed(bytes, wal);
  const image = await SqliteImage.open(merged, name);
  try {
    const tables = new Set((image.db.exec("SELECT name FROM sqlite_schema WHERE type = 'table'")[0]?.values ?? []).map(([t]) => String(t)));
    const known = TABLES.find((t) => tables.has(t.table));
    if (!known) {
      throw new UtmpError(UtmpErrorCode.UNSUPPORTED_FORMAT,
        `utmpx: ${name} is a SQLite database with neither wtmpdb's table nor lastlog2's (it has ${[...tables].join(", ") || "no table"}): nothing to anonymize by`);
    }
    checkReadable(merged, known, name);
    // the raw bytes of each text, as a record file's are hashed: one name, one pseudonym, in either kind of file
    const rows = image.db.exec(`SELECT rowid, CAST(${known.user} AS BLOB), CAST(RemoteHost AS BLOB), CAST(TTY AS BLOB) FROM ${known.table}`)[0]?.values ?? [];
    const changes: { rowid: SqlValue; user: Pseudonym | Uint8Array | null; host: HostReplacement | Uint8Array | null; tty: Uint8Array | null }[] = [];
    for (const [rowid, userValue, hostValue, ttyValue] of rows) {
      const user = bytesOf(userValue!), host = bytesOf(hostValue!), tty = bytesOf(ttyValue!);
      const newUser = user === null || user.length === 0 || isConvention(user) ? user : pseudonyms.want("user", user);
      const newHost = host === null || host.length === 0 ? host : hostReplacement(host, pseudonyms) ?? host;
      // A TTY longer than a Linux record's line field is a full-width line that ran on into the id, user and
      // host bytes of the record it was imported from (wtmpdb and lastlog2 read fields as C strings): the
      // device name is its first LINE_WIDTH bytes, the rest is a person's, and goes
      changes.push({ rowid: rowid!, user: newUser, host: newHost, tty: tty !== null && tty.length > LINE_WIDTH ? tty.slice(0, LINE_WIDTH) : tty });
    }
    await pseudonyms.resolve();
    const text = (v: Pseudonym | HostReplacement | Uint8Array | null): SqlValue =>
      v === null || v instanceof Uint8Array ? v : "kind" in v ? v.bytes! : replacementBytes(v);
    image.transaction("replacing users and hosts", (db) => {
      // CAST(? AS TEXT): bytes are bound as a BLOB; the cast keeps them, as TEXT, as the writers store them
      const update = db.prepare(`UPDATE ${known.table} SET ${known.user} = CAST(? AS TEXT), RemoteHost = CAST(? AS TEXT), TTY = CAST(? AS TEXT) WHERE rowid = ?`);
      try {
        for (const c of changes) {
          update.bind([text(c.user), text(c.host), c.tty, c.rowid]);
          update.step();
          update.reset();
        }
      } finally {
        update.free();
      }
    });
    try {
      image.db.run("VACUUM");
    } catch (err) {
      throw sqliteError(err, name, "rebuilding it from its rows");
    }
    return image.export();
  } finally {
    image.close();
  }
}
