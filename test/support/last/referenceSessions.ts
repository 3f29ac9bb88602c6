// The quadratic pairing of sessions() before the streaming pairer (commit 325f19a),
// kept verbatim as the reference the new pairer is checked against on random histories.
// Login sessions from a wtmp history: logins paired with their logouts, as
// util-linux `last` pairs them (FORMATS §1.7). The records are walked newest
// first; each is normalised by last's rules (a "~" line names a shutdown,
// reboot or runlevel record; old writers' records are retyped by their user and
// line; "date" on "|"/"{" is a clock change); a login ends at the next later
// record on its line, or, when a boot or shutdown came first, as a crash or
// "down". Boots, shutdowns, runlevel changes and clock changes come out as rows
// of their own, as `last -x` shows them.
//
// Strings are compared as last compares them, byte by byte: each record's
// user, line and host are kept as "byte strings" (one char per byte, 0..255).
// the types are the package's (what is checked is the pairing, not them)
import type { RecordRef, Session, SessionKind, SessionRecord, SessionStatus, SessionTime, SessionsOptions } from "../../../src/sessions/session.ts";

// last's listing reasons
const R_CRASH = 1, R_DOWN = 2, R_NORMAL = 3, R_NOW = 4, R_REBOOT = 5, R_PHANTOM = 6, R_TIMECHANGE = 7;

/** Internal normalised types (last's ut_type after its rewrites). */
const enum T { EMPTY, RUN_LVL, BOOT_TIME, NEW_TIME, OLD_TIME, INIT_PROCESS, LOGIN_PROCESS, USER_PROCESS, DEAD_PROCESS, ACCOUNTING, SHUTDOWN_TIME, OTHER }

const TYPE_OF: Record<string, T> = {
  EMPTY: T.EMPTY, RUN_LVL: T.RUN_LVL, BOOT_TIME: T.BOOT_TIME, NEW_TIME: T.NEW_TIME, OLD_TIME: T.OLD_TIME,
  INIT_PROCESS: T.INIT_PROCESS, LOGIN_PROCESS: T.LOGIN_PROCESS, USER_PROCESS: T.USER_PROCESS,
  DEAD_PROCESS: T.DEAD_PROCESS, ACCOUNTING: T.ACCOUNTING, SHUTDOWN_TIME: T.SHUTDOWN_TIME,
  // NetBSD's and Solaris's "system down" record is last's SHUTDOWN_TIME
  DOWN_TIME: T.SHUTDOWN_TIME,
  // the first record of NetBSD/macOS utmpx files: nothing to list
  SIGNATURE: T.EMPTY,
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const ASCII = /^[\x00-\x7f]*$/;

/** Bytes as one char per byte, all of them. */
function wholeBytes(b: Uint8Array | undefined): string | undefined {
  return b === undefined ? undefined : String.fromCharCode(...b);
}

/** A field as a byte string, up to the first NUL: the text itself when ASCII, else its bytes. */
function byteString(text: string | undefined, raw: () => Uint8Array | undefined): string {
  if (text !== undefined && ASCII.test(text)) {
    const nul = text.indexOf("\0");
    return nul < 0 ? text : text.slice(0, nul);
  }
  const b = raw() ?? encoder.encode(text ?? "");
  let s = "";
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0) break;
    s += String.fromCharCode(b[i]!);
  }
  return s;
}

function textOf(bytes: string): string {
  if (ASCII.test(bytes)) return bytes;
  const b = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) b[i] = bytes.charCodeAt(i);
  return decoder.decode(b);
}

/** What an Entry carries besides SessionRecord: its batch, to read the address column without copying fields. */
interface EntryLike {
  batch?: { layout?: { os?: string; fields?: { addr?: unknown } }; columns?: { addr?: Uint8Array } };
  index?: number;
}

function addrOf(r: SessionRecord): Uint8Array | undefined {
  const e = r as SessionRecord & EntryLike;
  const b = e.batch;
  if (b?.columns?.addr && e.index !== undefined) return b.layout?.fields?.addr ? b.columns.addr.subarray(e.index * 16, e.index * 16 + 16) : undefined;
  return r.raw?.addr;
}

interface Rec {
  type: T;
  user: string;
  line: string;
  /** ut_id as one char per byte, whole (FreeBSD's fu_id may hold NULs) */
  id: string;
  host: string;
  addr: Uint8Array | undefined;
  pid: number;
  seconds: number;
  microseconds: number;
  ref: RecordRef;
  /** a boot, shutdown or clock change typed by a non-Linux layout: kept as typed */
  native: boolean;
}

const EVENTS = new Set([T.BOOT_TIME, T.SHUTDOWN_TIME, T.NEW_TIME, T.OLD_TIME]);

