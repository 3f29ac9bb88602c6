// util-linux last's process_wtmp_file as a stream: records go in newest first,
// one at a time, and each row comes out as soon as it is decided, which is
// when its opening record is read (its end is always a newer record). What is
// kept between records is last's own state: the boot, shutdown and runlevel
// marks, and one waiting record per line (src/sessions/pendingLogouts.ts). So
// a file of any length pairs in memory bounded by its open lines, in time
// linear in its records.
//
// Each record is normalised by last's rules (a "~" line names a shutdown,
// reboot or runlevel record; old writers' records are retyped by their user and
// line; "date" on "|"/"{" is a clock change); a login ends at the next later
// record on its line, or, when a boot or shutdown came first, as a crash or
// "down". Boots, shutdowns, runlevel changes and clock changes are rows of
// their own, as `last -x` shows them.
import type { RecordRef, Session, SessionKind, SessionsOptions, SessionStatus, SessionTime } from "../sessions.ts";
import { bytesStartWith } from "./byteStrings.ts";
import {
  ACCOUNTING, BOOT_TIME, DEAD_PROCESS, EMPTY, INIT_PROCESS, LOGIN_PROCESS, NEW_TIME, OLD_TIME, RUN_LVL, SHUTDOWN_TIME, USER_PROCESS,
} from "./kinds.ts";
import { PendingLogouts, type Waiting } from "./pendingLogouts.ts";
import type { RecordSource } from "./recordSource.ts";
import { RowTime, SessionRow } from "./row.ts";

// last's listing reasons
export const R_CRASH = 1, R_DOWN = 2, R_NORMAL = 3, R_NOW = 4, R_REBOOT = 5, R_PHANTOM = 6, R_TIMECHANGE = 7;

const STATUS: Record<number, SessionStatus> = {
  [R_CRASH]: "crash", [R_DOWN]: "down", [R_NORMAL]: "logged-out", [R_NOW]: "still-logged-in",
  [R_REBOOT]: "event", [R_PHANTOM]: "gone", [R_TIMECHANGE]: "time-change",
};

/** A boot, shutdown or runlevel record last remembers (lastboot, lastdown, lastrch): when, and which record. */
interface Mark extends Waiting {}

/** What the row being listed came from: one record, read once. */
interface Opened {
  seconds: number;
  microseconds: number;
  index: number;
  offset: number;
  user: string;
  host: string;
  pid: number;
}

export class SessionPairer {
  private readonly now: number;
  private readonly since: number;
  private readonly until: number;
  private readonly lastb: boolean;
  private readonly live: boolean;
  private lastboot = 0;
  private lastrch: number;
  private lastdown: number;
  private whydown = 0;
  // the records that set lastboot / lastdown / lastrch / whydown, for the rows' evidence
  private bootRec: Mark | undefined;
  private downRec: Mark | undefined;
  private rchRec: Mark | undefined;
  private whyRec: Mark | undefined;
  private readonly pending = new PendingLogouts();
  /** Records pushed so far, and rows emitted. */
  records = 0;
  rows = 0;

  constructor(private readonly options: SessionsOptions, private readonly emit: (row: Session) => void) {
    this.now = options.now ?? Math.floor(Date.now() / 1000);
    this.since = options.since ?? 0;
    this.until = options.until ?? 0;
    this.lastb = options.lastb === true;
    this.live = options.liveSystem === true;
    this.lastrch = this.lastdown = this.now;
  }

  /** Waiting records (one per line with a logout or login newer than the records read): the pairer's memory. */
  get waiting(): number {
    return this.pending.size;
  }

  /** Work spent finding and dropping waiting records (PendingLogouts.steps): linear in the records. */
  get pendingSteps(): number {
    return this.pending.steps;
  }

