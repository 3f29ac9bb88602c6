// utmpx convert against the tools it stands in for: `--to wtmpdb` gives the
// rows wtmpdb 0.75's `import` gave (recorded in test/fixtures/wtmpdb, and,
// when the binary is built, of the corpus's x86_64 files imported at test
// time); a wtmp.db `--to linux-x86_64` is a wtmp that util-linux last reads
// with the sessions wtmpdb last shows; wtmp -> wtmpdb -> wtmp keeps last's
// sessions; an s390x or aarch64 wtmp becomes one util-linux last reads as
// ours reads the original; `--to lastlog2` gives the rows util-linux
// `lastlog2 --import` gave. Files are read back by python's sqlite3.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, linkSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { encode, fromBytes, open } from "../../src/index.ts";
import { FIXTURES, SHARED_CORPUS, sharedCorpusPresent } from "../support/paths.ts";
import { recordedImports, recordedRows, type RecordedRow } from "../sessions/wtmpdbImportFixtures.ts";
import { havePython, haveWtmpdb, pythonQuery, wtmpdb, wtmpRows, type PyValue } from "../write/wtmpdbSqlite.ts";
import { asSet, convert, haveLast, lastLines, utilLinuxLast, utmpxProcess, type LastLine } from "./convertSupport.ts";

const WTMPDB = join(FIXTURES, "wtmpdb");
const tmp = mkdtempSync(join(tmpdir(), "utmpx-convert-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const dir = () => mkdtempSync(join(tmp, `${n++}-`));

const hex = (s: string | null) => (s === null ? null : { t: Buffer.from(s, "utf8").toString("hex") });
/** Recorded rows (sqlite3 -json's) as python tags them. */
const tagged = (rows: readonly RecordedRow[]): PyValue[][] =>
  rows.map((r) => [{ i: String(r.ID) }, { i: String(r.Type) }, hex(r.User), { i: String(r.Login) }, r.Logout === null ? null : { i: String(r.Logout) }, hex(r.TTY), hex(r.RemoteHost), hex(r.Service)]);

/** An import's input path for the CLI: relative to db/, except the volume input, which wtmpdb was given gunzipped and we read as .gz. */
const inputPath = (arg: string) => (arg === "volume.wtmp" ? join(WTMPDB, "inputs", "volume.wtmp.gz") : join(WTMPDB, "db", arg));

describe.skipIf(!havePython)("convert --to wtmpdb: the rows wtmpdb import leaves", () => {
  for (const { database, inputs } of recordedImports()) {
    it(`${database} from ${inputs.map((i) => basename(i)).join(" ")}`, async () => {
      const out = join(dir(), "wtmp.db");
      const r = await convert(["--to", "wtmpdb", "-o", out, ...inputs.map(inputPath)]);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      const got = wtmpRows(out);
      expect(got.rows).toEqual(tagged(recordedRows(database)));
      expect(got.schema.map((s) => `${s};`)).toEqual([readFileSync(join(WTMPDB, "schema.sql"), "utf8").trim()]);
      expect(got.integrity_check).toBe("ok");
    });
  }

  it("--append adds after a database's rows, numbering on from them, as wtmpdb import into it does", async () => {
    const out = join(dir(), "wtmp.db");
    copyFileSync(join(WTMPDB, "db", "normal.db"), out);
    const r = await convert(["--to", "wtmpdb", "--append", "-o", out, join(WTMPDB, "inputs", "edge.wtmp")]);
    expect(r.status).toBe(0);
    const normal = recordedRows("normal.db");
    const edge = recordedRows("edge.db").map((row) => ({ ...row, ID: row.ID + normal.length }));
    expect(wtmpRows(out).rows).toEqual(tagged([...normal, ...edge]));
  });

  it("a wtmp.db among the inputs has its rows copied, in its place in the order given", async () => {
    const out = join(dir(), "wtmp.db");
    const r = await convert(["--to", "wtmpdb", "-o", out, join(WTMPDB, "inputs", "split-1.wtmp"), join(WTMPDB, "db", "handmade.db")]);
    expect(r.status).toBe(0);
    const split1 = recordedRows("split.db").slice(0, 2);
    const handmade = recordedRows("handmade.db").map((row, i) => ({ ...row, ID: split1.length + i + 1 }));
    expect(wtmpRows(out).rows).toEqual(tagged([...split1, ...handmade]));
  });
});

/** The corpus's wtmp files in glibc's x86_64 layout, small enough for wtmpdb import's one transaction per record. */
function corpusX86_64(): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/^wtmp(\.\d+)?$|\.wtmp$/.test(name) && statSync(p).size <= 384 * 120 && statSync(p).size >= 384) {
        try {
          if (open(p).layout.id === "linux384-le") files.push(p);
        } catch {
          // not a wtmp we read: not one to compare
        }
      }
    }
  };
  walk(SHARED_CORPUS);
  return files.sort();
}