function toRec(r: SessionRecord, index: number): Rec {
  const type = TYPE_OF[r.type] ?? T.OTHER;
  // an Entry knows its layout; plain records are read as Linux ones
  const os = (r as SessionRecord & EntryLike).batch?.layout?.os;
  return {
    type,
    native: os !== undefined && os !== "Linux" && EVENTS.has(type),
    user: byteString(r.user, () => r.raw?.user),
    id: wholeBytes(r.raw?.id) ?? r.id ?? "",
    line: byteString(r.line, () => r.raw?.line),
    host: byteString(r.host, () => r.raw?.host),
    addr: addrOf(r),
    pid: r.pid ?? 0,
    seconds: r.seconds,
    microseconds: r.microseconds,
    ref: { index, offset: r.offset ?? index },
  };
}

/** last's rewrites of a record's type (process_wtmp_file, before its switch). */
function normalise(r: Rec): void {
  if (r.line.startsWith("~")) {
    if (r.user.startsWith("shutdown")) r.type = T.SHUTDOWN_TIME;
    else if (r.user.startsWith("reboot")) r.type = T.BOOT_TIME;
    else if (r.user.startsWith("runlevel")) r.type = T.RUN_LVL;
    return;
  }
  // FreeBSD, macOS, Solaris, ... write boots, shutdowns and clock changes with
  // an empty user and line: last's rules for old Linux writers would make them
  // logouts (last itself reads only Linux files)
  // They are named as Linux names them ("reboot", "shutdown", "date").
  if (r.native) {
    if (r.user === "") r.user = r.type === T.BOOT_TIME ? "reboot" : r.type === T.SHUTDOWN_TIME ? "shutdown" : "date";
    return;
  }
  // old writers that do not fill in the type
  if (r.type !== T.DEAD_PROCESS && r.user !== "" && r.line !== "" && !r.user.startsWith("LOGIN")) r.type = T.USER_PROCESS;
  // ghost entries: a login with no user
  if (r.user === "") r.type = T.DEAD_PROCESS;
  if (r.user.startsWith("date")) {
    if (r.line.startsWith("|")) r.type = T.OLD_TIME;
    if (r.line.startsWith("{")) r.type = T.NEW_TIME;
  }
}

function time(seconds: number, microseconds: number): SessionTime {
  return { date: new Date(seconds * 1000 + Math.trunc(microseconds / 1000)), seconds, microseconds };
}

const STATUS: Record<number, SessionStatus> = {
  [R_CRASH]: "crash", [R_DOWN]: "down", [R_NORMAL]: "logged-out", [R_NOW]: "still-logged-in",
  [R_REBOOT]: "event", [R_PHANTOM]: "gone", [R_TIMECHANGE]: "time-change",
};

/**
 * The rows `last` lists for these records (given oldest first, as a file
 * holds them), newest first. Every row is returned; what `last` hides without
 * -x (shutdown, runlevel and clock-change rows) is for the formatter to drop.
 */
/** A Session as this oracle makes it: its fields, no toJSON. */
export type ReferenceSession = Omit<Session, "toJSON">;