  /**
   * The next record, older than every record pushed before: record `i` of
   * `source`, `index` its position in the history (for the rows' evidence).
   */
  push(source: RecordSource, i: number, index: number): void {
    this.records++;
    const seconds = source.seconds(i);
    if (this.since !== 0 && seconds < this.since) return;
    if (this.until !== 0 && this.until < seconds) return;
    if (this.lastb) return this.failed(source, i, index);
    // an all-zero record is EMPTY with no user: a ghost logout with neither line nor id, which last drops
    if (source.zeroed(i)) return;

    let kind = source.kind(i);
    const native = source.native(i, kind);
    const lineBytes = source.lineBytes(i);
    const userBytes = source.userBytes(i);
    /** The user as listed: a foreign boot, shutdown or clock change with none is named as Linux names it. */
    let named: string | undefined;
    // last's rewrites of the type (process_wtmp_file, before its switch)
    if (lineBytes[0] === 0x7e /* ~ */) {
      if (bytesStartWith(userBytes, "shutdown")) kind = SHUTDOWN_TIME;
      else if (bytesStartWith(userBytes, "reboot")) kind = BOOT_TIME;
      else if (bytesStartWith(userBytes, "runlevel")) kind = RUN_LVL;
    } else if (native) {
      // FreeBSD, macOS, Solaris, ... write boots, shutdowns and clock changes
      // with an empty user and line: last's rules for old Linux writers would
      // make them logouts (last itself reads only Linux files)
      if (userBytes.length === 0) named = kind === BOOT_TIME ? "reboot" : kind === SHUTDOWN_TIME ? "shutdown" : "date";
    } else {
      // old writers that do not fill in the type
      if (kind !== DEAD_PROCESS && userBytes.length > 0 && lineBytes.length > 0 && !bytesStartWith(userBytes, "LOGIN")) kind = USER_PROCESS;
      // ghost entries: a login with no user
      if (userBytes.length === 0) kind = DEAD_PROCESS;
      if (bytesStartWith(userBytes, "date")) {
        if (lineBytes[0] === 0x7c /* | */) kind = OLD_TIME;
        if (lineBytes[0] === 0x7b /* { */) kind = NEW_TIME;
      }
    }

    let down = false;
    switch (kind) {
      case SHUTDOWN_TIME: {
        const r = this.opened(source, i, index, named);
        this.list(r, "shutdown", "system down", this.lastboot, R_NORMAL, this.bootRec, source, i);
        this.lastdown = this.lastrch = seconds;
        this.downRec = this.rchRec = r;
        down = true;
        break;
      }
      case OLD_TIME:
      case NEW_TIME:
        this.list(this.opened(source, i, index, named), kind === NEW_TIME ? "new-time" : "old-time",
          kind === NEW_TIME ? "new time" : "old time", this.lastdown, R_TIMECHANGE, undefined, source, i);
        break;
      case BOOT_TIME: {
        const r = this.opened(source, i, index, named);
        this.list(r, "boot", "system boot", this.lastdown, R_REBOOT, this.lastdown === this.now ? undefined : this.downRec, source, i);
        this.lastboot = seconds;
        this.bootRec = r;
        down = true;
        break;
      }
      case RUN_LVL: {
        const r = this.opened(source, i, index, named);
        const x = r.pid & 255;
        // snprintf "(to lvl %c)": a NUL level ends the string there
        this.list(r, "runlevel", x === 0 ? "(to lvl " : `(to lvl ${String.fromCharCode(x)})`, this.lastrch, R_NORMAL,
          this.lastrch === this.now ? undefined : this.rchRec, source, i);
        if (x === 0x30 || x === 0x36) {
          this.lastdown = seconds;
          this.downRec = r;
          down = true;
          kind = SHUTDOWN_TIME;
        }
        this.lastrch = seconds;
        this.rchRec = r;
        break;
      }
      case USER_PROCESS: {
        // the newest later record on this line ends it; every record of the line is then dropped.
        // A logout with no line (FreeBSD writes only id and pid) ends the login of its id.
        const line = source.line(i);
        const match = this.pending.take(line, () => source.id(i));
        const r = this.opened(source, i, index, named);
        if (match) this.list(r, "session", line, match.seconds, R_NORMAL, match, source, i);
        else if (!this.lastboot) this.list(r, "session", line, this.lastboot, this.phantom(r, line) ? R_PHANTOM : R_NOW, undefined, source, i);
        else this.list(r, "session", line, this.lastboot, this.whydown, this.whyRec, source, i);
        if (line !== "") this.pending.pushLine(line, seconds, r.microseconds, index, r.offset);
        break;
      }
      case DEAD_PROCESS:
        if (lineBytes.length > 0) this.pending.pushLine(source.line(i), seconds, source.microseconds(i), index, source.offset(i));
        else {
          const id = source.id(i);
          if (id !== "") this.pending.pushLineless(id, seconds, source.microseconds(i), index, source.offset(i));
        }
        break;
      case EMPTY: case INIT_PROCESS: case LOGIN_PROCESS: case ACCOUNTING:
        break;
      default: {
        const offset = source.offset(i);
        this.options.onWarning?.(`unrecognized ut_type in the record at byte ${offset}`, { index, offset });
      }
    }
    if (down) {
      this.lastboot = seconds;
      this.bootRec = this.whyRec = { seconds, microseconds: source.microseconds(i), index, offset: source.offset(i) };
      this.whydown = kind === SHUTDOWN_TIME ? R_DOWN : R_CRASH;
      this.pending.clear();
    }
  }

