// Bun (bun:ffi), issue 10: writers take glibc's fcntl write lock on the whole
// file (an OFD lock through bun:ffi), so they wait for another process holding
// it; eight Bun processes neither duplicate a new NetBSD wtmpx's SIGNATURE
// record nor overwrite each other's utmp slots; and a real short write (a file
// size limit) leaves the file as it was. Run: bun test test/bun/
import { expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { open } from "../../src/index.ts";
import { glibcLockHolder, signatureFaults, signatureWriter, slotWriter } from "../support/raceWriters.ts";

const moduleUrl = pathToFileURL(join(import.meta.dir, "..", "..", "src", "index.ts")).href;
const have = (command: string) => Bun.spawnSync(["sh", "-c", `command -v ${command}`]).exitCode === 0;
const python = process.platform === "linux" ? ["python3", "python"].find((name) => have(name) && Bun.spawnSync([name, "-c", "import fcntl"]).exitCode === 0) : undefined;

/** Runs each script in its own Bun process at once; resolves to what each prints. */
function runAll(scripts: string[]): Promise<string[]> {
  return Promise.all(scripts.map(async (script, n) => {
    const child = Bun.spawn([process.execPath, "-e", script], { stdout: "pipe", stderr: "inherit" });
    const out = await new Response(child.stdout).text();
    if ((await child.exited) !== 0) throw new Error(`writer ${n} exited ${child.exitCode}`);
    return out;
  }));
}

const entry = { type: "USER_PROCESS" as const, user: "bun", line: "pts/1", id: "ts/1", pid: 1, seconds: 1700000000 };

test.skipIf(!python)("an append waits for another process holding glibc's fcntl lock (Python's lockf), and lands after its record", async () => {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-bun-lock-"));
  const path = join(dir, "wtmp");
  try {
    const holder = Bun.spawn([python!, "-c", glibcLockHolder(path, 600)]);
    while (!existsSync(`${path}.held`)) await Bun.sleep(20);
    const started = performance.now();
    open(path, { layout: "linux384-le" }).append(entry);
    const waited = performance.now() - started;
    expect(await holder.exited).toBe(0);
    const bytes = readFileSync(path);
    expect(bytes.length).toBe(768);
    expect(bytes.subarray(0, 384).every((b) => b === 0x50)).toBe(true); // the holder's record first
    expect(open(path, { layout: "linux384-le" }).at(1)?.user).toBe("bun");
    expect(waited).toBeGreaterThan(200);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 20_000);

const WRITERS = 8;

test("eight Bun processes creating a new NetBSD wtmpx at once leave exactly one SIGNATURE record, 20 trials", async () => {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-bun-sig-"));
  try {
    const trials = 20, records = 1000, step = 30, t0 = Date.now() + 1500;
    await runAll(Array.from({ length: WRITERS }, (_, n) => signatureWriter(moduleUrl, dir, n, records, trials, t0, step)));
    const types = (k: number) => [...open(join(dir, `wtmpx-${k}`)).batches({ includeZeroed: true })].flatMap((b) => [...b].map((e) => e.type));
    expect(signatureFaults(trials, WRITERS, records, types)).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

test("eight Bun processes putting logins into utmp at once lose none to another writer's slot choice", async () => {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-bun-put-"));
  try {
    const t0 = Date.now() + 1500;
    const lost = await runAll(Array.from({ length: WRITERS }, (_, n) => slotWriter(moduleUrl, join(dir, "utmp"), n, 150, t0)));
    expect(lost.map((l) => Number(l.trim()))).toEqual(Array(WRITERS).fill(0));
    expect([...open(join(dir, "utmp"))].filter((e) => e.type === "USER_PROCESS")).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

test.skipIf(!have("bash"))("a real short write (ulimit -f) is taken back: the file is as it was", () => {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-bun-short-"));
  const path = join(dir, "wtmp");
  try {
    const script = `
      import { open } from ${JSON.stringify(moduleUrl)};
      const entry = (i) => ({ type: "USER_PROCESS", user: "u" + i, line: "pts/" + i, id: "ts/" + i, pid: i, seconds: 1700000000 + i });
      open(${JSON.stringify(path)}, { layout: "linux384-le" }).append(entry(0));
      try { open(${JSON.stringify(path)}).append([1, 2, 3, 4, 5].map(entry)); } catch (err) { console.log(err.code + " " + err.message); }`;
    const run = Bun.spawnSync(["bash", "-c", `ulimit -f 2 && exec "$0" -e "$1"`, process.execPath, script]);
    expect(run.stdout.toString()).toMatch(/^IO .*only 1664 of 1920 bytes were written .*the file is as it was \(384 bytes\)/);
    expect(readFileSync(path).length).toBe(384);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
