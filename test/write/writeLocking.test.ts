// Concurrent writers in Node (issue 10): eight processes creating a new NetBSD
// wtmpx at once must leave one SIGNATURE record, and eight processes choosing
// utmp slots at once (put, as pututxline) must never overwrite each other's
// logins. Node has no fcntl: our writers exclude each other through the
// `<file>.lock` guard file (see src/sources/writeGuard.ts).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { open } from "../../src/index.ts";
import { REPO } from "../support/paths.ts";
import { signatureFaults, signatureWriter, slotWriter } from "../support/raceWriters.ts";

const tmp = mkdtempSync(join(tmpdir(), "utmpx-locking-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const dist = join(REPO, "dist", "index.js");
const moduleUrl = pathToFileURL(dist).href;

/** Runs each script in its own Node process at once; resolves to their outputs. */
function runAll(scripts: string[]): Promise<string[]> {
  if (!existsSync(dist)) throw new Error(`${dist} is missing: run npm run build first`);
  return Promise.all(scripts.map((script, n) => new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => { out += chunk.toString(); });
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`writer ${n} exited ${code}`))));
  })));
}

const WRITERS = 8;

describe("concurrent writers (Node processes)", () => {
  it("eight writers creating a new NetBSD wtmpx at once leave exactly one SIGNATURE record, 20 trials", async () => {
    const dir = join(tmp, "signature");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    const trials = 20, records = 1000, step = 30, t0 = Date.now() + 1500; // 1.5 s for eight Node processes to start on two cores
    await runAll(Array.from({ length: WRITERS }, (_, n) => signatureWriter(moduleUrl, dir, n, records, trials, t0, step)));
    const faults = signatureFaults(trials, WRITERS, records, (k) => [...open(join(dir, `wtmpx-${k}`)).batches({ includeZeroed: true })].flatMap((b) => [...b].map((e) => e.type)));
    expect(faults).toStrictEqual([]);
    expect(existsSync(join(dir, "wtmpx-0.lock"))).toBe(false); // the guard is gone after the last writer
  });

  it("eight writers putting logins into utmp at once lose none to another writer's slot choice", async () => {
    const file = join(tmp, "utmp-race");
    const rounds = 150, t0 = Date.now() + 1500;
    const lost = await runAll(Array.from({ length: WRITERS }, (_, n) => slotWriter(moduleUrl, file, n, rounds, t0)));
    expect(lost.map((l) => Number(l.trim()))).toStrictEqual(Array(WRITERS).fill(0));
    // every login was logged out: no USER_PROCESS is left, and no id holds two slots
    const entries = [...open(file)];
    expect(entries.filter((e) => e.type === "USER_PROCESS")).toStrictEqual([]);
    const ids = entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("the guard file", () => {
  const record = { type: "BOOT_TIME" as const, user: "reboot", line: "~", id: "~~", seconds: 1_700_000_000 };

  it("is waited for while another writer holds it, and removed after the write", async () => {
    const file = join(tmp, "wtmp-held");
    writeFileSync(`${file}.lock`, "");
    const released = new Promise<void>((resolve) => setTimeout(() => { rmSync(`${file}.lock`); resolve(); }, 300));
    const started = Date.now();
    await open(file, { layout: "linux384-le" }).appendAsync(record);
    await released;
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(statSync(file).size).toBe(384);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it("left by a writer that died (older than 10 s) is taken over", () => {
    const file = join(tmp, "wtmp-stale");
    writeFileSync(`${file}.lock`, "");
    const old = new Date(Date.now() - 20_000);
    utimesSync(`${file}.lock`, old, old);
    open(file, { layout: "linux384-le" }).append(record);
    expect(statSync(file).size).toBe(384);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});