describe.skipIf(!havePython || !haveWtmpdb || !sharedCorpusPresent)("convert --to wtmpdb against wtmpdb import run now, on the corpus's x86_64 files", () => {
  const files = sharedCorpusPresent ? corpusX86_64() : [];
  it("finds several", () => expect(files.length).toBeGreaterThanOrEqual(3));
  for (const file of files) {
    it(file.slice(SHARED_CORPUS.length + 1), async () => {
      const d = dir();
      const theirs = join(d, "theirs.db"), ours = join(d, "ours.db");
      expect(wtmpdb(["import", "-f", theirs, file]).status).toBe(0);
      expect((await convert(["--to", "wtmpdb", "-o", ours, file])).status).toBe(0);
      expect(wtmpRows(ours).rows).toEqual(wtmpRows(theirs).rows);
      // and wtmpdb last prints the same for both (the footer names the file)
      const lastOf = (db: string) => wtmpdb(["last", "-F", "-x", "-w", "-f", db]).stdout.replace(db, "wtmp.db");
      expect(lastOf(ours)).toBe(lastOf(theirs));
    });
  }
});

interface WtmpdbCase { id: string; database: string; args: string[]; TZ: string; stdout: string; exit: number }

/** A recorded `wtmpdb last -F` of each database, in UTC (-w and -x where recorded). */
function recordedLasts(): WtmpdbCase[] {
  const cases = (JSON.parse(readFileSync(join(WTMPDB, "cases.json"), "utf8")) as { cases: WtmpdbCase[] }).cases;
  const best = new Map<string, WtmpdbCase>();
  for (const c of cases) {
    if (c.TZ !== "UTC" || c.exit !== 0 || c.args[0] !== "last" || !c.args.includes("-F")) continue;
    if (c.args.some((a) => !["last", "-f", "-F", "-w", "-x", c.database].includes(a))) continue;
    const score = (x: WtmpdbCase) => x.args.length;
    if (!best.has(c.database) || score(c) > score(best.get(c.database)!)) best.set(c.database, c);
  }
  return [...best.values()].filter((c) => !["bootverbs.db", "missing.db"].includes(c.database));
}

/**
 * What both tools' lines can say alike. A wtmp field holds what fits it: a
 * row's text is cut to the layout's 32-byte user and line and 256-byte host,
 * of which last prints 255 (the texts are read as Latin-1, one char per
 * byte). A boot wtmpdb shows as crashed has no end both agree on (last ends
 * it at the next shutdown record); last's line for a shutdown no boot
 * followed ends at the epoch, where wtmpdb prints none. And last takes a new
 * login on a line as the end of the one before it: a row still open when
 * its TTY was logged into again ends there in last.
 */
function comparable(lines: readonly LastLine[], wtmpdbLines: readonly LastLine[]): { ours: string[]; theirs: string[] } {
  const bootEnds = new Set(wtmpdbLines.filter((l) => l.kind === "reboot" && l.end !== undefined).map((l) => l.start));
  const norm = (l: LastLine): LastLine => (l.kind === "reboot" && !bootEnds.has(l.start) ? { ...l, end: undefined } : l);
  const cut = (l: LastLine): LastLine => (l.kind === "session" ? { ...l, user: l.user.slice(0, 32), tty: l.tty.slice(0, 32), host: l.host.slice(0, 255) } : l);
  const theirs = wtmpdbLines.map(cut);
  const key = (l: LastLine) => `${l.user} ${l.tty} ${l.host} ${l.start}`;
  const open = new Set(theirs.filter((l) => l.kind === "session" && l.end === undefined).map(key));
  const starts = new Set(lines.filter((l) => l.kind === "session").map((l) => `${l.tty} ${l.start}`));
  const ours = lines
    .filter((l) => !(l.kind === "shutdown" && l.end === "Thu Jan  1 00:00:00 1970"))
    .map((l) => (l.kind === "session" && open.has(key(l)) && starts.has(`${l.tty} ${l.end}`) ? { ...l, end: undefined } : l));
  return { ours: asSet(ours.map(norm)), theirs: asSet(theirs.map(norm)) };
}

