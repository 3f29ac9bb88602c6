// What the files of one host say that another file can confirm or contradict:
// who logged in when (wtmp), who is logged in now (utmp), each user's last
// login (lastlog, lastlog2, utx.lastlogin), and where failed attempts came from
// (btmp). Gathered while the files are scanned; the cross-source checks and the
// attack summary's "later logged in" read them. Files are one host's when they
// lie in the same directory (inputs without a path: one host).
import type { EntryBatch } from "../core/batch.ts";
import type { BatchRecords } from "../sessions/batchRecords.ts";
import { USER_PROCESS } from "../sessions/kinds.ts";
import type { RecordScan } from "./scan.ts";
import type { FindingBody } from "./finding.ts";
import { secondsOf } from "./time.ts";

/** A login as the cross checks compare it. */
export interface Login {
  readonly user: string;
  readonly line: string;
  readonly host: string;
  readonly seconds: number;
  readonly microseconds: number;
  readonly offset: number;
}

export interface WtmpFacts {
  readonly file: string;
  /** The earliest and latest non-zero times: what the file covers. */
  first: number;
  last: number;
  /** USER_PROCESS records by user (byte strings), in file order. */
  readonly logins: Map<string, Login[]>;
  /** USER_PROCESS records by source (host field), in file order. */
  readonly bySource: Map<string, Login[]>;
}

export interface UtmpFacts {
  readonly file: string;
  readonly sessions: Login[];
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

/** Where a btmp's failed attempts came from. */
export interface AttackFacts {
  readonly file: string;
  /** The failed attempts from a source (a host field's byte string: an address or a name): the first one's time and how many. */
  lookup(source: string): { readonly first: number; readonly firstMicroseconds: number; readonly attempts: number } | undefined;
}

export class HostFacts {
  readonly wtmp: WtmpFacts[] = [];
  readonly utmp: UtmpFacts[] = [];
  readonly lastlog: LastlogFacts[] = [];
  readonly attacks: AttackFacts[] = [];

  /** `group`: the directory of the files. */
  constructor(readonly group: string) {}
}

function loginOf(records: BatchRecords, batch: EntryBatch, i: number): Login {
  return { user: records.user(i), line: records.line(i), host: records.host(i), seconds: batch.columns.seconds[i]!, microseconds: batch.columns.microseconds[i]!, offset: batch.offsetOf(i) };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Gathers a wtmp's logins. */
export class WtmpFactsScan implements RecordScan {
  constructor(private readonly facts: WtmpFacts) {}

  batch(batch: EntryBatch, records: BatchRecords): void {
    const f = this.facts;
    const { seconds, microseconds } = batch.columns;
    for (let i = 0; i < batch.length; i++) {
      const s = seconds[i]!;
      if (s === 0) continue;
      const t = secondsOf(s, microseconds[i]!);
      if (t < f.first) f.first = t;
      if (t > f.last) f.last = t;
      if (records.kind(i) !== USER_PROCESS) continue;
      const login = loginOf(records, batch, i);
      if (login.user === "") continue;
      push(f.logins, login.user, login);
      if (login.host !== "") push(f.bySource, login.host, login);
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
