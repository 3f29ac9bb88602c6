// Each pairing rule of util-linux last (process_wtmp_file), on small
// hand-made histories (oldest first, as a file holds them).
import { describe, it, expect } from "vitest";
import { sessions, type SessionRecord, type Session } from "../../src/sessions/sessions.ts";
import { formatLast } from "../../src/format/last.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { open } from "../../src/index.ts";
import { FIXTURES } from "../support/paths.ts";

const T0 = 1_700_000_000; // 2023-11-14T22:13:20Z
const NOW = 1_800_000_000;

function rec(type: string, user: string, line: string, at: number, pid = 100, host = ""): SessionRecord {
  return { type, user, line, host, pid, seconds: T0 + at, microseconds: 0 };
}
const boot = (at: number) => rec("BOOT_TIME", "reboot", "~", at, 0, "6.1.0");
const shutdown = (at: number) => rec("RUN_LVL", "shutdown", "~", at, 0, "6.1.0");
const login = (user: string, line: string, at: number, pid = 100) => rec("USER_PROCESS", user, line, at, pid);
const logout = (line: string, at: number, pid = 100, user = "") => rec("DEAD_PROCESS", user, line, at, pid);

const brief = (rows: Session[]) => rows.map((s) => [s.kind, s.user, s.line, s.status, s.end - T0]);
const text = (rows: Session[], extra = {}) =>
  new TextDecoder().decode(formatLast(rows, { timeZone: "UTC", noHost: true, ...extra }));

