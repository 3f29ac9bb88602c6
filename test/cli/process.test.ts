// The utmpx command as a process: streams, exit statuses, errors. Runs the
// built dist/cli/main.js (npm test builds it first).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, REPO } from "../support/paths.ts";
import { encode, findLayout, open } from "../../src/index.ts";
import { utmpdumpBatch } from "../../src/format/utmpdump.ts";

const CLI = join(REPO, "dist", "cli", "main.js");
const BASIC32 = join(FIXTURES, "utmp-rs", "basic32.utmp");
const S390 = join(FIXTURES, "plaso", "utmp_s390");

function utmpx(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "latin1", maxBuffer: 1 << 28 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), "utmpx-cli-"));

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
});

describe("utmpx dump", () => {
  it("prints utmpdump's stdout and its header on stderr", () => {
    const r = utmpx("dump", BASIC32, S390);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(`${BASIC32}.utmpdump.x86_64.txt`, "latin1") +
      readFileSync(`${S390}.utmpdump.s390x-linux-gnu.txt`, "latin1"));
    expect(r.stderr).toBe(`Utmp dump of ${BASIC32}\nUtmp dump of ${S390}\n`);
  });

  it("decodes the whole records of a file with a partial tail and warns on stderr", () => {
    const file = join(tmp, "partial");
    writeFileSync(file, Buffer.concat([readFileSync(BASIC32), Buffer.alloc(100, 7)]));
    const r = utmpx("dump", file);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(`${BASIC32}.utmpdump.x86_64.txt`, "latin1"));
    expect(r.stderr).toContain("100 bytes at offset 1920 are a partial 384-byte record");
  });

  it("reads the bundled sample", () => {
    const r = utmpx("dump", "--sample");
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("[2] [00000] [~~  ] [reboot  ] [~           ] [6.1.0-18-amd64      ] [0.0.0.0        ] [2024-03-09T08:00:00,123456+00:00]");
  });

  it("honours --layout", () => {
    const r = utmpx("dump", "--layout", "linux384-be", BASIC32);
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(/^\[512\] \[00000\] /); // type 2 read big-endian
  });

  it("exits 1 with one line naming the file, its size and candidates when nothing fits", () => {
    const file = join(tmp, "random");
    let x = 12345;
    writeFileSync(file, Uint8Array.from({ length: 38400 }, () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 24)));
    const r = utmpx("dump", file);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe(`Utmp dump of ${file}`);
    expect(lines[1]).toMatch(new RegExp(`${file} \\(38400 bytes\\) is not a utmp/wtmp/btmp file of any known layout; best candidates: \\S+: \\d+ of \\d+ sampled records plausible`));
    expect(lines).toHaveLength(2);
  });

  it("exits 1 naming a file it cannot read, without naming it as dumped first (utmpdump: \"cannot open\" alone)", () => {
    const r = utmpx("dump", join(tmp, "missing"));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^utmpx: cannot read .*missing: No such file or directory\n$/);
  });
});

describe("utmpx with several files", () => {
  it("reads a rotated set given in any order, .gz included, oldest first", () => {
    const wtmp = join(FIXTURES, "generated-glibc-x86_64", "wtmp");
    const bytes = readFileSync(wtmp);
    const at = (records: number) => records * 384;
    writeFileSync(join(tmp, "wtmp.2.gz"), gzipSync(bytes.subarray(0, at(8))));
    writeFileSync(join(tmp, "wtmp.1"), bytes.subarray(at(8), at(17)));
    writeFileSync(join(tmp, "wtmp"), bytes.subarray(at(17)));
    const r = utmpx("dump", join(tmp, "wtmp"), join(tmp, "wtmp.2.gz"), join(tmp, "wtmp.1"));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(`${wtmp}.utmpdump.x86_64.txt`, "latin1"));
    expect(r.stderr).toBe(["wtmp.2.gz", "wtmp.1", "wtmp"].map((f) => `Utmp dump of ${join(tmp, f)}\n`).join(""));
  });
});

describe("utmpx with one gzipped file", () => {
  it.each(["dump", "json"])("%s decodes it like the plain file", (command) => {
    const wtmp = join(FIXTURES, "generated-glibc-x86_64", "wtmp");
    writeFileSync(join(tmp, "one.gz"), gzipSync(readFileSync(wtmp)));
    const r = utmpx(command, join(tmp, "one.gz"));
    expect(r.stderr).toBe(`Utmp dump of ${join(tmp, "one.gz")}\n`.repeat(command === "dump" ? 1 : 0));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(utmpx(command, wtmp).stdout);
  });
});

