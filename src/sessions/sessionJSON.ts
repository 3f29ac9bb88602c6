// A Session as JSON.stringify should show it: a plain object whose address is
// text, not the 16 bytes a Uint8Array stringifies as {"0":…,"15":…}.
import type { Session, SessionJSON } from "./session.ts";
import { formatIPv4, formatIPv6 } from "../util/address.ts";

export function sessionJSON(s: Session): SessionJSON {
  const addr = s.addr;
  return {
    kind: s.kind, user: s.user, line: s.line, host: s.host, addr: addr && entryAddressText(addr), pid: s.pid,
    login: s.login, logout: s.logout, end: s.end, duration: s.duration, status: s.status,
    stillRunning: s.stillRunning, evidence: s.evidence, bytes: s.bytes,
  };
}

/**
 * 16 address bytes as Entry.addr gives them (utmpdump's rule): IPv4 when bytes
 * 4-15 are zero, else IPv6, so "::ffff:192.0.2.44" for a v4-mapped one, where
 * last -i prints 192.0.2.44 (format/last.ts lastAddress).
 */
function entryAddressText(addr: Uint8Array): string {
  for (let i = 4; i < 16; i++) if (addr[i] !== 0) return formatIPv6(addr);
  return formatIPv4(addr);
}