/** util-linux last -F (with -x, -w as the recorded case has them) of our wtmp for a recorded database, and wtmpdb's lines, comparable. */
async function bothLasts(c: WtmpdbCase): Promise<{ ours: string[]; theirs: string[] }> {
  const out = join(dir(), "wtmp");
  const r = await convert(["--to", "linux-x86_64", "-o", out, join(WTMPDB, "db", c.database)]);
  expect(r.status, r.stderr).toBe(0);
  const flags = c.args.filter((a) => a === "-w" || a === "-x");
  // in a UTF-8 locale last prints a name's bytes as they are, as wtmpdb does
  const ours = lastLines(spawnSync("last", ["-F", ...flags, "-f", out], { encoding: "latin1", env: { PATH: process.env.PATH ?? "", TZ: "UTC", LC_ALL: "C.UTF-8" } }).stdout);
  return comparable(ours, lastLines(readFileSync(join(WTMPDB, c.stdout), "latin1")));
}

describe.skipIf(!haveLast)("convert --to linux-x86_64 of a wtmp.db: util-linux last shows wtmpdb last's sessions", () => {
  const cases = recordedLasts();
  for (const c of cases.filter((x) => !["edge.db", "handmade.db"].includes(x.database))) {
    it(`${c.database} (wtmpdb ${c.args.slice(1).join(" ")})`, async () => {
      const { ours, theirs } = await bothLasts(c);
      expect(ours).toEqual(theirs);
    });
  }

  it("edge.db and handmade.db differ only in what a wtmp cannot say", async () => {
    const differences = async (database: string) => {
      const { ours, theirs } = await bothLasts(cases.find((c) => c.database === database)!);
      return { onlyWtmpdb: theirs.filter((l) => !ours.includes(l)), onlyLast: ours.filter((l) => !theirs.includes(l)) };
    };
    expect(await differences("edge.db")).toEqual({
      onlyWtmpdb: [
        // helen logged out after a boot row: last ends every session at a boot record
        "session helen pts/7 192.0.2.8 Sat Jun  1 09:00:00 2024 - Sat Jun  1 10:30:00 2024",
        // a session with an empty user: last takes such a record as a logout
        "session pts/5 192.0.2.4  Sat Jun  1 06:30:00 2024 - (no time)",
      ],
      onlyLast: ["session helen pts/7 192.0.2.8 Sat Jun  1 09:00:00 2024 - (no time)"],
    });
    expect(await differences("handmade.db")).toEqual({
      onlyWtmpdb: [
        // a NULL TTY, which wtmpdb prints as "?", is an empty line in a wtmp
        "session bob ?  Mon Apr  1 03:00:00 2024 - (no time)",
        // Type 2 (RUNLEVEL) rows, which wtmpdb never writes, have no record here
        "session runlevel ~ 6.1.0-1-amd64 Mon Apr  1 15:00:00 2024 - (no time)",
        "session runlevel ~ 6.1.0-1-amd64 Mon Apr  1 15:30:00 2024 - Mon Apr  1 15:45:00 2024",
      ],
      onlyLast: ["session bob   Mon Apr  1 03:00:00 2024 - (no time)"],
    });
  });
});

