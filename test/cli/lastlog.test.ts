// utmpx lastlog against the tools it follows, byte for byte:
//  - shadow's lastlog (Debian 12, login 1:4.13) on a lastlog file: `lastlog -R ROOT`
//    reads ROOT/etc/passwd and ROOT/var/log/lastlog, and so do we with -R;
//  - util-linux lastlog2 (2.41.5, built from source here) on lastlog2 databases.
// test/fixtures/lastlog/expected.json holds both tools' outputs for the
// fixtures (PROVENANCE.md there), each with the second it ran in: we run at
// that second (a faked clock), since -t and -b count days back from now.
// Where the tools are installed they are also run now, against us now.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { lastlogCommand, LASTLOG_OPTIONS } from "../../src/cli/lastlog.ts";
import { parseArgs } from "../../src/cli/args.ts";
import { CliError } from "../../src/cli/cliError.ts";
import { UtmpError, UtmpErrorCode } from "../../src/util/errors.ts";
import { sinkContext } from "../support/outputSink.ts";
import { FIXTURES, REPO } from "../support/paths.ts";
import { SHARED_CORPUS } from "../support/corpus.ts";

interface Case { tool: "lastlog" | "lastlog2"; file: string; args: string[]; tz: string; now: number; stdout: string }

const DIR = join(FIXTURES, "lastlog");
const recorded = JSON.parse(readFileSync(join(DIR, "expected.json"), "utf8")) as { tools: Record<string, string>; cases: Case[] };
const ZONES = [...new Set(recorded.cases.map((c) => c.tz))];

/** Why shadow's lastlog cannot be run here, or undefined. */
const noShadow = !existsSync("/usr/bin/lastlog") ? "/usr/bin/lastlog is not installed (Debian: package login)"
  : process.getuid?.() !== 0 ? "lastlog -R chroots, which needs root" : undefined;
/** util-linux lastlog2: UTMPX_LASTLOG2 names a build of it, else the one on PATH. */
const lastlog2Binary = process.env.UTMPX_LASTLOG2 ?? (spawnSync("sh", ["-c", "command -v lastlog2"], { encoding: "utf8" }).stdout.trim() || undefined);
const noLastlog2 = lastlog2Binary ? undefined : "util-linux lastlog2 is not installed (2.40+; or set UTMPX_LASTLOG2 to a build of it)";

/** A chroot for lastlog -R: the fixture's passwd and lastlog, and the zones' files (lastlog reads TZ's file after chrooting). */
function makeRoot(lastlog: Uint8Array): string {
  const root = mkdtempSync(join(tmpdir(), "utmpx-lastlog-root-"));
  mkdirSync(join(root, "etc"));
  mkdirSync(join(root, "var/log"), { recursive: true });
  copyFileSync(join(DIR, "passwd"), join(root, "etc/passwd"));
  writeFileSync(join(root, "var/log/lastlog"), lastlog);
  for (const zone of ZONES.filter((z) => z !== "UTC")) {
    const to = join(root, "usr/share/zoneinfo", zone);
    mkdirSync(dirname(to), { recursive: true });
    if (existsSync(join("/usr/share/zoneinfo", zone))) copyFileSync(join("/usr/share/zoneinfo", zone), to);
  }
  return root;
}

/** Our `utmpx lastlog ARGS` in-process, in zone `tz`, at `now` (seconds) when given; stdout as bytes. */
async function ours(argv: string[], tz: string, now?: number): Promise<Buffer> {
  const { out, err, ctx } = sinkContext();
  vi.stubEnv("TZ", tz);
  if (now !== undefined) {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(now * 1000);
  }
  try {
    const status = await lastlogCommand(parseArgs(argv, LASTLOG_OPTIONS), ctx);
    ctx.stdout.flush();
    ctx.stderr.flush();
    // a database with a -wal beside it says it applied the log (lastlog2 says nothing: SQLite applies it unseen)
    const stderr = Buffer.concat(err.chunks).toString().replace(/^utmpx: warning: .*-wal.*\n/gm, "");
    expect({ status, stderr }, `utmpx lastlog ${argv.join(" ")}`).toStrictEqual({ status: 0, stderr: "" });
    return Buffer.concat(out.chunks);
  } finally {
    vi.useRealTimers();
  }
}

/** What we are given for a recorded case: the same root for lastlog, the fixture database (and the fixture passwd for -u) for lastlog2. */
function ourArgs(c: Case, root: string): string[] {
  return c.tool === "lastlog" ? ["-R", root, ...c.args] : [join(DIR, c.file), "--passwd", join(DIR, "passwd"), ...c.args];
}

const label = (c: Case) => `${c.tool} ${c.file} ${JSON.stringify(c.args)} TZ=${c.tz}`;

