// For the convert tests: running the built CLI, and reading last(1)'s output
// (util-linux last or wtmpdb last, -F -w) as sessions, so that two tools'
// texts can be compared for what they say rather than how they lay it out.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO } from "../support/paths.ts";
import { sinkContext } from "../support/outputSink.ts";
import { convertCommand, CONVERT_OPTIONS } from "../../src/cli/convert.ts";
import { parseArgs } from "../../src/cli/args.ts";
import { CliError } from "../../src/cli/cliError.ts";
import { cliMessage } from "../../src/cli/errorText.ts";
import { UtmpError, UtmpErrorCode } from "../../src/util/errors.ts";

const CLI = join(REPO, "dist", "cli", "main.js");

/** The built CLI in a process of its own (for what only a whole process shows). */
export function utmpxProcess(args: string[], cwd?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", cwd, env: { ...process.env, TZ: "UTC", LC_ALL: "C" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * `utmpx convert ARGS` in this process: what the command writes and returns,
 * without a process start and sql.js's load per call (most of these tests' time).
 * Errors end as the CLI ends them (main.ts): a usage error status 2, a
 * UtmpError its one line and status 1 (2 for a layout name).
 */
export async function convert(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const { out, err, ctx } = sinkContext();
  let status: number;
  try {
    status = await convertCommand(parseArgs(args, CONVERT_OPTIONS), ctx);
  } catch (e) {
    if (e instanceof CliError) {
      ctx.stderr.write(`utmpx: ${e.message}\n`);
      status = 2;
    } else if (e instanceof UtmpError) {
      ctx.stderr.write(`${cliMessage(e)}\n`);
      status = e.code === UtmpErrorCode.BAD_LAYOUT_NAME ? 2 : 1;
    } else throw e;
  }
  ctx.stdout.flush(); ctx.stderr.flush();
  return { status, stdout: out.text, stderr: err.text };
}

export const haveLast = spawnSync("sh", ["-c", "command -v last"]).status === 0;

/** util-linux last -F -w (-x) of a file, in UTC. */
export function utilLinuxLast(file: string, extra: string[] = []): string {
  return spawnSync("last", ["-F", "-w", ...extra, "-f", file], { encoding: "utf8", env: { PATH: process.env.PATH ?? "", TZ: "UTC", LC_ALL: "C" } }).stdout;
}

export interface LastLine {
  /** "session", "reboot" (system boot) or "shutdown" (system down). */
  readonly kind: "session" | "reboot" | "shutdown";
  readonly user: string;
  readonly tty: string;
  readonly host: string;
  readonly start: string;
  /** The end's date, or undefined when the line gives a state instead (crash, down, still logged in, gone - no logout, still running). */
  readonly end: string | undefined;
}

const DATE = /\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}/g;

/** The lines of a -F -w listing (its footer and blank lines left out). */
export function lastLines(text: string): LastLine[] {
  const out: LastLine[] = [];
  for (const line of text.split("\n")) {
    const dates = [...line.matchAll(DATE)];
    if (dates.length === 0 || / begins /.test(line)) continue;
    const head = line.slice(0, dates[0]!.index).trim();
    const system = /^(\S+)\s+system (boot|down)\s*(.*)$/.exec(head);
    let kind: LastLine["kind"] = "session", user: string, tty: string, host: string;
    if (system) {
      kind = system[2] === "boot" ? "reboot" : "shutdown";
      [user, tty, host] = [system[1]!, `system ${system[2]}`, system[3]!.trim()];
    } else {
      const words = head.split(/\s+/);
      [user, tty, host] = [words[0]!, words[1] ?? "", words.slice(2).join(" ")];
    }
    out.push({ kind, user, tty, host, start: dates[0]![0], end: dates[1]?.[0] });
  }
  return out;
}

/** Lines as sorted text, for comparing as multisets. */
export const asSet = (lines: readonly LastLine[]): string[] =>
  lines.map((l) => `${l.kind} ${l.user} ${l.tty} ${l.host} ${l.start} - ${l.end ?? "(no time)"}`).sort();