describe.skipIf(!haveLast)("wtmp -> wtmpdb -> wtmp: util-linux last shows the same sessions", () => {
  const sessionsOf = (file: string) => lastLines(utilLinuxLast(file)).filter((l) => l.kind === "session");
  const inputs: Array<[string, string]> = [
    ["normal.wtmp", join(WTMPDB, "inputs", "normal.wtmp")],
    ["quirks.wtmp", join(WTMPDB, "inputs", "quirks.wtmp")],
    ["split-2.wtmp", join(WTMPDB, "inputs", "split-2.wtmp")],
    ["volume.wtmp", join(WTMPDB, "inputs", "volume.wtmp.gz")],
    ["generated-glibc-x86_64/wtmp", join(FIXTURES, "generated-glibc-x86_64", "wtmp")],
    ["utmp-rs/with_host_32.utmp", join(FIXTURES, "utmp-rs", "with_host_32.utmp")],
  ];
  for (const [name, file] of inputs) {
    it(name, async () => {
      const d = dir();
      const plain = join(d, "original");
      writeFileSync(plain, file.endsWith(".gz") ? gunzipSync(readFileSync(file)) : readFileSync(file));
      expect((await convert(["--to", "wtmpdb", "-o", join(d, "wtmp.db"), plain])).status).toBe(0);
      expect((await convert(["--to", "linux384-le", "-o", join(d, "back"), join(d, "wtmp.db")])).status).toBe(0);
      const before = sessionsOf(plain), after = sessionsOf(join(d, "back"));
      expect(before.length).toBeGreaterThan(0);
      expect(after).toEqual(before);
    });
  }

  it("edge.wtmp differs only where wtmpdb import keeps less than wtmp held (records it skips, its own pairing)", async () => {
    const d = dir();
    expect((await convert(["--to", "wtmpdb", "-o", join(d, "wtmp.db"), join(WTMPDB, "inputs", "edge.wtmp")])).status).toBe(0);
    expect((await convert(["--to", "linux384-le", "-o", join(d, "back"), join(d, "wtmp.db")])).status).toBe(0);
    const text = (l: LastLine) => `${l.user} ${l.tty} ${l.start} ${l.end ?? "-"}`;
    const before = new Set(sessionsOf(join(WTMPDB, "inputs", "edge.wtmp")).map(text));
    const after = new Set(sessionsOf(join(d, "back")).map(text));
    const lost = [...before].filter((s) => !after.has(s)).sort();
    const gained = [...after].filter((s) => !before.has(s)).sort();
    expect({ lost, gained }).toEqual({
      lost: [
        // an ACCOUNTING record: last shows it, wtmpdb import skips it
        "acct acct Sat Jun  1 13:50:00 2024 -",
        // a second DEAD_PROCESS on dan's line: wtmpdb import sets his Logout again, last takes the first
        "dan pts/2 Sat Jun  1 04:00:00 2024 Sat Jun  1 04:30:00 2024",
        // erin's logout carries her pid on another line: wtmpdb import pairs by pid, last by line only
        "erin pts/3 Sat Jun  1 05:00:00 2024 -",
        // tv_usec 1,500,000: wtmpdb's Login carries it into the next second (14:00:01.5)
        "judy pts/12 Sat Jun  1 14:00:00 2024 Sat Jun  1 14:00:01 2024",
      ],
      gained: [
        "dan pts/2 Sat Jun  1 04:00:00 2024 Sat Jun  1 04:45:00 2024",
        "erin pts/3 Sat Jun  1 05:00:00 2024 Sat Jun  1 05:30:00 2024",
        "judy pts/12 Sat Jun  1 14:00:01 2024 Sat Jun  1 14:00:01 2024",
      ],
    });
  });
});

