// FreeBSD 13.1 and 14.0 utx files (s4) against what last(1) and lastlogin(8)
// printed on those machines. Local time zones per SOURCES.md: 13.1 PST8PDT,
// 14.0 EST5EDT (inferred there from the "begins ... PST/EST" lines).
import { describe, expect, it } from "vitest";
import { open, type Entry } from "../../src/index.ts";
import { capturedUtc, captureLines, parseDated } from "./captures.ts";
import { fixture } from "./corpusFiles.ts";
import { beginsAt, expectLastCapture } from "./lastCapture.ts";
import { FREEBSD_LAST } from "./lastSemantics.ts";

const SYSTEMS = [
  { dir: "s4/FreeBSD13.1/x86_64", zone: "PST8PDT" },
  { dir: "s4/FreeBSD14.0/x86_64", zone: "EST5EDT" },
] as const;

const entriesOf = (path: string): Entry[] => [...open(fixture(path))];
const words = (e: Entry) => [e.user, e.line, ...(e.host ? [e.host] : [])];

describe.each(SYSTEMS)("$dir", ({ dir, zone }) => {
  it("utx.log: every line of last(1) is a record, logouts and session lengths included", () => {
    const entries = entriesOf(`${dir}/utx.log`);
    const lines = captureLines(fixture(`${dir}/utx.log.txt`));
    expectLastCapture(entries, lines, {
      zone, years: [2020, 2026], rules: FREEBSD_LAST,
      names: (e, w) => {
        const text = w.join(" ");
        if (text === "boot time") return e.type === "BOOT_TIME";
        if (text === "shutdown time") return e.type === "SHUTDOWN_TIME";
        return e.type === "USER_PROCESS" && words(e).join(" ") === text;
      },
      printed: (e) => ["USER_PROCESS", "BOOT_TIME", "SHUTDOWN_TIME", "OLD_TIME", "NEW_TIME"].includes(e.type),
    }, `${dir}/utx.log`);
    // "utx.log begins <first record's time>", to the second and with the zone's abbreviation
    expect(Math.floor(entries[0]!.seconds)).toBe(beginsAt(lines, zone).at);
  });

  it("utx.lastlogin: every line of lastlogin(8) is its record, to the second, in file order", () => {
    const entries = entriesOf(`${dir}/utx.lastlogin`);
    const dated = captureLines(fixture(`${dir}/utx.lastlogin.txt`)).map((l) => parseDated(l)!);
    expect(dated.map((d) => d.words)).toStrictEqual(entries.map(words));
    expect(dated.map((d) => capturedUtc(d.date, zone))).toStrictEqual(entries.map((e) => e.seconds));
    expect(entries.map((e) => e.type)).toStrictEqual(entries.map(() => "USER_PROCESS"));
  });
});

describe("s4/FreeBSD14.0/x86_64/utx.active", () => {
  const dir = "s4/FreeBSD14.0/x86_64";
  it("holds the sessions the capture lists (one logged out between capture and copy)", () => {
    const entries = entriesOf(`${dir}/utx.active`);
    const dated = captureLines(fixture(`${dir}/utx.active.txt`)).map((l) => parseDated(l)!);
    const users = entries.filter((e) => e.type === "USER_PROCESS");
    expect(dated).toHaveLength(3);
    // the first two lines are the two USER_PROCESS slots, to the second
    expect(dated.slice(0, 2).map((d) => [...d.words, capturedUtc(d.date, "EST5EDT")]))
      .toStrictEqual(users.map((e) => [...words(e), e.seconds]));
    // The third, "user12345 pts/1 host.net Fri Feb 2 21:15:22 2024", is gone: its slot
    // now holds the DEAD_PROCESS that ended it 35 s later (FreeBSD's pututxline
    // overwrites the matching id; a logout keeps only id and pid, §4.1). The
    // capture was taken before that logout, the file copied after it.
    const third = dated[2]!;
    const loginAt = capturedUtc(third.date, "EST5EDT");
    const dead = entries.filter((e) => e.type === "DEAD_PROCESS");
    expect(dead.map((e) => [e.id, e.user, e.line])).toStrictEqual([[third.words[1], "", ""]]);
    expect(dead[0]!.seconds - loginAt).toBe(35);
    expect(entries[0]!.type).toBe("BOOT_TIME");
  });
});

describe("s4/FreeBSD13.1/x86_64/utx.active and utx.lastlogin", () => {
  // utx.active's capture is empty ("begins" at the epoch): FreeBSD's last reads
  // only the length-prefixed utx.log format (SOURCES.md). Compared instead with
  // the utx.log of the same machine, whose records both files must repeat exactly.
  const withoutOffset = (e: Entry) => { const { offset: _, ...rest } = e.toJSON(); return rest; };
  const log = entriesOf("s4/FreeBSD13.1/x86_64/utx.log").map(withoutOffset);

  it("utx.active repeats records of utx.log (type, id, user, line, host, pid, time to the µs)", () => {
    const active = entriesOf("s4/FreeBSD13.1/x86_64/utx.active");
    expect(active.map((e) => e.type)).toStrictEqual(["BOOT_TIME", "USER_PROCESS", "DEAD_PROCESS"]);
    for (const e of active) expect(log).toContainEqual(withoutOffset(e));
  });

  it("utx.lastlogin repeats records of utx.log", () => {
    for (const e of entriesOf("s4/FreeBSD13.1/x86_64/utx.lastlogin")) expect(log).toContainEqual(withoutOffset(e));
  });
});
