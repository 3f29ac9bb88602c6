// The records a wtmpdb database is read as. A wtmpdb row is a session (login
// and logout in one row); the rest of the package reads histories of records,
// so each row becomes records of this layout (read/wtmpdbSource.ts): never a
// file on disk, never detected, wide enough that no value wtmpdb writes in
// practice is cut (longer text is cut at a character boundary: rows keep it whole).
import { LINUX_TYPES } from "./entryType.ts";
import type { Layout } from "./layout.ts";
import { LINUX_AF_INET6 } from "./rowAddress.ts";

export const WTMPDB_FIELDS = {
  type: { offset: 0, kind: "i16" },
  pid: { offset: 4, kind: "i32" },
  /** The row's ID: what libwtmpdb returns to the writer to close the session later. */
  session: { offset: 8, kind: "i64" },
  seconds: { offset: 16, kind: "i64" },
  microseconds: { offset: 24, kind: "i32" },
  line: { offset: 32, length: 64 },
  /** The PAM service (wtmpdb's Service); "~~" for boots and shutdowns, as in wtmp. */
  id: { offset: 96, length: 24 },
  user: { offset: 120, length: 64 },
  host: { offset: 184, length: 256 },
  /**
   * RemoteHost parsed as an address when it is one (what `last -i` prints), as
   * a sockaddr (length, family, port, address: 24 bytes) so that a RemoteHost
   * that is a name or empty has no address (family 0) rather than 0.0.0.0.
   */
  addr: { offset: 440, kind: "sockaddr", inet6: LINUX_AF_INET6 },
} as const;

export const WTMPDB_LAYOUT: Layout = {
  id: "wtmpdb",
  os: "Linux",
  systems: "wtmpdb (SQLite): openSUSE, Debian 13",
  files: "/var/lib/wtmpdb/wtmp.db",
  recordSize: 464,
  byteOrder: "little",
  kind: "records",
  fields: WTMPDB_FIELDS,
  types: LINUX_TYPES,
  pads: [[2, 2], [28, 4]],
  aliases: [],
};
