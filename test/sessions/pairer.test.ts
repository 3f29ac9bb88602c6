// The streaming pairer: the same rows as the quadratic pairing it replaced
// (test/support/last/referenceSessions.ts) on random histories, through both
// of its readers (plain records, and entries read from batch columns), the
// tie between a line's and an id's waiting record, and work linear in the
// records however many logins stay open.
import { describe, it, expect } from "vitest";
import { sessions, type SessionRecord } from "../../src/sessions/sessions.ts";
import { sessions as referenceSessions, type ReferenceSession } from "../support/last/referenceSessions.ts";
import { SessionPairer } from "../../src/sessions/pairer.ts";
import { PlainRecords } from "../../src/sessions/plainRecords.ts";
import { BatchRecords } from "../../src/sessions/batchRecords.ts";
import { fromBytes } from "../../src/index.ts";
import { findLayout } from "../../src/layouts/table.ts";
import { buildRecord, utxlogEntry } from "../support/fixtureBuilder.ts";
import { prng } from "../support/prng.ts";

const T0 = 1_700_000_000;
const NOW = 1_800_000_000;

/** Everything a row says, as plain values (rows are class instances with lazy fields). */
function plain(s: ReferenceSession) {
  return {
    kind: s.kind, status: s.status, user: s.user, line: s.line, host: s.host, addr: s.addr ? Array.from(s.addr) : undefined,
    pid: s.pid, login: [s.login.seconds, s.login.microseconds, s.login.date.getTime()],
    logout: s.logout ? [s.logout.seconds, s.logout.microseconds, s.logout.date.getTime()] : undefined,
    end: s.end, duration: s.duration, stillRunning: s.stillRunning, evidence: s.evidence, bytes: s.bytes,
  };
}

const TYPES = ["EMPTY", "RUN_LVL", "BOOT_TIME", "NEW_TIME", "OLD_TIME", "INIT_PROCESS", "LOGIN_PROCESS", "USER_PROCESS", "DEAD_PROCESS", "ACCOUNTING"];
const LINUX_NUMBER: Record<string, number> = Object.fromEntries(TYPES.map((t, n) => [t, n]));

interface Drawn { type: string; user: string; line: string; id: string; host: string; pid: number; seconds: number; microseconds: number }

/**
 * A random history, oldest first, from small alphabets so that lines, ids and
 * last's special names collide often: logins mostly, logouts with and without
 * a line, boots, shutdowns, runlevels, clock changes, getty and ghost records.
 */
function history(seed: number, count: number, { lineless = true } = {}): Drawn[] {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const lines = ["pts/0", "pts/1", "pts/2", "tty1", "tty2", "ftp12", ""];
  const ids = ["ts/0", "ts/1", "ts/2", "1", "2", ""];
  const users = ["alice", "bob", "carol", "", "LOGIN", "date", "reboot", "shutdown", "runlevel", "j\u00fcrgen"];
  const out: Drawn[] = [];
  let t = T0;
  for (let k = 0; k < count; k++) {
    t += Math.floor(random() * 300) - 20; // now and then a clock that goes back
    const r = random();
    let d: Omit<Drawn, "seconds" | "microseconds">;
    if (r < 0.4) d = { type: "USER_PROCESS", user: pick(users.slice(0, 3)), line: pick(lines), id: pick(ids), host: pick(["", "h.example", "10.0.0.1"]), pid: 100 + k };
    else if (r < 0.7) d = { type: "DEAD_PROCESS", user: pick(["", "", "alice"]), line: lineless ? pick(lines) : pick(lines.slice(0, -1)), id: pick(ids), host: "", pid: 100 + k };
    else if (r < 0.75) d = { type: "BOOT_TIME", user: "reboot", line: "~", id: "~~", host: "6.1.0", pid: 0 };
    else if (r < 0.8) d = { type: "RUN_LVL", user: pick(["shutdown", "runlevel"]), line: pick(["~", "~~"]), id: "~~", host: "6.1.0", pid: pick([0x30, 0x33, 0x35, 0x36, 0]) };
    else if (r < 0.83) d = { type: pick(["NEW_TIME", "OLD_TIME", "EMPTY", "DEAD_PROCESS"]), user: "date", line: pick(["|", "{", "|x"]), id: "", host: "", pid: 0 };
    else if (r < 0.9) d = { type: "LOGIN_PROCESS", user: "LOGIN", line: pick(lines), id: pick(ids), host: "", pid: 100 + k };
    else d = { type: pick(TYPES), user: pick(users), line: pick([...lines, "~", "~~", "|", "{"]), id: pick(ids), host: pick(["", "x"]), pid: Math.floor(random() * 70) };
    out.push({ ...d, seconds: t, microseconds: Math.floor(random() * 1e6) });
  }
  return out;
}