describe("convert --to a layout: foreign wtmp files this machine's last reads", () => {
  const foreign = [join(SHARED_CORPUS, "apparmor", "wtmp-s390x"), join(SHARED_CORPUS, "apparmor", "wtmp-aarch64"), join(FIXTURES, "plaso", "utmp_s390")].filter(existsSync);

  it.skipIf(foreign.length === 0)("every record's fields as the original's, in the new layout", async () => {
    for (const file of foreign) {
      const out = join(dir(), "wtmp");
      const r = await convert(["--to", "linux384-le", "-o", out, file]);
      expect(r.status, r.stderr).toBe(0);
      const fields = (path: string) => [...open(path)].map((e) => {
        const { offset: _offset, rawType: _rawType, ...rest } = e.toJSON();
        return rest;
      });
      expect(open(out).layout.id).toBe("linux384-le");
      expect(fields(out)).toEqual(fields(file));
    }
  });

  it.skipIf(foreign.length === 0 || !haveLast)("util-linux last reads the converted file as utmpx last reads the original", async () => {
    for (const file of foreign) {
      const out = join(dir(), "wtmp");
      expect((await convert(["--to", "linux-x86_64", "-o", out, file])).status).toBe(0);
      const theirs = spawnSync("last", ["-F", "-w", "-x", "-f", out], { encoding: "latin1", env: { PATH: process.env.PATH ?? "", TZ: "UTC", LC_ALL: "C" } }).stdout;
      const ours = utmpxProcess(["last", "-F", "-w", "-x", "-f", file]).stdout;
      const body = (t: string) => t.split("\n").filter((l) => !/ begins /.test(l)).join("\n");
      expect(body(theirs)).toBe(body(ours));
    }
  });

  it("several inputs are written oldest first, whatever the order given", async () => {
    const d = dir();
    const out = join(d, "wtmp");
    const second = join(WTMPDB, "inputs", "split-2.wtmp"), first = join(WTMPDB, "inputs", "split-1.wtmp");
    expect((await convert(["--to", "linux384-le", "-o", out, second, first])).status).toBe(0);
    expect(readFileSync(out).equals(Buffer.concat([readFileSync(first), readFileSync(second)]))).toBe(true);
  });

  it("a NetBSD utmpx layout begins with its SIGNATURE record", async () => {
    const out = join(dir(), "wtmpx");
    expect((await convert(["--to", "netbsdx520-le", "-o", out, join(WTMPDB, "inputs", "split-1.wtmp")])).status).toBe(0);
    const db = fromBytes(new Uint8Array(readFileSync(out)));
    expect(db.layout.id).toBe("netbsdx520-le");
    const types = [...db].map((e) => e.type);
    expect(types[0]).toBe("SIGNATURE");
    expect(types.slice(1)).toEqual([...open(join(WTMPDB, "inputs", "split-1.wtmp"))].map((e) => e.type));
  });
});

describe.skipIf(!havePython)("convert --to lastlog2: the rows lastlog2 --import writes", () => {
  const expected = JSON.parse(readFileSync(join(import.meta.dirname, "convertLastlog2.expected.json"), "utf8")) as {
    schema: string[]; rows: Array<{ rowid: number; Name: string; Time: number; TTY: string | null; RemoteHost: string | null; Service: null }>;
  };
  const asPy = (rows: typeof expected.rows): PyValue[][] => rows.map((r) => [{ i: String(r.rowid) }, { t: r.Name }, { i: String(r.Time) }, r.TTY === null ? null : { t: r.TTY }, r.RemoteHost === null ? null : { t: r.RemoteHost }, null]);

  it("equal to util-linux 2.41.5's, recorded with the fixture passwd as the system's", async () => {
    const out = join(dir(), "lastlog2.db");
    const r = await convert(["--to", "lastlog2", "--passwd", join(FIXTURES, "lastlog", "passwd"), "-o", out, join(FIXTURES, "lastlog", "lastlog.gz")]);
    expect(r.status, r.stderr).toBe(0);
    const got = pythonQuery(out, "SELECT rowid, Name, Time, TTY, RemoteHost, Service FROM Lastlog2 ORDER BY rowid");
    expect(got.schema).toEqual(expected.schema);
    expect(got.rows).toEqual(asPy(expected.rows));
  });

  it("a lastlog2 database among the inputs has its rows copied as stored, in rowid order (NULLs kept)", async () => {
    const out = join(dir(), "lastlog2.db");
    const source = join(FIXTURES, "lastlog", "lastlog2.db");
    expect((await convert(["--to", "lastlog2", "-o", out, source])).status).toBe(0);
    const q = "SELECT Name, Time, TTY, RemoteHost, Service FROM Lastlog2 ORDER BY rowid";
    const want = pythonQuery(source, q).rows;
    expect(want.length).toBeGreaterThan(3);
    expect(pythonQuery(out, q).rows).toEqual(want);
  });

  const lastlog2 = process.env.UTMPX_LASTLOG2 ?? "/tmp/ul/build/lastlog2";
  const canUnshare = existsSync(lastlog2) && spawnSync("unshare", ["-m", "true"]).status === 0;
  it.skipIf(!canUnshare)("equal to lastlog2 --import run now (the passwd bind-mounted over /etc/passwd in a private mount namespace)", async () => {
    const d = dir();
    writeFileSync(join(d, "lastlog"), gunzipSync(readFileSync(join(FIXTURES, "lastlog", "lastlog.gz"))));
    const passwd = join(FIXTURES, "lastlog", "passwd");
    const theirs = spawnSync("unshare", ["-m", "sh", "-c", `mount --bind "$1" /etc/passwd && "$2" -d "$3" -i "$4"`, "sh", passwd, lastlog2, join(d, "theirs.db"), join(d, "lastlog")]);
    expect(theirs.status).toBe(0);
    expect((await convert(["--to", "lastlog2", "--passwd", passwd, "-o", join(d, "ours.db"), join(d, "lastlog")])).status).toBe(0);
    const q = "SELECT rowid, Name, Time, TTY, RemoteHost, Service FROM Lastlog2 ORDER BY rowid";
    expect(pythonQuery(join(d, "ours.db"), q).rows).toEqual(pythonQuery(join(d, "theirs.db"), q).rows);
  });
});

