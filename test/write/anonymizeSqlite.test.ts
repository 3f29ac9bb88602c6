// anonymize() on wtmpdb and lastlog2 databases (the fixtures wtmpdb 0.75 and
// liblastlog2 wrote, a -wal included): the copy reads to the same rows (IDs,
// types, times, TTYs, services) with users and hosts replaced by the
// pseudonyms a record file gets under the same key; no original name is left
// in its bytes (VACUUM leaves no old page); the command writes it too.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fromBytes, lastlogFromBytes, UtmpError, wtmpdbFromBytes } from "../../src/index.ts";
import { anonymize } from "../../src/write/anonymize.ts";
import { SqliteImage } from "../../src/write/sqliteImage.ts";
import { sqliteLibrary } from "../../src/write/sqliteLibrary.ts";
import { anonymizeCommand, ANONYMIZE_OPTIONS } from "../../src/cli/anonymize.ts";
import { parseArgs } from "../../src/cli/args.ts";
import { CliError } from "../../src/cli/cliError.ts";
import { sinkContext } from "../support/outputSink.ts";
import { FIXTURES } from "../support/paths.ts";

const KEY = "correct horse battery staple";
const CONVENTIONS = new Set(["reboot", "shutdown", "runlevel", "date", "LOGIN"]);
const read = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));
const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");

/** A host's replacement is of its kind: an address text of its family, else a name. */
function expectHost(before: string | null, after: string | null): void {
  if (!before || isIP(before) && (before.startsWith("127.") || before === "::1" || /^0\.0\.0\.0$|^::$/.test(before))) {
    expect(after).toBe(before);
    return;
  }
  expect(after).not.toBe(before);
  expect(isIP(after!)).toBe(isIP(before));
  if (!isIP(before)) expect(after).toMatch(/^h[a-z2-7]{15}\.invalid$/);
}

describe("anonymize(): a wtmpdb whose texts are longer than any record's field", () => {
  it("replaces a 200,000-char user and a 300,000-char host (a hostile database) without a stack overflow", async () => {
    // SQLite texts have no bound: spreading one into String.fromCharCode(...) threw RangeError here before
    const { Database } = await sqliteLibrary();
    const db = new Database(read("wtmpdb/db/normal.db"));
    const user = "u".repeat(200_000), host = "h".repeat(300_000);
    db.run("UPDATE wtmp SET User = ?, RemoteHost = ? WHERE ID = (SELECT min(ID) FROM wtmp WHERE Type = 3)", [user, host]);
    const input = db.export();
    const before = wtmpdbFromBytes(input).rows;
    const at = before.findIndex((r) => r.user === user);
    expect(at).toBeGreaterThanOrEqual(0);
    const after = wtmpdbFromBytes(await anonymize(input, { key: KEY })).rows;
    expect(after[at]!.user).toMatch(/^u[a-z2-7]{15}$/);
    expectHost(before[at]!.remoteHost, after[at]!.remoteHost);
    // the same key gives the same pseudonym again
    expect(after[at]!.user).toBe((await anonymize(input, { key: KEY }).then((b) => wtmpdbFromBytes(b).rows[at]!.user)));
  });
});