const asRecord = (d: Drawn): SessionRecord => ({ ...d });

/** The history as a Linux x86_64 wtmp, decoded: the entries sessions() reads from batch columns. */
function linuxEntries(drawn: Drawn[]) {
  const layout = findLayout("linux384-le")!;
  const bytes = new Uint8Array(drawn.length * layout.recordSize);
  drawn.forEach((d, k) => bytes.set(buildRecord(layout, {
    type: LINUX_NUMBER[d.type]!, user: d.user, line: d.line, id: d.id, host: d.host, pid: d.pid,
    seconds: d.seconds, microseconds: d.microseconds, addr: d.host === "10.0.0.1" ? "10.0.0.1" : "0.0.0.0",
  }), k * layout.recordSize));
  return [...fromBytes(bytes, { layout })];
}

describe("the streaming pairer gives the rows of the pairing it replaced", () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`random history ${seed}: plain records`, () => {
      const records = history(seed, 600).map(asRecord);
      const options = { now: NOW, ...(seed % 2 ? { since: T0 + 5000, until: T0 + 80_000 } : {}) };
      expect(sessions(records, options).map(plain)).toEqual(referenceSessions(records, options).map(plain));
    });
    it(`random history ${seed}: entries read from batch columns`, () => {
      const entries = linuxEntries(history(seed, 600));
      expect(sessions(entries, { now: NOW }).map(plain)).toEqual(referenceSessions(entries, { now: NOW }).map(plain));
    });
  }

  it("lastb lists every record, zeroed ones too", () => {
    const entries = linuxEntries([...history(9, 50), { type: "EMPTY", user: "", line: "", id: "", host: "", pid: 0, seconds: 0, microseconds: 0 }]);
    const ours = sessions(entries, { now: NOW, lastb: true });
    expect(ours).toHaveLength(51);
    expect(ours.map(plain)).toEqual(referenceSessions(entries, { now: NOW, lastb: true }).map(plain));
  });

  it("FreeBSD utx.log: logouts without a line, paired by id", () => {
    const layout = findLayout("utxlog")!;
    // FreeBSD's numbers: BOOT_TIME 1, USER_PROCESS 4, DEAD_PROCESS 7, SHUTDOWN_TIME 8
    const number: Record<string, number> = { BOOT_TIME: 1, USER_PROCESS: 4, DEAD_PROCESS: 7, RUN_LVL: 8 };
    for (const seed of [11, 12, 13, 14]) {
      const drawn = history(seed, 400).filter((d) => d.type in number && d.seconds > 0);
      const bytes = drawn.map((d) => utxlogEntry(buildRecord(layout, {
        type: number[d.type]!, user: d.user, line: d.type === "DEAD_PROCESS" && d.pid % 3 ? "" : d.line, id: d.id || "x",
        host: d.host, pid: d.pid, seconds: d.seconds, microseconds: d.microseconds,
      })));
      const entries = [...fromBytes(new Uint8Array(bytes.flatMap((b) => [...b])), { layout })];
      expect(entries.length).toBe(drawn.length);
      expect(sessions(entries, { now: NOW }).map(plain)).toEqual(referenceSessions(entries, { now: NOW }).map(plain));
    }
  });
});

