// A wtmp-like history of any length for a typed or untyped (classic BSD) row:
// a boot, then logins and their logouts, a minute and a half apart. The
// collision tests need files of an exact record count (4800·k bytes, ...).
import type { Layout } from "../../src/index.ts";
import { rawType, type RecordValues } from "../support/fixtureBuilder.ts";
import { T0 } from "../support/scenarios.ts";

const USERS = ["alice", "bob", "carol", "dave", "erin", "root"];

export function history(layout: Layout, count: number): RecordValues[] {
  const out: RecordValues[] = [];
  const untyped = layout.untyped === true;
  const t = (type: string) => rawType(layout, type); // only called for typed rows
  const linux = layout.os === "Linux";
  for (let i = 0; out.length < count; i++) {
    const seconds = T0 + 97 * out.length;
    const microseconds = (out.length * 7919) % 1_000_000;
    if (i === 0) {
      out.push(untyped ? { line: "~", user: "reboot", seconds }
        : { type: t("BOOT_TIME"), user: linux ? "reboot" : "", line: linux ? "~" : "system boot", seconds, microseconds });
      continue;
    }
    const k = Math.ceil(i / 2);
    const line = untyped ? `ttyp${k % 4}` : `pts/${k % 4}`;
    const pid = 1000 + k;
    const host = `192.0.2.${k % 250 + 1}`;
    if (i % 2 === 1) {
      out.push(untyped ? { line, user: USERS[k % USERS.length]!, host, seconds }
        : { type: t("USER_PROCESS"), user: USERS[k % USERS.length]!, line, id: `ts/${k % 4}`, host, addr: host, pid, session: pid, seconds, microseconds });
    } else {
      out.push(untyped ? { line, seconds }
        : { type: t("DEAD_PROCESS"), line, id: `ts/${k % 4}`, pid, exit: { termination: 0, exit: 0 }, seconds, microseconds });
    }
  }
  return out;
}

/** Lastlog logins at the given uids, an hour apart (buildLastlog leaves the other slots as zero holes). */
export function lastlogLogins(uids: readonly number[]): Map<number, RecordValues> {
  return new Map(uids.map((uid, i) => [uid, { seconds: T0 + 3600 * i + 17, line: `pts/${i}`, host: `192.0.2.${i + 10}` }]));
}
