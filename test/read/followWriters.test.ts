// follow() against real writers: glibc's updwtmpx (a small C helper, when a
// compiler is present) and wtmpdb databases changed as libwtmpdb changes them
// (new rows, Logout set on an old one), including a restart from a checkpoint.
import { afterEach, beforeEach, expect, test } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync, spawnSync } from "node:child_process";
import { follow, type FollowCheckpoint } from "../../src/read/follow.ts";
import { wtmpdbLogin, wtmpdbLogout } from "../../src/write/wtmpdb.ts";

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), "utmpx-followw-")); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Seen { type: string; user: string; session: number | undefined }

function start(path: string, from: Parameters<typeof follow>[1] extends infer O ? O extends { from?: infer F } ? F : never : never) {
  const stop = new AbortController();
  const seen: Seen[] = [];
  let checkpoint: FollowCheckpoint | undefined;
  let failure: unknown;
  const run = (async () => {
    for await (const { batch, checkpoint: cp } of follow(path, { from, pollInterval: 20, signal: stop.signal })) {
      for (const e of batch) seen.push({ type: e.type, user: e.user ?? "", session: e.session });
      checkpoint = cp;
    }
  })().catch((err) => { failure = err; });
  return {
    seen, get checkpoint() { return checkpoint; },
    async until(n: number) {
      const deadline = Date.now() + 8000;
      while (seen.length < n) {
        if (failure) throw failure;
        if (Date.now() > deadline) throw new Error(`waited for ${n}, got ${JSON.stringify(seen)}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    async stop() { stop.abort(); await run; if (failure) throw failure; },
  };
}
const settle = () => new Promise((r) => setTimeout(r, 150));

const hasCompiler = spawnSync("cc", ["--version"]).status === 0;

test.skipIf(!hasCompiler)("glibc's updwtmpx appending from another process while we follow", async () => {
  const source = join(dir, "w.c");
  writeFileSync(source, `#define _GNU_SOURCE
#include <utmpx.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
int main(int argc, char **argv) {
  int n = atoi(argv[2]);
  for (int i = 0; i < n; i++) {
    struct utmpx ut; memset(&ut, 0, sizeof ut);
    ut.ut_type = USER_PROCESS; ut.ut_pid = 100 + i;
    snprintf(ut.ut_user, sizeof ut.ut_user, "g%d", i);
    snprintf(ut.ut_line, sizeof ut.ut_line, "pts/%d", i);
    gettimeofday((struct timeval *)&ut.ut_tv, NULL);
    updwtmpx(argv[1], &ut);
  }
  return 0;
}
`);
  const exe = join(dir, "w");
  execFileSync("cc", ["-o", exe, source]);
  const path = join(dir, "wtmp");
  writeFileSync(path, new Uint8Array(0)); // updwtmpx appends only to a file that exists, as login(1) finds it
  execFileSync(exe, [path, "1"]); // one record to tell the layout by
  const f = start(path, "end");
  await settle();
  execFileSync(exe, [path, "200"]);
  await f.until(200);
  await f.stop();
  expect(f.seen.map((s) => s.user)).toEqual(Array.from({ length: 200 }, (_, i) => `g${i}`));
  expect(new Set(f.seen.map((s) => s.type))).toEqual(new Set(["USER_PROCESS"]));
});

test("wtmpdb: new rows and a Logout set later, and a restart from the checkpoint", async () => {
  const path = join(dir, "wtmp.db");
  const old = await wtmpdbLogin(path, { user: "old", tty: "pts/0", login: 1_700_000_000_000_000 });
  const f = start(path, "end");
  await settle();
  const alice = await wtmpdbLogin(path, { user: "alice", tty: "pts/1", login: 1_700_000_100_000_000 });
  await f.until(1);
  await wtmpdbLogout(path, old, 1_700_000_200_000_000);
  await f.until(2);
  await settle();
  await f.stop();
  expect(f.seen).toEqual([
    { type: "USER_PROCESS", user: "alice", session: alice },
    { type: "DEAD_PROCESS", user: "", session: old },
  ]);
  // stopped: alice logs out and bob logs in; the restart hands out exactly those
  const saved = f.checkpoint!;
  expect(saved.open).toEqual([alice]);
  await wtmpdbLogout(path, alice, 1_700_000_300_000_000);
  const bob = await wtmpdbLogin(path, { user: "bob", tty: "pts/2", login: 1_700_000_400_000_000 });
  const again = start(path, saved);
  await again.until(2);
  await settle();
  await again.stop();
  expect(again.seen).toEqual([
    { type: "DEAD_PROCESS", user: "", session: alice },
    { type: "USER_PROCESS", user: "bob", session: bob },
  ]);
});

test.skipIf(spawnSync("python3", ["-c", "import sqlite3"]).status !== 0)("wtmpdb damaged below its root: new rows still followed, the damage said once", async () => {
  const path = join(dir, "wtmp.db");
  const bytes = new Uint8Array(readFileSync(new URL("../fixtures/wtmpdb/db/volume.db", import.meta.url)));
  const P = (bytes[16]! << 8) | bytes[17]!;
  // page 2's first child: the root of volume.db's wtmp is page 2, a leaf's type byte made an index page's
  const root = (2 - 1) * P;
  const child = new DataView(bytes.buffer).getUint32(root + ((bytes[root + 12]! << 8) | bytes[root + 13]!));
  bytes[(child - 1) * P] = 0x02;
  writeFileSync(path, bytes);
  const warnings: string[] = [];
  const seen: string[] = [];
  const stop = new AbortController();
  const run = (async () => {
    for await (const { batch } of follow(path, { from: "end", pollInterval: 20, signal: stop.signal, onWarning: (w) => warnings.push(w.code) })) {
      for (const e of batch) seen.push(e.user ?? "");
    }
  })();
  await settle();
  const insert = (user: string) => execFileSync("python3", ["-c",
    "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"INSERT INTO wtmp(Type,User,Login,TTY) VALUES (3,?,1900000000000000,'pts/9')\", (sys.argv[2],)); c.commit()", path, user]);
  insert("carol");
  const deadline = Date.now() + 8000;
  while (seen.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  insert("dave");
  while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  await settle();
  stop.abort();
  await run;
  expect(seen).toEqual(["carol", "dave"]);
  expect(warnings.filter((c) => c === "SQLITE_DAMAGED")).toHaveLength(1);
});
