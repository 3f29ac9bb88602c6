// A Session as a plain object for --json, --ndjson and --csv: stable field
// names, times as ISO-8601 UTC with microseconds.
import type { Session } from "../sessions/sessions.ts";
import { isoMicros } from "../time/calendar.ts";
import { formatIPv4, formatIPv6 } from "../util/address.ts";

export interface SessionObject {
  kind: string;
  status: string;
  user: string;
  line: string;
  host: string;
  addr: string | undefined;
  pid: number | undefined;
  login: string;
  logout: string | null;
  duration: number | null;
  openOffset: number;
  closeOffset: number | null;
}

export function sessionObject(s: Session): SessionObject {
  const a = s.addr;
  const addr = !a ? undefined : a.subarray(4).some((b) => b !== 0) ? formatIPv6(a) : formatIPv4(a);
  return {
    kind: s.kind, status: s.status, user: s.user, line: s.line, host: s.host, addr, pid: s.pid,
    login: isoMicros(s.login.seconds, s.login.microseconds),
    logout: s.logout ? isoMicros(s.logout.seconds, s.logout.microseconds) : null,
    duration: s.duration ?? null,
    openOffset: s.evidence.open.offset, closeOffset: s.evidence.close?.offset ?? null,
  };
}

export const SESSION_FIELDS: readonly (keyof SessionObject)[] = [
  "kind", "status", "user", "line", "host", "addr", "pid", "login", "logout", "duration", "openOffset", "closeOffset",
];
