// The attack summary of a btmp and the source that failed, then logged in:
// a btmp and a wtmp of one host written with the package's encoder, so every
// count is known in advance.
import { describe, expect, it } from "vitest";
import { encode, type EntryInput } from "../../src/index.ts";
import { audit } from "../../src/audit/audit.ts";
import { join } from "node:path";
import { FIXTURES } from "../support/paths.ts";

const T0 = 1_700_000_040; // a minute boundary (2023-11-14T22:14:00Z)
const attempt = (seconds: number, user: string, addr: string | undefined, host = addr ?? ""): EntryInput =>
  ({ type: "LOGIN_PROCESS", user, line: "ssh:notty", host, addr, pid: 4242, seconds, microseconds: 0 });

const failed: EntryInput[] = [
  // a burst: 30 attempts in one minute, cycling through three names
  ...Array.from({ length: 30 }, (_, k) => attempt(T0 + k, ["root", "admin", "test"][k % 3]!, "203.0.113.5")),
  // slow: one an hour
  ...Array.from({ length: 5 }, (_, k) => attempt(T0 + 3600 * (k + 1), "oracle", "198.51.100.7")),
  ...Array.from({ length: 3 }, (_, k) => attempt(T0 + 7200 + k, "root", "2001:db8::1")),
  // a name only, no address (UseDNS)
  attempt(T0 + 9000, "ubuntu", undefined, "scanner.example"),
  attempt(T0 + 9001, "ubuntu", undefined, "scanner.example"),
].sort((a, b) => a.seconds! - b.seconds!); // as sshd appends them

const login = (seconds: number, user: string, host: string, line: string): EntryInput =>
  ({ type: "USER_PROCESS", user, line, id: line.slice(-4), host, addr: host, pid: 5000, seconds, microseconds: 250 });
const wtmp = encode([
  { type: "BOOT_TIME", user: "reboot", line: "~", id: "~~", seconds: T0 - 600, microseconds: 0 },
  // before its first failed attempt: not the finding
  login(T0 - 60, "oracle", "198.51.100.7", "pts/0"),
  login(T0 + 120, "admin", "203.0.113.5", "pts/1"),
  login(T0 + 200, "alice", "192.0.2.10", "pts/2"),
], "linux384-le");

