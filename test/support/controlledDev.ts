// A /dev whose terminals are fixed, for comparing `who` output: who stat()s
// /dev/<line> of each login for its message status (-T) and idle time (-u), so
// on a live machine the answer changes as /dev/pts/N come and go. Here the
// terminals are files in a temporary tree, each in a chosen state; coreutils
// `who` sees that tree as /dev inside a private mount namespace (unshare), and
// the in-process CLI sees it through `redirectDev` (statSync of /dev/... is
// read from the tree instead).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** The states a terminal can be in, as who prints them (mesg, idle). */
export type TtyState =
  | "absent" // no such device: mesg ?, idle ?
  | "writable-old" // mode 620, last used in 2001: mesg +, idle old
  | "private-2h30" // mode 600, last used 2 h 30 min ago: mesg -, idle 02:30
  | "writable-now" // mode 620, used just now: mesg +, idle .
  | "private-epoch" // mode 600, atime 0 (who treats it as unknown): mesg -, idle ?
  | "writable-future"; // mode 620, atime a day ahead: mesg +, idle old

export const TTY_STATES: readonly TtyState[] = ["absent", "writable-old", "private-2h30", "writable-now", "private-epoch", "writable-future"];

export interface ControlledDev {
  /** The directory that stands for /dev. */
  readonly root: string;
  /** Each line's state. */
  readonly states: ReadonlyMap<string, TtyState>;
  /** When the atimes were set (seconds): idle times hold for a minute after it. */
  readonly now: number;
  remove(): void;
}

/**
 * A tree for these login lines (relative names like `pts/3` or `tty1`), the
 * states given round-robin in the order of the sorted lines. Call it right
 * before running both sides: "2 h 30 min" and "just now" are relative to the
 * clock, and hold for 60 s.
 */
export function controlledDev(lines: Iterable<string>): ControlledDev {
  const base = mkdtempSync(join(tmpdir(), "utmpx-dev-"));
  const root = join(base, "dev");
  mkdirSync(root);
  // device nodes a process may want, bound over these empty files in the namespace
  for (const name of ["null", "zero", "urandom"]) writeFileSync(join(root, name), "");
  const now = Math.floor(Date.now() / 1000);
  const states = new Map<string, TtyState>();
  const sorted = [...new Set(lines)].filter((l) => l !== "" && !l.startsWith("/") && !l.split("/").includes("..")).sort();
  sorted.forEach((line, i) => {
    const state = TTY_STATES[i % TTY_STATES.length]!;
    states.set(line, state);
    if (state === "absent") return;
    const path = join(root, line);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, "");
    chmodSync(path, state.startsWith("writable") ? 0o620 : 0o600);
    const atime = { "writable-old": 978_307_200, "private-2h30": now - 9000, "writable-now": now, "private-epoch": 0, "writable-future": now + 86_400 }[state];
    utimesSync(path, atime, 978_307_200);
  });
  return { root, states, now, remove: () => rmSync(base, { recursive: true, force: true }) };
}

/** Whether this machine lets us give a process its own /dev (a user and mount namespace). */
export function canIsolateDev(): boolean {
  const r = spawnSync("unshare", ["-rm", "sh", "-c", "mount -t tmpfs none /mnt && echo ok"], { encoding: "utf8" });
  return r.status === 0 && r.stdout.trim() === "ok";
}

/**
 * Runs each command (argv arrays) in one private mount namespace where `dev`
 * is /dev, and returns each one's stdout as bytes. One namespace for all of
 * them: a shell loop, not a process per command from Node.
 */
export function runWithDev(dev: ControlledDev, commands: readonly (readonly string[])[], env: NodeJS.ProcessEnv): Buffer[] {
  const out = mkdtempSync(join(tmpdir(), "utmpx-devout-"));
  try {
    const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
    const script = [
      "set -e",
      ...["null", "zero", "urandom"].map((n) => `mount --bind /dev/${n} ${q(join(dev.root, n))}`),
      `mount --bind ${q(dev.root)} /dev`,
      ...commands.map((argv, i) => `${argv.map(q).join(" ")} > ${q(join(out, String(i)))} || true`),
    ].join("\n");
    const r = spawnSync("unshare", ["-rm", "sh", "-c", script], { encoding: "utf8", env });
    if (r.status !== 0) throw new Error(`unshare failed (${r.status}): ${r.stderr}`);
    return commands.map((_, i) => readFileSync(join(out, String(i))));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
