// `utmpx audit [options] [FILE...]`: findings of tampering and attacks in any
// mix of login record files (format/auditReport.ts prints them). Exit status:
// 0 nothing found, 1 findings (or a file not readable), 2 usage error.
import { readFileSync, statSync } from "node:fs";
import type { OptionSpec, ParsedArgs } from "./args.ts";
import type { CommandContext } from "./commands.ts";
import { CliError } from "./cliError.ts";
import { filesUnder, warnSkipped, type Skipped } from "./collection.ts";
import { isDirectory } from "./pathKind.ts";
import { auditByHost } from "../audit/audit.ts";
import { AUDIT_CHECKS } from "../audit/checks.ts";
import type { FileRole } from "../audit/check.ts";
import type { AuditInput } from "../audit/inputs.ts";
import { writeAuditReport } from "./auditOutput.ts";
import { defaultPaths } from "../sources/defaultPaths.ts";

export const AUDIT_USAGE = `Usage:
 utmpx audit [options] [FILE...]

Look for signs of tampering and attacks in wtmp, btmp, utmp, lastlog, wtmpdb
and lastlog2 files of any layout. Files in one directory (less var/log, run,
var/run, var/adm...) are one host's and are checked against each other. A
FILE that is a folder (a collection, collected/<host>/var/log/...) stands for
every login record file below it.
Without FILE: this system's wtmp, btmp, utmp and lastlog.

Options:
     --json             one JSON document (schema 1: files, findings, errors)
     --ndjson           one JSON finding per line
     --check ID[,ID]    run only these checks (see --list-checks)
     --list-checks      list the checks and exit
     --role ROLE        read every FILE as ROLE (wtmp, btmp, utmp, lastlog) instead of by its name
     --passwd FILE      name lastlog's uids from FILE (default: only uid 0, root)
     --tolerance SECS   how far back a record may go before it is a time regression (default 60)
     --burst N          failed logins per minute from one source that make a burst (default 10)
     --top N            sources and user names listed in an attack summary (default 10)
     --max-per-kind N   findings of one kind listed per file, the rest counted in one
                        more-findings finding (default 1000; all: every one; 0: only counts)
     --now TIME         judge dates in the future against TIME (seconds or ISO-8601), not the clock
 -h, --help             display this help

Exit status: 0 nothing found, 1 findings (or a file that could not be read), 2 usage error.
`;

export const AUDIT_OPTIONS: OptionSpec[] = [
  { name: "json" }, { name: "ndjson" }, { name: "check", value: true }, { name: "list-checks" }, { name: "role", value: true },
  { name: "passwd", value: true }, { name: "tolerance", value: true }, { name: "burst", value: true }, { name: "top", value: true },
  { name: "max-per-kind", value: true }, { name: "now", value: true }, { name: "help", short: "h" },
];

const ROLES = ["wtmp", "btmp", "utmp", "lastlog"] as const;

function number(name: string, value: string | true | undefined, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value === true || value.trim() === "" || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw new CliError(`--${name} wants ${integer ? "a whole number" : "a number"} >= 0, not '${value}'`);
  }
  return n;
}

/** --max-per-kind: a whole number, or all. */
function perKind(value: string | true | undefined): number | undefined {
  if (value === "all") return Infinity;
  if (typeof value === "string" && !/^\d+$/.test(value.trim())) throw new CliError(`--max-per-kind wants a whole number >= 0 or all, not '${value}'`);
  return number("max-per-kind", value, true);
}

/** This system's files that exist and are not empty, as one host. */
function systemInputs(): AuditInput[] {
  const paths = defaultPaths();
  const seen = new Set<string>();
  const inputs: AuditInput[] = [];
  for (const role of ROLES) {
    const path = paths[role];
    if (seen.has(path)) continue;
    seen.add(path);
    try {
      if (statSync(path).size > 0) inputs.push({ path, role, host: "this system" });
    } catch {
      // not kept on this system
    }
  }
  return inputs;
}

