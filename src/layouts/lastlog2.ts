// The records a lastlog2 database is read as (read/lastlog2Records.ts): a row
// per user, never a file on disk, never detected.
import { LINUX_TYPES } from "./entryType.ts";
import type { Layout } from "./layout.ts";
import { LINUX_AF_INET6 } from "./rowAddress.ts";

export const LASTLOG2_FIELDS = {
  type: { offset: 0, kind: "i16" },
  seconds: { offset: 8, kind: "i64" },
  user: { offset: 16, length: 256 },
  line: { offset: 272, length: 256 },
  host: { offset: 528, length: 256 },
  /** The PAM service (lastlog2's Service), where a wtmp record keeps its id. */
  id: { offset: 784, length: 56 },
  /** RemoteHost parsed as an address when it is one; a sockaddr, so that a name or nothing is no address (see wtmpdb.ts). */
  addr: { offset: 840, kind: "sockaddr", inet6: LINUX_AF_INET6 },
} as const;

/** Text longer than its field (rare: names and ttys are short) is cut at a character boundary; rows() keeps it whole. */
export const LASTLOG2_LAYOUT: Layout = {
  id: "lastlog2",
  os: "Linux",
  systems: "lastlog2 (SQLite): util-linux 2.40+, openSUSE, Debian 13",
  files: "/var/lib/lastlog/lastlog2.db",
  recordSize: 864,
  byteOrder: "little",
  kind: "records",
  fields: LASTLOG2_FIELDS,
  types: LINUX_TYPES,
  pads: [[2, 6]],
  aliases: [],
};