let root = "";
beforeAll(() => {
  root = makeRoot(gunzipSync(readFileSync(join(DIR, "lastlog.gz"))));
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("utmpx lastlog: the recorded outputs of shadow's lastlog and util-linux lastlog2", () => {
  it("covers both tools, three zones, and every case's lines", () => {
    expect(recorded.cases.filter((c) => c.tool === "lastlog").length).toBeGreaterThanOrEqual(50);
    expect(recorded.cases.filter((c) => c.tool === "lastlog2").length).toBeGreaterThanOrEqual(100);
    expect(ZONES).toEqual(["UTC", "Europe/Berlin", "America/New_York"]);
    // the zones really differ in what was recorded (a chroot without the zone's file would have printed UTC)
    const berlin = recorded.cases.find((c) => c.tool === "lastlog" && c.tz === "Europe/Berlin" && c.args.length === 0)!;
    expect(berlin.stdout).toContain("+0100 2023");
  });

  it.each(recorded.cases.map((c) => [label(c), c] as const))("%s", async (_, c) => {
    const got = await ours(ourArgs(c, root), c.tz, c.now);
    const want = Buffer.from(c.stdout, "latin1");
    if (!got.equals(want)) expect(got.toString("latin1")).toBe(want.toString("latin1"));
  });
});

describe.skipIf(noShadow !== undefined)("utmpx lastlog against shadow's lastlog, run now", () => {
  it.each(recorded.cases.filter((c) => c.tool === "lastlog").map((c) => [label(c), c] as const))("%s", async (_, c) => {
    const theirs = spawnSync("lastlog", ["-R", root, ...c.args], { env: { PATH: process.env.PATH, TZ: c.tz, LC_ALL: "C" } });
    expect(theirs.status, theirs.stderr.toString()).toBe(0);
    const got = await ours(ourArgs(c, root), c.tz);
    if (!got.equals(theirs.stdout)) expect(got.toString("latin1")).toBe(theirs.stdout.toString("latin1"));
  });

  it("reads a time past 2^31 as glibc 2.40 does (unsigned), where Debian 12's lastlog (glibc 2.36) reads it signed", async () => {
    const lastlog = new Uint8Array(292);
    new DataView(lastlog.buffer).setUint32(0, 2 ** 31 + 5, true);
    lastlog.set(new TextEncoder().encode("pts/1"), 4);
    const late = makeRoot(lastlog);
    // one record from past 2038 is too little for detection to call it a lastlog: the layout is given
    const got = (await ours(["-R", late, "-u", "root", "-l", "lastlog292-le"], "UTC")).toString("latin1");
    expect(got).toContain("pts/1    " + " ".repeat(42) + "Tue Jan 19 03:14:13 +0000 2038\n");
    const theirs = execFileSync("lastlog", ["-R", late, "-u", "root"], { env: { PATH: process.env.PATH, TZ: "UTC" } }).toString("latin1");
    // a glibc 2.40+ lastlog prints what we print; an older one the year 1901
    if (theirs !== got) expect(theirs).toContain("Fri Dec 13 20:45:57 +0000 1901\n");
  });
});
if (noShadow) console.warn(`utmpx lastlog: not run against shadow's lastlog now: ${noShadow}; the recorded outputs are compared`);

describe.skipIf(noLastlog2 !== undefined)("utmpx lastlog against util-linux lastlog2, run now", () => {
  it.each(recorded.cases.filter((c) => c.tool === "lastlog2").map((c) => [label(c), c] as const))("%s", async (_, c) => {
    // a copy: lastlog2 (SQLite) may leave a -shm file beside the database
    const copies = mkdtempSync(join(tmpdir(), "utmpx-lastlog2-"));
    for (const ext of ["", "-wal"]) if (existsSync(join(DIR, c.file + ext))) copyFileSync(join(DIR, c.file + ext), join(copies, c.file + ext));
    const theirs = spawnSync(lastlog2Binary!, ["-d", join(copies, c.file), ...c.args], { env: { PATH: process.env.PATH, TZ: c.tz, LC_ALL: "C" } });
    // lastlog2 -u looks the user up in this machine's passwd: a machine without it prints an error
    if (theirs.status !== 0) return void expect(theirs.stderr.toString()).toMatch(/does not exist/);
    const got = await ours(ourArgs(c, root), c.tz);
    if (!got.equals(theirs.stdout)) expect(got.toString("latin1")).toBe(theirs.stdout.toString("latin1"));
  });

  it.skipIf(!existsSync(join(SHARED_CORPUS, "apparmor", "lastlog2.db")))("prints the corpus's lastlog2.db (openSUSE, STRICT) as lastlog2 does", async () => {
    const db = join(SHARED_CORPUS, "apparmor", "lastlog2.db");
    for (const args of [[], ["-s"], ["-a", "-s"]]) {
      for (const tz of ZONES) {
        const theirs = execFileSync(lastlog2Binary!, ["-d", db, ...args], { env: { PATH: process.env.PATH, TZ: tz } });
        expect((await ours([db, ...args], tz)).toString("latin1"), `${args} ${tz}`).toBe(theirs.toString("latin1"));
      }
    }
  });
});
if (noLastlog2) console.warn(`utmpx lastlog: not run against util-linux lastlog2 now: ${noLastlog2}; the recorded outputs are compared`);

describe("utmpx lastlog: choices of its own", () => {
  /** The error `argv` ends in, in-process. */
  async function failure(argv: string[]): Promise<unknown> {
    const { ctx } = sinkContext();
    return lastlogCommand(parseArgs(argv, LASTLOG_OPTIONS), ctx).then(() => undefined, (err: unknown) => err);
  }

  it("refuses -C and -S: it reads files and never changes them", async () => {
    for (const opt of ["-C", "-S", "--clear", "--set"]) {
      const err = await failure(["-R", root, "-u", "root", opt]);
      expect(err).toBeInstanceOf(CliError);
      expect((err as Error).message).toMatch(/utmpx lastlog reads files and never writes them/);
    }
  });

  it("says what lastlog says of a user or range it cannot read, and of days that are not a number", async () => {
    expect(((await failure(["-R", root, "-u", "nosuch"])) as Error).message).toBe("Unknown user or range: nosuch");
    expect(((await failure(["-R", root, "-u", "5-x"])) as Error).message).toBe("Unknown user or range: 5-x");
    expect(((await failure(["-R", root, "-t", "ten"])) as Error).message).toBe("invalid numeric argument 'ten'");
    expect(((await failure(["-R", root, "-b", ""])) as Error).message).toBe("invalid numeric argument ''");
    expect(((await failure(["-R", root, "a", "b"])) as Error).message).toBe("unexpected argument: b");
    expect(((await failure(["-R", root, "-s"])) as Error).message).toMatch(/a lastlog file has none/);
  });

  it("says on stderr that a -wal was applied, or ignored when its header is damaged (then the rows of the database alone)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "utmpx-lastlog-wal-"));
    copyFileSync(join(DIR, "lastlog2-wal.db"), join(dir, "l.db"));
    const wal = readFileSync(join(DIR, "lastlog2-wal.db-wal"));
    const run = async () => {
      const { out, err, ctx } = sinkContext();
      expect(await lastlogCommand(parseArgs([join(dir, "l.db")], LASTLOG_OPTIONS), ctx)).toBe(0);
      ctx.stdout.flush();
      ctx.stderr.flush();
      return { rows: out.text.split("\n").length, stderr: err.text };
    };
    const alone = await run();
    writeFileSync(join(dir, "l.db-wal"), wal);
    const applied = await run();
    expect(applied.stderr).toMatch(/^utmpx: warning: .*l\.db: 2 committed transaction\(s\) \(4 pages\) of its -wal file applied/m);
    expect(applied.rows).toBe(alone.rows + 1);
    wal.writeUInt32BE(3, 8); // a page size no database has: SQLite ignores such a log
    writeFileSync(join(dir, "l.db-wal"), wal);
    const ignored = await run();
    expect(ignored.stderr).toMatch(/^utmpx: warning: .*ignored.*page size 3/m);
    expect(ignored.rows).toBe(alone.rows);
  });

  it("warns on stderr, as lastlog does, of uids past 32 bits", async () => {
    const { out, err, ctx } = sinkContext();
    await lastlogCommand(parseArgs(["-R", root, "-u", "-18446744073709551615"], LASTLOG_OPTIONS), ctx);
    ctx.stdout.flush();
    ctx.stderr.flush();
    expect(err.text).toMatch(/higher than LASTLOG_UID_MAX \(4294967295\)/);
    expect(out.text.split("\n").length).toBeGreaterThan(10); // every passwd entry: the bound wraps to 4294967295
  });

  it("prints a lastlog2 row whose user is not in the passwd file (lastlog2 refuses it), and refuses a name in neither", async () => {
    const db = join(DIR, "lastlog2.db");
    const passwd = ["--passwd", join(DIR, "passwd")];
    const zed = (await ours([db, ...passwd, "-u", "Zed", "-s"], "UTC")).toString();
    expect(zed).toBe("Username         Port     From                                       Latest                         Service\n" +
      "Zed              pts/1    zed.example.org                            Tue Nov 14 22:13:20 +0000 2023 \n");
    const err = await failure([db, ...passwd, "-u", "nosuch"]);
    expect((err as Error).message).toBe("User 'nosuch' does not exist");
  });

  it("takes a uid range for a lastlog2 database, mapping its names through the passwd file", async () => {
    const text = (await ours([join(DIR, "lastlog2.db"), "--passwd", join(DIR, "passwd"), "-u", "1000-1004"], "UTC")).toString();
    expect(text.split("\n").slice(1, -1).map((l) => l.split(" ")[0])).toEqual(["alice", "bob", "zoë"]); // uids 1000, 1001, 1004
  });

  it("reads the lastlog2 database under -R's root when there is no lastlog there", async () => {
    const bare = mkdtempSync(join(tmpdir(), "utmpx-lastlog-root2-"));
    mkdirSync(join(bare, "var/lib/lastlog"), { recursive: true });
    copyFileSync(join(DIR, "lastlog2.db"), join(bare, "var/lib/lastlog/lastlog2.db"));
    const text = (await ours(["-R", bare, "-u", "root"], "UTC")).toString();
    expect(text).toBe("Username         Port     From                                       Latest \n" +
      "root             ssh      10.12.80.2                                 Thu Aug 15 19:17:06 +0000 2024\n");
  });

  it("gives the rows as JSON and CSV: bytes as UTF-8 text, never-logged-in users with a null date", async () => {
    const rows = JSON.parse((await ours(["-R", root, "--json"], "UTC")).toString()) as Record<string, unknown>[];
    expect(rows[0]).toEqual({ user: "root", uid: 0, line: "pts/0", host: "10.0.0.1", service: null, date: "2023-11-14T22:13:20.000000Z", seconds: 1700000000 });
    expect(rows.find((r) => r.user === "daemon")).toEqual({ user: "daemon", uid: 1, line: "", host: "", service: null, date: null, seconds: null });
    expect(rows.map((r) => r.user)).toContain("zoë");
    expect(rows.map((r) => r.user)).toContain("j\uFFFDrg"); // a Latin-1 name is not UTF-8
    const csv = (await ours([join(DIR, "lastlog2.db"), "--csv", "-a"], "UTC")).toString().split("\r\n");
    expect(csv[0]).toBe("user,uid,line,host,service,date,seconds");
    expect(csv).toContain("root,,ssh,10.12.80.2,sshd,2024-08-15T19:17:06.000000Z,1723749426");
    expect(csv.some((l) => l.startsWith("adam,"))).toBe(false); // -a: adam never logged in
  });

  it.skipIf(!existsSync(join(SHARED_CORPUS, "apparmor", "lastlog2.db")))("gives the corpus lastlog2.db's times that apparmor's test asserts", async () => {
    const path = join(SHARED_CORPUS, "apparmor", "lastlog2.db");
    const want = JSON.parse(readFileSync(`${path}.expected.json`, "utf8")).expected[0].values.last_login_tv_sec as Record<string, number>;
    const rows = JSON.parse((await ours([path, "--json"], "UTC")).toString()) as { user: string; seconds: number | null }[];
    for (const [user, seconds] of Object.entries(want)) expect(rows.find((r) => r.user === user)?.seconds ?? 0, user).toBe(seconds);
  });

  it("gives a UtmpError for a truncated lastlog2 database", async () => {
    const dir = mkdtempSync(join(tmpdir(), "utmpx-lastlog-bad-"));
    writeFileSync(join(dir, "cut.db"), readFileSync(join(DIR, "lastlog2.db")).subarray(0, 6000));
    const err = await failure([join(dir, "cut.db")]);
    expect(err).toBeInstanceOf(UtmpError);
    expect((err as UtmpError).code).toBe(UtmpErrorCode.BAD_INPUT);
  });

  it.skipIf(!existsSync(join(REPO, "dist", "cli", "main.js")))("runs as `utmpx lastlog` from the built CLI", () => {
    const cli = join(REPO, "dist", "cli", "main.js");
    const run = (...args: string[]) => spawnSync(process.execPath, [cli, "lastlog", ...args], { env: { ...process.env, TZ: "UTC" } });
    const ok = run(join(DIR, "lastlog2.db"), "-u", "root");
    expect(ok.status).toBe(0);
    expect(ok.stdout.toString()).toContain("root             ssh      10.12.80.2");
    const refused = run("-R", root, "-C", "-u", "root");
    expect(refused.status).toBe(2);
    expect(refused.stderr.toString()).toMatch(/^utmpx: -C \(--clear\) and -S \(--set\)/);
    const truncated = run(join(DIR, "passwd"));
    expect(truncated.status).toBe(1); // a passwd file is no lastlog: said in one line
    expect(truncated.stderr.toString().trim().split("\n")).toHaveLength(1);
  });
});
