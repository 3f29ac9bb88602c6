// `utmpx dump` prints files of every system in util-linux utmpdump's text shape
// (FORMATS §8.1): eight bracketed fields with utmpdump's widths, whatever the
// layout. Checked on a real file of each non-Linux family and on synthetic
// files of the rows no real file covers.
import { describe, expect, it } from "vitest";
import { fromBytes, lastlogFromBytes, LAYOUTS, open, openLastlog, type Database, type Entry } from "../../src/index.ts";
import { utmpdumpBatch } from "../../src/format/utmpdump.ts";
import { fixture } from "./corpusFiles.ts";
import { scenario } from "../support/scenarios.ts";

/**
 * The Linux number printed for a canonical type (§1.6). Types Linux lacks: a
 * shutdown (SHUTDOWN_TIME, DOWN_TIME) prints as RUN_LVL, the record Linux
 * writes for one (§1.7); SIGNATURE keeps its own number.
 */
const LINUX_NUMBER: Record<string, number> = {
  EMPTY: 0, RUN_LVL: 1, BOOT_TIME: 2, NEW_TIME: 3, OLD_TIME: 4, INIT_PROCESS: 5, LOGIN_PROCESS: 6,
  USER_PROCESS: 7, DEAD_PROCESS: 8, ACCOUNTING: 9, SHUTDOWN_TIME: 1, DOWN_TIME: 1,
};

/** utmpdump's cleansing: bytes outside printable ASCII, and '[' ']', become '?'. */
const cleanse = (bytes: Uint8Array | undefined) =>
  Array.from(bytes ?? [], (b) => (b >= 0x20 && b <= 0x7e && b !== 0x5b && b !== 0x5d ? String.fromCharCode(b) : "?")).join("");

/** %-W.Ps */
const field = (bytes: Uint8Array | undefined, min: number, max: number) => cleanse(bytes).slice(0, max).padEnd(min);

function expectedFields(e: Entry): string[] {
  const raw = e.raw;
  const date = new Date(e.seconds * 1000).toISOString().slice(0, 19);
  return [
    String(LINUX_NUMBER[e.type] ?? e.rawType),
    String(e.pid ?? 0).padStart(5, "0"),
    field(raw.id, 4, 4),
    field(raw.user, 8, 32),
    field(raw.line, 12, 32),
    field(raw.host, 20, 256),
    (e.addr || "0.0.0.0").padEnd(15), // no address field, or an empty sockaddr: zeros, as utmpdump prints them
    `${date},${String(e.microseconds).padStart(6, "0")}+00:00`,
  ];
}

/** The eight bracketed fields of a dump line (cleansing leaves no bracket inside one). */
function bracketed(line: string): string[] {
  expect(line, "bracketed").toMatch(/^\[.*\]$/);
  return line.slice(1, -1).split("] [");
}

function expectDump(db: Database, where: string): void {
  const entries: Entry[] = [];
  let text = "";
  for (const batch of db.batches()) {
    text += utmpdumpBatch(batch);
    for (let i = 0; i < batch.length; i++) entries.push(batch.get(i)!);
  }
  const lines = text.split("\n");
  expect(lines.pop(), `${where}: ends in a newline`).toBe("");
  expect(lines.length, `${where}: one line per record`).toBe(entries.length);
  lines.forEach((line, i) => {
    const f = bracketed(line);
    const at = `${where} line ${i}: ${line}`;
    expect(f, at).toHaveLength(8);
    const [type, pid, id, user, ttyLine, host, addr, time] = f as [string, string, string, string, string, string, string, string];
    // utmpdump's widths (§8.1)
    expect(type, at).toMatch(/^-?\d+$/);
    expect(pid, at).toMatch(/^(\d{5,}|-\d{4,})$/);
    expect(id.length, at).toBe(4);
    expect(user.length, at).toBeGreaterThanOrEqual(8);
    expect(user.length, at).toBeLessThanOrEqual(32);
    expect(ttyLine.length, at).toBeGreaterThanOrEqual(12);
    expect(ttyLine.length, at).toBeLessThanOrEqual(32);
    expect(host.length, at).toBeGreaterThanOrEqual(20);
    expect(host.length, at).toBeLessThanOrEqual(256);
    expect(addr.length, at).toBeGreaterThanOrEqual(15);
    expect(time, at).toMatch(/^ *\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d,\d{6}\+00:00$/);
    // and the decoded values
    expect(f, at).toStrictEqual(expectedFields(entries[i]!));
  });
}

const REAL = [
  ["FreeBSD utx.log (framed futx)", "s4/FreeBSD13.1/x86_64/utx.log"],
  ["FreeBSD utx.active (futx, binary ids)", "s4/FreeBSD14.0/x86_64/utx.active"],
  ["NetBSD utmpx (sockaddr addresses)", "s4/NetBSD9.3/x86_64/utmpx"],
  ["NetBSD i386 wtmpx", "s4/NetBSD9.3/x86_32/wtmpx"],
  ["NetBSD utmp (classic BSD, i64 time)", "s4/NetBSD9.3/x86_64/wtmp"],
  ["OpenBSD wtmp (classic BSD, 256-byte host)", "s4/OpenBSD7.2/x86_32/wtmp.1"],
  ["macOS utmpx (256-byte user)", "plaso/utmpx_mac"],
] as const;

const LASTLOGS = [
  ["OpenBSD lastlog", "s4/OpenBSD7.4/x86_64/lastlog"],
  ["NetBSD lastlog", "s4/NetBSD9.3/x86_64/lastlog"],
] as const;

describe("utmpx dump of real files", () => {
  it.each(REAL)("%s: %s", (_, path) => expectDump(open(fixture(path)), path));
  it.each(LASTLOGS)("%s: %s", (_, path) => expectDump(openLastlog(fixture(path)), path));
});

describe("utmpx dump of synthetic files of every non-Linux row", () => {
  const rows = LAYOUTS.filter((l) => l.os !== "Linux");
  it.each(rows.map((l) => [l.id, l] as const))("%s", (_, layout) => {
    const { bytes } = scenario(layout);
    const db = layout.kind === "lastlog" ? lastlogFromBytes(bytes, { layout }) : fromBytes(bytes, { layout });
    expectDump(db, layout.id);
  });
});