describe("utmpx usage errors exit 2", () => {
  it.each([
    [["frobnicate"], "unknown command 'frobnicate'"],
    [["dump", "--nope"], "unrecognized option '--nope'"],
    [["dump", "--layout"], "option '--layout' requires an argument"],
    [["dump", "--layout", "vax", BASIC32], 'unknown layout "vax"'],
  ])("%j", (args, message) => {
    const r = utmpx(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it("--help exits 0", () => {
    const r = utmpx("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Usage: utmpx <command>");
  });
});

describe("utmpx json", () => {
  it("prints one object per record with the decoded fields", () => {
    const r = utmpx("json", BASIC32);
    expect(r.status).toBe(0);
    const rows = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(rows).toHaveLength(5);
    // values from utmp-rs's own test (tests/basic.rs) for this file
    expect(rows[3]).toMatchObject({
      type: "USER_PROCESS", rawType: 7, pid: 28885, line: "tty3", user: "upsuper", host: "", session: 28786,
      seconds: 1581217267, microseconds: 195722, date: "2020-02-09T03:01:07.195722Z", offset: 1152,
    });
  });
});

describe("utmpx detect", () => {
  it("names the layout, its confidence and the runner-up", () => {
    const r = utmpx("detect", S390);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/utmp_s390: linux400-be \(Linux, big-endian, 400-byte records\), confidence (0\.9\d|1\.00); runner-up /);
  });
});

describe("utmpx on a file of several windows", () => {
  // 70,000 records: more than four 16,384-record windows, each written as it is formatted
  const big = join(tmp, "wtmp-big");
  const records = 70_000;
  beforeAll(async () => {
    const { generateWtmp } = await import("../../bench/generate.mjs" as string);
    writeFileSync(big, Buffer.concat([generateWtmp(records, 7), Buffer.alloc(100, 1)]));
  });

  it("dump prints what the one-thread formatter prints, in order, and warns of the partial tail", () => {
    const r = utmpx("dump", big);
    expect(r.status).toBe(0);
    let want = "";
    for (const batch of open(big).batches()) want += utmpdumpBatch(batch);
    expect(r.stdout.split("\n")).toHaveLength(records + 1);
    expect(r.stdout).toBe(want);
    expect(r.stderr).toContain(`100 bytes at offset ${records * 384} are a partial 384-byte record`);
  });

  it.runIf(spawnSync("sh", ["-c", "command -v utmpdump"]).status === 0)("dump equals util-linux utmpdump", () => {
    const theirs = spawnSync("utmpdump", [big], { encoding: "latin1", maxBuffer: 1 << 28 });
    expect(utmpx("dump", big).stdout).toBe(theirs.stdout);
  });

  it("json prints JSON.stringify of every entry, in order", () => {
    const r = spawnSync(process.execPath, [CLI, "json", big], { encoding: "utf8", maxBuffer: 1 << 28 }); // UTF-8 names
    expect(r.status).toBe(0);
    const want = [...open(big)].map((e) => JSON.stringify(e) + "\n").join("");
    expect(r.stdout).toBe(want);
  });
});

describe("utmpx add", () => {
  it("writes a boot, a login and its logout that util-linux last pairs", () => {
    const file = join(tmp, "wtmp-add");
    expect(utmpx("add", "--boot", "--host", "6.1.0", "--time", "2024-01-01T08:00:00Z", file).status).toBe(0);
    expect(utmpx("add", "--login", "--user", "carol", "--line", "pts/4", "--host", "198.51.100.2", "--addr", "198.51.100.2",
      "--pid", "99", "--time", "2024-01-01T08:01:00Z", file).status).toBe(0);
    expect(utmpx("add", "--logout", "--line", "pts/4", "--pid", "99", "--time", "2024-01-01T09:01:00Z", file).status).toBe(0);
    const entries = [...open(file)].map((e) => [e.type, e.user, e.line, e.id, e.pid, e.host, e.addr, e.date.toISOString()]);
    expect(entries).toStrictEqual([
      ["BOOT_TIME", "reboot", "~", "~~", 0, "6.1.0", "0.0.0.0", "2024-01-01T08:00:00.000Z"],
      ["USER_PROCESS", "carol", "pts/4", "ts/4", 99, "198.51.100.2", "198.51.100.2", "2024-01-01T08:01:00.000Z"],
      ["DEAD_PROCESS", "", "pts/4", "ts/4", 99, "", "0.0.0.0", "2024-01-01T09:01:00.000Z"],
    ]);
    if (spawnSync("sh", ["-c", "command -v last"]).status === 0) {
      const last = spawnSync("last", ["-F", "-f", file], { encoding: "utf8", env: { ...process.env, TZ: "UTC" } }).stdout;
      expect(last).toContain("carol    pts/4        198.51.100.2     Mon Jan  1 08:01:00 2024 - Mon Jan  1 09:01:00 2024  (01:00)");
    }
  });

  it("refuses a lastlog (one slot per uid, not a history) with one line and status 1, the file untouched", () => {
    const lastlog = join(FIXTURES, "s4", "Ubuntu20", "x86_64", "lastlog");
    const file = join(tmp, "lastlog-add");
    writeFileSync(file, readFileSync(lastlog));
    for (const event of [["--login", "--user", "alice", "--line", "pts/9", "--host", "evil.example", "--pid", "77"], ["--logout", "--line", "pts/9"], ["--boot"], ["--shutdown"]]) {
      const r = utmpx("add", ...event, file);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^utmpx: \S*lastlog-add is a lastlog \(.+\): a slot per uid, not a history; records are not written to it\n$/);
    }
    expect(readFileSync(file)).toEqual(readFileSync(lastlog));
  });

  it("--time takes ISO-8601, and refuses what Date's parser guessed at (status 2, nothing written)", () => {
    const file = join(tmp, "wtmp-time");
    expect(utmpx("add", "--boot", "--time", "2024-01-01T09:30:00.250+01:30", file).status).toBe(0);
    expect([...open(file)].map((e) => [e.seconds, e.microseconds])).toStrictEqual([[Date.UTC(2024, 0, 1, 8) / 1000, 250000]]);
    const never = join(tmp, "wtmp-time-never");
    for (const time of ["0", "-1", "12", "May 5", "x 2023", "2023-02-30", "2023-02-30T08:00:00Z", "2024-01-01 08:00:00"]) {
      const r = utmpx("add", "--boot", "--time", time, never);
      expect(r.status, time).toBe(2);
      expect(r.stderr.split("\n")[0]).toMatch(new RegExp(`^utmpx: --time takes an ISO-8601 time such as 2024-01-01T08:00:00Z, not '${time}': `));
    }
    expect(utmpx("add", "--boot", "--time", "2023-02-30T08:00:00Z", never).stderr).toContain("day 30 is not 01 to 28 (month 02 of 2023)");
    expect(existsSync(never)).toBe(false);
    // without a zone, the local time of TZ
    const local = join(tmp, "wtmp-time-local");
    expect(spawnSync(process.execPath, [CLI, "add", "--boot", "--time", "2024-01-01T09:30:00", local], { env: { ...process.env, TZ: "Asia/Kolkata" } }).status).toBe(0);
    expect([...open(local)].map((e) => e.seconds)).toStrictEqual([Date.UTC(2024, 0, 1, 4) / 1000]);
  });

  it("a file ending in a partial record: refused, naming --pad-partial (the API's option it named before); with it, completed and written", () => {
    const file = join(tmp, "wtmp-partial");
    const whole = readFileSync(join(FIXTURES, "generated-glibc-x86_64", "wtmp"));
    writeFileSync(file, Buffer.concat([whole, Buffer.alloc(100, 0x41)]));
    const refused = utmpx("add", "--boot", "--time", "2024-01-01T08:00:00Z", file);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(`utmpx: ${file} ends in a partial 384-byte record (100 bytes at offset ${whole.length}): ` +
      "appending would misalign every record after it; look at it (utmpx dump), then pass --pad-partial to complete it with zeros first\n");
    expect(readFileSync(file).length).toBe(whole.length + 100);
    expect(utmpx("add", "--boot", "--pad-partial", "--time", "2024-01-01T08:00:00Z", file).status).toBe(0);
    const entries = [...open(file)];
    expect(readFileSync(file).length).toBe(whole.length + 2 * 384);
    expect(entries.at(-1)!.type).toBe("BOOT_TIME");
    expect(entries.at(-2)!.offset).toBe(whole.length); // the partial record, its 100 bytes kept, completed with zeros
  });

  it("refuses usage errors with status 2", () => {
    expect(utmpx("add", "--login", "--user", "x", join(tmp, "never")).status).toBe(2);
    expect(utmpx("add", "--boot", "--logout", join(tmp, "never")).status).toBe(2);
    expect(utmpx("add", "--login", "--user", "x", "--line", "tty1", "--pid", "abc", join(tmp, "never")).status).toBe(2);
  });
});

describe("utmpx dump --json, --ndjson, --csv", () => {
  const file = join(FIXTURES, "generated-glibc-x86_64", "wtmp");
  const want = [...open(file)].map((e) => e.toJSON());
  const utf8 = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });

  it("--json is one document of every entry", () => {
    expect(JSON.parse(utf8("dump", "--json", file).stdout)).toStrictEqual(JSON.parse(JSON.stringify(want)));
  });

  it("--ndjson is a line per entry, as utmpx json prints", () => {
    const r = utf8("dump", "--ndjson", file);
    expect(r.stdout).toBe(utf8("json", file).stdout);
    expect(r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l))).toStrictEqual(JSON.parse(JSON.stringify(want)));
  });

  it("--csv has a header and a row per entry, quoting where needed", () => {
    const lines = utf8("dump", "--csv", file).stdout.split("\r\n");
    expect(lines[0]).toBe("type,rawType,uid,id,user,line,host,date,seconds,microseconds,pid,session,exitTermination,exitExit,addr,offset");
    expect(lines).toHaveLength(want.length + 2); // header, rows, and the empty string after the last CRLF
    expect(lines[1]).toBe(`BOOT_TIME,2,,~~,reboot,~,6.1.0-18-amd64,2024-03-09T08:00:00.123456Z,1709971200,123456,0,0,0,0,0.0.0.0,0`);
  });

  it("refuses two formats at once", () => {
    expect(utf8("dump", "--json", "--csv", file).status).toBe(2);
  });
});