describe("anonymize(): wtmpdb", () => {
  // quirks.db: TTYs that ran on into the user's bytes (wtmpdb read the record's full-width line as a C string)
  for (const db of ["normal", "glibc", "bootverbs", "edge", "handmade", "quirks", "rotated", "split", "utmp-rs", "volume"]) {
    it(`${db}.db`, async () => {
      const input = read(`wtmpdb/db/${db}.db`);
      const out = await anonymize(input, { key: KEY });
      const before = wtmpdbFromBytes(input).rows, after = wtmpdbFromBytes(out).rows;
      expect(after.length).toBe(before.length);
      const originals = new Set<string>();
      before.forEach((a, i) => {
        const b = after[i]!;
        // a TTY that ran on past a line field's 32 bytes into the record's id, user and host is cut back to them
        expect(b.tty).toBe(a.tty && a.tty.length > 32 ? a.tty.slice(0, 32) : a.tty);
        expect({ ...b, user: "", remoteHost: "", tty: "" }).toEqual({ ...a, user: "", remoteHost: "", tty: "" });
        if (a.user === "" || CONVENTIONS.has(a.user)) expect(b.user).toBe(a.user);
        else {
          expect(b.user).toMatch(/^u[a-z2-7]{15}$/);
          originals.add(a.user);
        }
        expectHost(a.remoteHost, b.remoteHost);
        if (a.remoteHost && b.remoteHost !== a.remoteHost) originals.add(a.remoteHost);
      });
      const text = latin1(out);
      // not counted: a pseudonym that holds it ("a.invalid" is the end of every host name's)
      const kept = after.map((r) => `${r.user}\n${r.remoteHost}`).join("\n");
      for (const value of originals) if (value.length >= 4 && !kept.includes(value)) expect(text.includes(value), `"${value}" left`).toBe(false);
    });
  }

  it("gives a name the pseudonym it gets in a wtmp under the same key (glibc.db was imported from the generated wtmp)", async () => {
    const db = wtmpdbFromBytes(await anonymize(read("wtmpdb/db/glibc.db"), { key: KEY })).rows;
    const wtmp = [...fromBytes(await anonymize(read("generated-glibc-x86_64/wtmp"), { key: KEY }))];
    const users = new Set(wtmp.map((e) => e.user)), hosts = new Set(wtmp.map((e) => e.host));
    // where wtmpdb read a full-width field as a C string running on into the next, the value is another one
    const original = wtmpdbFromBytes(read("wtmpdb/db/glibc.db")).rows;
    const named = db.filter((r, i) => r.type === 3 && original[i]!.user.length < 32);
    expect(named.length).toBeGreaterThan(4);
    for (const r of named) expect(users.has(r.user), r.user).toBe(true);
    for (const [i, r] of db.entries()) if (r.remoteHost && original[i]!.remoteHost!.length < 256) expect(hosts.has(r.remoteHost), r.remoteHost).toBe(true);
  });
});

describe("anonymize(): lastlog2", () => {
  for (const name of ["lastlog2.db", "lastlog2-strict.db"]) {
    it(name, async () => {
      const input = read(`lastlog/${name}`);
      const out = await anonymize(input, { key: KEY });
      const key = (e: { seconds: number; line?: string | undefined; id?: string | undefined }) => `${e.seconds} ${e.line} ${e.id}`;
      const before = [...lastlogFromBytes(input)], after = [...lastlogFromBytes(out)];
      expect(after.map(key).sort()).toEqual(before.map(key).sort()); // the same rows, in the new names' order
      const text = latin1(out);
      for (const e of before) {
        const b = after.find((x) => key(x) === key(e))!;
        expect(b.user).toMatch(/^u[a-z2-7]{15}$/);
        expectHost(e.host ?? null, b.host ?? null);
        for (const v of [e.user, e.host]) if (v && v.length >= 4) expect(text.includes(v), `"${v}" left`).toBe(false);
      }
    });
  }

  it("folds in the committed rows of a -wal", async () => {
    const input = read("lastlog/lastlog2-wal.db"), wal = read("lastlog/lastlog2-wal.db-wal");
    const withWal = [...lastlogFromBytes(input, { wal })];
    const out = await anonymize(input, { key: KEY, wal });
    const after = [...lastlogFromBytes(out)];
    expect(after.map((e) => e.seconds).sort()).toEqual(withWal.map((e) => e.seconds).sort());
    expect(after.length).toBeGreaterThan([...lastlogFromBytes(input)].length);
  });

  it("refuses a database with neither table, and the command writes the copy (refusing a -wal left at the output's name)", async () => {
    const image = await SqliteImage.open(undefined, "other");
    image.db.run("CREATE TABLE notes(text TEXT)");
    const other = image.export();
    image.close();
    const err = (await anonymize(other, { key: KEY }).catch((e: unknown) => e)) as UtmpError;
    expect(err.code).toBe("UNSUPPORTED_FORMAT");
    expect(err.message).toMatch(/neither wtmpdb's table nor lastlog2's \(it has notes\)/);

    const dir = mkdtempSync(join(tmpdir(), "utmpx-anonymize-db-"));
    const db = join(dir, "lastlog2.db"), out = join(dir, "copy.db");
    copyFileSync(join(FIXTURES, "lastlog/lastlog2-wal.db"), db);
    copyFileSync(join(FIXTURES, "lastlog/lastlog2-wal.db-wal"), `${db}-wal`);
    const { ctx } = sinkContext();
    expect(await anonymizeCommand(parseArgs(["--key", KEY, "-o", out, db], ANONYMIZE_OPTIONS), ctx)).toBe(0);
    expect(readFileSync(out)).toEqual(Buffer.from(await anonymize(read("lastlog/lastlog2-wal.db"), { key: KEY, wal: read("lastlog/lastlog2-wal.db-wal") })));
    writeFileSync(join(dir, "again.db-wal"), "stale");
    const refused = await anonymizeCommand(parseArgs(["--key", KEY, "-o", join(dir, "again.db"), db], ANONYMIZE_OPTIONS), ctx).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CliError);
    expect((refused as Error).message).toMatch(/again\.db-wal exists/);
  });
});

