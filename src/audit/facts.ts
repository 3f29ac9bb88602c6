// What the files of one host say that another file can confirm or contradict:
// each user's last login (lastlog, lastlog2, utx.lastlogin), who is logged in
// now (utmp), where failed attempts came from (btmp), and what the wtmp files
// hold against them. The audit reads a host's other files before its wtmp
// files, so a wtmp's scan can match each login as it passes and keep only the
// matches, the newest login of each user lastlog names and the span of time
// covered: memory by what the other files hold, not by logins or by the users
// of the wtmp (a wtmp may be 10 GB, of a million users). Files are one host's
// when they lie in the same directory (see inputs.ts).
import type { EntryBatch } from "../core/batch.ts";
import type { BatchRecords } from "../sessions/batchRecords.ts";
import { USER_PROCESS } from "../sessions/kinds.ts";
import type { RecordScan } from "./scan.ts";
import type { FindingBody } from "./finding.ts";
import { secondsOf } from "./time.ts";
import { LargeMap, LargeSet } from "../util/largeMap.ts";

/** A login as the cross checks compare it (strings are byte strings, as the records hold them). */
export interface Login {
  readonly user: string;
  readonly line: string;
  readonly host: string;
  readonly seconds: number;
  readonly microseconds: number;
  readonly offset: number;
}

/** A user's last login as a lastlog kind of file stores it. */
export interface LastLogin {
  readonly user: string;
  readonly seconds: number;
  /** Byte offset of its slot, or row ID (lastlog2: see unit). */
  readonly offset: number;
  readonly unit: "byte" | "rowid";
}

export interface LastlogFacts {
  readonly file: string;
  readonly logins: LastLogin[];
}

export interface UtmpFacts {
  readonly file: string;
  readonly sessions: Login[];
}

/** Where a btmp's failed attempts came from. */
export interface AttackFacts {
  readonly file: string;
  /** The failed attempts from a source (a host field's byte string: an address or a name): the first one's time and how many. */
  lookup(source: string): { readonly first: number; readonly firstMicroseconds: number; readonly attempts: number } | undefined;
}

/** A wtmp login after a source's first failed attempt. */
export interface LoginAfterAttack {
  readonly attack: AttackFacts;
  readonly source: string;
  readonly login: Login;
  /** Logins from the source after its first failure, this one included. */
  count: number;
}

/** The maps below are LargeMaps: a hostile utmp, lastlog or btmp may bring more than a Map's 2^24 keys. */
export interface WtmpFacts {
  readonly file: string;
  /** The earliest and latest non-zero times: what the file covers. */
  first: number;
  last: number;
  /** The newest USER_PROCESS of each user a lastlog file of the host names (no other user's is compared, so none is kept). */
  readonly newest: LargeMap<string, Login>;
  /** The lastlog entries a login of this file matched (within the tolerance). */
  readonly matchedLastlog: LargeSet<LastLogin>;
  /** The utmp sessions a login of this file matched (same user and line, within 2 s). */
  readonly matchedUtmp: LargeSet<Login>;
  /** By btmp file and source: the first login after the source's first failure. */
  readonly afterAttack: LargeMap<string, LoginAfterAttack>;
}

export class HostFacts {
  readonly wtmp: WtmpFacts[] = [];
  readonly utmp: UtmpFacts[] = [];
  readonly lastlog: LastlogFacts[] = [];
  readonly attacks: AttackFacts[] = [];

  /** `group`: the directory of the files. */
  constructor(readonly group: string) {}

  /** Whether time `t` lies within one of the wtmp files (from its first to its last non-zero time); the first such file. */
  covering(t: number): string | undefined {
    return this.wtmp.find((w) => t >= w.first && t <= w.last)?.file;
  }
}

/** utmp and wtmp get the same record from one write: their times agree to the second, give or take a rounding. */
export const SAME_LOGIN = 2;

function loginOf(records: BatchRecords, batch: EntryBatch, i: number): Login {
  return { user: records.user(i), line: records.line(i), host: records.host(i), seconds: batch.columns.seconds[i]!, microseconds: batch.columns.microseconds[i]!, offset: batch.offsetOf(i) };
}

