// utmpx who against coreutils 9.1 who: the stored `who -a` of our generated
// utmp, and (where who is installed) who itself on every 384-byte Linux
// fixture with each option, in a UTF-8 locale and TZ=UTC.
//
// Both sides see the same fixed /dev (test/support/controlledDev.ts): who stat()s
// /dev/<line> for -T and -u, and on a live machine /dev/pts/N come and go
// between two runs. Coreutils who runs in a private mount namespace where a
// temporary tree is /dev; our command runs in-process (the process itself is
// tested by a few spawns below) with statSync of /dev/... redirected to that
// tree. Where no namespace can be made, only the options that never show the
// tty state are compared.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { open } from "../../src/index.ts";
import { whoText } from "../../src/format/who.ts";
import { who, WHO_OPTIONS } from "../../src/cli/who.ts";
import { parseArgs } from "../../src/cli/args.ts";
import { FIXTURES, REPO, walk } from "../support/paths.ts";
import { sinkContext } from "../support/outputSink.ts";
import { canIsolateDev, controlledDev, runWithDev, TTY_STATES, type ControlledDev } from "../support/controlledDev.ts";

/** While set, statSync("/dev/x") reads `<devRoot>/x` (what who sees as /dev in its namespace). */
const redirect = vi.hoisted(() => ({ devRoot: undefined as string | undefined }));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const statSync = ((path: unknown, ...rest: unknown[]) => {
    const p = typeof path === "string" && redirect.devRoot !== undefined && path.startsWith("/dev/") ? redirect.devRoot + path.slice(4) : path;
    return (fs.statSync as (...a: unknown[]) => unknown)(p, ...rest);
  }) as typeof fs.statSync;
  return { ...fs, statSync, default: { ...fs, statSync } };
});

const CLI = join(REPO, "dist", "cli", "main.js");
const env = { ...process.env, TZ: "UTC", LC_ALL: "C.UTF-8" };

const OPTION_SETS = [[], ["-a"], ["-aH"], ["-b"], ["-d"], ["-l"], ["-p"], ["-q"], ["-r"], ["-s"], ["-t"], ["-T"], ["-u"], ["-bdHlprtTu"]];
/** Options that print the tty's message status or idle time (read from /dev): the others print the same whatever /dev holds. */
const readsDev = (opts: string[]) => opts.some((o) => /^-[^-]*[aTuw]/.test(o));

const haveWho = spawnSync("sh", ["-c", "command -v who"]).status === 0;
const isolate = haveWho && canIsolateDev();
const files = walk(FIXTURES).filter((p) => /\/(utmp|wtmp)[^/.]*$/.test(p) && !p.includes("BSD"))
  .filter((p) => open(p).layout.id === "linux384-le");

/** Our `utmpx who OPTS FILE`, in-process: the CLI's who command on its parsed arguments, stdout as bytes. */
async function ours(opts: readonly string[], file: string): Promise<Buffer> {
  const { out, err, ctx } = sinkContext();
  const status = await who(parseArgs([...opts, file], WHO_OPTIONS), ctx);
  ctx.stdout.flush();
  ctx.stderr.flush();
  // stderr: nothing but the warning of a partial trailing record (coreutils says nothing of it)
  const stderr = Buffer.concat(err.chunks).toString().replace(/^utmpx: warning: .* are a partial \d+-byte record .*\n/gm, "");
  expect({ status, stderr }, `utmpx who ${opts.join(" ")}`).toStrictEqual({ status: 0, stderr: "" });
  return Buffer.concat(out.chunks);
}

/** Coreutils who with each option set: in the namespace over `dev`, or (without one) as it is. */
function theirs(optionSets: readonly string[][], file: string, dev: ControlledDev | undefined): Buffer[] {
  const commands = optionSets.map((opts) => ["who", ...opts, file]);
  if (dev) return runWithDev(dev, commands, env);
  return commands.map(([cmd, ...args]) => spawnSync(cmd!, args, { env }).stdout);
}

/** The login lines of a file's user entries (the devices who stats). */
const linesOf = (file: string) => [...open(file)].filter((e) => e.type === "USER_PROCESS").map((e) => e.line ?? "");
/** Every fixture's lines: one assignment of states for all, so each fixture meets several. */
const ALL_LINES = [...new Set(files.flatMap(linesOf))];

