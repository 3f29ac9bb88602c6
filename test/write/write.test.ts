// Writing: append (updwtmp), put (pututxline), the login/logout/boot/shutdown
// helpers, refusals, and concurrent appenders. Written files are read back by
// our decoder and, where installed, by util-linux utmpdump and last and
// coreutils who.
import { spawnSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { boot, fromBytes, login, logout, open, shutdown, UtmpError, type Entry } from "../../src/index.ts";
import { utmpdumpBatch } from "../../src/format/utmpdump.ts";
import { FIXTURES, REPO } from "../support/paths.ts";
import { rmSync } from "node:fs";

const tmp = mkdtempSync(join(tmpdir(), "utmpx-write-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const have = (command: string) => spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
const dumpOf = (path: string) => [...open(path).batches({ includeZeroed: true })].map((b) => utmpdumpBatch(b)).join("");
const at = (minute: number) => new Date(Date.UTC(2024, 0, 1, 8, minute));

describe("append", () => {
  it("adds whole records at the end in the file's own layout, keeping every record before", () => {
    for (const name of ["plaso/utmp_s390", "utmp-rs/basic32.utmp", "utmp-rs/basic64.utmp"]) {
      const file = join(tmp, name.replace("/", "-"));
      copyFileSync(join(FIXTURES, name), file);
      const before = readFileSync(file);
      const db = open(file);
      const layout = db.layout;
      const offset = db.append({ type: "USER_PROCESS", user: "zed", line: "pts/9", id: "ts/9", pid: 77, host: "h", seconds: 1_700_000_000 });
      expect(offset).toBe(before.length);
      const after = readFileSync(file);
      expect(after.subarray(0, before.length)).toStrictEqual(before); // nothing before is touched
      expect(after.length).toBe(before.length + layout.recordSize);
      const last = open(file).at(-1)!;
      expect([last.type, last.user, last.line, last.pid, last.seconds, open(file).layout.id]).toStrictEqual(["USER_PROCESS", "zed", "pts/9", 77, 1_700_000_000, layout.id]);
    }
  });

  it("refuses a file ending in a partial record, and pads it only when asked", () => {
    const file = join(tmp, "partial");
    writeFileSync(file, Buffer.concat([readFileSync(join(FIXTURES, "utmp-rs", "basic32.utmp")), Buffer.alloc(10, 7)]));
    const record = { type: "BOOT_TIME" as const, user: "reboot", line: "~", seconds: 1_700_000_000 };
    let error: unknown;
    try {
      open(file).append(record);
    } catch (err) {
      error = err;
    }
    expect((error as UtmpError).code).toBe("PARTIAL_RECORD");
    expect((error as UtmpError).message).toContain("10 bytes at offset 1920");
    expect(statSync(file).size).toBe(1930); // untouched
    open(file).append(record, { padPartial: true });
    expect(statSync(file).size).toBe(1920 + 384 + 384);
    const entries = [...open(file).batches({ includeZeroed: true })].flatMap((b) => [...b]);
    // the completed record keeps the 10 bytes that were there (type 0x0707: UNKNOWN), then zeros
    expect(entries.map((e) => e.type).slice(-2)).toStrictEqual(["UNKNOWN", "BOOT_TIME"]);
    expect(new Uint8Array(readFileSync(file).subarray(1920, 1920 + 384))).toStrictEqual(new Uint8Array([...Array(10).fill(7), ...Array(374).fill(0)]));
  });

  it("refuses to write a database made from bytes", () => {
    expect(() => fromBytes(new Uint8Array(384)).append({ type: "BOOT_TIME" })).toThrow(/not a file/);
  });
});

describe("login, logout, boot, shutdown", () => {
  const files = { utmp: join(tmp, "utmp"), wtmp: join(tmp, "wtmp") };
  const setup = () => {
    boot({ date: at(0), kernel: "6.1.0-test" }, files);
    login({ user: "alice", line: "pts/0", host: "203.0.113.7", addr: "203.0.113.7", pid: 1234, date: at(5) }, files);
    login({ user: "bob", line: "tty1", pid: 1300, date: at(6) }, files);
    logout({ line: "pts/0", date: at(30) }, files);
    shutdown({ date: at(40), kernel: "6.1.0-test" }, files);
  };
  setup();

  it("utmp holds one slot per id (the logout over the login), wtmp every event in order", () => {
    const row = (e: Entry) => [e.type, e.user, e.line, e.id, e.pid, e.host, e.addr, e.seconds - at(0).getTime() / 1000];
    expect([...open(files.utmp)].map(row)).toStrictEqual([
      ["BOOT_TIME", "reboot", "~", "~~", 0, "6.1.0-test", "0.0.0.0", 0],
      ["DEAD_PROCESS", "", "pts/0", "ts/0", 1234, "", "0.0.0.0", 1800],
      ["USER_PROCESS", "bob", "tty1", "tty1", 1300, "", "0.0.0.0", 360],
    ]);
    expect([...open(files.wtmp)].map(row)).toStrictEqual([
      ["BOOT_TIME", "reboot", "~", "~~", 0, "6.1.0-test", "0.0.0.0", 0],
      ["USER_PROCESS", "alice", "pts/0", "ts/0", 1234, "203.0.113.7", "203.0.113.7", 300],
      ["USER_PROCESS", "bob", "tty1", "tty1", 1300, "", "0.0.0.0", 360],
      ["DEAD_PROCESS", "", "pts/0", "ts/0", 1234, "", "0.0.0.0", 1800],
      ["RUN_LVL", "shutdown", "~", "~~", 0, "6.1.0-test", "0.0.0.0", 2400],
    ]);
  });

  it.runIf(have("utmpdump"))("util-linux utmpdump reads them as we do", () => {
    for (const file of [files.utmp, files.wtmp]) {
      expect(spawnSync("utmpdump", [file], { encoding: "latin1" }).stdout).toBe(dumpOf(file));
    }
  });

  it.runIf(have("last"))("util-linux last pairs them: alice logged out, bob down at the shutdown", () => {
    const out = spawnSync("last", ["-F", "-w", "-x", "-f", files.wtmp], { encoding: "utf8", env: { ...process.env, TZ: "UTC" } }).stdout;
    expect(out).toContain("alice    pts/0        203.0.113.7      Mon Jan  1 08:05:00 2024 - Mon Jan  1 08:30:00 2024  (00:25)");
    expect(out).toContain("bob      tty1                          Mon Jan  1 08:06:00 2024 - down                      (00:34)");
    expect(out).toContain("reboot   system boot  6.1.0-test       Mon Jan  1 08:00:00 2024 - Mon Jan  1 08:40:00 2024  (00:40)");
  });

  it.runIf(have("who"))("coreutils who lists bob as logged in", () => {
    const out = spawnSync("who", [files.utmp], { encoding: "utf8", env: { ...process.env, TZ: "UTC" } }).stdout;
    expect(out.trim()).toBe("bob      tty1         2024-01-01 08:06");
  });
});

describe("a FreeBSD utx.active or utx.lastlogin given as the wtmp", () => {
  // both hold one record per session or per user: a login appended there was a
  // second "last login" of alice, or a second slot for her session
  it("is refused for every event before the utmp or the file is touched", () => {
    const lastlogin = join(tmp, "utx.lastlogin"), utmp = join(tmp, "utmp-untouched");
    open(lastlogin, { layout: "futx197" }).put({ type: "USER_PROCESS", user: "alice", line: "pts/0", id: "0", pid: 7, seconds: 1_700_000_000 });
    const before = readFileSync(lastlogin);
    const files = { utmp, wtmp: lastlogin };
    for (const write of [
      () => login({ user: "alice", line: "pts/1", date: at(5) }, files),
      () => logout({ line: "pts/1", pid: 1, id: "ts/1", date: at(6) }, files),
      () => boot({ date: at(7) }, files),
      () => shutdown({ date: at(8) }, files),
    ]) {
      expect(write).toThrow(expect.objectContaining({ code: "UNSUPPORTED", message: expect.stringMatching(/futx197 records .*not a history/) }));
    }
    expect(readFileSync(lastlogin)).toStrictEqual(before);
    expect(existsSync(utmp)).toBe(false);
  });
});

describe("concurrent appenders", () => {
  it("4 processes appending 250 records each leave exactly 1000 intact records", async () => {
    const dist = join(REPO, "dist", "index.js");
    if (!existsSync(dist)) throw new Error(`${dist} is missing: run npm run build first`);
    const file = join(tmp, "wtmp-concurrent");
    const script = (n: number) => `
      import { open } from ${JSON.stringify(dist)};
      const db = open(${JSON.stringify(file)}, { layout: "linux384-le" });
      for (let i = 0; i < 250; i++) db.append({ type: "USER_PROCESS", user: "w${n}", line: "pts/" + i, pid: ${n} * 1000 + i, seconds: 1700000000 + i });`;
    await Promise.all([0, 1, 2, 3].map((n) => new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ["--input-type=module", "-e", script(n)], { stdio: "inherit" });
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`writer ${n} exited ${code}`))));
    })));
    expect(statSync(file).size).toBe(1000 * 384);
    const entries = [...open(file)];
    expect(entries).toHaveLength(1000);
    for (const n of [0, 1, 2, 3]) {
      const mine = entries.filter((e) => e.user === `w${n}`);
      expect(mine.map((e) => e.pid)).toStrictEqual(Array.from({ length: 250 }, (_, i) => n * 1000 + i)); // each writer's records whole, in its order
      expect(mine.every((e) => e.line === `pts/${e.pid! - n * 1000}` && e.warnings.length === 0)).toBe(true);
    }
  });
});

