#!/usr/bin/env node
// The `utmpx` command.
import { parseArgs, type OptionSpec, type ParsedArgs } from "./args.ts";
import { CliError } from "./cliError.ts";
import type { CommandContext } from "./commands.ts";
import { FOLLOW_OPTIONS } from "./followOptions.ts";
import type { LastArgs } from "./last.ts";
import { zoneOption } from "./zoneOption.ts";
import { packageVersion } from "./version.ts";
import { cliMessage } from "./errorText.ts";
import { defaultPaths } from "../sources/defaultPaths.ts";
import { chooseInputs } from "./inputs.ts";
import { Output } from "./output.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";

const USAGE = `Usage: utmpx <command> [options] [FILE...]

Commands:
  dump [FILE...]     print records as util-linux utmpdump does (default FILE: the system's wtmp)
  json [FILE...]     print one JSON object per record
  dump -r [FILE]     read utmpdump text (FILE or standard input) back into records of --layout
  detect [FILE...]   name each file's layout, with a confidence and the runner-up
  last [-n N] [-xFwiaR] [-f FILE]... [user|tty...]   util-linux last: logins, logouts, boots (--tz ZONE)
  lastb [options] [-f FILE]...                       failed logins (btmp), unpaired, as util-linux lastb
  who [-abdHlmpqrstTuw] [FILE]   coreutils who over utmp (or FILE); --tz ZONE for times
  add --login --user U --line L [--host H] [--addr A] [--pid N] [--id ID] [--time T] [FILE]
  add --logout --line L [--pid N] [--id ID] [--time T] [FILE]
  add --boot|--shutdown [--host KERNEL] [--time T] [FILE]
                     write what login(1) and init write: to utmp and wtmp (the system's,
                     or --utmp FILE --wtmp FILE), or appended to FILE alone; --time T is
                     ISO-8601 (2024-01-01T08:00:00Z; without a zone, local time), default now;
                     --pad-partial completes a file ending in a partial record with zeros first
  lastlog [-u USER|RANGE] [-b DAYS] [-t DAYS] [-a] [-s] [-R ROOT] [--passwd FILE] [FILE]
                     last login of each user (shadow lastlog; util-linux lastlog2 for a lastlog2.db)
  convert --to wtmpdb|lastlog2|LAYOUT -o OUT FILE...
                     wtmp to wtmpdb as wtmpdb import does, wtmpdb to wtmp, lastlog to lastlog2,
                     any layout to any other
  audit [--json|--ndjson] FILE...    tampering and attack findings (exit 1 when there are any)
  anonymize --key KEY|--key-file F -o OUT FILE   a copy with users, hosts, addresses pseudonymised
  export [--format parquet|ndjson|csv] -o OUT PATH...   every record as rows of one schema
                     (a folder of hosts: a Hive-partitioned Parquet dataset)
  view [FILE...]     the offline web viewer, served on 127.0.0.1 with FILEs preloaded
  dump -f FILE, last --follow, export --follow   follow a live file as records are appended

Options:
  -l, --layout ID    read FILE with this layout (e.g. linux384-le, linux-aarch64) instead of detecting it
  -o, --output FILE  with dump -r: write the records to FILE (a new one: not an existing file, nor the input) instead of standard output
      --json, --ndjson, --csv   with dump: the records as one JSON document, JSON lines, or CSV
      --sample       read the bundled sample wtmp instead of the system's file (dump, json,
                     detect, last, who; not lastb, add or dump -r)
      --sample-if-empty  the same, only when the system's file is missing or empty
      --tz ZONE      with last, lastb, who: show times in ZONE (an IANA name, or UTC;
                     default: TZ, else the system's)
  -h, --help         show this help
  -V, --version      print utmpx's version

Locale: last, lastb and who follow LC_ALL, LC_CTYPE/LC_TIME and LANG as util-linux
last and coreutils who do (outside a UTF-8 locale, bytes past ASCII print as \\ooo).
`;

const OPTIONS: OptionSpec[] = [
  { name: "layout", short: "l", value: true },
  { name: "reverse", short: "r" },
  { name: "json" }, { name: "ndjson" }, { name: "csv" },
  { name: "login" }, { name: "logout" }, { name: "boot" }, { name: "shutdown" },
  { name: "user", value: true }, { name: "line", value: true }, { name: "host", value: true },
  { name: "addr", value: true }, { name: "pid", value: true }, { name: "id", value: true },
  { name: "time", value: true }, { name: "utmp", value: true }, { name: "wtmp", value: true }, { name: "pad-partial" },
  { name: "output", short: "o", value: true },
  { name: "sample" },
  { name: "sample-if-empty" },
  { name: "help", short: "h" },
  ...FOLLOW_OPTIONS,
];

/** A command as main runs it: its function, and its own options and help where it has them. */
interface Command {
  readonly run: (args: ParsedArgs, ctx: CommandContext) => Promise<number>;
  /** The model tool's own options (who's -l is --login, not --layout); else OPTIONS. */
  readonly options?: OptionSpec[];
  /** Its own help (`utmpx lastlog --help`); else USAGE. */
  readonly usage?: string;
}

