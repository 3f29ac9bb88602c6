// Writing a lastlog2 database as util-linux's liblastlog2 does (write_entry()
// in liblastlog2/src/lastlog2.c, which pam_lastlog2 calls at each login): the
// table created with its exact statement when missing, then one user's row
// set with REPLACE INTO (a row per Name: the new one takes the old one's
// place). One transaction, written back whole (sqliteFile.ts). Time is in
// seconds since the epoch, as pam_lastlog2 stores time().
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { SqliteImage } from "./sqliteImage.ts";
import { editSqliteFile } from "./sqliteFile.ts";
import type { SqlValue } from "./sqliteLibrary.ts";
import { optionalText, requiredText, type SqliteText } from "./sqliteText.ts";

/** liblastlog2's CREATE TABLE, character for character (not STRICT). */
export const LASTLOG2_SCHEMA =
  "CREATE TABLE IF NOT EXISTS Lastlog2(Name TEXT PRIMARY KEY, Time INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT);";
export const LASTLOG2_COLUMNS = ["Name", "Time", "TTY", "RemoteHost", "Service"] as const;

/** Text, or its exact bytes (stored as TEXT unchanged). */
export type Lastlog2Text = SqliteText;

export interface Lastlog2Entry {
  user: Lastlog2Text;
  /** Seconds since the epoch (a number or bigint), or a Date (whole seconds kept); null stores NULL. Default: now. */
  time?: number | bigint | Date | null;
  tty?: Lastlog2Text | null;
  remoteHost?: Lastlog2Text | null;
  /** The PAM service (NULL for rows `lastlog2 --import` writes). */
  service?: Lastlog2Text | null;
}

function seconds(time: number | bigint | Date | null | undefined): number | bigint | null {
  if (time === null) return null;
  if (time === undefined) return Math.floor(Date.now() / 1000);
  if (time instanceof Date) {
    const ms = time.getTime();
    if (Number.isNaN(ms)) throw new UtmpError(UtmpErrorCode.OUT_OF_RANGE, "utmpx: lastlog2 time: an Invalid Date");
    return Math.floor(ms / 1000);
  }
  const ok = typeof time === "bigint" ? time >= -(2n ** 63n) && time < 2n ** 63n : Number.isSafeInteger(time);
  if (!ok) throw new UtmpError(UtmpErrorCode.OUT_OF_RANGE, `utmpx: lastlog2 time: ${time} is not a whole number of seconds SQLite can store exactly`);
  return time;
}

/**
 * An entry's values as REPLACE binds them, checked: a row without a Name (a
 * NULL, which liblastlog2's table allows) makes the whole database unreadable,
 * to our reader as to lastlog2's, so no user is no row.
 */
function rowValues(e: Lastlog2Entry): SqlValue[] {
  return [requiredText(e.user, "lastlog2 user"), seconds(e.time), optionalText(e.tty, "lastlog2 tty"),
    optionalText(e.remoteHost, "lastlog2 remoteHost"), optionalText(e.service, "lastlog2 service")];
}

// CAST(? AS TEXT): bytes given as a Uint8Array are stored as TEXT, unchanged
const REPLACE = "REPLACE INTO Lastlog2 VALUES(CAST(? AS TEXT),?,CAST(? AS TEXT),CAST(? AS TEXT),CAST(? AS TEXT))";

/** The Lastlog2 table of a database open in memory. */
export class Lastlog2Writer {
  constructor(private readonly image: SqliteImage) {
    image.ensureTable("Lastlog2", LASTLOG2_COLUMNS, LASTLOG2_SCHEMA, "lastlog2");
  }

  /** Sets each entry's row, in order (a later entry for the same user wins), in one transaction; returns how many. */
  set(entries: Iterable<Lastlog2Entry>): number {
    return this.image.transaction("setting last logins", (db) => {
      const statement = db.prepare(REPLACE);
      let count = 0;
      try {
        for (const e of entries) {
          statement.bind(rowValues(e));
          statement.step();
          statement.reset();
          count++;
        }
      } finally {
        statement.free();
      }
      return count;
    });
  }
}

/** Changes the lastlog2 database in `bytes` (undefined: a new one) in memory and returns its new bytes. */
export async function editLastlog2Bytes<T>(bytes: Uint8Array | undefined, change: (writer: Lastlog2Writer) => T, name = "lastlog2 database"): Promise<{ bytes: Uint8Array; result: T }> {
  const image = await SqliteImage.open(bytes, name);
  try {
    const result = change(new Lastlog2Writer(image));
    return { bytes: image.export(), result };
  } finally {
    image.close();
  }
}

/** Changes the lastlog2 database at `path` (created when missing), written back whole. */
export function editLastlog2File<T>(path: string, change: (writer: Lastlog2Writer) => T): Promise<T> {
  return editSqliteFile(path, { create: true }, (image) => change(new Lastlog2Writer(image)));
}

/** Sets one user's last login in the lastlog2 database at `path`, as pam_lastlog2 does at a login (its time taken, and checked, before the write guard). */
export async function lastlog2Write(path: string, entry: Lastlog2Entry): Promise<void> {
  const row = { ...entry, time: seconds(entry.time) };
  rowValues(row); // checked here, before the file is created or locked
  // a login is a user's: an empty name names no one (a database copied by convert may hold one, and keeps it)
  if (row.user.length === 0) throw new UtmpError(UtmpErrorCode.BAD_INPUT, "utmpx: lastlog2 user is empty: a last login needs the user's name; nothing written");
  await editLastlog2File(path, (w) => w.set([row]));
}