export function sessions(entries: Iterable<SessionRecord>, options: SessionsOptions = {}): ReferenceSession[] {
  const all: Rec[] = [];
  let index = 0;
  for (const e of entries) all.push(toRec(e, index++));
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const out: ReferenceSession[] = [];
  let lastboot = 0, lastrch = now, lastdown = now;
  let whydown = 0;
  // records waiting for an earlier login on their line: newest first, as last's list
  let pending: Rec[] = [];

  const list = (r: Rec, kind: SessionKind, line: string, end: number, what: number, close: Rec | undefined) => {
    const stillRunning = end === now && (what === R_NORMAL || what === R_REBOOT);
    const hasEnd = kind === "session"
      ? what === R_NORMAL || what === R_CRASH || what === R_DOWN
      : what !== R_TIMECHANGE && end !== 0 && !stillRunning;
    out.push({
      kind,
      user: textOf(r.user), line: textOf(line), host: textOf(r.host),
      addr: r.addr, pid: r.pid,
      login: time(r.seconds, r.microseconds),
      logout: hasEnd ? (close ? time(close.seconds, close.microseconds) : time(end, 0)) : undefined,
      end,
      duration: hasEnd ? end - r.seconds : undefined,
      status: kind === "session" ? STATUS[what]! : what === R_TIMECHANGE ? "time-change" : "event",
      stillRunning,
      evidence: { open: r.ref, close: hasEnd && close ? close.ref : undefined },
      bytes: { user: r.user, line, host: r.host },
    });
  };

  // the record that set lastboot / lastdown / lastrch, for evidence
  let bootRec: Rec | undefined, downRec: Rec | undefined, rchRec: Rec | undefined, whyRec: Rec | undefined;
  const live = options.liveSystem === true;
  const phantom = (r: Rec) => {
    if (!live) return true;
    const check = options.isPhantom;
    if (!check) throw new TypeError("sessions(): liveSystem needs an isPhantom check (see src/sessions/live.ts)");
    return check({ user: r.user, line: r.line, pid: r.pid, seconds: r.seconds });
  };

  for (let i = all.length - 1; i >= 0; i--) {
    const r = all[i]!;
    if (options.since !== undefined && options.since !== 0 && r.seconds < options.since) continue;
    if (options.until !== undefined && options.until !== 0 && options.until < r.seconds) continue;
    if (options.lastb) {
      out.push({
        kind: "session", user: textOf(r.user), line: textOf(r.line), host: textOf(r.host), addr: r.addr, pid: r.pid,
        login: time(r.seconds, r.microseconds), logout: time(r.seconds, r.microseconds), end: r.seconds, duration: 0,
        status: "failed", stillRunning: r.seconds === now, evidence: { open: r.ref, close: r.ref },
        bytes: { user: r.user, line: r.line, host: r.host },
      });
      continue;
    }
    normalise(r);
    let down = false;
    switch (r.type) {
      case T.SHUTDOWN_TIME:
        list(r, "shutdown", "system down", lastboot, R_NORMAL, bootRec);
        lastdown = lastrch = r.seconds;
        downRec = rchRec = r;
        down = true;
        break;
      case T.OLD_TIME:
      case T.NEW_TIME:
        list(r, r.type === T.NEW_TIME ? "new-time" : "old-time", r.type === T.NEW_TIME ? "new time" : "old time", lastdown, R_TIMECHANGE, undefined);
        break;
      case T.BOOT_TIME:
        list(r, "boot", "system boot", lastdown, R_REBOOT, lastdown === now ? undefined : downRec);
        lastboot = r.seconds;
        bootRec = r;
        down = true;
        break;
      case T.RUN_LVL: {
        const x = r.pid & 255;
        // snprintf "(to lvl %c)": a NUL level ends the string there
        list(r, "runlevel", x === 0 ? "(to lvl " : `(to lvl ${String.fromCharCode(x)})`, lastrch, R_NORMAL, lastrch === now ? undefined : rchRec);
        if (x === 0x30 || x === 0x36) {
          lastdown = r.seconds;
          downRec = r;
          down = true;
          r.type = T.SHUTDOWN_TIME;
        }
        lastrch = r.seconds;
        rchRec = r;
        break;
      }
      case T.USER_PROCESS: {
        // the newest later record on this line ends it; every record of the line is then dropped.
        // A logout with no line (FreeBSD writes only id and pid) ends the login of its id.
        const ends = (p: Rec) => p.line === r.line || (p.line === "" && p.id !== "" && p.id === r.id);
        const match = pending.find(ends);
        if (match) {
          list(r, "session", r.line, match.seconds, R_NORMAL, match);
          pending = pending.filter((p) => !ends(p));
        } else if (!lastboot) {
          list(r, "session", r.line, lastboot, phantom(r) ? R_PHANTOM : R_NOW, undefined);
        } else {
          list(r, "session", r.line, lastboot, whydown, whyRec);
        }
        if (r.line !== "") pending.unshift(r);
        break;
      }
      case T.DEAD_PROCESS:
        if (r.line !== "" || r.id !== "") pending.unshift(r);
        break;
      case T.EMPTY: case T.INIT_PROCESS: case T.LOGIN_PROCESS: case T.ACCOUNTING:
        break;
      default:
        options.onWarning?.(`unrecognized ut_type in the record at byte ${r.ref.offset}`, r.ref);
    }
    if (down) {
      lastboot = r.seconds;
      bootRec = r;
      whydown = r.type === T.SHUTDOWN_TIME ? R_DOWN : R_CRASH;
      whyRec = r;
      pending = [];
    }
  }
  return out;
}

/** last's internal reason code of a row (for the formatter). */
export function listReason(s: ReferenceSession | Session): number {
  switch (s.status) {
    case "crash": return R_CRASH;
    case "down": return R_DOWN;
    case "still-logged-in": return R_NOW;
    case "gone": return R_PHANTOM;
    case "time-change": return R_TIMECHANGE;
    case "event": return s.kind === "boot" ? R_REBOOT : R_NORMAL;
    default: return R_NORMAL;
  }
}

export const REASON = { R_CRASH, R_DOWN, R_NORMAL, R_NOW, R_REBOOT, R_PHANTOM, R_TIMECHANGE } as const;