describe("asynchronous writes and new files", () => {
  it("appendAsync and putAsync write what append and put write", async () => {
    const a = join(tmp, "async-utmp"), b = join(tmp, "sync-utmp");
    const records = [
      { type: "BOOT_TIME" as const, user: "reboot", line: "~", id: "~~", seconds: 1_700_000_000 },
      { type: "USER_PROCESS" as const, user: "ann", line: "pts/1", id: "ts/1", pid: 5, seconds: 1_700_000_100 },
      { type: "DEAD_PROCESS" as const, line: "pts/1", id: "ts/1", pid: 5, seconds: 1_700_000_200 },
    ];
    for (const r of records) {
      await open(a, { layout: "linux384-le" }).putAsync(r);
      open(b, { layout: "linux384-le" }).put(r);
    }
    await open(a).appendAsync(records[0]!);
    open(b).append(records[0]!);
    expect(readFileSync(a)).toStrictEqual(readFileSync(b));
    expect([...open(a)].map((e) => e.type)).toStrictEqual(["BOOT_TIME", "DEAD_PROCESS", "BOOT_TIME"]);
  });

  it("a new NetBSD or macOS utmpx file begins with its SIGNATURE record", () => {
    for (const layout of ["netbsdx520-le", "macos628-le", "dfly512-le"]) {
      const file = join(tmp, `new-${layout}`);
      const slot = open(file, { layout }).put({ type: "USER_PROCESS", user: "kim", line: "ttyp0", id: "p0", pid: 9, seconds: 1_700_000_000 });
      expect(slot).toBe(1);
      const db = open(file);
      expect(db.layout.id).toBe(layout);
      expect(db.detection?.signature).toBeDefined();
      expect([...db].map((e) => [e.type, e.user])).toStrictEqual([["SIGNATURE", layout.startsWith("macos") ? "utmpx-1.00" : "utmpx-2.00"], ["USER_PROCESS", "kim"]]);
    }
  });
});
