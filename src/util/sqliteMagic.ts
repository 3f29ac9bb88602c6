// The 16 bytes a SQLite database starts with (sqlite.org/fileformat.html, 1.3.1),
// here below sqlite/ so that the layers that fetch bytes (sources/) can tell a
// database from records by them, and give a database's advice, without reading one.

export const SQLITE_MAGIC = "SQLite format 3\0";

/** True when the bytes start with SQLite's magic. */
export function startsAsSqlite(bytes: Uint8Array): boolean {
  if (bytes.length < SQLITE_MAGIC.length) return false;
  for (let i = 0; i < SQLITE_MAGIC.length; i++) if (bytes[i] !== SQLITE_MAGIC.charCodeAt(i)) return false;
  return true;
}