  /** The fields of record `i` a row is made of. */
  private opened(source: RecordSource, i: number, index: number, named: string | undefined): Opened {
    return {
      seconds: source.seconds(i), microseconds: source.microseconds(i), index, offset: source.offset(i),
      user: named ?? source.user(i), host: source.host(i), pid: source.pid(i),
    };
  }

  private phantom(r: Opened, line: string): boolean {
    if (!this.live) return true;
    const check = this.options.isPhantom;
    if (!check) throw new TypeError("sessions(): liveSystem needs an isPhantom check (see src/sessions/live.ts)");
    return check({ user: r.user, line, pid: r.pid, seconds: r.seconds });
  }

  /** last's list(): one row. */
  private list(r: Opened, kind: SessionKind, line: string, end: number, what: number, close: Waiting | undefined,
    source: RecordSource, i: number): void {
    const now = this.now;
    const stillRunning = end === now && (what === R_NORMAL || what === R_REBOOT);
    const hasEnd = kind === "session"
      ? what === R_NORMAL || what === R_CRASH || what === R_DOWN
      : what !== R_TIMECHANGE && end !== 0 && !stillRunning;
    const open: RecordRef = { index: r.index, offset: r.offset };
    let logout: SessionTime | undefined;
    let closeRef: RecordRef | undefined;
    if (hasEnd) {
      logout = close ? new RowTime(close.seconds, close.microseconds) : new RowTime(end, 0);
      if (close) closeRef = { index: close.index, offset: close.offset };
    }
    this.rows++;
    this.emit(new SessionRow(
      kind, kind === "session" ? STATUS[what]! : what === R_TIMECHANGE ? "time-change" : "event",
      { user: r.user, line, host: r.host }, source.addrBytes(i), source.addrAt(i), r.pid,
      new RowTime(r.seconds, r.microseconds), logout, end, hasEnd ? end - r.seconds : undefined, stillRunning,
      { open, close: closeRef },
    ));
  }

  /** lastb: every record is a row of its own, ending when it began. */
  private failed(source: RecordSource, i: number, index: number): void {
    const seconds = source.seconds(i);
    const time = new RowTime(seconds, source.microseconds(i));
    const ref: RecordRef = { index, offset: source.offset(i) };
    this.rows++;
    this.emit(new SessionRow(
      "session", "failed", { user: source.user(i), line: source.line(i), host: source.host(i) },
      source.addrBytes(i), source.addrAt(i), source.pid(i), time, time, seconds, 0, seconds === this.now, { open: ref, close: ref },
    ));
  }
}