describe("anonymize(): a wtmp or Lastlog2 table the readers would not read", () => {
  /** A database holding one table made by `create` and one row put in by `insert`. */
  async function database(create: string, insert: string): Promise<Uint8Array> {
    const image = await SqliteImage.open(undefined, "made");
    image.db.run(create);
    image.db.run(insert);
    const bytes = image.export();
    image.close();
    return bytes;
  }
  const cases = [
    ["a WITHOUT ROWID wtmp", "CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, User TEXT NOT NULL, Login INTEGER, Logout INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT) WITHOUT ROWID",
      "INSERT INTO wtmp VALUES (1, 3, 'alice', 1700000000000000, NULL, 'pts/0', 'h', 'sshd')", /its wtmp table is not wtmpdb's \(not an ordinary rowid table: WITHOUT ROWID/],
    ["a WITHOUT ROWID Lastlog2", "CREATE TABLE Lastlog2(Name TEXT PRIMARY KEY, Time INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT) WITHOUT ROWID",
      "INSERT INTO Lastlog2 VALUES ('alice', 1700000000, 'pts/0', 'h', 'sshd')", /its Lastlog2 table is not lastlog2's \(not an ordinary rowid table: WITHOUT ROWID/],
    ["a wtmp without most of wtmpdb's columns", "CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, User TEXT)",
      "INSERT INTO wtmp VALUES (1, 3, 'a')", /its wtmp table is not wtmpdb's \(no column Login, Logout, TTY, RemoteHost, Service\)/],
    ["a Lastlog2 without most of lastlog2's columns", "CREATE TABLE Lastlog2(Name TEXT PRIMARY KEY, Time INTEGER)",
      "INSERT INTO Lastlog2 VALUES ('a', 1)", /its Lastlog2 table is not lastlog2's \(no column TTY, RemoteHost, Service\)/],
  ] as const;
  for (const [what, create, insert, message] of cases) {
    it(`refuses ${what} with one line naming the file (not SQLite's "no such column")`, async () => {
      const err = await anonymize(await database(create, insert), { key: KEY, name: "odd.db" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UtmpError);
      expect((err as UtmpError).code).toBe("UNSUPPORTED_FORMAT");
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).toMatch(/^utmpx: odd\.db: .*; nothing written$/);
    });
  }

  it("the command writes no output file for one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "utmpx-anonymize-odd-"));
    const input = join(dir, "wr.db"), out = join(dir, "wr.anon");
    writeFileSync(input, await database(cases[0][1], cases[0][2]));
    const { ctx } = sinkContext();
    const err = await anonymizeCommand(parseArgs(["--key", "k", "-o", out, input], ANONYMIZE_OPTIONS), ctx).catch((e: unknown) => e);
    expect((err as Error).message).toBe(`utmpx: ${input}: its wtmp table is not wtmpdb's (not an ordinary rowid table: WITHOUT ROWID, virtual or unparsed); nothing written`);
    expect(existsSync(out)).toBe(false);
  });
});