describe("a login ends at the most recently read waiting record of its line, or lineless of its id", () => {
  const login = (line: string, id: string, at: number, user = "ann"): SessionRecord =>
    ({ type: "USER_PROCESS", user, line, id, host: "", pid: 1, seconds: T0 + at, microseconds: 0 });
  const logout = (line: string, id: string, at: number): SessionRecord =>
    ({ type: "DEAD_PROCESS", user: "", line, id, host: "", pid: 1, seconds: T0 + at, microseconds: 0 });
  // when each row ended, from T0 (0: no end)
  const brief = (s: ReferenceSession) => [s.user, s.line, s.status, s.end && s.end - T0];
  const ends = (records: SessionRecord[]) => sessions(records, { now: NOW }).map(brief);
  const same = (records: SessionRecord[]) => expect(ends(records)).toEqual(referenceSessions(records, { now: NOW }).map(brief));

  it("the lineless logout of its id when it came first after the login", () => {
    const records = [login("pts/1", "a", 0), logout("", "a", 10), logout("pts/1", "", 20)];
    expect(ends(records)).toEqual([["ann", "pts/1", "logged-out", 10]]);
    same(records);
  });

  it("the logout on its line when that came first; the id's lineless logout is dropped with it", () => {
    const records = [login("pts/2", "a", 0, "bob"), login("pts/1", "a", 5), logout("pts/1", "", 10), logout("", "a", 20)];
    // ann ends at pts/1's logout (10); the lineless "a" (20) goes too, so bob on pts/2 finds nothing
    expect(ends(records)).toEqual([["ann", "pts/1", "logged-out", 10], ["bob", "pts/2", "gone", 0]]);
    same(records);
  });

  it("the newest of several waiting on one line; all of them are dropped", () => {
    const records = [login("pts/1", "", 0, "bob"), login("pts/1", "", 5), logout("pts/1", "", 10), logout("pts/1", "", 20)];
    expect(ends(records)).toEqual([["ann", "pts/1", "logged-out", 10], ["bob", "pts/1", "logged-out", 5]]);
    same(records);
  });

  it("a login with an empty line takes the newest lineless logout of any id, and drops every lineless one", () => {
    const records = [login("pts/3", "b", 0, "bob"), login("", "zz", 5), logout("", "a", 10), logout("", "b", 20)];
    expect(ends(records)).toEqual([["ann", "", "logged-out", 10], ["bob", "pts/3", "gone", 0]]);
    same(records);
  });

  it("an id's lineless logouts read again and again: the one read last (the first after the login) ends it", () => {
    // logouts of ids "d" and "c" alternating, their clock going back: the first "c" after the login is at 999
    const records = [login("pts/4", "c", 0), ...Array.from({ length: 500 }, (_, k) => logout("", k % 2 ? "c" : "d", 1000 - k))];
    expect(ends(records)).toEqual([["ann", "pts/4", "logged-out", 999]]);
    same(records);
  });

  it("a boot in between: nothing after it ends a login before it", () => {
    const boot = { type: "BOOT_TIME", user: "reboot", line: "~", host: "", pid: 0, seconds: T0 + 15, microseconds: 0 };
    const records = [login("pts/1", "a", 0), boot, logout("pts/1", "", 20), logout("", "a", 30)];
    expect(ends(records)).toEqual([["reboot", "system boot", "event", NOW - T0], ["ann", "pts/1", "crash", 15]]);
    same(records);
  });
});

describe("pairing is linear in the records however many logins stay open", () => {
  /** Pairs the records newest first as the CLI does; returns the pairer's work. */
  function work(records: SessionRecord[]) {
    let rows = 0;
    const pairer = new SessionPairer({ now: NOW }, () => rows++);
    const source = new PlainRecords(records);
    for (let i = records.length - 1; i >= 0; i--) pairer.push(source, i, i);
    return { rows, steps: pairer.pendingSteps, waiting: pairer.waiting };
  }

  it("32,000 logins never closed, each on its own line: a bounded number of steps per record", () => {
    const records = Array.from({ length: 32_000 }, (_, k): SessionRecord =>
      ({ type: "USER_PROCESS", user: `u${k}`, line: `pts/${k}`, id: `${k}`, host: "", pid: k, seconds: T0 + k, microseconds: 0 }));
    const w = work(records);
    expect(w.rows).toBe(32_000);
    expect(w.waiting).toBe(32_000);
    expect(w.steps).toBeLessThanOrEqual(2 * records.length);
  });

  it("32,000 lineless logouts of distinct ids waiting, and logins with no line taking them: still linear", () => {
    const records: SessionRecord[] = [];
    for (let k = 0; k < 16_000; k++) {
      records.push({ type: "USER_PROCESS", user: `u${k}`, line: k % 2 ? "" : `pts/${k}`, id: `${k}`, host: "", pid: k, seconds: T0 + 2 * k, microseconds: 0 });
    }
    for (let k = 0; k < 32_000; k++) records.push({ type: "DEAD_PROCESS", user: "", line: "", id: `i${k}`, host: "", pid: k, seconds: T0 + 40_000 + k, microseconds: 0 });
    const w = work(records);
    expect(w.rows).toBe(16_000);
    expect(w.steps).toBeLessThanOrEqual(4 * records.length);
  });

  it("the same 32,000 open logins from a decoded file, through batch columns", () => {
    const layout = findLayout("linux384-le")!;
    const bytes = new Uint8Array(32_000 * layout.recordSize);
    for (let k = 0; k < 32_000; k++) {
      bytes.set(buildRecord(layout, { type: 7, user: `u${k}`, line: `pts/${k}`, id: `${k % 10_000}`, pid: k + 1, seconds: T0 + k }), k * layout.recordSize);
    }
    const db = fromBytes(bytes, { layout });
    let rows = 0;
    const pairer = new SessionPairer({ now: NOW }, () => rows++);
    const source = new BatchRecords();
    const batches = [...db.batches()].reverse();
    for (const batch of batches) {
      source.use(batch);
      for (let i = batch.length - 1; i >= 0; i--) pairer.push(source, i, i);
    }
    expect(rows).toBe(32_000);
    expect(pairer.pendingSteps).toBeLessThanOrEqual(2 * 32_000);
  });
});
