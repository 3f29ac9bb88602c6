// The documented schema of exported sessions (`utmpx export --sessions`): one
// row per row `last` would list, with the files and byte offsets of the
// records that opened and closed it (evidence). test/format/parquetSchema.test.ts pins it.
import type { Session } from "../sessions/sessions.ts";
import { formatIPv4, formatIPv6 } from "../util/address.ts";
import type { ExportColumn } from "./exportSchema.ts";

/** A session and the files its evidence is in. */
export interface SessionRow {
  session: Session;
  host: string;
  /** The file of the record that opened it. */
  openSource: string;
  /** The file of the record that closed it (undefined when nothing did). */
  closeSource: string | undefined;
}

const micros = (seconds: number, microseconds: number): bigint => BigInt(seconds) * 1_000_000n + BigInt(microseconds);

function addrText(a: Uint8Array | undefined): string | null {
  if (!a || a.every((b) => b === 0)) return null;
  return a.subarray(4).some((b) => b !== 0) ? formatIPv6(a) : formatIPv4(a);
}

export const SESSION_COLUMNS: readonly ExportColumn<SessionRow>[] = [
  { name: "host", kind: "string", nullable: false, value: (r) => r.host },
  { name: "kind", kind: "string", nullable: false, statistics: true, value: (r) => r.session.kind },
  { name: "status", kind: "string", nullable: false, statistics: true, value: (r) => r.session.status },
  { name: "user", kind: "string", nullable: false, statistics: true, value: (r) => r.session.user },
  { name: "line", kind: "string", nullable: false, value: (r) => r.session.line },
  { name: "ut_host", kind: "string", nullable: false, value: (r) => r.session.host },
  { name: "addr", kind: "string", nullable: true, value: (r) => addrText(r.session.addr) },
  { name: "pid", kind: "int64", nullable: true, value: (r) => (r.session.pid === undefined ? null : BigInt(r.session.pid)) },
  { name: "login", kind: "timestamp", nullable: false, statistics: true, value: (r) => micros(r.session.login.seconds, r.session.login.microseconds) },
  { name: "logout", kind: "timestamp", nullable: true, statistics: true, value: (r) => (r.session.logout ? micros(r.session.logout.seconds, r.session.logout.microseconds) : null) },
  {
    name: "duration_us", kind: "int64", nullable: true,
    value: (r) => (r.session.logout ? micros(r.session.logout.seconds, r.session.logout.microseconds) - micros(r.session.login.seconds, r.session.login.microseconds) : null),
  },
  { name: "open_source", kind: "string", nullable: false, value: (r) => r.openSource },
  { name: "open_offset", kind: "int64", nullable: false, value: (r) => BigInt(r.session.evidence.open.offset) },
  { name: "close_source", kind: "string", nullable: true, value: (r) => r.closeSource ?? null },
  { name: "close_offset", kind: "int64", nullable: true, value: (r) => (r.session.evidence.close ? BigInt(r.session.evidence.close.offset) : null) },
];

export const PARTITIONED_SESSION_COLUMNS = SESSION_COLUMNS.filter((c) => c.name !== "host");