export async function auditCommand(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const o = args.options;
  if (o.has("help")) {
    ctx.stdout.write(AUDIT_USAGE);
    return 0;
  }
  if (o.has("list-checks")) {
    for (const c of AUDIT_CHECKS) ctx.stdout.write(`${c.id.padEnd(20)} ${c.category.padEnd(13)} ${c.description}\n`);
    return 0;
  }
  if (o.has("json") && o.has("ndjson")) throw new CliError("--json and --ndjson exclude each other");
  const checks = typeof o.get("check") === "string" ? (o.get("check") as string).split(",").map((c) => c.trim()).filter(Boolean) : undefined;
  // no id at all would run no check and report "nothing found": a clean result nothing was looked for
  if (checks?.length === 0) throw new CliError(`--check wants one or more check ids, not '${String(o.get("check"))}' (see utmpx audit --list-checks)`);
  for (const id of checks ?? []) if (!AUDIT_CHECKS.some((c) => c.id === id)) throw new CliError(`no check '${id}' (see utmpx audit --list-checks)`);
  const role = o.get("role");
  if (role !== undefined && !(ROLES as readonly unknown[]).includes(role)) throw new CliError(`--role wants one of ${ROLES.join(", ")}, not '${String(role)}'`);
  const passwdPath = o.get("passwd");
  let passwd: string | undefined;
  if (typeof passwdPath === "string") {
    try {
      passwd = readFileSync(passwdPath, "utf8");
    } catch (err) {
      throw new CliError(`cannot read --passwd ${passwdPath}: ${(err as Error).message}`, { hint: false });
    }
  }
  const now = o.get("now");
  const nowSeconds = now === undefined ? undefined : typeof now === "string" && /^\d+(\.\d+)?$/.test(now) ? Number(now) : Date.parse(String(now)) / 1000;
  if (nowSeconds !== undefined && !Number.isFinite(nowSeconds)) throw new CliError(`--now wants seconds since the epoch or an ISO date, not '${String(now)}'`);
  const inputs: AuditInput[] = args.operands.length > 0
    ? filesOf(args.operands, warnSkipped(ctx.stderr)).map((path) => (role === undefined ? path : { path, role: role as FileRole }))
    : systemInputs();
  if (inputs.length === 0) throw new CliError("no FILE given and none of this system's login record files exist");
  const hosts = auditByHost(inputs, {
    checks, passwd, now: nowSeconds,
    regressionTolerance: number("tolerance", o.get("tolerance"), false),
    burstPerMinute: number("burst", o.get("burst"), true),
    top: number("top", o.get("top"), true),
    maxPerKind: perKind(o.get("max-per-kind")),
  });
  const format = o.has("json") ? "json" : o.has("ndjson") ? "ndjson" : "text";
  const { findings, errors } = await writeAuditReport(hosts, format, ctx.stdout);
  if (format !== "text") for (const e of errors) ctx.stderr.write(`${e.message}\n`);
  return findings > 0 || errors.length > 0 ? 1 : 0;
}

/** A login record file of any kind by its name, rotated (.1, -20240101) or .gz too: what a folder given stands for. */
const AUDITED_FILE = /^(wtmp|btmp|utmp|wtmpx|btmpx|utmpx|utx\.(log|active|lastlogin)|lastlog|lastlog2\.db|wtmp\.db)([.-].*)?$/;

/** The operands, each folder replaced by the login record files below it (refused when it holds none); what a walk passes over is told to `skipped`. */
function filesOf(operands: readonly string[], skipped: Skipped): string[] {
  return operands.flatMap((operand) => {
    if (!isDirectory(operand)) return [operand];
    const files = filesUnder(operand, (name) => AUDITED_FILE.test(name), [], skipped);
    if (files.length === 0) throw new CliError(`${operand} holds no login record files (wtmp, btmp, utmp, lastlog, utx.*, wtmp.db, lastlog2.db; rotated or .gz) in it or below`, { hint: false });
    return files;
  });
}
