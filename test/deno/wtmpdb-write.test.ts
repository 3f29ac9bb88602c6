// Deno: writing a wtmpdb and a lastlog2 database loads sql.js lazily (the
// dynamic import of its inlined-wasm build) and takes the write guard with
// the fcntl lock through Deno.dlopen; the rows are read back by our SQLite
// reader and, with --allow-run, by python's sqlite3.
// Run: deno test --allow-read --allow-write --allow-env --allow-ffi --allow-run test/deno/wtmpdb-write.test.ts
import assert from "node:assert/strict";
import { wtmpdbBoot, wtmpdbLogin, wtmpdbLogout, wtmpdbShutdown, editWtmpdbBytes } from "../../src/write/wtmpdb.ts";
import { lastlog2Write } from "../../src/write/lastlog2.ts";
import { openWtmpdb, wtmpdbFromBytes } from "../../src/read/wtmpdb.ts";

const mayRun = Deno.permissions.querySync({ name: "run" }).state === "granted";

Deno.test("a wtmpdb written in Deno: IDs, logout, boot and shutdown, read back", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "utmpx-deno-wtmpdb-" });
  try {
    const path = `${dir}/wtmp.db`;
    assert.equal(await wtmpdbBoot(path, { login: 1_717_200_000_000_000, kernel: "6.1.0-21-amd64" }), 1);
    const id = await wtmpdbLogin(path, { user: "deno", login: 1_717_203_600_123_456, tty: "pts/0", remoteHost: "192.0.2.1", service: "sshd" });
    assert.equal(id, 2);
    await wtmpdbLogout(path, id, 1_717_207_200_654_321);
    assert.equal(await wtmpdbShutdown(path, 1_717_228_800_000_000), 1);
    const rows = openWtmpdb(path).rows.map((r) => [r.id, r.type, r.user, r.login, r.logout, r.tty, r.remoteHost, r.service]);
    assert.deepEqual(rows, [
      [1, 1, "reboot", 1_717_200_000_000_000, 1_717_228_800_000_000, "~", "6.1.0-21-amd64", null],
      [2, 3, "deno", 1_717_203_600_123_456, 1_717_207_200_654_321, "pts/0", "192.0.2.1", "sshd"],
    ]);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["wtmp.db"]); // no lock or temp file left
    if (mayRun) {
      const out = new Deno.Command("python3", { args: ["-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT group_concat(User) FROM wtmp').fetchone()[0])", path] }).outputSync();
      assert.equal(new TextDecoder().decode(out.stdout).trim(), "reboot,deno");
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("in memory (no file): a new wtmpdb's bytes, and a lastlog2 row on disk", async () => {
  const { bytes, result } = await editWtmpdbBytes(undefined, (w) => w.login({ user: "mem", login: 5, tty: "tty1" }));
  assert.equal(result, 1);
  assert.deepEqual(wtmpdbFromBytes(bytes).rows.map((r) => r.user), ["mem"]);
  const dir = Deno.makeTempDirSync({ prefix: "utmpx-deno-lastlog2-" });
  try {
    await lastlog2Write(`${dir}/lastlog2.db`, { user: "root", time: 1_700_000_000, tty: "tty1", service: "login" });
    assert.ok(Deno.statSync(`${dir}/lastlog2.db`).size >= 8192);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