// A Linux wtmp's run levels have no FreeBSD number: conversion stopped at the
// first ("layout futx197 has no type RUN_LVL"). Shutdowns are said each
// system's way; run levels are left out, counted by type.
describe("convert between systems that say a shutdown differently", () => {
  const at = (minute: number) => 1_700_000_000 + 60 * minute;
  const linux = encode([
    { type: "BOOT_TIME", user: "reboot", line: "~", id: "~~", host: "6.1.0", seconds: at(0) },
    { type: "RUN_LVL", user: "runlevel", line: "~", id: "~~", pid: 53, seconds: at(1) },
    { type: "USER_PROCESS", user: "alice", line: "pts/0", id: "ts/0", pid: 900, host: "h.example", seconds: at(2) },
    { type: "DEAD_PROCESS", line: "pts/0", id: "ts/0", pid: 900, seconds: at(3) },
    { type: "RUN_LVL", user: "shutdown", line: "~", id: "~~", seconds: at(4) },
  ], "linux384-le");

  it("Linux to FreeBSD: the shutdown is SHUTDOWN_TIME, the run level left out and said", async () => {
    const input = join(dir(), "wtmp");
    writeFileSync(input, linux);
    const out = join(dir(), "utx.log");
    const r = await convert(["--to", "utxlog", "-o", out, input]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe("utmpx: warning: left out, as utxlog has no record for them: 1 RUN_LVL\n");
    expect([...open(out)].map((e) => [e.type, e.user, e.seconds])).toStrictEqual([
      ["BOOT_TIME", "reboot", at(0)], ["USER_PROCESS", "alice", at(2)], ["DEAD_PROCESS", "", at(3)], ["SHUTDOWN_TIME", "shutdown", at(4)],
    ]);

    // and back: FreeBSD's shutdown as Linux writes one, which last shows as such
    const back = join(dir(), "wtmp");
    expect((await convert(["--to", "linux384-le", "-o", back, out])).status).toBe(0);
    const shutdown = [...open(back)].at(-1)!;
    expect([shutdown.type, shutdown.user, shutdown.line, shutdown.id, shutdown.seconds]).toStrictEqual(["RUN_LVL", "shutdown", "~", "~~", at(4)]);
  });
});

describe("convert refuses, and writes nothing", () => {
  const input = join(WTMPDB, "inputs", "normal.wtmp");

  it("a value the target cannot hold: naming the file and the record's byte offset, not an entry of an encode call", async () => {
    const d = dir();
    const bytes = new Uint8Array(readFileSync(input));
    const size = 384;
    const bad = Math.floor(bytes.length / size / 2);
    expect(bad).toBeGreaterThan(3);
    new DataView(bytes.buffer).setInt32(bad * size + 344, 17_021_178, true); // microseconds: FreeBSD's futx holds 0-999999
    const path = join(d, "wtmp");
    writeFileSync(path, bytes);
    const out = join(d, "utx.log");
    const r = await convert(["--to", "futx197", "-o", out, path]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`utmpx: ${path}: the record at byte ${bad * size} cannot be written as futx197: microseconds 17021178 does not fit layout futx197 (a whole number from 0 to 999999); refusing to round it\n`);
    expect(existsSync(out)).toBe(false);
  });

  it("an output that is an input: by name, through a symlink, or a hard link", async () => {
    const d = dir();
    const copy = join(d, "wtmp");
    copyFileSync(input, copy);
    symlinkSync(copy, join(d, "sym"));
    linkSync(copy, join(d, "hard"));
    const before = readFileSync(copy);
    for (const out of [copy, join(d, "sym"), join(d, "hard"), join(d, ".", "wtmp")]) {
      for (const to of ["wtmpdb", "linux384-le"]) {
        const r = await convert(["--to", to, "--append", "-o", out, copy].filter((a) => to === "wtmpdb" || a !== "--append"));
        expect(r.status).toBe(2);
        expect(r.stderr).toContain("never writes over an input");
      }
    }
    expect(readFileSync(copy).equals(before)).toBe(true);
  });

  it("an existing output without --append; --append to a wtmp; missing --to, -o or inputs; an unknown layout", async () => {
    const d = dir();
    const out = join(d, "exists");
    writeFileSync(out, "keep me");
    const cases: Array<[string[], RegExp]> = [
      [["--to", "wtmpdb", "-o", out, input], /exists: convert writes a new file/],
      [["--to", "linux384-le", "--append", "-o", join(d, "x"), input], /--append adds to a wtmpdb or lastlog2/],
      [["-o", join(d, "x"), input], /needs --to/],
      [["--to", "wtmpdb", input], /needs -o/],
      [["--to", "wtmpdb", "-o", join(d, "x")], /at least one input/],
      [["--to", "wtmpdb", "--passwd", "/etc/passwd", "-o", join(d, "x"), input], /--passwd goes with --to lastlog2/],
      [["--to", "no-such-layout", "-o", join(d, "x"), input], /unknown layout/],
    ];
    for (const [args, message] of cases) {
      const r = await convert([...args]);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(readFileSync(out, "utf8")).toBe("keep me");
    expect(readdirSync(d)).toEqual(["exists"]);
  });

  it("an input that cannot be read: exit 1, no output left", async () => {
    const d = dir();
    writeFileSync(join(d, "junk"), "not a wtmp, nor anything else utmpx reads\n".repeat(20));
    for (const to of ["wtmpdb", "linux384-le"]) {
      const r = await convert(["--to", to, "-o", join(d, "out"), input, join(d, "junk")]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/utmpx: .*junk/);
      expect(existsSync(join(d, "out"))).toBe(false);
    }
    expect(readdirSync(d).sort()).toEqual(["junk"]);
  });

  it("a lastlog where a history is wanted: exit 1, no output", async () => {
    const d = dir();
    for (const to of ["wtmpdb", "linux384-le"]) {
      const r = await convert(["--to", to, "-o", join(d, "out"), join(FIXTURES, "lastlog", "lastlog.gz")]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("is a lastlog (lastlog292-le), not a history of logins: convert it with --to lastlog2");
    }
    expect(readdirSync(d)).toEqual([]);
  });

  it("--append to a damaged database: exit 1, the database unchanged", async () => {
    const d = dir();
    const out = join(d, "wtmp.db");
    writeFileSync(out, readFileSync(join(WTMPDB, "db", "volume.db")).subarray(0, 50_000));
    const before = readFileSync(out);
    const r = await convert(["--to", "wtmpdb", "--append", "-o", out, input]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/damaged|malformed/);
    expect(readFileSync(out).equals(before)).toBe(true);
  });
});

describe.skipIf(!havePython)("the built CLI", () => {
  it("converts in a process of its own (sql.js loaded from node_modules, kept out of the bundle): wtmpdb import's rows", () => {
    const out = join(dir(), "wtmp.db");
    const r = utmpxProcess(["convert", "--to", "wtmpdb", "-o", out, join(WTMPDB, "inputs", "normal.wtmp")]);
    expect(r.status, r.stderr).toBe(0);
    expect(wtmpRows(out).rows).toEqual(tagged(recordedRows("normal.db")));
  });
});
