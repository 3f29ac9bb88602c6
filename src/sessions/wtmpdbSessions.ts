// A wtmpdb row is a session already (login and logout in one row): the rows as
// the Sessions sessions() returns, with wtmpdb's own reading of an open row
// (wtmpdb last): closed by a boot after its login it is a "crash", else it is
// still logged in (a boot still running). No pairing, so nothing is guessed:
// the evidence of each is its row ID (as both index and offset).
import { sessionJSON } from "./sessionJSON.ts";
import type { Session, SessionTime } from "./session.ts";
import { newestLoginFirst, WTMPDB_TYPE, type WtmpdbRow } from "../sqlite/wtmpdb.ts";
import { parseAddress } from "../util/parseAddress.ts";
import { valueKind } from "../util/valueKind.ts";
import { utf8ByteString } from "../util/text.ts";

function time(us: number | bigint): SessionTime {
  const big = BigInt(us);
  const seconds = big / 1_000_000n - (big % 1_000_000n < 0n ? 1n : 0n);
  const microseconds = Number(big - seconds * 1_000_000n);
  return { date: new Date(Number(seconds) * 1000 + Math.trunc(microseconds / 1000)), seconds: Number(seconds), microseconds };
}

/**
 * Refuses a row that is no object or whose times are not microseconds: text in
 * login failed as a SyntaxError from BigInt ("Cannot convert x to a BigInt").
 */
function checkRow(r: WtmpdbRow, k: number): void {
  if (typeof r !== "object" || r === null) throw new TypeError(`utmpx: wtmpdbSessions() row ${k} is ${valueKind(r)}, not a row (openWtmpdb().rows)`);
  for (const field of ["login", "logout"] as const) {
    const v: unknown = r[field];
    if (!(v === null || typeof v === "bigint" || Number.isSafeInteger(v))) {
      throw new TypeError(`utmpx: wtmpdbSessions() row ${k}: ${field} is ${valueKind(v)}, not microseconds (a whole number or bigint) or null`);
    }
  }
}

/** The rows as sessions, newest login first (as `wtmpdb last` lists them); boots as "boot" rows ending at their shutdown. */
export function wtmpdbSessions(rows: readonly WtmpdbRow[]): Session[] {
  rows.forEach(checkRow);
  const byLogin = newestLoginFirst([...rows]);
  const out: Session[] = [];
  let newerBoot = false;
  for (const r of byLogin) {
    const boot = r.type === WTMPDB_TYPE.BOOT_TIME;
    const login = time(r.login ?? 0);
    const logout = r.logout === null ? undefined : time(r.logout);
    const open = { index: r.id, offset: r.id };
    const line = boot ? "system boot" : r.tty ?? "";
    const host = r.remoteHost ?? "";
    out.push({
      kind: boot ? "boot" : r.type === WTMPDB_TYPE.RUNLEVEL ? "runlevel" : "session",
      user: r.user, line, host,
      addr: parseAddress(host)?.bytes,
      pid: undefined,
      login, logout,
      end: logout?.seconds ?? 0,
      duration: logout && logout.seconds - login.seconds,
      status: logout ? (boot ? "event" : "logged-out") : newerBoot ? "crash" : r.type === WTMPDB_TYPE.USER_PROCESS ? "still-logged-in" : "event",
      stillRunning: boot && !logout && !newerBoot,
      evidence: { open, close: logout ? open : undefined },
      bytes: { user: utf8ByteString(r.user), line: utf8ByteString(line), host: utf8ByteString(host) },
      toJSON() { return sessionJSON(this); },
    });
    if (boot) newerBoot = true;
  }
  return out;
}
