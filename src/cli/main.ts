#!/usr/bin/env node
// The `utmpx` command.
import { parseArgs, type OptionSpec } from "./args.ts";
import { CliError } from "./cliError.ts";
import { add, dump, json, detectCommand, type CommandContext } from "./commands.ts";
import { who, WHO_OPTIONS } from "./who.ts";
import { last, parseLastArgs } from "./last.ts";
import { chooseInputs } from "./inputs.ts";
import { Output } from "./output.ts";
import { UtmpError, UtmpErrorCode } from "../errors.ts";

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
                     or --utmp FILE --wtmp FILE), or appended to FILE alone

Options:
  -l, --layout ID    read FILE with this layout (e.g. linux384-le, linux-aarch64) instead of detecting it
  -o, --output FILE  with dump -r: write the records to FILE instead of standard output
      --json, --ndjson, --csv   with dump: the records as one JSON document, JSON lines, or CSV
      --sample       read the bundled sample wtmp
      --sample-if-empty  read the bundled sample when the system's wtmp is missing or empty
  -h, --help         show this help
`;

const OPTIONS: OptionSpec[] = [
  { name: "layout", short: "l", value: true },
  { name: "reverse", short: "r" },
  { name: "json" }, { name: "ndjson" }, { name: "csv" },
  { name: "login" }, { name: "logout" }, { name: "boot" }, { name: "shutdown" },
  { name: "user", value: true }, { name: "line", value: true }, { name: "host", value: true },
  { name: "addr", value: true }, { name: "pid", value: true }, { name: "id", value: true },
  { name: "time", value: true }, { name: "utmp", value: true }, { name: "wtmp", value: true },
  { name: "output", short: "o", value: true },
  { name: "sample" },
  { name: "sample-if-empty" },
  { name: "help", short: "h" },
];

const COMMANDS = { dump, json, detect: detectCommand, add, who } as const;
/** Commands whose options are their model tool's own (who's -l is --login, not --layout). */
const OWN_OPTIONS: Partial<Record<keyof typeof COMMANDS, OptionSpec[]>> = { who: WHO_OPTIONS };

async function run(argv: string[]): Promise<number> {
  const stdout = new Output(process.stdout);
  const stderr = new Output(process.stderr);
  const ctx: CommandContext = { stdout, stderr };
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === "-h" || name === "--help" || name === "help") {
      stdout.write(USAGE);
      return name === undefined ? 2 : 0;
    }
    if (name === "last") {
      // npm start: the system's wtmp, or the bundled sample when it is missing or empty
      const i = rest.indexOf("--sample-if-empty");
      if (i >= 0) {
        const choice = chooseInputs([], false, true);
        if (choice.note) { stderr.write(`utmpx: ${choice.note}\n`); stderr.flush(); }
        rest.splice(i, 1, "-f", choice.files[0]!);
      }
      return await last(parseLastArgs(rest), ctx);
    }
    if (name === "lastb") return await last(parseLastArgs(rest), ctx, { lastb: true });
    const command = COMMANDS[name as keyof typeof COMMANDS];
    if (!command) throw new CliError(`unknown command '${name}'`);
    const args = parseArgs(rest, OWN_OPTIONS[name as keyof typeof COMMANDS] ?? OPTIONS);
    if (args.options.has("help")) {
      stdout.write(USAGE);
      return 0;
    }
    return await command(args, ctx);
  } catch (err) {
    if (err instanceof CliError) {
      stderr.write(`utmpx: ${err.message}\nTry 'utmpx --help' for more information.\n`);
      return 2;
    }
    if (err instanceof UtmpError) {
      stderr.write(`${err.message}\n`);
      return err.code === UtmpErrorCode.BAD_LAYOUT_NAME ? 2 : 1;
    }
    throw err;
  } finally {
    stdout.flush();
    stderr.flush();
  }
}

process.exitCode = await run(process.argv.slice(2));
