// Deno with --allow-ffi (issue 10): writers take glibc's fcntl write lock on the
// whole file (as an OFD lock through Deno.dlopen; Deno.FsFile.lock is flock,
// which Linux keeps apart from fcntl locks), so they wait for a writer holding
// glibc's lock, here a classic lock of this very process (a worker appends: an
// OFD lock conflicts with it even within one process) and a Python process.
// Eight deno processes neither duplicate a new NetBSD wtmpx's SIGNATURE record
// nor overwrite each other's utmp slots, and a real short write (a file size
// limit) leaves the file as it was.
// Run: deno test --allow-read --allow-write --allow-env --allow-ffi --allow-run test/deno/
// (without --allow-run only the first test runs: the others start processes).
import assert from "node:assert/strict";
import { open } from "../../src/index.ts";
import { glibcLockHolder, signatureFaults, signatureWriter, slotWriter } from "../support/raceWriters.ts";

const moduleUrl = new URL("../../src/index.ts", import.meta.url).href;
const linux = Deno.build.os === "linux";
const mayRun = Deno.permissions.querySync({ name: "run" }).state === "granted";

/**
 * Runs each script in its own `deno run` process at once (workers would do, but
 * `deno test` type-checks each worker's imports, seconds apiece); resolves to
 * what each prints. Needs --allow-run.
 */
function runAll(scripts: string[]): Promise<string[]> {
  return Promise.all(scripts.map(async (script, n) => {
    const args = ["run", "--no-check", "--allow-read", "--allow-write", "--allow-env", "--allow-ffi", "-"];
    const child = new Deno.Command(Deno.execPath(), { args, stdin: "piped", stdout: "piped", stderr: "inherit" }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(script));
    await writer.close();
    const out = await child.output();
    if (!out.success) throw new Error(`writer ${n} exited ${out.code}`);
    return new TextDecoder().decode(out.stdout);
  }));
}

/** glibc's lock, taken here as glibc takes it: fcntl(F_SETLK), F_WRLCK, SEEK_SET 0, length 0 (a classic lock of this process). */
function takeClassicLock(path: string): { release(): void } {
  const libc = Deno.dlopen("libc.so.6", {
    open: { parameters: ["buffer", "i32", "i32"], result: "i32" },
    fcntl: { parameters: ["i32", "i32", "buffer"], result: "i32" },
    write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
    close: { parameters: ["i32"], result: "i32" },
  });
  const fd = libc.symbols.open(new TextEncoder().encode(`${path}\0`), 0o1 | 0o100 | 0o2000, 0o644); // O_WRONLY|O_CREAT|O_APPEND
  const flock = new Uint8Array(32);
  new Int16Array(flock.buffer, 0, 1)[0] = 1; // F_WRLCK
  assert.equal(libc.symbols.fcntl(fd, 6, flock), 0); // F_SETLK
  return {
    release() {
      assert.equal(Number(libc.symbols.write(fd, new Uint8Array(384).fill(0x50), 384n)), 384); // a record while holding it
      new Int16Array(flock.buffer, 0, 1)[0] = 2; // F_UNLCK
      libc.symbols.fcntl(fd, 6, flock);
      libc.symbols.close(fd);
      libc.close();
    },
  };
}

/**
 * A worker that appends one record when told to, saying "started" just before
 * (so that the lock holder knows the append is under way) and posting how long
 * the append took. (Under `deno test` a worker type-checks what it imports:
 * seconds, so it is loaded before the lock is taken.)
 */
function appender(path: string): { ready: Promise<void>; go(): { started: Promise<void>; done: Promise<number> } } {
  const script = `
    import { open } from ${JSON.stringify(moduleUrl)};
    const append = (file) => open(file, { layout: "linux384-le" }).append({ type: "USER_PROCESS", user: "deno", line: "pts/1", id: "ts/1", pid: 1, seconds: 1700000000 });
    append(${JSON.stringify(path)} + ".warm-up"); // everything an append loads, loaded before the lock is taken
    onmessage = () => {
      postMessage("started");
      const begun = performance.now();
      append(${JSON.stringify(path)});
      postMessage(performance.now() - begun);
    };
    postMessage("ready");`;
  const worker = new Worker(URL.createObjectURL(new Blob([script], { type: "application/javascript" })), { type: "module" });
  const waiters: ((data: unknown) => void)[] = [];
  const next = () => new Promise<unknown>((resolve) => waiters.push(resolve));
  worker.onmessage = (e) => waiters.shift()?.(e.data);
  const ready = next().then(() => undefined);
  return {
    ready,
    go() {
      const started = next().then(() => undefined);
      const done = started.then(next).then((ms) => (worker.terminate(), Number(ms)));
      worker.postMessage("go");
      return { started, done };
    },
  };
}