describe("sessions(): pairing logins with logouts as util-linux last does", () => {
  it("a login ends at the DEAD_PROCESS on its line; evidence names both records", () => {
    const rows = sessions([boot(0), login("alice", "pts/0", 60), logout("pts/0", 3660)], { now: NOW });
    expect(brief(rows)).toEqual([["session", "alice", "pts/0", "logged-out", 3660], ["boot", "reboot", "system boot", "event", NOW - T0]]);
    const s = rows[0]!;
    expect(s.duration).toBe(3600);
    expect(s.logout?.seconds).toBe(T0 + 3660);
    expect(s.evidence).toEqual({ open: { index: 1, offset: 1 }, close: { index: 2, offset: 2 } });
    expect(rows[1]!.stillRunning).toBe(true);
    expect(rows[1]!.logout).toBeUndefined();
    expect(text(rows)).toBe(
      "alice    pts/0        Tue Nov 14 22:14 - 23:14  (01:00)\n" +
      "reboot   system boot  Tue Nov 14 22:13   still running\n");
  });

  it("a boot with no logout in between: crash, ended at the boot", () => {
    const rows = sessions([boot(0), login("bob", "tty1", 10), boot(7200)], { now: NOW });
    expect(brief(rows)).toEqual([
      ["boot", "reboot", "system boot", "event", NOW - T0],
      ["session", "bob", "tty1", "crash", 7200],
      ["boot", "reboot", "system boot", "event", NOW - T0],
    ]);
    expect(rows[1]!.evidence.close).toEqual({ index: 2, offset: 2 });
    expect(text(rows).split("\n")[1]).toBe("bob      tty1         Tue Nov 14 22:13 - crash  (01:59)");
  });

  it("a shutdown first: down, ended at the shutdown; the boot runs until the shutdown", () => {
    const rows = sessions([boot(0), login("bob", "tty1", 10), shutdown(600), boot(7200)], { now: NOW });
    expect(brief(rows)).toEqual([
      ["boot", "reboot", "system boot", "event", NOW - T0],
      ["shutdown", "shutdown", "system down", "event", 7200],
      ["session", "bob", "tty1", "down", 600],
      ["boot", "reboot", "system boot", "event", 600],
    ]);
    expect(text(rows, { extended: true })).toBe(
      "reboot   system boot  Wed Nov 15 00:13   still running\n" +
      "shutdown system down  Tue Nov 14 22:23 - 00:13  (01:50)\n" +
      "bob      tty1         Tue Nov 14 22:13 - down   (00:09)\n" +
      "reboot   system boot  Tue Nov 14 22:13 - 22:23  (00:10)\n");
    // without -x the shutdown row is not listed
    expect(text(rows)).not.toContain("system down");
  });

  it("RUN_LVL '0' and '6' count as a shutdown; other levels do not", () => {
    const lvl = (c: string, at: number) => rec("RUN_LVL", "runlevel", "~", at, c.charCodeAt(0));
    const down = sessions([boot(0), login("carol", "tty2", 10), lvl("6", 500), boot(900)], { now: NOW });
    expect(down.find((s) => s.kind === "session")!.status).toBe("down");
    expect(down.find((s) => s.kind === "runlevel")!.line).toBe("(to lvl 6)");
    const crash = sessions([boot(0), login("carol", "tty2", 10), lvl("3", 500), boot(900)], { now: NOW });
    expect(crash.find((s) => s.kind === "session")!.status).toBe("crash");
  });

  it("a reused tty: a newer login on the line ends the older one", () => {
    const rows = sessions([login("ann", "pts/3", 0, 1), login("ben", "pts/3", 100, 2), logout("pts/3", 200, 2)], { now: NOW });
    expect(brief(rows)).toEqual([["session", "ben", "pts/3", "logged-out", 200], ["session", "ann", "pts/3", "logged-out", 100]]);
    expect(rows[1]!.evidence.close?.index).toBe(1);
  });

  it("a logout record that keeps the user and pid (util-linux issue 2364) is still a logout", () => {
    // newer writers leave ut_user and ut_pid in the DEAD_PROCESS record: it stays a logout
    const rows = sessions([login("dan", "pts/1", 0, 42), logout("pts/1", 90, 42, "dan")], { now: NOW });
    expect(brief(rows)).toEqual([["session", "dan", "pts/1", "logged-out", 90]]);
  });

  it("old writers: a record with user and line is a login whatever its type; no user makes it a logout", () => {
    const rows = sessions([rec("INIT_PROCESS", "eve", "tty3", 0), rec("USER_PROCESS", "", "tty3", 50)], { now: NOW });
    expect(brief(rows)).toEqual([["session", "eve", "tty3", "logged-out", 50]]);
    // "LOGIN" is getty's: not a login
    expect(sessions([rec("LOGIN_PROCESS", "LOGIN", "tty4", 0)], { now: NOW })).toEqual([]);
  });

  it("clock changes: date on '|' and '{' are old time / new time rows, shown with -x only", () => {
    const rows = sessions([rec("EMPTY", "date", "|", 0), rec("EMPTY", "date", "{", 3600)], { now: NOW });
    expect(rows.map((s) => [s.kind, s.line, s.status])).toEqual([["new-time", "new time", "time-change"], ["old-time", "old time", "time-change"]]);
    expect(text(rows, { extended: true })).toBe("date     new time     Tue Nov 14 23:13\ndate     old time     Tue Nov 14 22:13\n");
    expect(text(rows)).toBe("");
  });

  it("a login after the last boot with no logout: gone, or still logged in when the live check says so", () => {
    const history = [boot(0), login("fay", "pts/0", 10, 7)];
    expect(sessions(history, { now: NOW })[0]!.status).toBe("gone");
    const live = sessions(history, { now: NOW, liveSystem: true, isPhantom: (s) => s.pid !== 7 });
    expect(live[0]!.status).toBe("still-logged-in");
    expect(text(live).split("\n")[0]).toBe("fay      pts/0        Tue Nov 14 22:13   still logged in");
    expect(text(sessions(history, { now: NOW })).split("\n")[0]).toBe("fay      pts/0        Tue Nov 14 22:13    gone - no logout");
  });

  it("a shutdown with no later boot ends at 0: last prints 1970 and a negative length", () => {
    const rows = sessions([boot(0), shutdown(3600)], { now: NOW });
    expect(rows[0]!.end).toBe(0);
    expect(rows[0]!.logout).toBeUndefined();
    expect(text(rows, { extended: true, fullTimes: true }).split("\n")[0])
      .toBe("shutdown system down  Tue Nov 14 23:13:20 2023 - Thu Jan  1 00:00:00 1970 (-19675+23:13)");
  });

  it("--since/--until skip records before pairing, as last does", () => {
    const history = [login("gil", "pts/0", 0), logout("pts/0", 100)];
    expect(sessions(history, { now: NOW, until: T0 + 50 })[0]!.status).toBe("gone");
    expect(sessions(history, { now: NOW, since: T0 + 50 })).toEqual([]);
  });

  it("durations as last computes them: days, hours, and a negative span", () => {
    const d = (secs: number) => text(sessions([login("h", "p", 0), logout("p", secs)], { now: NOW })).slice(39).trim();
    expect(d(90_061)).toBe("- 23:14 (1+01:01)");
    expect(d(-120)).toBe("- 22:11  (-00:02)");
    expect(d(-7300)).toBe("- 20:11  (-2:01)");
  });
});

describe("FreeBSD logouts carry no line: paired with their login by id", () => {
  // FreeBSD's own `last` on the machine paired these (s4 capture beside the file);
  // every "hh:mm - hh:mm (duration)" row there must be a logged-out session here
  // with the same user, line and duration in minutes.
  for (const version of ["FreeBSD13.1", "FreeBSD14.0"]) {
    it(version, () => {
      const dir = join(FIXTURES, "s4", version, "x86_64");
      const minutes = (d: string) => { const m = /^(?:(\d+)\+)?(\d\d):(\d\d)$/.exec(d)!; return Number(m[1] ?? 0) * 1440 + Number(m[2]) * 60 + Number(m[3]); };
      const theirs = readFileSync(join(dir, "utx.log.txt"), "utf8").split("\n")
        .map((l) => /^(\S+)\s+(\S+)\s.*\d\d:\d\d - \d\d:\d\d\s+\(([\d+:]+)\)$/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => `${m[1]} ${m[2]} ${minutes(m[3]!)}`);
      const ours = sessions([...open(join(dir, "utx.log"))])
        .filter((s) => s.kind === "session" && s.status === "logged-out")
        .map((s) => `${s.user} ${s.line} ${Math.floor(s.duration! / 60)}`);
      expect(theirs.length).toBeGreaterThan(0);
      expect(ours.sort()).toStrictEqual(theirs.sort());
    });
  }
});
