// The formatter's details: addresses (-i), time formats and zones, the
// careful printing of control bytes, ftp/uucp lines, and the show filter.
import { describe, it, expect } from "vitest";
import { sessions, type SessionRecord } from "../../../src/sessions/sessions.ts";
import { formatLast, lastAddress, type LastFormatOptions } from "../../../src/format/last.ts";
import { Clock, ctimeText, isoText } from "../../../src/time/clock.ts";

const T0 = 1_709_971_200; // 2024-03-09T08:00:00Z
const NOW = 1_900_000_000;

function one(user: string, line: string, opts: LastFormatOptions, raw?: SessionRecord["raw"], host = "example.org"): string {
  const records: SessionRecord[] = [
    { type: "USER_PROCESS", user, line, host, pid: 1, seconds: T0, microseconds: 0, ...(raw ? { raw } : {}) },
    { type: "DEAD_PROCESS", user: "", line, host: "", pid: 1, seconds: T0 + 600, microseconds: 0, ...(raw?.line ? { raw: { line: raw.line } } : {}) },
  ];
  return Buffer.from(formatLast(sessions(records, { now: NOW }), { timeZone: "UTC", ...opts })).toString("latin1");
}

describe("last text", () => {
  it("picks IPv4 when words 1-3 are zero or the address is v4-mapped (dns_lookup), else IPv6", () => {
    const a = (...bytes: number[]) => Uint8Array.from([...bytes, ...new Array(16 - bytes.length).fill(0)]);
    expect(lastAddress(a(203, 0, 113, 7))).toBe("203.0.113.7");
    expect(lastAddress(a(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 44))).toBe("192.0.2.44");
    expect(lastAddress(a(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xbe, 0xef))).toBe("2001:db8::beef");
    expect(lastAddress(a(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1))).toBe("::1");
    expect(lastAddress(a())).toBe("0.0.0.0");
  });

  it("prints every time format", () => {
    expect(one("ann", "pts/0", {})).toBe("ann      pts/0        example.org      Sat Mar  9 08:00 - 08:10  (00:10)\n");
    expect(one("ann", "pts/0", { timeFormat: "notime" })).toBe("ann      pts/0        example.org         (00:10)\n");
    expect(one("ann", "pts/0", { timeFormat: "iso", noHost: true }))
      .toBe("ann      pts/0        2024-03-09T08:00:00+00:00 - 2024-03-09T08:10:00+00:00  (00:10)\n");
    expect(one("ann", "pts/0", { fullTimes: true, hostLast: true }))
      .toBe("ann      pts/0        Sat Mar  9 08:00:00 2024 - Sat Mar  9 08:10:00 2024  (00:10)     example.org\n");
  });

  it("prints local times in the zone asked for", () => {
    expect(ctimeText(new Clock("America/New_York"), T0)).toBe("Sat Mar  9 03:00:00 2024");
    expect(isoText(new Clock("EST5EDT"), T0 + 86_400 * 2)).toBe("2024-03-11T04:00:00-04:00");
    expect(isoText(new Clock("Asia/Kolkata"), T0)).toBe("2024-03-09T13:30:00+05:30");
    expect(isoText(new Clock("PST8PDT"), T0)).toBe("2024-03-09T00:00:00-08:00");
    expect(isoText(new Clock("Not/AZone"), T0)).toBe("2024-03-09T08:00:00+00:00");
  });

  it("prints control bytes as '*' + (c ^ 0x40), UTF-8 raw (Debian) or as \\ooo (upstream)", () => {
    // padding counts bytes before they are escaped: "m\x01\x7f" is 3 bytes, padded to 8
    const enc = new TextEncoder();
    const raw = { user: Uint8Array.from([0x6d, 0x01, 0x7f]), line: enc.encode("tty1"), host: enc.encode("h\u00e9") };
    expect(one("m\u0001\u007f", "tty1", { noHost: false }, raw, "h\u00e9")).toBe("m*A*?      tty1         h\u00c3\u00a9              Sat Mar  9 08:00 - 08:10  (00:10)\n");
    expect(one("m\u0001\u007f", "tty1", { escapeNonAscii: true }, raw, "h\u00e9")).toBe("m*A*?      tty1         h\\303\\251              Sat Mar  9 08:00 - 08:10  (00:10)\n");
  });

  it("shows ftpN and uucpN lines as ftp and uucp", () => {
    expect(one("ann", "ftp1234", { noHost: true })).toMatch(/^ann {6}ftp {10}Sat/);
    expect(one("ann", "uucp9", { noHost: true })).toMatch(/^ann {6}uucp {9}Sat/);
  });

  it("shows what the show list names: a user, a line, or a line 'tty'+name", () => {
    expect(one("ann", "tty3", { show: ["ann"] })).not.toBe("");
    expect(one("ann", "tty3", { show: ["tty3"] })).not.toBe("");
    expect(one("ann", "tty3", { show: ["3"] })).not.toBe("");
    expect(one("ann", "tty3", { show: ["bob"] })).toBe("");
  });

  it("ends with the begins line of the file's basename, in the login time format", () => {
    const rows = sessions([], { now: NOW });
    const begins = { file: "/var/log/wtmp.1", seconds: T0 };
    expect(Buffer.from(formatLast(rows, { timeZone: "UTC", begins })).toString()).toBe("\nwtmp.1 begins Sat Mar  9 08:00:00 2024\n");
    expect(Buffer.from(formatLast(rows, { timeZone: "UTC", begins, timeFormat: "iso" })).toString()).toBe("\nwtmp.1 begins 2024-03-09T08:00:00+00:00\n");
    expect(formatLast(rows, { timeZone: "UTC", begins, timeFormat: "notime" })).toHaveLength(0);
  });
});
