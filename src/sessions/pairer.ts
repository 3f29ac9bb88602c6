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
import {
  R_CRASH, R_DOWN, R_NORMAL, R_NOW, R_PHANTOM, R_REBOOT, R_TIMECHANGE, type Session, type SessionKind, type SessionsOptions, type SessionStatus,
} from "./session.ts";
import {
  ACCOUNTING, BOOT_TIME, DEAD_PROCESS, EMPTY, INIT_PROCESS, LOGIN_PROCESS, NEW_TIME, OLD_TIME, RUN_LVL, SHUTDOWN_TIME, USER_PROCESS,
} from "./kinds.ts";
import { PendingLogouts, type Waiting } from "./pendingLogouts.ts";
import type { RecordSource } from "./recordSource.ts";
import { SessionRow, type RowFields } from "./row.ts";
import type { PairMarks } from "../core/lastPairs.ts";

const STATUS: Record<number, SessionStatus> = {
  [R_CRASH]: "crash", [R_DOWN]: "down", [R_NORMAL]: "logged-out", [R_NOW]: "still-logged-in",
  [R_REBOOT]: "event", [R_PHANTOM]: "gone", [R_TIMECHANGE]: "time-change",
};

/** The types (after last's rewrites) whose record is listed as a row. */
const OPENS_ROW: readonly boolean[] = [];
for (const kind of [USER_PROCESS, BOOT_TIME, SHUTDOWN_TIME, RUN_LVL, NEW_TIME, OLD_TIME]) (OPENS_ROW as boolean[])[kind] = true;