describe("attack summary", () => {
  it("counts by source and user, first and last seen, bursts, and the source that then logged in", async () => {
    const report = await audit([
      { name: "host1/btmp", bytes: encode(failed, "linux384-le"), host: "host1" },
      { name: "host1/wtmp", bytes: wtmp, host: "host1" },
    ], { burstPerMinute: 20, top: 3 });
    expect(report.findings.map((f) => `${f.kind} ${f.file}`)).toStrictEqual(["attack-summary host1/btmp", "attack-then-login host1/wtmp"]);
    const [summary, then] = report.findings as [typeof report.findings[0], typeof report.findings[0]];
    expect(summary.records).toBe(40);
    expect([summary.before, summary.after]).toStrictEqual(["2023-11-14T22:14:00.000000Z", "2023-11-15T03:14:00.000000Z"]);
    expect(summary.details).toMatchObject({
      attempts: 40, sources: 4, userNames: 5, burstThreshold: 20, burstingSources: 1, minutesOverThreshold: 1,
      topSources: [
        { source: "203.0.113.5", attempts: 30, first: "2023-11-14T22:14:00.000000Z", last: "2023-11-14T22:14:29.000000Z", peakPerMinute: 30, peakMinute: "2023-11-14T22:14:00.000000Z" },
        { source: "198.51.100.7", attempts: 5, peakPerMinute: 1 },
        { source: "2001:db8::1", attempts: 3 },
      ],
      topUsers: [{ user: "root", attempts: 13 }, { user: "admin", attempts: 10 }, { user: "test", attempts: 10 }],
      burstSources: [{ source: "203.0.113.5", minute: "2023-11-14T22:14:00.000000Z", attempts: 30 }],
      busiestMinutes: [{ minute: "2023-11-14T22:14:00.000000Z", attempts: 30 }],
    });
    expect(then).toMatchObject({ offset: 2 * 384, records: 30, before: "2023-11-14T22:14:00.000000Z", after: "2023-11-14T22:16:00.000250Z",
      details: { source: "203.0.113.5", user: "admin", line: "pts/1", btmpFile: "host1/btmp", failedAttempts: 30 } });
  });

  it("top 0 (--top 0) lists no sources, users or minutes, and still names the source with the most attempts", async () => {
    const report = await audit([{ name: "host1/btmp", bytes: encode(failed, "linux384-le"), host: "host1" }], { burstPerMinute: 20, top: 0 });
    const [summary] = report.findings;
    expect(summary).toMatchObject({ kind: "attack-summary", records: 40,
      details: { attempts: 40, sources: 4, burstingSources: 1, topSources: [], topUsers: [], burstSources: [], busiestMinutes: [] } });
    expect(summary!.explanation).toMatch(/; most from 203\.0\.113\.5 \(30\);/);
  });

  it("on real files (Ubuntu 22): the source as lastb shows it (the host field, not the differing ut_addr_v6) failed, then logged in", async () => {
    const dir = join(FIXTURES, "s4", "Ubuntu22", "x86_64");
    const report = await audit([join(dir, "wtmp"), join(dir, "btmp.1")]);
    expect(report.findings.map((f) => f.kind)).toStrictEqual(["attack-summary", "attack-then-login"]);
    expect(report.findings[0]!.details.topSources).toMatchObject([{ source: "192.168.100.254", attempts: 6 }]);
    expect(report.findings[1]).toMatchObject({ offset: 23424, before: "2023-04-02T07:08:47.000000Z", after: "2023-04-02T21:20:19.963931Z",
      details: { source: "192.168.100.254", user: "root", line: "pts/23" } });
  });

  it("a source known by name or IPv6 text that then logged in is found, as an IPv4 one is", async () => {
    const later = encode([
      { type: "BOOT_TIME", user: "reboot", line: "~", id: "~~", seconds: T0 - 600, microseconds: 0 },
      { ...login(T0 + 9100, "ubuntu", "scanner.example", "pts/3"), addr: undefined },
      login(T0 + 9200, "root", "2001:db8::1", "pts/4"),
    ], "linux384-le");
    const report = await audit([
      { name: "host1/btmp", bytes: encode(failed, "linux384-le"), host: "host1" },
      { name: "host1/wtmp", bytes: later, host: "host1" },
    ]);
    expect(report.findings.filter((f) => f.kind === "attack-then-login").map((f) => [f.details.source, f.details.user, f.details.failedAttempts]))
      .toStrictEqual([["scanner.example", "ubuntu", 2], ["2001:db8::1", "root", 3]]);
  });

  it("tens of thousands of distinct IPv6 sources and user names: each counted once, every attempt counted", async () => {
    // every attempt a new IPv6 source and a new user name, but every fifth, which repeats the one before
    const n = 60_000;
    const flood: EntryInput[] = [];
    for (let k = 0; k < n; k++) {
      const j = k % 5 === 4 ? k - 1 : k;
      flood.push(attempt(T0 + k, `u${j}`, `2001:db8:${(j >> 16).toString(16)}:${(j & 0xffff).toString(16)}::1`));
    }
    // and one source trying one name seven times, at the end
    for (let k = 0; k < 7; k++) flood.push(attempt(T0 + n + k, "root", "2001:db8::77"));
    const report = await audit([{ name: "btmp", bytes: encode(flood, "linux384-le"), role: "btmp" }], { top: 1 });
    const distinct = n - n / 5 + 1;
    expect(report.findings[0]!.details).toMatchObject({
      attempts: n + 7, sources: distinct, userNames: distinct,
      topSources: [{ source: "2001:db8::77", attempts: 7 }], topUsers: [{ user: "root", attempts: 7 }],
    });
  });

  it("a btmp of another host is not matched against this wtmp", async () => {
    const report = await audit([
      { name: "a/btmp", bytes: encode(failed, "linux384-le"), host: "a" },
      { name: "b/wtmp", bytes: wtmp, host: "b" },
    ]);
    expect(report.findings.map((f) => f.kind)).toStrictEqual(["attack-summary"]);
  });
});
