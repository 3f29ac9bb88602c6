// Deno: follow() wakes on Deno.watchFs and reads through node:fs as Deno gives
// it. Records appended with the package's own writer (Database.append, in this
// process and from another deno process) while a follower runs arrive once
// each, whole and in order; a rotation (rename, a new file) reads the old file
// to its end, then the new one; a truncation starts over; a restart from a
// saved checkpoint loses nothing and repeats nothing. Deno's sanitizers check
// that a stopped follower leaves no watcher, timer or file open.
// Run: deno test --allow-read --allow-write --allow-env --allow-ffi --allow-run test/deno/follow.test.ts
// (without --allow-run the test of a writer process is left out).
import assert from "node:assert/strict";
import { encode, follow, open, type EntryInput, type FollowBatch, type FollowCheckpoint, type FollowOptions } from "../../src/index.ts";

const LAYOUT = "linux384-le";
const SIZE = 384;
const mayRun = Deno.permissions.querySync({ name: "run" }).state === "granted";
const moduleUrl = new URL("../../src/index.ts", import.meta.url).href;

const login = (n: number): EntryInput => ({ type: "USER_PROCESS", user: `u${n}`, line: `pts/${n % 100}`, pid: 1000 + n, seconds: 1_700_000_000 + n, microseconds: n });
const logins = (from: number, count: number) => Array.from({ length: count }, (_, k) => login(from + k));
const names = (from: number, count: number) => Array.from({ length: count }, (_, k) => `u${from + k}`);

/** A file of `count` records from `from` (or empty), written whole. */
function createFile(path: string, from = 0, count = 0): void {
  Deno.writeFileSync(path, count > 0 ? encode(logins(from, count), LAYOUT) : new Uint8Array(0));
}

/** Appends with the package's writer: one O_APPEND write per call, as updwtmp does. */
const append = (path: string, from: number, count: number) => open(path, { layout: LAYOUT }).append(logins(from, count));

