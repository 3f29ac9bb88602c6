// The rules of the time and sequence checks, one small history each (written
// with the package's encoder): what explains a jump back and what does not,
// and the three broken sequences.
import { describe, expect, it } from "vitest";
import { encode, type EntryInput } from "../../src/index.ts";
import { audit } from "../../src/audit/audit.ts";

const T = 1_700_000_000;
const DAY = 86400;
const boot = (seconds: number): EntryInput => ({ type: "BOOT_TIME", user: "reboot", line: "~", id: "~~", seconds });
const login = (seconds: number, line: string, user = "alice"): EntryInput => ({ type: "USER_PROCESS", user, line, id: line.slice(-4), pid: 100, seconds });
const logout = (seconds: number, line: string): EntryInput => ({ type: "DEAD_PROCESS", line, id: line.slice(-4), pid: 100, seconds });
const clock = (type: "OLD_TIME" | "NEW_TIME", seconds: number): EntryInput => ({ type, line: type === "OLD_TIME" ? "|" : "}", seconds });

async function kinds(records: EntryInput[]): Promise<string[]> {
  const report = await audit([{ name: "wtmp", bytes: encode(records, "linux384-le"), role: "wtmp" }]);
  return report.findings.map((f) => `${f.kind}@${f.offset! / 384}x${f.records}`);
}

describe("time regressions", () => {
  const before = [boot(T), login(T + 10, "pts/0"), logout(T + 20, "pts/0")];
  const after = [login(T + 30 - 3 * DAY, "pts/1"), logout(T + 40 - 3 * DAY, "pts/1")];

  it("an OLD_TIME/NEW_TIME pair explains the clock going back", async () => {
    expect(await kinds([...before, clock("OLD_TIME", T + 25), clock("NEW_TIME", T + 25 - 3 * DAY), ...after])).toStrictEqual([]);
  });

  it("without the pair, the block that went back is a finding to its end", async () => {
    expect(await kinds([...before, ...after])).toStrictEqual(["time-regression@3x2"]);
    expect(await kinds([...before, ...after, login(T + 50, "pts/2")])).toStrictEqual(["time-regression@3x2"]);
  });

  it("a boot starts time afresh (a clock that was behind at boot)", async () => {
    expect(await kinds([...before, boot(T + 20 - 3600), login(T + 30 - 3600, "pts/1")])).toStrictEqual([]);
  });

  it("within the tolerance (writers racing) nothing; beyond it, a finding", async () => {
    expect(await kinds([boot(T), login(T + 100, "pts/0"), login(T + 50, "pts/1")])).toStrictEqual([]);
    expect(await kinds([boot(T), login(T + 100, "pts/0"), login(T + 30, "pts/1")])).toStrictEqual(["time-regression@2x1"]);
  });
});

describe("sequences", () => {
  it("a logout with no login since the boot", async () => {
    expect(await kinds([boot(T), logout(T + 10, "pts/0")])).toStrictEqual(["logout-without-login@1x1"]);
  });

  it("a session whose logout comes after the next boot", async () => {
    expect(await kinds([boot(T), login(T + 10, "pts/0"), boot(T + 100), logout(T + 110, "pts/0")])).toStrictEqual(["session-spans-boot@3x1"]);
  });

  it("a line logged in twice with no logout between", async () => {
    expect(await kinds([boot(T), login(T + 10, "pts/0"), login(T + 20, "pts/0", "bob")])).toStrictEqual(["line-reused@2x1"]);
  });

  it("before the first boot nothing: the logins are in the rotated file before", async () => {
    expect(await kinds([logout(T, "pts/0"), login(T + 10, "pts/1"), login(T + 20, "pts/1"), boot(T + 30)])).toStrictEqual([]);
  });

  it("a getty's LOGIN_PROCESS opens its line: its DEAD_PROCESS is no orphan", async () => {
    const getty: EntryInput = { type: "LOGIN_PROCESS", user: "LOGIN", line: "tty1", id: "tty1", pid: 7, seconds: T + 5 };
    expect(await kinds([boot(T), getty, logout(T + 9, "tty1")])).toStrictEqual([]);
  });
});