describe("utmpx add --shutdown to a FreeBSD utx.log", () => {
  // It failed: "layout utxlog has no type RUN_LVL". FreeBSD's shutdown writes SHUTDOWN_TIME.
  it("writes SHUTDOWN_TIME there, and a Linux RUN_LVL \"shutdown\" in a Linux wtmp", () => {
    const log = join(tmp, "utx.log");
    writeFileSync(log, encode([{ type: "BOOT_TIME", user: "reboot", line: "~", seconds: 1_700_000_000 }], "utxlog"));
    const r = utmpx("add", "--shutdown", "--time", "2024-01-01T08:00:00Z", log);
    expect(r.status, r.stderr).toBe(0);
    expect([...open(log)].map((e) => [e.type, e.user, e.seconds])).toStrictEqual([
      ["BOOT_TIME", "reboot", 1_700_000_000], ["SHUTDOWN_TIME", "shutdown", Date.UTC(2024, 0, 1, 8) / 1000],
    ]);
    const wtmp = join(tmp, "wtmp-shutdown");
    expect(utmpx("add", "--shutdown", wtmp).status).toBe(0);
    expect([...open(wtmp)].map((e) => [e.type, e.user, e.line])).toStrictEqual([["RUN_LVL", "shutdown", "~"]]);
  });
});