/**
 * Each command's module, loaded when it runs: the CLI is split into a chunk
 * per command (esbuild --splitting), so `utmpx last` compiles what last needs
 * and not the audit, convert or Parquet code (about 40 ms of a start).
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  dump: async () => ({ run: (await import("./commands.ts")).dump }),
  json: async () => ({ run: (await import("./commands.ts")).json }),
  detect: async () => ({ run: (await import("./commands.ts")).detectCommand }),
  add: async () => ({ run: (await import("./commands.ts")).add }),
  who: async () => { const m = await import("./who.ts"); return { run: m.who, options: m.WHO_OPTIONS }; },
  lastlog: async () => { const m = await import("./lastlog.ts"); return { run: m.lastlogCommand, options: m.LASTLOG_OPTIONS, usage: m.LASTLOG_USAGE }; },
  convert: async () => { const m = await import("./convert.ts"); return { run: m.convertCommand, options: m.CONVERT_OPTIONS, usage: m.CONVERT_USAGE }; },
  audit: async () => { const m = await import("./audit.ts"); return { run: m.auditCommand, options: m.AUDIT_OPTIONS, usage: m.AUDIT_USAGE }; },
  anonymize: async () => { const m = await import("./anonymize.ts"); return { run: m.anonymizeCommand, options: m.ANONYMIZE_OPTIONS, usage: m.ANONYMIZE_USAGE }; },
  export: async () => { const m = await import("./export.ts"); return { run: m.exportCommand, options: m.EXPORT_OPTIONS, usage: m.EXPORT_USAGE }; },
  view: async () => { const m = await import("./view.ts"); return { run: m.viewCommand, options: m.VIEW_OPTIONS, usage: m.VIEW_USAGE }; },
};

/** Options that pick the bundled sample: for the commands that read a wtmp (not lastb's btmp, nor add or dump -r, which write). */
const SAMPLE_OPTIONS = ["--sample", "--sample-if-empty"];
const NO_SAMPLE = new Set(["lastb", "add", "lastlog", "convert", "audit", "anonymize", "export", "view"]);

/**
 * last's arguments, its --tz checked and --sample/--sample-if-empty made a
 * -f of the sample here (last.ts takes them as given).
 */
function lastArgs(argv: string[], stderr: Output, parseLastArgs: (argv: string[]) => LastArgs): LastArgs {
  const args = parseLastArgs(argv.filter((a) => !SAMPLE_OPTIONS.includes(a)));
  zoneOption(args.options.get("tz"));
  if (args.files.length === 0) {
    const choice = chooseInputs([], argv.includes("--sample"), argv.includes("--sample-if-empty"));
    if (choice.files[0] !== defaultPaths().wtmp) args.files.push(choice.files[0]!);
    if (choice.note) { stderr.write(`utmpx: ${choice.note}\n`); stderr.flush(); }
  }
  return args;
}

/** An error of the system (ENOENT, EISDIR, ENOSPC...) rather than of utmpx. */
function isSystemError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === "string" && typeof (err as NodeJS.ErrnoException).syscall === "string";
}

/** The status of a failure of ours (sysexits' EX_SOFTWARE), told apart from bad input (1) and usage (2). */
const INTERNAL_ERROR = 70;

/** Set once standard output has failed (reported then, in one line): the status is 1 whatever the command said. */
let outputFailed = false;
function outputFailure(err: Error): void {
  if (outputFailed) return;
  outputFailed = true;
  process.stderr.write(`utmpx: cannot write standard output: ${err.message}\n`);
  process.exitCode = 1;
}

async function run(argv: string[]): Promise<number> {
  const stdout = new Output(process.stdout, outputFailure);
  const stderr = new Output(process.stderr);
  const ctx: CommandContext = { stdout, stderr };
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === "-h" || name === "--help" || name === "help") {
      stdout.write(USAGE);
      return name === undefined ? 2 : 0;
    }
    if (name === "-V" || name === "--version") {
      stdout.write(`utmpx ${packageVersion()}\n`);
      return 0;
    }
    if (NO_SAMPLE.has(name) || (name === "dump" && (rest.includes("-r") || rest.includes("--reverse")))) {
      const sample = rest.find((a) => SAMPLE_OPTIONS.includes(a));
      if (sample) throw new CliError(`${sample} reads the bundled sample wtmp: it goes with dump, json, detect, last and who, not ${name === "dump" ? "dump -r" : name}`);
    }
    if (name === "last" || name === "lastb") {
      const { last, parseLastArgs } = await import("./last.ts");
      return await last(lastArgs(rest, stderr, parseLastArgs), ctx, name === "lastb" ? { lastb: true } : {});
    }
    const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!load) throw new CliError(`unknown command '${name}'`);
    const command = await load();
    const args = parseArgs(rest, command.options ?? OPTIONS);
    if (args.options.has("help")) {
      stdout.write(command.usage ?? USAGE);
      return 0;
    }
    return await command.run(args, ctx);
  } catch (err) {
    if (err instanceof CliError) {
      stderr.write(`utmpx: ${err.message}\n${err.hint ? "Try 'utmpx --help' for more information.\n" : ""}`);
      return 2;
    }
    if (err instanceof UtmpError) {
      stderr.write(`${cliMessage(err, argv[0])}\n`);
      return err.code === UtmpErrorCode.BAD_LAYOUT_NAME ? 2 : 1;
    }
    // a file or descriptor the command met without a message of its own: one line, as for the others
    if (isSystemError(err)) {
      const words = cliMessage(err);
      stderr.write(`utmpx: ${err.path !== undefined && words !== err.message ? `${err.path}: ` : ""}${words}\n`);
      return 1;
    }
    // anything else is a bug of ours: said as one, with what a report needs, not as Node's crash
    stderr.write(`utmpx: internal error (a bug in utmpx ${packageVersion()}, please report it with the command that gave it):\n` +
      `${err instanceof Error ? err.stack ?? `${err.name}: ${err.message}` : String(err)}\n`);
    return INTERNAL_ERROR;
  } finally {
    stdout.flush();
    stderr.flush();
  }
}

const status = await run(process.argv.slice(2));
process.exitCode = outputFailed ? 1 : status;
