// The checks across one host's files, on CentOS 7's real wtmp, utmp and
// lastlog, each edited as a cleaner would leave them: untouched they agree
// (untouched.test.ts); a lastlog entry moved back, a wtmp login removed (its
// lastlog entry and a utmp session then have no wtmp record), a copy of the
// files in two directories (two hosts: nothing compared).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { audit } from "../../src/audit/audit.ts";
import { encode, type EntryInput } from "../../src/index.ts";
import { FIXTURES } from "../support/paths.ts";
import { removeRecords } from "./tamper.ts";

const from = join(FIXTURES, "s4", "CentOS7", "x86_64");
const read = (name: string) => new Uint8Array(readFileSync(join(from, name)));
const PASSWD = "root:x:0:0:root:/root:/bin/bash\nuser1:x:1001:1001::/home/user1:/bin/bash\n";

/** The three files, edited by `edit`, in a new directory: one host's set. */
function host(edit: (files: Record<string, Uint8Array>) => void): string[] {
  const files: Record<string, Uint8Array> = { wtmp: read("wtmp"), utmp: read("utmp"), lastlog: read("lastlog") };
  edit(files);
  const dir = mkdtempSync(join(tmpdir(), "utmpx-cross-"));
  return Object.entries(files).map(([name, bytes]) => {
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  });
}

const found = async (paths: string[]) =>
  (await audit(paths, { passwd: PASSWD })).findings.map((f) => `${f.kind} ${f.file.split("/").pop()}@${f.offset}`);

describe("one host's wtmp, utmp and lastlog", () => {
  it("untouched, with names from passwd: they agree", async () => {
    expect(await found(host(() => {}))).toStrictEqual([]);
  });

  it("root's lastlog entry moved back ten days: wtmp has a later login of root", async () => {
    const paths = host((f) => {
      const view = new DataView(f.lastlog!.buffer);
      view.setUint32(0, view.getUint32(0, true) - 10 * 86400, true);
    });
    expect(await found(paths)).toStrictEqual(["lastlog-older-than-wtmp lastlog@0"]);
  });

  it("user1's login removed from wtmp: lastlog's time for user1 is inside wtmp's span with no login then", async () => {
    // record 42 is user1's login on pts/1 at 2023-12-15T08:10:21Z, lastlog's entry for uid 1001; its logout stays, an orphan
    const findings = (await audit(host((f) => (f.wtmp = removeRecords(f.wtmp!, 384, 42, 1))), { passwd: PASSWD })).findings;
    expect(findings.map((f) => f.kind)).toStrictEqual(["logout-without-login", "lastlog-login-missing-from-wtmp"]);
    expect(findings[1]).toMatchObject({ before: "2023-12-15T08:10:21.000000Z", details: { user: "user1", lastlogOffset: 1001 * 292 } });
  });

  it("without passwd only root is named: user1's entry takes no part", async () => {
    const paths = host((f) => (f.wtmp = removeRecords(f.wtmp!, 384, 42, 1)));
    expect((await audit(paths)).findings.map((f) => f.kind)).toStrictEqual(["logout-without-login"]);
  });

  it("root's logins removed from wtmp while utmp still has its sessions", async () => {
    // records 65 and 66: root on tty1 and pts/0, both still in utmp; a later record keeps them inside wtmp's span
    const paths = host((f) => {
      const wtmp = f.wtmp!;
      const kept = removeRecords(wtmp, 384, 65, 2);
      const last = wtmp.slice(64 * 384, 65 * 384);
      new DataView(last.buffer).setInt32(340, 1709449500, true);
      const out = new Uint8Array(kept.length + 384);
      out.set(kept);
      out.set(last, kept.length);
      f.wtmp = out;
    });
    const kinds = (await audit(paths, { passwd: PASSWD })).findings.map((f) => `${f.kind} ${f.details.line ?? ""}`);
    expect(kinds).toContain("utmp-session-missing-from-wtmp tty1");
    expect(kinds).toContain("utmp-session-missing-from-wtmp pts/0");
  });

  it("lastlog2: a wtmp login newer than the user's row (names compared as bytes: zoë)", async () => {
    const lastlog2 = new Uint8Array(readFileSync(join(FIXTURES, "lastlog", "lastlog2.db")));
    const at = (seconds: number, user: string, line: string): EntryInput => ({ type: "USER_PROCESS", user, line, id: line.slice(-4), pid: 9, seconds });
    const wtmp = encode([
      { type: "BOOT_TIME", user: "reboot", line: "~", id: "~~", seconds: 1764370000 },
      at(1764374400, "alice", "tty1"), // lastlog2's alice, to the second
      at(1764380000, "zoë", "pts/2"), // later than lastlog2's zoë (1764288000)
    ], "linux384-le");
    const report = await audit([{ name: "h/lastlog2.db", bytes: lastlog2, host: "h" }, { name: "h/wtmp", bytes: wtmp, host: "h" }]);
    expect(report.findings.map((f) => [f.kind, f.file, f.offset, f.offsetUnit, f.details.user])).toStrictEqual([
      ["lastlog-older-than-wtmp", "h/lastlog2.db", 6, "rowid", "zoë"],
    ]);
  });

  it("the same files as two hosts' (two directories): not compared", async () => {
    const base = mkdtempSync(join(tmpdir(), "utmpx-hosts-"));
    mkdirSync(join(base, "a"));
    mkdirSync(join(base, "b"));
    const lastlog = read("lastlog");
    new DataView(lastlog.buffer).setUint32(0, new DataView(lastlog.buffer).getUint32(0, true) - 10 * 86400, true);
    writeFileSync(join(base, "a", "wtmp"), read("wtmp"));
    writeFileSync(join(base, "b", "lastlog"), lastlog);
    expect((await audit([join(base, "a", "wtmp"), join(base, "b", "lastlog")])).findings).toStrictEqual([]);
  });
});