/** The holder's record first (an append that did not wait would have come before it), ours after. */
function checkAfterHolder(path: string, waited: number): void {
  const bytes = Deno.readFileSync(path);
  assert.equal(bytes.length, 768);
  assert.ok(bytes.subarray(0, 384).every((b) => b === 0x50), "the lock holder's record is first");
  assert.equal(open(path, { layout: "linux384-le" }).at(1)?.user, "deno");
  assert.ok(waited > 100, `the append went ahead after ${waited} ms: the lock was not honoured`);
}

Deno.test({ name: "an append waits for glibc's fcntl lock (classic F_SETLK, whole file) and lands after the holder's record", ignore: !linux }, async () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/wtmp`;
  try {
    const worker = appender(path);
    await worker.ready;
    const lock = takeClassicLock(path);
    const append = worker.go();
    await append.started;
    await new Promise((r) => setTimeout(r, 400));
    lock.release(); // writes the holder's record, then unlocks
    checkAfterHolder(path, await append.done);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

const python = linux && mayRun ? ["python3", "python"].find((name) => {
  try {
    return new Deno.Command(name, { args: ["-c", "import fcntl"], stdout: "null", stderr: "null" }).outputSync().success;
  } catch {
    return false;
  }
}) : undefined;

Deno.test({ name: "an append waits for another process holding that lock (Python's lockf)", ignore: !python }, async () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/wtmp`;
  try {
    const holder = new Deno.Command(python!, { args: ["-c", glibcLockHolder(path, 600)] }).spawn();
    while (!(await Deno.stat(`${path}.held`).then(() => true, () => false))) await new Promise((r) => setTimeout(r, 20));
    const started = performance.now();
    await open(path, { layout: "linux384-le" }).appendAsync({ type: "USER_PROCESS", user: "deno", line: "pts/1", id: "ts/1", pid: 1, seconds: 1700000000 });
    const waited = performance.now() - started;
    assert.ok((await holder.status).success);
    checkAfterHolder(path, waited);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

const WRITERS = 8;

Deno.test({ name: "eight processes creating a new NetBSD wtmpx at once leave exactly one SIGNATURE record, 20 trials", ignore: !mayRun }, async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const trials = 20, records = 1000, step = 30, t0 = Date.now() + 2500;
    await runAll(Array.from({ length: WRITERS }, (_, n) => signatureWriter(moduleUrl, dir, n, records, trials, t0, step)));
    const types = (k: number) => [...open(`${dir}/wtmpx-${k}`).batches({ includeZeroed: true })].flatMap((b) => [...b].map((e) => e.type));
    assert.deepEqual(signatureFaults(trials, WRITERS, records, types), []);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test({ name: "eight processes putting logins into utmp at once lose none to another writer's slot choice", ignore: !mayRun }, async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const t0 = Date.now() + 2500;
    const lost = await runAll(Array.from({ length: WRITERS }, (_, n) => slotWriter(moduleUrl, `${dir}/utmp`, n, 150, t0)));
    assert.deepEqual(lost.map((l) => Number(l.trim())), Array(WRITERS).fill(0));
    assert.deepEqual([...open(`${dir}/utmp`)].filter((e) => e.type === "USER_PROCESS"), []);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test({ name: "a real short write (ulimit -f) is taken back: the file is as it was", ignore: !mayRun || !linux }, () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/wtmp`;
  try {
    const script = `
      import { open } from ${JSON.stringify(moduleUrl)};
      const entry = (i) => ({ type: "USER_PROCESS", user: "u" + i, line: "pts/" + i, id: "ts/" + i, pid: i, seconds: 1700000000 + i });
      open(${JSON.stringify(path)}, { layout: "linux384-le" }).append(entry(0));
      try { open(${JSON.stringify(path)}).append([1, 2, 3, 4, 5].map(entry)); } catch (err) { console.log(err.code + " " + err.message); }`;
    // Deno does not ignore SIGXFSZ itself (Node and Bun do): an ignored signal is inherited through exec
    const shell = `trap '' XFSZ; ulimit -f 2 && exec "$0" eval --no-check "$1"`;
    const run = new Deno.Command("bash", { args: ["-c", shell, Deno.execPath(), script] }).outputSync();
    assert.match(new TextDecoder().decode(run.stdout), /^IO .*only 1664 of 1920 bytes were written .*the file is as it was \(384 bytes\)/);
    assert.equal(Deno.statSync(path).size, 384);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
