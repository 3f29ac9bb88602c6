// follow(): records appended to a live file arrive whole, once each and in
// order, through rotation, truncation, a record written in two steps, and a
// restart from a checkpoint. Short poll intervals and waits for the records
// themselves: no fixed sleeps beyond a few poll periods.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { follow, type FollowBatch, type FollowCheckpoint, type FollowWarning } from "../../src/read/follow.ts";
import { encode, type EntryInput } from "../../src/write/encode.ts";
import type { UtmpWarning } from "../../src/util/errors.ts";

const LAYOUT = "linux384-le";
const SIZE = 384;
let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), "utmpx-follow-")); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const login = (n: number): EntryInput => ({ type: "USER_PROCESS", user: `u${n}`, line: `pts/${n}`, pid: 1000 + n, seconds: 1_700_000_000 + n, microseconds: n });
const records = (from: number, count: number, layout = LAYOUT) => encode(Array.from({ length: count }, (_, k) => login(from + k)), layout);

/** A follow and what it has delivered so far, read by a background loop. */
function start(path: string, options: Parameters<typeof follow>[1] = {}) {
  const stop = new AbortController();
  const users: string[] = [];
  const warnings: (UtmpWarning | FollowWarning)[] = [];
  let checkpoint: FollowCheckpoint | undefined;
  let failure: unknown;
  const run = (async () => {
    for await (const item of follow(path, { pollInterval: 20, ...options, signal: stop.signal, onWarning: (w) => warnings.push(w) }) as AsyncIterable<FollowBatch>) {
      for (const e of item.batch) users.push(e.user!);
      checkpoint = item.checkpoint;
    }
  })().catch((err) => { failure = err; });
  return {
    users, warnings, get checkpoint() { return checkpoint; },
    /** Resolves once `n` users have arrived (fails after 5 s). */
    async until(n: number): Promise<void> {
      const deadline = Date.now() + 5000;
      while (users.length < n) {
        if (failure) throw failure;
        if (Date.now() > deadline) throw new Error(`waited for ${n} records, got ${users.length}: ${users.join(" ")}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    async stop(): Promise<void> { stop.abort(); await run; if (failure) throw failure; },
  };
}

const names = (from: number, count: number) => Array.from({ length: count }, (_, k) => `u${from + k}`);
/** A few poll periods: long enough for a follower to have seen a change it should not report. */
const settle = () => new Promise((r) => setTimeout(r, 120));

describe("follow a fixed-size layout", () => {
  test("from the end: only what is appended, in order", async () => {
    const path = join(dir, "wtmp");
    writeFileSync(path, records(0, 3));
    const f = start(path);
    await settle();
    appendFileSync(path, records(3, 2));
    await f.until(2);
    appendFileSync(path, records(5, 1));
    await f.until(3);
    await f.stop();
    expect(f.users).toEqual(names(3, 3));
  });

  test("from the start, and a file that does not exist yet", async () => {
    const path = join(dir, "wtmp");
    const f = start(path, { from: "start", layout: LAYOUT });
    await settle();
    writeFileSync(path, records(0, 2));
    await f.until(2);
    await f.stop();
    expect(f.users).toEqual(names(0, 2));
  });

  test("a record written in two steps arrives once, whole", async () => {
    const path = join(dir, "wtmp");
    writeFileSync(path, records(0, 1));
    const f = start(path);
    await settle();
    const bytes = records(1, 1);
    appendFileSync(path, bytes.subarray(0, 100));
    await settle();
    expect(f.users).toEqual([]);
    appendFileSync(path, bytes.subarray(100));
    await f.until(1);
    await f.stop();
    expect(f.users).toEqual(["u1"]);
  });

  test("rotation: the old file is read to its end (even what is written to it after the rename), then the new one", async () => {
    const path = join(dir, "wtmp");
    writeFileSync(path, records(0, 1));
    const f = start(path);
    await settle();
    appendFileSync(path, records(1, 1));
    await f.until(1);
    renameSync(path, `${path}.1`);
    appendFileSync(`${path}.1`, records(2, 1)); // a writer that still had the old file open
    writeFileSync(path, records(3, 2));
    await f.until(4);
    await f.stop();
    expect(f.users).toEqual(names(1, 4));
    expect(f.warnings.map((w) => w.code)).toContain("ROTATED");
  });

  test("a file rotated before it held enough to tell its layout: the new one is followed", async () => {
    const path = join(dir, "wtmp");
    writeFileSync(path, new Uint8Array(0));
    const f = start(path);
    await settle();
    renameSync(path, `${path}.1`);
    writeFileSync(path, records(0, 2));
    await f.until(2);
    await f.stop();
    expect(f.users).toEqual(names(0, 2));
  });

  test("truncation starts over with a warning", async () => {
    const path = join(dir, "wtmp");
    writeFileSync(path, records(0, 4));
    const f = start(path);
    await settle();
    truncateSync(path, 0);
    await settle();
    appendFileSync(path, records(10, 1));
    await f.until(1);
    await f.stop();
    expect(f.users).toEqual(["u10"]);
    expect(f.warnings.map((w) => w.code)).toContain("TRUNCATED");
  });

  test("a restart from the checkpoint loses nothing and repeats nothing, across a rotation", async () => {
    const path = join(dir, "wtmp");
    writeFileSync(path, records(0, 2));
    const first = start(path, { from: "start" });
    await first.until(2);
    await first.stop();
    const saved = first.checkpoint!;
    expect(saved.offset).toBe(2 * SIZE);
    // while no one follows: more records, a rotation, records in the new file
    appendFileSync(path, records(2, 2));
    renameSync(path, `${path}.1`);
    writeFileSync(path, records(4, 1));
    const second = start(path, { from: saved });
    await second.until(3);
    await settle();
    await second.stop();
    expect([...first.users, ...second.users]).toEqual(names(0, 5));
  });

  test("a checkpoint on the same file resumes at its offset", async () => {
    const path = join(dir, "wtmp");
    writeFileSync(path, records(0, 3));
    const first = start(path, { from: 0 });
    await first.until(3);
    await first.stop();
    appendFileSync(path, records(3, 1));
    const second = start(path, { from: first.checkpoint! });
    await second.until(1);
    await settle();
    await second.stop();
    expect(second.users).toEqual(["u3"]);
  });

  test("a checkpoint of a file truncated since, and grown back past its offset, starts over", async () => {
    const path = join(dir, "wtmp");
    writeFileSync(path, new Uint8Array([...records(0, 3), ...new Uint8Array(100)])); // 100 bytes of a record being written
    const first = start(path, { from: "start" });
    await first.until(3);
    await first.stop();
    expect(first.checkpoint).toMatchObject({ offset: 3 * SIZE, size: 3 * SIZE + 100 });
    // rewritten in place (the same inode): three other records and part of a fourth, beyond the offset but smaller than before
    writeFileSync(path, new Uint8Array([...records(10, 3), ...new Uint8Array(50)]));
    const second = start(path, { from: first.checkpoint! });
    await second.until(3);
    await second.stop();
    expect(second.users).toEqual(names(10, 3));
    expect(second.warnings.map((w) => w.code)).toContain("TRUNCATED");
  });

  test("polling alone (no watcher) still delivers", async () => {
    const path = join(dir, "wtmp");
    writeFileSync(path, records(0, 1));
    const f = start(path, { watch: false, pollInterval: 10 });
    await settle();
    appendFileSync(path, records(1, 3));
    await f.until(3);
    await f.stop();
    expect(f.users).toEqual(names(1, 3));
  });
});

test("FreeBSD utx.log (records of varying size): a partial entry is waited for", async () => {
  const path = join(dir, "utx.log");
  writeFileSync(path, records(0, 2, "utxlog"));
  const f = start(path, { layout: "utxlog" });
  await settle();
  const bytes = records(2, 2, "utxlog");
  appendFileSync(path, bytes.subarray(0, bytes.length - 5));
  await f.until(1);
  await settle();
  expect(f.users).toEqual(["u2"]);
  appendFileSync(path, bytes.subarray(bytes.length - 5));
  await f.until(2);
  await f.stop();
  expect(f.users).toEqual(["u2", "u3"]);
});

test("a writer process appending in pieces of any size: every record once, in order", async () => {
  const path = join(dir, "wtmp");
  writeFileSync(path, new Uint8Array(0));
  const f = start(path, { layout: LAYOUT, from: "start" });
  const all = records(0, 300);
  // another process, writing 300 records in chunks that split records anywhere
  const script = `const fs=require("fs");const b=fs.readFileSync(process.argv[1]);let at=0,k=7;` +
    `while(at<b.length){const n=Math.min(b.length-at,(k=(k*1103515245+12345)%2147483648)%1500+1);fs.appendFileSync(process.argv[2],b.subarray(at,at+n));at+=n;}`;
  writeFileSync(join(dir, "all"), all);
  const { execFileSync } = await import("node:child_process");
  execFileSync(process.execPath, ["-e", script, join(dir, "all"), path]);
  await f.until(300);
  await f.stop();
  expect(f.users).toEqual(names(0, 300));
});

// follow() of a directory threw node's bare "EISDIR: illegal operation on a directory, read".
describe("follow a path that is a directory", () => {
  test("is UtmpError IO that names it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "utmpx-follow-dir-"));
    try {
      const error = await (async () => { for await (const _ of follow(dir)) break; })().catch((err: unknown) => err);
      expect(error).toMatchObject({ code: "IO", message: `utmpx: cannot read ${dir}: it is a directory` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// A .gz was judged as records and said to be "not a utmp/wtmp/btmp file of any known layout".
test("a gzip archive is refused as one: an archive is not appended to", async () => {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-follow-gz-"));
  try {
    const path = join(dir, "wtmp.1.gz");
    writeFileSync(path, gzipSync(records(0, 50)));
    const error = await (async () => { for await (const _ of follow(path, { from: "start" })) break; })().catch((err: unknown) => err);
    expect(error).toMatchObject({ code: "UNSUPPORTED", message: expect.stringMatching(/wtmp\.1\.gz is a gzip archive: following reads records as they are appended/) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// follow(undefined) failed as "reading 'lastIndexOf'", a signal of {} as "throwIfAborted is not a function".
describe("follow()'s arguments", () => {
  test("are TypeErrors naming them, before the file is looked at", async () => {
    const first = (path: unknown, options?: unknown) => (async () => { for await (const _ of follow(path as string, options as never)) break; })().catch((err: unknown) => err);
    expect(await first(undefined)).toEqual(new TypeError("utmpx: follow(path) is undefined, not a path (a string)"));
    expect(await first(new URL("file:///var/log/wtmp"))).toEqual(new TypeError("utmpx: follow(path) is an object (URL), not a path (a string)"));
    expect(await first("/nonexistent/wtmp", null)).toEqual(new TypeError("utmpx: follow() options are null, not an object"));
    expect(await first("/nonexistent/wtmp", { signal: {} })).toEqual(new TypeError("utmpx: the signal option is an object (Object), not an AbortSignal"));
  });
});
