// `utmpx last` with its windows decoded on a worker thread (src/cli/decodeAhead.ts)
// prints exactly what it prints decoding on its own thread, and what util-linux
// last prints where it is installed: on files of several windows whose strings
// change between interned and raw, with zeros to skip, a partial last record,
// -n stopping the reading, and a file of no layout. The worker runs only in the
// bundled CLI: UTMPX_AHEAD_MIN_BYTES=0 makes it run on these small files.
import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateBtmp, generateInternet, generateWorst, generateWtmp } from "../../bench/generate.mjs";
import { REPO } from "../support/paths.ts";

const CLI = join(REPO, "dist", "cli", "main.js");
const RECORD = 384;
/** Records of one decode window (assembly/memoryMap.ts MAX_RECORDS): files span several. */
const WINDOW = 16384;

const runs = new Map<string, { status: number | null; stdout: string; stderr: string; aheadBatches: number }>();

/** The CLI's result (each command run once per mode: cases share them). */
function run(args: string[], ahead: boolean) {
  const key = `${ahead} ${args.join(" ")}`;
  const done = runs.get(key);
  if (done) return done;
  const env = { ...process.env, TZ: "UTC", LC_ALL: "C.UTF-8", UTMPX_AHEAD_MIN_BYTES: ahead ? "0" : String(2 ** 50), UTMPX_AHEAD_TRACE: "1" };
  const r = spawnSync(process.execPath, [CLI, ...args], { env, maxBuffer: 1 << 30 });
  // the trace says how many batches came from the worker: none on one thread, every window's with one
  const trace = /^utmpx: .*: (\d+) batches decoded on a worker thread\n/m;
  const stderr = r.stderr.toString();
  const traced = stderr.match(trace);
  const result = { status: r.status, stdout: r.stdout.toString("latin1"), stderr: stderr.replace(trace, ""), aheadBatches: traced ? Number(traced[1]) : 0 };
  runs.set(key, result);
  return result;
}

function utilLinux(args: string[]): string | undefined {
  const r = spawnSync("last", args, { env: { ...process.env, TZ: "UTC", LC_ALL: "C.UTF-8" }, maxBuffer: 1 << 30 });
  return r.status === 0 ? r.stdout.toString("latin1") : undefined;
}

let dir: string;
const files: Record<string, string> = {};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "utmpx-ahead-"));
  // the generators give the bytes, or { bytes, distinct, common }
  const put = (name: string, made: Uint8Array | { bytes: Uint8Array }) => {
    writeFileSync(join(dir, name), made instanceof Uint8Array ? made : made.bytes);
    files[name] = join(dir, name);
  };
  put("friendly", generateWtmp(2 * WINDOW + 77));
  put("internet", generateInternet(3 * WINDOW + 5));
  put("btmp", generateBtmp(WINDOW + 1000));
  put("worst", generateWorst(WINDOW + 3));
  // mostly zeros (the reader switches to leaving them out in the core), then records, then a partial one
  const wtmp = generateWtmp(WINDOW);
  const zeros = new Uint8Array(2 * WINDOW * RECORD);
  const mixed = new Uint8Array(wtmp.length + zeros.length + wtmp.length + 100);
  mixed.set(wtmp, 0);
  mixed.set(zeros, wtmp.length);
  mixed.set(wtmp, wtmp.length + zeros.length);
  mixed.set(wtmp.subarray(0, 100), 2 * wtmp.length + zeros.length);
  put("zeros-partial", mixed);
  put("garbage", new Uint8Array(WINDOW * RECORD).map((_, i) => (i * 2654435761) >>> 24));
}, 60_000);

describe("last with a decoding thread", () => {
  for (const [name, args] of [
    ["friendly", ["-F", "-w", "-x", "-i"]],
    ["internet", ["-F", "-w", "-x", "-i"]],
    ["worst", ["-F", "-w", "-x"]],
    ["zeros-partial", ["-x", "-w"]],
  ] as const) {
    it(`${name}: the same rows as on one thread, and as util-linux last`, () => {
      const argv = ["last", ...args, "-f", files[name]!];
      const ahead = run(argv, true), alone = run(argv, false);
      expect(ahead.status).toBe(0);
      expect(ahead.aheadBatches).toBeGreaterThan(1);
      expect(alone.aheadBatches).toBe(0);
      expect(ahead.stderr).toBe(alone.stderr);
      expect(ahead.stdout).toBe(alone.stdout);
      expect(ahead.stdout.split("\n").length).toBeGreaterThan(1000);
      // util-linux reads a file with a partial last record out of step (test/last/differences.test.ts)
      const reference = name === "zeros-partial" ? undefined : utilLinux([...args, "-f", files[name]!]);
      if (reference !== undefined) expect(ahead.stdout).toBe(reference);
    }, 60_000);
  }

  it("lastb on a brute-forced btmp: every record a row, as on one thread", () => {
    const argv = ["lastb", "-F", "-w", "-i", "-f", files.btmp!];
    const ahead = run(argv, true), alone = run(argv, false);
    expect(ahead.status).toBe(0);
    expect(ahead.aheadBatches).toBe(2);
    expect(ahead.stdout).toBe(alone.stdout);
    expect(ahead.stdout.split("\n").length).toBeGreaterThan(WINDOW);
  }, 60_000);

  it("warns of a partial last record once, as on one thread", () => {
    const ahead = run(["last", "-x", "-w", "-f", files["zeros-partial"]!], true);
    expect(ahead.stderr.match(/are a partial 384-byte record/g)?.length).toBe(1);
  }, 60_000);

  it("-n stops the reading and the worker", () => {
    const argv = ["last", "-n", "5", "-f", files.internet!];
    const ahead = run(argv, true), alone = run(argv, false);
    expect(ahead.status).toBe(0);
    expect(ahead.stdout).toBe(alone.stdout);
    expect(ahead.stdout.trim().split("\n").length).toBe(7); // 5 rows, a blank line, "begins"
  }, 60_000);

  it("a file of no layout is one error line, as on one thread", () => {
    const argv = ["last", "-f", files.garbage!];
    const ahead = run(argv, true), alone = run(argv, false);
    expect(ahead.status).toBe(alone.status);
    expect(ahead.stderr).toBe(alone.stderr);
    expect(ahead.stderr.trim().split("\n").length).toBe(1);
  }, 60_000);
});
