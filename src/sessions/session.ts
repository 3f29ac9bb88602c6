// What a session is: the rows sessions() and `last` make of login records
// (the types of the public API), and last's reason codes for each row.
import type { EntryType } from "../layouts/entryType.ts";

// last's listing reasons
export const R_CRASH = 1, R_DOWN = 2, R_NORMAL = 3, R_NOW = 4, R_REBOOT = 5, R_PHANTOM = 6, R_TIMECHANGE = 7;

/** What sessions() needs of a record: an Entry has all of it; tests may pass plain objects. */
export interface SessionRecord {
  readonly type: EntryType | string;
  readonly user: string | undefined;
  readonly line: string | undefined;
  readonly host: string | undefined;
  readonly pid: number | undefined;
  readonly seconds: number;
  readonly microseconds: number;
  /** Byte offset in its file (evidence); the record's index is used when absent. */
  readonly offset?: number;
  /** Exact field bytes (Entry.raw), read for a field whose text is not ASCII (else that text is UTF-8 encoded). */
  readonly raw?: { readonly id?: Uint8Array | undefined; readonly user?: Uint8Array | undefined; readonly line?: Uint8Array | undefined; readonly host?: Uint8Array | undefined; readonly addr?: Uint8Array | undefined };
  /** ut_id: pairs a logout that carries no line (FreeBSD's) with its login. */
  readonly id?: string | undefined;
}

/** How a row ended: last's R_* reasons. */
export type SessionStatus =
  /** a logout record (DEAD_PROCESS, or a later login on the same line) ended it */
  | "logged-out"
  /** no logout, no boot since, and (live system only) its process or tty still belongs to the user */
  | "still-logged-in"
  /** no logout, and a boot came before the next shutdown */
  | "crash"
  /** no logout, and the system was shut down */
  | "down"
  /** no logout and no boot since, but the session is stale (always so when not reading the live system) */
  | "gone"
  /** a boot, shutdown or runlevel row: `end` is the next shutdown, boot or runlevel change */
  | "event"
  /** a clock change row: no end */
  | "time-change"
  /** lastb: a failed login (btmp), listed as it is */
  | "failed";

export type SessionKind = "session" | "boot" | "shutdown" | "runlevel" | "new-time" | "old-time";

export interface SessionTime {
  readonly date: Date;
  readonly seconds: number;
  readonly microseconds: number;
}

export interface Session {
  readonly kind: SessionKind;
  /** UTF-8 text of the fields (invalid bytes replaced); `line` as last shows it ("system boot", "(to lvl 5)") */
  readonly user: string;
  readonly line: string;
  readonly host: string;
  /** ut_addr_v6, 16 bytes in network order, when the layout has one */
  readonly addr: Uint8Array | undefined;
  readonly pid: number | undefined;
  readonly login: SessionTime;
  /** When it ended (a logout, the boot of a crash, a shutdown); undefined when it did not. */
  readonly logout: SessionTime | undefined;
  /**
   * The time last passes as the end of the row, in seconds: the logout, the
   * boot or shutdown, "now" for a boot still running, and 0 where last has none
   * (a session still logged in, a shutdown with no later boot: last prints 1970).
   */
  readonly end: number;
  /** end - login in seconds (may be negative after a clock change); undefined without a logout. */
  readonly duration: number | undefined;
  readonly status: SessionStatus;
  /** end equals the reading's "now": last prints "still running". */
  readonly stillRunning: boolean;
  /** The records that opened and closed the row: index in the input and byte offset. */
  readonly evidence: { readonly open: RecordRef; readonly close: RecordRef | undefined };
  /** Field bytes as last prints them (one char per byte). */
  readonly bytes: { readonly user: string; readonly line: string; readonly host: string };
  /** The row as a plain object for JSON.stringify, `addr` as the text its login record's `Entry.addr` gives. */
  toJSON(): SessionJSON;
}

/** A Session as a plain object: its fields, with the address as text (IPv4 when bytes 4-15 are zero, else IPv6, as utmpdump and Entry.addr decide). */
export type SessionJSON = Omit<Session, "addr" | "toJSON"> & { readonly addr: string | undefined };

export interface RecordRef {
  readonly index: number;
  readonly offset: number;
}

export interface SessionsOptions {
  /** "Now" in seconds (last's currentdate); default the clock. */
  readonly now?: number;
  /** Records before this (seconds) are skipped entirely, as `last --since` does. */
  readonly since?: number;
  /** Records after this (seconds) are skipped entirely, as `last --until` does. */
  readonly until?: number;
  /**
   * The records are this machine's live wtmp: an open session is "still
   * logged in" when it began after `bootTime` and its process's loginuid, or
   * its tty's owner, is the user's uid (util-linux is_phantom). Otherwise it is
   * "gone". Default false: every open session is "gone".
   */
  readonly liveSystem?: boolean;
  /**
   * For liveSystem: whether an open session is stale (the CLI passes
   * livePhantomCheck() of src/sessions/live.ts). user and line are byte strings
   * (one char per byte).
   */
  readonly isPhantom?: (session: { user: string; line: string; pid: number; seconds: number }) => boolean;
  /** Read as `lastb` reads btmp: every record is a row of its own, ending when it began. */
  readonly lastb?: boolean;
  /** Records of types last does not know (its "unrecognized ut_type" warnings). */
  readonly onWarning?: (message: string, ref: RecordRef) => void;
}

/** last's internal reason code of a row (for the formatter). */
export function listReason(s: Session): number {
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
