// Bun: writing a wtmpdb and a lastlog2 database loads sql.js lazily (the
// dynamic import of its inlined-wasm build) and takes the write guard with
// the fcntl lock through bun:ffi; the rows are read back by our SQLite reader
// and by python's sqlite3 where it is installed. Run: bun test test/bun/
import { expect, test } from "bun:test";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { wtmpdbBoot, wtmpdbLogin, wtmpdbLogout, wtmpdbShutdown, editWtmpdbBytes } from "../../src/write/wtmpdb.ts";
import { lastlog2Write } from "../../src/write/lastlog2.ts";
import { openWtmpdb, wtmpdbFromBytes } from "../../src/read/wtmpdb.ts";

const python = Bun.spawnSync(["python3", "-c", "import sqlite3"]).exitCode === 0;

test("a wtmpdb written in Bun: IDs, logout, boot and shutdown, read back", async () => {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-bun-wtmpdb-"));
  try {
    const path = join(dir, "wtmp.db");
    expect(await wtmpdbBoot(path, { login: 1_717_200_000_000_000, kernel: "6.1.0-21-amd64" })).toBe(1);
    const id = await wtmpdbLogin(path, { user: "bun", login: 1_717_203_600_123_456, tty: "pts/0", remoteHost: "192.0.2.1", service: "sshd" });
    expect(id).toBe(2);
    await wtmpdbLogout(path, id, 1_717_207_200_654_321);
    expect(await wtmpdbShutdown(path, 1_717_228_800_000_000)).toBe(1);
    const rows = openWtmpdb(path).rows.map((r) => [r.id, r.type, r.user, r.login, r.logout, r.tty, r.remoteHost, r.service]);
    expect(rows).toEqual([
      [1, 1, "reboot", 1_717_200_000_000_000, 1_717_228_800_000_000, "~", "6.1.0-21-amd64", null],
      [2, 3, "bun", 1_717_203_600_123_456, 1_717_207_200_654_321, "pts/0", "192.0.2.1", "sshd"],
    ]);
    expect(readdirSync(dir)).toEqual(["wtmp.db"]); // no lock or temp file left
    if (python) {
      const out = Bun.spawnSync(["python3", "-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT group_concat(User) FROM wtmp').fetchone()[0])", path]);
      expect(out.stdout.toString().trim()).toBe("reboot,bun");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("in memory (no file): a new wtmpdb's bytes, and a lastlog2 row on disk", async () => {
  const { bytes, result } = await editWtmpdbBytes(undefined, (w) => w.login({ user: "mem", login: 5, tty: "tty1" }));
  expect(result).toBe(1);
  expect(wtmpdbFromBytes(bytes).rows.map((r) => r.user)).toEqual(["mem"]);
  const dir = mkdtempSync(join(tmpdir(), "utmpx-bun-lastlog2-"));
  try {
    await lastlog2Write(join(dir, "lastlog2.db"), { user: "root", time: 1_700_000_000, tty: "tty1", service: "login" });
    expect(readdirSync(dir)).toEqual(["lastlog2.db"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
