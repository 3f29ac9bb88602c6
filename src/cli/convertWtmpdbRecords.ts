// The wtmp records that tell what a wtmp.db's rows tell, for `utmpx convert
// --to LAYOUT`: a session row its login (USER_PROCESS at Login) and, once
// closed, its logout (DEAD_PROCESS on the same line at Logout); a boot row
// its boot (BOOT_TIME "reboot" on "~", id "~~", the kernel as host) and, once
// the system went down, its shutdown (RUN_LVL "shutdown" on "~", id "~~", as
// systemd writes it). util-linux last pairs a logout with the newest login on
// its line before it in the file, so each row's end is placed after its
// start even when its time is earlier (a clock stepped back): the records are
// in time order, an end taking the later of its own time and its start's.
import type { WtmpdbRow } from "../sqlite/wtmpdb.ts";
import { WTMPDB_TYPE } from "../sqlite/wtmpdb.ts";
import { BOOT_TIME, DEAD_PROCESS, RUN_LVL, USER_PROCESS } from "../layouts/entryType.ts";
import type { EntryInput } from "../write/encode.ts";

/** Rows these records cannot carry: with no Login, or of a Type wtmpdb does not write sessions or boots with. */
export interface Skipped {
  count: number;
}

interface Event {
  readonly record: EntryInput;
  /** Where it goes: its time, or for an end the later of its time and its start's (microseconds). */
  readonly key: bigint;
  readonly row: number;
  readonly end: boolean;
}

const utf8 = new TextEncoder();

/** login(1)'s ut_id: the last four bytes of the line. */
function lineId(line: string): Uint8Array {
  const bytes = utf8.encode(line);
  return bytes.subarray(Math.max(0, bytes.length - 4));
}

/** Seconds and microseconds of a time in microseconds (the microseconds 0..999999 whatever the sign). */
function split(us: number | bigint): { seconds: number; microseconds: number } {
  const big = BigInt(us);
  let seconds = big / 1_000_000n;
  if (big < 0n && seconds * 1_000_000n !== big) seconds -= 1n;
  return { seconds: Number(seconds), microseconds: Number(big - seconds * 1_000_000n) };
}

/** The records of the rows, in the order a wtmp would hold them. */
export function wtmpdbRecords(rows: Iterable<WtmpdbRow>, skipped: Skipped): EntryInput[] {
  const events: Event[] = [];
  for (const row of rows) {
    const session = row.type === WTMPDB_TYPE.USER_PROCESS;
    if ((!session && row.type !== WTMPDB_TYPE.BOOT_TIME) || row.login === null) {
      skipped.count++;
      continue;
    }
    const login = BigInt(row.login);
    const tty = row.tty ?? "";
    const host = row.remoteHost ?? "";
    const start: EntryInput = session
      ? { type: USER_PROCESS, user: row.user, line: tty, id: lineId(tty), host, addr: host, ...split(login) }
      : { type: BOOT_TIME, user: row.user, line: "~", id: "~~", host, ...split(login) };
    events.push({ record: start, key: login, row: row.id, end: false });
    if (row.logout === null) continue;
    const logout = BigInt(row.logout);
    const end: EntryInput = session
      ? { type: DEAD_PROCESS, line: tty, id: lineId(tty), ...split(logout) }
      : { type: RUN_LVL, user: "shutdown", line: "~", id: "~~", host, ...split(logout) };
    events.push({ record: end, key: logout > login ? logout : login, row: row.id, end: true });
  }
  events.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.row - b.row || Number(a.end) - Number(b.end)));
  return events.map((e) => e.record);
}
