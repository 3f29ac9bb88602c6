// The wtmp records that tell what a wtmp.db's rows tell, for `utmpx convert
// --to LAYOUT`: a session row its login (USER_PROCESS at Login) and, once
// closed, its logout (DEAD_PROCESS on the same line at Logout); a boot row
// its boot (BOOT_TIME "reboot" on "~", id "~~", the kernel as host) and, once
// the system went down, its shutdown (RUN_LVL "shutdown" on "~", id "~~", as
// systemd writes it). util-linux last pairs a logout with the newest login on
// its line before it in the file, so each row's end is placed after its
// start even when its time is earlier (a clock stepped back): the records are
// in time order, an end taking the later of its own time and its start's.
//
// The rows come as columns (a million rows are a million numbers per column
// and their distinct strings, not a million objects), and each distinct
// string is encoded once; records are made a chunk at a time.
import { NULL_STRING, type WtmpdbColumns } from "../sqlite/wtmpdbColumns.ts";
import { WTMPDB_TYPE } from "../sqlite/wtmpdb.ts";
import { BOOT_TIME, DEAD_PROCESS, RUN_LVL, USER_PROCESS } from "../layouts/entryType.ts";
import { parseAddress } from "../util/parseAddress.ts";
import type { EntryInput } from "../write/encode.ts";
import { secondsAndMicros } from "../time/microseconds.ts";

/** Rows these records cannot carry: with no Login, or of a Type wtmpdb writes neither sessions nor boots with. */
export interface Skipped {
  count: number;
}

const utf8 = new TextEncoder();
const EMPTY = new Uint8Array(0);
const TILDE = utf8.encode("~");
const TILDES = utf8.encode("~~");
const SHUTDOWN = utf8.encode("shutdown");

/** Each distinct string's bytes, its ut_id (login(1)'s: the last four bytes of a line) and its address, made once. */
class StringBytes {
  // arrays by the strings' ids (dense, 0..count - 1): a Map stops at 2^24 keys, and a LargeMap's
  // lookups were a tenth of a convert's time
  private readonly bytes: (Uint8Array | undefined)[];
  private readonly ids: (Uint8Array | undefined)[];
  private readonly addrs: (Uint8Array | null | undefined)[];
  constructor(private readonly columns: WtmpdbColumns) {
    this.bytes = new Array(columns.texts.count);
    this.ids = new Array(columns.texts.count);
    this.addrs = new Array(columns.texts.count);
  }

  of(id: number): Uint8Array {
    if (id === NULL_STRING) return EMPTY;
    return (this.bytes[id] ??= this.columns.texts.bytes(id));
  }

  lineId(id: number): Uint8Array {
    if (id === NULL_STRING) return EMPTY;
    let lineId = this.ids[id];
    if (lineId === undefined) {
      const line = this.of(id);
      this.ids[id] = lineId = line.subarray(Math.max(0, line.length - 4));
    }
    return lineId;
  }

  addr(id: number): Uint8Array | undefined {
    if (id === NULL_STRING) return undefined;
    let addr = this.addrs[id];
    // null: parsed, and not an address
    if (addr === undefined) this.addrs[id] = addr = parseAddress(this.columns.texts.text(id))?.bytes ?? null;
    return addr ?? undefined;
  }
}

/** The records of the rows, in the order a wtmp would hold them, `chunk` at a time. */
export function* wtmpdbRecords(columns: WtmpdbColumns, skipped: Skipped, chunk = 65536): Generator<EntryInput[]> {
  const n = columns.count;
  // events: 2·row for a start, 2·row + 1 for an end; keyed by the time they go at
  const keys = new Float64Array(2 * n);
  const events = new Uint32Array(2 * n);
  let count = 0;
  for (let r = 0; r < n; r++) {
    const type = columns.type[r]!;
    const login = columns.timeAt(r, false);
    if ((type !== WTMPDB_TYPE.USER_PROCESS && type !== WTMPDB_TYPE.BOOT_TIME) || login === null) {
      skipped.count++;
      continue;
    }
    keys[2 * r] = Number(login);
    events[count++] = 2 * r;
    const logout = columns.timeAt(r, true);
    if (logout === null) continue;
    keys[2 * r + 1] = Math.max(Number(logout), Number(login));
    events[count++] = 2 * r + 1;
  }
  // rows are in ID order: equal times keep a row's start before its end and lower IDs first
  const order = events.subarray(0, count).sort((a, b) => keys[a]! - keys[b]! || a - b);
  const strings = new StringBytes(columns);
  for (let at = 0; at < count; at += chunk) {
    const records: EntryInput[] = [];
    for (const e of order.subarray(at, Math.min(count, at + chunk))) records.push(record(columns, strings, e >>> 1, (e & 1) === 1));
    yield records;
  }
}

function record(c: WtmpdbColumns, strings: StringBytes, r: number, end: boolean): EntryInput {
  const time = secondsAndMicros(c.timeAt(r, end)!);
  const session = c.type[r] === WTMPDB_TYPE.USER_PROCESS;
  const tty = c.tty[r]!, host = c.host[r]!;
  if (session) {
    return end
      ? { type: DEAD_PROCESS, line: strings.of(tty), id: strings.lineId(tty), ...time }
      : { type: USER_PROCESS, user: strings.of(c.user[r]!), line: strings.of(tty), id: strings.lineId(tty), host: strings.of(host), addr: strings.addr(host), ...time };
  }
  return end
    ? { type: RUN_LVL, user: SHUTDOWN, line: TILDE, id: TILDES, host: strings.of(host), ...time }
    : { type: BOOT_TIME, user: strings.of(c.user[r]!), line: TILDE, id: TILDES, host: strings.of(host), ...time };
}