describe("a utmp of many slots of one session", () => {
  // Each repeat of a user and line used to copy the list of that key's
  // sessions: a utmp of 100,000 such slots took 80 s, 50,000 took 19 s. A
  // generous bound on the time catches that shape; the findings are checked too.
  it("is compared in time linear in its slots: 100,000 copies of root's tty1 slot, then missing from wtmp", async () => {
    const rootTty1 = (bytes: Uint8Array, k: number) =>
      bytes[k * 384] === 7 && new TextDecoder().decode(bytes.subarray(k * 384 + 8, k * 384 + 13)) === "tty1\0" && bytes[k * 384 + 44] === 0x72;
    const utmp = read("utmp");
    const slot = [...Array(utmp.length / 384).keys()].find((k) => rootTty1(utmp, k));
    expect(slot).toBeDefined();
    const copies = new Uint8Array(384 * 100_000);
    for (let k = 0; k < 100_000; k++) copies.set(utmp.subarray(slot! * 384, slot! * 384 + 384), k * 384);
    const inputs = (wtmp: Uint8Array) => [
      { name: "utmp", bytes: copies, role: "utmp" as const, host: "h" },
      { name: "wtmp", bytes: wtmp, role: "wtmp" as const, host: "h" },
    ];
    const started = performance.now();
    const kept = await audit(inputs(read("wtmp")), { checks: ["utmp-wtmp"] });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(kept.findings).toStrictEqual([]);
    // the wtmp cut before its last tty1 login: every copy is a session missing from it
    const wtmp = read("wtmp");
    const others = [...Array(wtmp.length / 384).keys()].filter((k) => !rootTty1(wtmp, k));
    expect(others.length).toBeLessThan(wtmp.length / 384);
    const cut = inputs(Uint8Array.from(others.flatMap((k) => [...wtmp.subarray(k * 384, k * 384 + 384)])));
    const all = await audit(cut, { checks: ["utmp-wtmp"], maxPerKind: Infinity });
    expect(all.findings.length).toBe(100_000);
    expect(new Set(all.findings.map((f) => f.kind))).toStrictEqual(new Set(["utmp-session-missing-from-wtmp"]));
    // as a scan's findings: 1,000 of the kind listed (the first), the rest counted in one more-findings
    const limited = await audit(cut, { checks: ["utmp-wtmp"] });
    expect(limited.findings.slice(0, 1000)).toStrictEqual(all.findings.slice(0, 1000));
    expect(limited.findings.length).toBe(1001);
    expect(limited.findings[1000]).toMatchObject({ kind: "more-findings", file: "wtmp", details: { kind: "utmp-session-missing-from-wtmp", findings: 99_000, listed: 1000 } });
  });
});