/** A boot, shutdown or runlevel record last remembers (lastboot, lastdown, lastrch): when, and which record. */
interface Mark extends Waiting {}

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
  /** The row being listed, filled in place (one SessionRow is built from it). */
  private readonly row: RowFields = {
    kind: "session", status: "logged-out", user: "", userNamed: false, line: "", host: "", hostBatch: undefined, hostIndex: 0, addrSource: undefined, addrOffset: 0, pid: 0,
    loginSeconds: 0, loginMicroseconds: 0, logoutSeconds: NaN, logoutMicroseconds: 0, end: 0, duration: undefined,
    stillRunning: false, openIndex: 0, openOffset: 0, closeIndex: -1, closeOffset: 0,
  };
  /** Records pushed so far. */
  records = 0;

  /** The one row refilled for every row, when the consumer is done with each row before the next push. */
  private readonly recycled: SessionRow | undefined;

  /**
   * `recycle`: `emit` is done with each row when it returns (last formats it
   * there), so one SessionRow is refilled for every row instead of a new one each.
   */
  constructor(private readonly options: SessionsOptions, private readonly emit: (row: Session) => void, recycle = false) {
    this.recycled = recycle ? new SessionRow(this.row) : undefined;
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
    const line = source.line(i);
    const first = line.length > 0 ? line.charCodeAt(0) : -1;
    // a logout's user is read only where a rule may look at it (most records of a wtmp are logouts)
    const user = kind === DEAD_PROCESS && !native && first !== 0x7e && first !== 0x7c && first !== 0x7b ? "" : source.user(i);
    /** The user as listed: a foreign boot, shutdown or clock change with none is named as Linux names it. */
    let named: string | undefined;
    // last's rewrites of the type (process_wtmp_file, before its switch)
    if (first === 0x7e /* ~ */) {
      if (user.startsWith("shutdown")) kind = SHUTDOWN_TIME;
      else if (user.startsWith("reboot")) kind = BOOT_TIME;
      else if (user.startsWith("runlevel")) kind = RUN_LVL;
    } else if (native) {
      // FreeBSD, macOS, Solaris, ... write boots, shutdowns and clock changes
      // with an empty user and line: last's rules for old Linux writers would
      // make them logouts (last itself reads only Linux files)
      if (user === "") named = kind === BOOT_TIME ? "reboot" : kind === SHUTDOWN_TIME ? "shutdown" : "date";
    } else {
      // old writers that do not fill in the type
      if (kind !== DEAD_PROCESS && user !== "" && line !== "" && !user.startsWith("LOGIN")) kind = USER_PROCESS;
      // ghost entries: a login with no user
      if (user === "") kind = DEAD_PROCESS;
      if (user.startsWith("date")) {
        if (first === 0x7c /* | */) kind = OLD_TIME;
        if (first === 0x7b /* { */) kind = NEW_TIME;
      }
    }

    // rows list the record's user and host (and the boot, shutdown and runlevel marks need it)
    if (OPENS_ROW[kind]) this.open(source, i, index, named ?? user, named !== undefined);
    let down = false;
    switch (kind) {
      case SHUTDOWN_TIME:
        this.list("shutdown", "system down", this.lastboot, R_NORMAL, this.bootRec);
        this.lastdown = this.lastrch = seconds;
        this.downRec = this.rchRec = this.mark();
        down = true;
        break;
      case OLD_TIME:
      case NEW_TIME:
        this.list(kind === NEW_TIME ? "new-time" : "old-time", kind === NEW_TIME ? "new time" : "old time", this.lastdown, R_TIMECHANGE, undefined);
        break;
      case BOOT_TIME:
        this.list("boot", "system boot", this.lastdown, R_REBOOT, this.lastdown === this.now ? undefined : this.downRec);
        this.lastboot = seconds;
        this.bootRec = this.mark();
        down = true;
        break;
      case RUN_LVL: {
        const x = this.row.pid & 255;
        // snprintf "(to lvl %c)": a NUL level ends the string there
        this.list("runlevel", x === 0 ? "(to lvl " : `(to lvl ${String.fromCharCode(x)})`, this.lastrch, R_NORMAL,
          this.lastrch === this.now ? undefined : this.rchRec);
        const mark = this.mark();
        if (x === 0x30 || x === 0x36) {
          this.lastdown = seconds;
          this.downRec = mark;
          down = true;
          kind = SHUTDOWN_TIME;
        }
        this.lastrch = seconds;
        this.rchRec = mark;
        break;
      }
      case USER_PROCESS: {
        // the newest later record on this line ends it; every record of the line is then dropped.
        // A logout with no line (FreeBSD writes only id and pid) ends the login of its id.
        const match = this.pending.take(line, this.pending.linelessWaiting ? source.id(i) : "");
        if (match) this.list("session", line, match.seconds, R_NORMAL, match);
        else if (!this.lastboot) this.list("session", line, this.lastboot, this.phantom(named ?? user, line) ? R_PHANTOM : R_NOW, undefined);
        else this.list("session", line, this.lastboot, this.whydown, this.whyRec);
        if (line !== "") this.pending.pushLine(line, seconds, this.row.loginMicroseconds, index, this.row.openOffset);
        break;
      }
      case DEAD_PROCESS:
        if (line !== "") this.pending.pushLine(line, seconds, source.microseconds(i), index, source.offset(i));
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
      this.bootRec = this.whyRec = this.mark();
      this.whydown = kind === SHUTDOWN_TIME ? R_DOWN : R_CRASH;
      this.pending.clear();
    }
  }

  /**
   * Goes on from the core's pairing (src/sessions/corePairs.ts) as if its
   * records had been pushed here: last's times, the lines waiting with their
   * records' times, and `records` more records counted. The records behind
   * the times are not known (the rows' evidence): the core pairs only rows of
   * text, which print the times alone.
   */
  takeOver(marks: PairMarks, waiting: readonly (readonly [line: string, seconds: number])[], records: number): void {
    this.records += records;
    this.lastboot = marks.lastboot;
    this.lastrch = marks.lastrch;
    this.lastdown = marks.lastdown;
    this.whydown = marks.whydown;
    this.bootRec = this.downRec = this.rchRec = this.whyRec = undefined;
    this.pending.clear();
    for (const [line, seconds] of waiting) this.pending.pushLine(line, seconds, 0, -1, 0);
  }

  /** Takes the fields of record `i` a row is made of into the row being listed. */
  private open(source: RecordSource, i: number, index: number, user: string | undefined, named: boolean): void {
    const r = this.row;
    r.user = user;
    r.userNamed = named;
    // most rows never print their host (-i prints the address): read it when asked
    r.hostBatch = source.hostLater(i);
    r.hostIndex = i;
    r.host = r.hostBatch ? undefined : source.host(i);
    r.addrSource = source.addrBytes(i);
    r.addrOffset = source.addrAt(i);
    r.pid = source.pid(i);
    r.loginSeconds = source.seconds(i);
    r.loginMicroseconds = source.microseconds(i);
    r.openIndex = index;
    r.openOffset = source.offset(i);
  }

  /** The record taken by open(), as a boot, shutdown or runlevel mark. */
  private mark(): Mark {
    const r = this.row;
    return { seconds: r.loginSeconds, microseconds: r.loginMicroseconds, index: r.openIndex, offset: r.openOffset };
  }

  private phantom(user: string, line: string): boolean {
    if (!this.live) return true;
    const check = this.options.isPhantom;
    if (!check) throw new TypeError("sessions(): liveSystem needs an isPhantom check (see src/sessions/live.ts)");
    const r = this.row;
    return check({ user, line, pid: r.pid, seconds: r.loginSeconds });
  }

  /** last's list(): one row, of the record taken by open(). */
  private list(kind: SessionKind, line: string, end: number, what: number, close: Waiting | undefined): void {
    const now = this.now;
    const r = this.row;
    const stillRunning = end === now && (what === R_NORMAL || what === R_REBOOT);
    const hasEnd = kind === "session"
      ? what === R_NORMAL || what === R_CRASH || what === R_DOWN
      : what !== R_TIMECHANGE && end !== 0 && !stillRunning;
    r.kind = kind;
    r.status = kind === "session" ? STATUS[what]! : what === R_TIMECHANGE ? "time-change" : "event";
    r.line = line;
    r.end = end;
    r.stillRunning = stillRunning;
    r.logoutSeconds = NaN;
    r.duration = undefined;
    r.closeIndex = -1;
    if (hasEnd) {
      r.duration = end - r.loginSeconds;
      if (close) {
        r.logoutSeconds = close.seconds;
        r.logoutMicroseconds = close.microseconds;
        r.closeIndex = close.index;
        r.closeOffset = close.offset;
      } else {
        r.logoutSeconds = end;
        r.logoutMicroseconds = 0;
      }
    }
    this.emit(this.recycled ? this.recycled.refill(r) : new SessionRow(r));
  }

  /** lastb: every record is a row of its own, ending when it began. */
  private failed(source: RecordSource, i: number, index: number): void {
    const r = this.row;
    // its user and line are read when asked for, where the record stays in a batch: the core
    // writes most rows from the record (a lastb read without strings leaves them undecoded)
    const later = source.hostLater(i) !== undefined;
    this.open(source, i, index, later ? undefined : source.user(i), false);
    r.kind = "session";
    r.status = "failed";
    r.line = later ? undefined : source.line(i);
    r.end = r.logoutSeconds = r.loginSeconds;
    r.logoutMicroseconds = r.loginMicroseconds;
    r.duration = 0;
    r.stillRunning = r.loginSeconds === this.now;
    r.closeIndex = index;
    r.closeOffset = r.openOffset;
    this.emit(this.recycled ? this.recycled.refill(r) : new SessionRow(r));
  }
}