/** A follower run in the background: what it delivered, its last checkpoint and warnings. */
function start(path: string, options: FollowOptions = {}) {
  const stop = new AbortController();
  const users: string[] = [];
  const warnings: string[] = [];
  let checkpoint: FollowCheckpoint | undefined;
  let failure: unknown;
  const run = (async () => {
    const items = follow(path, { pollInterval: 20, ...options, signal: stop.signal, onWarning: (w) => warnings.push(w.code) });
    for await (const item of items as AsyncIterable<FollowBatch>) {
      for (const e of item.batch) users.push(e.user!);
      checkpoint = item.checkpoint;
    }
  })().catch((err) => { failure = err; });
  return {
    users, warnings, get checkpoint() { return checkpoint; },
    /** Resolves once `n` records have arrived (fails after `ms`). */
    async until(n: number, ms = 8000): Promise<void> {
      const deadline = Date.now() + ms;
      while (users.length < n) {
        if (failure) throw failure;
        if (Date.now() > deadline) throw new Error(`waited for ${n} records, got ${users.length}: ${users.slice(-10).join(" ")}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    async stop(): Promise<void> { stop.abort(); await run; if (failure) throw failure; },
  };
}

/** A few poll periods: long enough for a follower to have seen a change it should not report. */
const settle = (ms = 150) => new Promise((r) => setTimeout(r, ms));

/** `fn` with a new temporary folder, removed afterwards. */
async function inTemp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = Deno.makeTempDirSync({ prefix: "utmpx-deno-follow-" });
  try {
    await fn(dir);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

Deno.test("appends while following: every record once, in order; woken by Deno.watchFs (no poll for a minute)", () => inTemp(async (dir) => {
  const path = `${dir}/wtmp`;
  createFile(path, 0, 3);
  // a poll interval longer than the test: only the watcher can wake the follower
  const f = start(path, { pollInterval: 60_000 });
  await settle();
  let next = 3;
  for (let round = 0; round < 40; round++) {
    const count = 1 + (round % 7);
    append(path, next, count);
    next += count;
    if (round % 5 === 0) await f.until(next - 3); // sometimes caught up, sometimes several appends behind
  }
  await f.until(next - 3);
  await settle();
  await f.stop();
  assert.deepEqual(f.users, names(3, next - 3));
  assert.equal(f.checkpoint!.offset, next * SIZE);
}));

Deno.test("polling alone (watch: false) delivers too", () => inTemp(async (dir) => {
  const path = `${dir}/wtmp`;
  createFile(path, 0, 1);
  const f = start(path, { watch: false, pollInterval: 10 });
  await settle();
  append(path, 1, 3);
  await f.until(3);
  await f.stop();
  assert.deepEqual(f.users, names(1, 3));
}));

Deno.test({
  name: "a deno process appending record by record while we follow: every record once, in order",
  ignore: !mayRun,
  fn: () => inTemp(async (dir) => {
    const path = `${dir}/wtmp`;
    createFile(path);
    const f = start(path, { layout: LAYOUT, from: "start" });
    const count = 500;
    const script = `import { open } from ${JSON.stringify(moduleUrl)};
      const db = open(Deno.args[0], { layout: "${LAYOUT}" });
      for (let n = 0; n < ${count}; n++) db.append({ type: "USER_PROCESS", user: "u" + n, line: "pts/" + (n % 100), pid: 1000 + n, seconds: 1700000000 + n });`;
    const writer = new Deno.Command(Deno.execPath(), { args: ["run", "--allow-read", "--allow-write", "--allow-env", "--allow-ffi", "-", path], stdin: "piped", stderr: "piped" }).spawn();
    const stdin = writer.stdin.getWriter();
    await stdin.write(new TextEncoder().encode(script));
    await stdin.close();
    const status = await writer.output();
    assert.equal(status.code, 0, new TextDecoder().decode(status.stderr));
    await f.until(count, 15_000);
    await settle();
    await f.stop();
    assert.deepEqual(f.users, names(0, count));
  }),
});

Deno.test("a record written in two steps arrives once, whole", () => inTemp(async (dir) => {
  const path = `${dir}/wtmp`;
  createFile(path, 0, 1);
  const f = start(path);
  await settle();
  const bytes = encode([login(1)], LAYOUT);
  const file = Deno.openSync(path, { append: true });
  try {
    file.writeSync(bytes.subarray(0, 100));
    await settle();
    assert.deepEqual(f.users, []);
    file.writeSync(bytes.subarray(100));
  } finally {
    file.close();
  }
  await f.until(1);
  await settle();
  await f.stop();
  assert.deepEqual(f.users, ["u1"]);
}));

for (const [how, pollInterval] of [["polled", 20], ["woken by the watcher alone", 60_000]] as const) {
  Deno.test(`rotation (${how}): the old file read to its end (even what is appended to it after the rename), then the new one`, () => inTemp(async (dir) => {
    const path = `${dir}/wtmp`;
    createFile(path, 0, 1);
    const f = start(path, { pollInterval });
    await settle();
    append(path, 1, 2);
    await f.until(2);
    Deno.renameSync(path, `${path}.1`);
    append(`${path}.1`, 3, 1); // a writer that still had the old file open
    createFile(path);
    append(path, 4, 2);
    await f.until(5);
    append(path, 6, 1);
    await f.until(6);
    await settle();
    await f.stop();
    assert.deepEqual(f.users, names(1, 6));
    assert.ok(f.warnings.includes("ROTATED"), f.warnings.join(" "));
  }));
}

Deno.test("truncation starts over with a warning", () => inTemp(async (dir) => {
  const path = `${dir}/wtmp`;
  createFile(path, 0, 4);
  const f = start(path);
  await settle();
  Deno.truncateSync(path, 0);
  await settle();
  append(path, 10, 1);
  await f.until(1);
  await f.stop();
  assert.deepEqual(f.users, ["u10"]);
  assert.ok(f.warnings.includes("TRUNCATED"), f.warnings.join(" "));
}));

Deno.test("a restart from the checkpoint loses nothing and repeats nothing, on the same file and across a rotation", () => inTemp(async (dir) => {
  const path = `${dir}/wtmp`;
  createFile(path, 0, 2);
  const first = start(path, { from: "start" });
  await first.until(2);
  append(path, 2, 1);
  await first.until(3);
  await first.stop();
  const saved = first.checkpoint!;
  assert.equal(saved.offset, 3 * SIZE);
  assert.equal(saved.inode, Deno.statSync(path).ino);

  // while no one follows: more records in the same file
  append(path, 3, 2);
  const second = start(path, { from: JSON.parse(JSON.stringify(saved)) }); // as a shipper saves and reads it back
  await second.until(2);
  append(path, 5, 1);
  await second.until(3);
  await second.stop();

  // and again, now with a rotation while no one follows
  append(path, 6, 1);
  Deno.renameSync(path, `${path}.1`);
  createFile(path);
  append(path, 7, 2);
  const third = start(path, { from: second.checkpoint! });
  await third.until(3);
  await settle();
  await third.stop();
  assert.deepEqual([...first.users, ...second.users, ...third.users], names(0, 9));
}));