describe("utmpx dump of a record whose time utmpdump's text cannot show", () => {
  // Said as utmpdump says it, but with where the record lies and its exact time
  // (it printed the nearest double: 2^63-1 as 9223372036854776000).
  it("leaves it out and says where it lies, with its time exactly", () => {
    const layout = findLayout("linux400-le")!;
    const bytes = encode([0, 1, 2].map((i) => ({ type: "USER_PROCESS" as const, user: `u${i}`, line: `pts/${i}`, id: `${i}`, seconds: 1_700_000_000 + i })), layout);
    new DataView(bytes.buffer, bytes.byteOffset).setBigInt64(layout.recordSize + layout.fields.seconds!.offset, 2n ** 63n - 1n, true);
    const file = join(tmp, "far-time");
    writeFileSync(file, bytes);
    const r = utmpx("dump", file);
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("[7]")).map((l) => /\] \[(u\d) +\]/.exec(l)?.[1])).toStrictEqual(["u0", "u2"]);
    expect(r.stderr).toContain(`utmpx: record at offset ${layout.recordSize}: time 9223372036854775807 is out of range; left out.\n`);
  });
});

describe.skipIf(!existsSync(CLI))("a bug of ours", () => {
  // planted: JSON.stringify throws when dump --json calls it (not while the CLI loads)
  it("is said as an internal error with its stack and version, status 70, not as Node's crash", () => {
    const script = `
      JSON.stringify = () => { throw new RangeError("planted bug"); };
      process.argv = [process.argv[0], ${JSON.stringify(CLI)}, ...process.argv.slice(1)];
      await import(${JSON.stringify(pathToFileURL(CLI).href)});
    `;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script, "dump", "--json", join(FIXTURES, "generated-glibc-x86_64", "wtmp")], { encoding: "utf8" });
    expect(r.status).toBe(70);
    expect(r.stderr).toMatch(/^utmpx: internal error \(a bug in utmpx \d+\.\d+\.\d+[^)]*, please report it with the command that gave it\):\nRangeError: planted bug\n {4}at /);
    expect(r.stderr).not.toMatch(/throw err/);
  });
});