describe("utmpx who", () => {
  beforeEach(() => {
    vi.stubEnv("TZ", "UTC");
    vi.stubEnv("LC_ALL", "C.UTF-8");
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    redirect.devRoot = undefined;
  });

  it("prints the stored coreutils `who -a` of the generated utmp", () => {
    const dir = join(FIXTURES, "generated-glibc-x86_64");
    expect(whoText(open(join(dir, "utmp")), { all: true, statDevice: () => undefined }))
      .toBe(readFileSync(join(dir, "utmp.who-a.txt"), "utf8"));
  });

  it.runIf(isolate)("coreutils who sees the controlled /dev: each tty state shows as its mesg and idle", () => {
    const dev = controlledDev(ALL_LINES);
    try {
      const texts = runWithDev(dev, files.map((file) => ["who", "-Tu", file]), env);
      const want = { absent: ["?", "?"], "writable-old": ["+", "old"], "private-2h30": ["-", "02:30"], "writable-now": ["+", "."], "private-epoch": ["-", "?"], "writable-future": ["+", "old"] };
      const rows = texts.flatMap((t) => t.toString().split("\n").filter((l) => l !== "")).map((l) => l.split(/ +/));
      const seen = new Set<string>();
      for (const [, mesg, line, , , idle] of rows) {
        const state = dev.states.get(line!)!;
        seen.add(state);
        expect([mesg, idle], `${line} (${state})`).toStrictEqual(want[state]);
      }
      expect([...seen].sort(), "every state met in some fixture").toStrictEqual([...TTY_STATES].sort());
    } finally {
      dev.remove();
    }
  });

  for (const file of files) {
    it.runIf(haveWho)(`equals coreutils who on ${relative(REPO, file)}`, async () => {
      const optionSets = isolate ? OPTION_SETS : OPTION_SETS.filter((o) => !readsDev(o));
      // built right before both sides run: the idle times are relative to the clock
      const dev = isolate ? controlledDev(ALL_LINES) : undefined;
      try {
        const expected = theirs(optionSets, file, dev);
        redirect.devRoot = dev?.root;
        for (const [i, opts] of optionSets.entries()) {
          expect((await ours(opts, file)).toString("latin1"), `who ${opts.join(" ")}`).toBe(expected[i]!.toString("latin1"));
        }
      } finally {
        dev?.remove();
      }
    });
  }

  // The process path itself: the bundled CLI in its own process, in the same namespace as who.
  it.runIf(isolate)("the bundled CLI in a process prints what coreutils who prints", () => {
    // the fixture with the most distinct login lines: the most tty states in one output
    const file = [...files].sort((a, b) => new Set(linesOf(b)).size - new Set(linesOf(a)).size)[0]!;
    const dev = controlledDev(ALL_LINES);
    try {
      const sets = [["-a"], ["-T"], ["-bdHlprtTu"]];
      const commands = sets.flatMap((opts) => [["who", ...opts, file], [process.execPath, CLI, "who", ...opts, file]]);
      const out = runWithDev(dev, commands, env);
      sets.forEach((opts, i) => {
        expect(out[2 * i + 1]!.length, `utmpx who ${opts.join(" ")} printed`).toBeGreaterThan(0);
        expect(out[2 * i + 1]!.toString("latin1"), `utmpx who ${opts.join(" ")}`).toBe(out[2 * i]!.toString("latin1"));
      });
    } finally {
      dev.remove();
    }
  });
});

// who read a file ending in a partial record without a word, where dump, json and last warn.
describe("utmpx who of a file ending in a partial record", () => {
  it("prints what coreutils who prints, and says the partial record on stderr", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const whole = readFileSync(join(FIXTURES, "generated-glibc-x86_64", "utmp"));
    const path = join(mkdtempSync(join(tmpdir(), "utmpx-who-partial-")), "utmp");
    writeFileSync(path, Buffer.concat([whole, Buffer.alloc(80, 7)]));
    const run = async (file: string) => {
      const { out, err, ctx } = sinkContext();
      const status = await who(parseArgs(["-a", file], WHO_OPTIONS), ctx);
      ctx.stdout.flush(); ctx.stderr.flush();
      return { status, stdout: Buffer.concat(out.chunks).toString(), stderr: Buffer.concat(err.chunks).toString() };
    };
    const [cut, alone] = [await run(path), await run(join(FIXTURES, "generated-glibc-x86_64", "utmp"))];
    expect(cut.stdout).toBe(alone.stdout);
    expect(cut.stderr).toBe(`utmpx: warning: ${path}: 80 bytes at offset ${whole.length} are a partial 384-byte record (linux384-le); not decoded\n`);
  });
});

// who kept an entry for every record, EMPTY ones too: a 4 GB sparse utmp held 1.8 GB for 42 s and printed
// nothing. It now takes only the types it can list (and boots), the core dropping the rest unread.
describe("who on a large file of empty records", () => {
  it("512 MB of zeros: nothing to list, in a peak RSS under 150 MB (it was 280 MB, growing with the file)", () => {
    const dir = mkdtempSync(join(tmpdir(), "utmpx-who-"));
    const file = join(dir, "utmp");
    writeFileSync(file, new Uint8Array(0));
    truncateSync(file, 512 * 2 ** 20 - (512 * 2 ** 20) % 384); // sparse, whole records
    // the CLI run in a process that says its peak RSS (kB) as it exits
    const script = `process.on("exit", () => process.stderr.write("maxRSS " + process.resourceUsage().maxRSS + "\\n"));` +
      `process.argv.splice(1, process.argv.length, ${JSON.stringify(CLI)}, "who", "-a", ${JSON.stringify(file)}); await import(${JSON.stringify(pathToFileURL(CLI).href)});`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env, timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    const rss = Number(/maxRSS (\d+)/.exec(r.stderr)?.[1]);
    expect(rss).toBeGreaterThan(10_000);
    expect(rss).toBeLessThan(150_000);
  });
});
