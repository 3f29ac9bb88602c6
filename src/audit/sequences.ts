// Logins and logouts that do not follow each other as writers write them. After
// a boot every line starts closed; a logout on a line nobody opened since is a
// logout whose login is missing (or, when the line was open before the boot, a
// session the records make span the boot), and a second login on a line still
// open with no logout and no boot between means a logout record is missing.
// Before the file's first boot nothing is reported: the logins of a rotated
// file's first logouts are in the file before it. A logout without a line
// (FreeBSD writes only ut_id and pid in a DEAD_PROCESS) closes the line its
// id opened.
import type { EntryBatch } from "../core/batch.ts";
import type { BatchRecords } from "../sessions/batchRecords.ts";
import { BOOT_TIME, DEAD_PROCESS, INIT_PROCESS, LOGIN_PROCESS, USER_PROCESS } from "../sessions/kinds.ts";
import type { AuditCheck, RecordScan, ScanContext } from "./check.ts";
import { FUTURE_SLACK } from "./structure.ts";
import type { FindingBody } from "./finding.ts";
import { isoTime } from "./time.ts";
import { textOf } from "../sessions/byteStrings.ts";
import { RECORD_FLAGS } from "../core/recordBatch.ts";
import { FindingList } from "./findingList.ts";
import { LargeMap } from "../util/largeMap.ts";

interface Opened {
  readonly kind: number;
  readonly user: string;
  readonly seconds: number;
  readonly microseconds: number;
  readonly offset: number;
}

/** Lines that are not terminals: boot and run-level records use "~". */
const NOT_A_LINE = new Set(["", "~"]);

class Sequences implements RecordScan {
  private readonly future: number;
  private booted = false;
  // LargeMaps: a hostile file brings more than a Map's 2^24 distinct ids or open lines
  // (600 MB of 36-byte records with distinct ut_ids stopped the audit with a RangeError)
  private open = new LargeMap<string, Opened>();
  /** The line each ut_id last opened. */
  private lineOfId = new LargeMap<string, string>();
  /** What was open at the last boot. */
  private beforeBoot = new LargeMap<string, Opened>();
  private bootTime: string | null = null;
  private readonly findings: FindingList;

  constructor(context: ScanContext) {
    this.future = context.settings.now + FUTURE_SLACK;
    this.findings = new FindingList(context.settings.maxPerKind);
  }

  batch(batch: EntryBatch, records: BatchRecords): void {
    const { seconds, microseconds } = batch.columns;
    for (let i = 0; i < batch.length; i++) {
      // zeroed and impossible records are the zeroed and structure checks' findings, not logins or logouts
      const s = seconds[i]!;
      if (s === 0 || s < 0 || s > this.future || batch.columns.flags[i]! & (RECORD_FLAGS.BAD_TYPE | RECORD_FLAGS.BAD_MICROSECONDS)) continue;
      const kind = records.kind(i);
      if (kind === BOOT_TIME) {
        this.beforeBoot = this.open;
        this.open = new LargeMap();
        this.booted = true;
        this.bootTime = isoTime(seconds[i]!, microseconds[i]!);
        continue;
      }
      if (kind !== USER_PROCESS && kind !== DEAD_PROCESS && kind !== LOGIN_PROCESS && kind !== INIT_PROCESS) continue;
      const id = records.id(i);
      let line = records.line(i);
      if (line === "" && kind === DEAD_PROCESS && id !== "") line = this.lineOfId.get(id) ?? "";
      if (NOT_A_LINE.has(line)) continue;
      if (id !== "") this.lineOfId.set(id, line);
      const here = { kind, user: records.user(i), seconds: seconds[i]!, microseconds: microseconds[i]!, offset: batch.offsetOf(i) };
      const was = this.open.get(line);
      if (kind === DEAD_PROCESS) {
        if (this.booted && !was) this.unopened(line, here);
        this.open.delete(line);
        continue;
      }
      if (kind === USER_PROCESS && was?.kind === USER_PROCESS && this.booted) this.reused(line, was, here);
      this.open.set(line, here);
    }
  }

  private unopened(line: string, logout: Opened): void {
    const login = this.beforeBoot.get(line);
    if (login && login.kind === USER_PROCESS) {
      this.findings.add("session-spans-boot", "sequence", logout.offset, 1, () => ({
        kind: "session-spans-boot", category: "sequence", offset: logout.offset, records: 1, before: this.bootTime, after: isoTime(logout.seconds, logout.microseconds),
        explanation: `a logout on ${show(line)} after the boot of ${this.bootTime} whose only login is ${show(login.user)}'s before that boot: the session spans the boot, or its records were moved`,
        details: { line: show(line), loginOffset: login.offset, login: isoTime(login.seconds, login.microseconds), user: show(login.user) },
      }));
      this.beforeBoot.delete(line);
      return;
    }
    this.findings.add("logout-without-login", "sequence", logout.offset, 1, () => ({
      kind: "logout-without-login", category: "sequence", offset: logout.offset, records: 1, before: this.bootTime, after: isoTime(logout.seconds, logout.microseconds),
      explanation: `a logout on ${show(line)} with no login, getty or init record on that line since the boot of ${this.bootTime}: its login record is missing`,
      details: { line: show(line) },
    }));
  }

  private reused(line: string, was: Opened, login: Opened): void {
    this.findings.add("line-reused", "sequence", login.offset, 1, () => ({
      kind: "line-reused", category: "sequence", offset: login.offset, records: 1,
      before: isoTime(was.seconds, was.microseconds), after: isoTime(login.seconds, login.microseconds),
      explanation: `${show(login.user)} logged in on ${show(line)} while ${show(was.user)}'s login there had no logout and no boot came between: a logout record missing (removed, or never written by a killed session)`,
      details: { line: show(line), user: show(login.user), previousUser: show(was.user), previousOffset: was.offset },
    }));
  }

  end(): FindingBody[] {
    return this.findings.list();
  }
}

/** A byte string (one char per byte) as text for a message. */
const show = textOf;

export const sequences: AuditCheck = {
  id: "sequence",
  category: "sequence",
  description: "after a boot: a logout with no login on its line, a session spanning a boot, a login on a line still open with no logout between",
  roles: ["wtmp"],
  scan: (context) => new Sequences(context),
};