/** The list of `key` in `map`, made empty when absent. */
function listFor<T>(map: LargeMap<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (list === undefined) map.set(key, (list = []));
  return list;
}

/** Reads a wtmp's logins against what the host's other files said. */
export class WtmpFactsScan implements RecordScan {
  readonly facts: WtmpFacts;
  /** lastlog entries by user, of every lastlog file of the host. */
  private readonly lastlogs = new LargeMap<string, LastLogin[]>();
  /** utmp sessions by user and line. */
  private readonly sessions = new LargeMap<string, Login[]>();

  constructor(file: string, private readonly host: HostFacts, private readonly tolerance: number) {
    this.facts = { file, first: Infinity, last: -Infinity, newest: new LargeMap(), matchedLastlog: new LargeSet(), matchedUtmp: new LargeSet(), afterAttack: new LargeMap() };
    host.wtmp.push(this.facts);
    // pushed in place: copying the list at every repeat of a key was quadratic (a utmp of 100,000 identical slots took 80 s)
    for (const l of host.lastlog) for (const e of l.logins) listFor(this.lastlogs, e.user).push(e);
    for (const u of host.utmp) for (const s of u.sessions) listFor(this.sessions, `${s.user}\0${s.line}`).push(s);
  }

  batch(batch: EntryBatch, records: BatchRecords): void {
    const f = this.facts;
    const { seconds, microseconds } = batch.columns;
    const againstUtmp = this.sessions.size > 0, againstAttacks = this.host.attacks.length > 0;
    const compared = this.lastlogs.size > 0 || againstUtmp || againstAttacks;
    for (let i = 0; i < batch.length; i++) {
      const s = seconds[i]!;
      if (s === 0) continue;
      const t = secondsOf(s, microseconds[i]!);
      if (t < f.first) f.first = t;
      if (t > f.last) f.last = t;
      if (!compared || records.kind(i) !== USER_PROCESS) continue;
      const user = records.user(i);
      if (user === "") continue;
      // a login is kept or built only where another file of the host can be compared with it
      const lastlogged = this.lastlogs.get(user);
      const inUtmp = againstUtmp ? this.sessions.get(`${user}\0${records.line(i)}`) : undefined;
      if (!lastlogged && !inUtmp && !(againstAttacks && records.host(i) !== "")) continue;
      const login = loginOf(records, batch, i);
      if (lastlogged) {
        const newest = f.newest.get(user);
        if (!newest || login.seconds >= newest.seconds) f.newest.set(user, login);
        for (const e of lastlogged) if (Math.abs(e.seconds - login.seconds) <= this.tolerance) f.matchedLastlog.add(e);
      }
      for (const u of inUtmp ?? []) if (Math.abs(u.seconds - login.seconds) <= SAME_LOGIN) f.matchedUtmp.add(u);
      if (againstAttacks && login.host !== "") this.attacked(login);
    }
  }

  private attacked(login: Login): void {
    for (const attack of this.host.attacks) {
      const failed = attack.lookup(login.host);
      if (!failed || login.seconds < failed.first) continue;
      const key = `${attack.file}\0${login.host}`;
      const seen = this.facts.afterAttack.get(key);
      if (seen) seen.count++;
      else this.facts.afterAttack.set(key, { attack, source: login.host, login, count: 1 });
    }
  }

  end(): FindingBody[] {
    return [];
  }
}

/** Gathers a utmp's sessions (its USER_PROCESS slots). */
export class UtmpFactsScan implements RecordScan {
  constructor(private readonly facts: UtmpFacts) {}

  batch(batch: EntryBatch, records: BatchRecords): void {
    for (let i = 0; i < batch.length; i++) {
      if (records.kind(i) !== USER_PROCESS || batch.columns.seconds[i] === 0) continue;
      const login = loginOf(records, batch, i);
      if (login.user !== "") this.facts.sessions.push(login);
    }
  }

  end(): FindingBody[] {
    return [];
  }
}
