// `utmpx who`: coreutils who over utmp, or any FILE.
import type { UtmpWarning } from "../util/errors.ts";
import type { EntryType } from "../layouts/entryType.ts";
import { statSync } from "node:fs";
import type { OptionSpec, ParsedArgs } from "./args.ts";
import type { CommandContext } from "./commands.ts";
import { CliError } from "./cliError.ts";
import { zoneOption } from "./zoneOption.ts";
import { cliLocale } from "./locale.ts";
import { open } from "../read/open.ts";
import { refuseLargeArchive } from "../sources/archiveCount.ts";
import { Database } from "../read/database.ts";
import { systemSource } from "../sources/systemSource.ts";
import { samplePath } from "./inputs.ts";
import { defaultPaths } from "../sources/defaultPaths.ts";
import { whoBytes, whoEntries, type WhoOptions } from "../format/who.ts";
import { defaultZone } from "../time/clock.ts";
import { CSV_FIELDS, entryRecord } from "../format/csv.ts";
import { structuredFormat, writeStructuredRows } from "./structured.ts";

export const WHO_OPTIONS: OptionSpec[] = [
  { name: "all", short: "a" }, { name: "boot", short: "b" }, { name: "dead", short: "d" }, { name: "heading", short: "H" },
  { name: "login", short: "l" }, { name: "mine", short: "m" }, { name: "process", short: "p" }, { name: "count", short: "q" },
  { name: "runlevel", short: "r" }, { name: "short", short: "s" }, { name: "time", short: "t" }, { name: "mesg", short: "T" },
  { name: "message", short: "w" }, { name: "users", short: "u" }, { name: "layout", value: true }, { name: "tz", value: true },
  { name: "help", short: "h" }, { name: "json" }, { name: "ndjson" }, { name: "csv" },
  { name: "sample" }, { name: "sample-if-empty" },
];

/** stat() as who uses it: whether the group may write the tty (mesg y), and its last access. */
function statDevice(path: string): { writableByGroup: boolean; atimeSeconds: number } | undefined {
  try {
    const st = statSync(path);
    return { writableByGroup: (st.mode & 0o020) !== 0, atimeSeconds: Math.floor(st.atimeMs / 1000) };
  } catch {
    return undefined;
  }
}

/** The login line of standard input, for -m (Linux: /proc/self/fd/0). */
function myLine(): string | undefined {
  try {
    const { readlinkSync } = process.getBuiltinModule("node:fs") as typeof import("node:fs");
    const tty = readlinkSync("/proc/self/fd/0");
    return tty.startsWith("/dev/") ? tty.slice(5) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * FILE; else the bundled sample (--sample, or --sample-if-empty and no
 * system utmp to speak of); else the system's utmp, empty when missing as
 * coreutils who reads it.
 */
function whoDatabase(args: ParsedArgs, ctx: CommandContext, layout: string | undefined): Database {
  // a partial trailing record is said, as the other commands say it (who's output stays coreutils')
  const options = { layout, onWarning: (w: UtmpWarning) => ctx.stderr.write(`utmpx: warning: ${w.message}\n`) };
  const file = args.operands[0];
  if (file !== undefined) return open(file, options);
  const utmp = defaultPaths().utmp;
  const system = new Database(systemSource(utmp), options);
  if (args.options.has("sample") || (args.options.has("sample-if-empty") && system.length === 0)) {
    if (!args.options.has("sample")) ctx.stderr.write(`utmpx: ${utmp} is missing or empty; showing the bundled sample ${samplePath()}\n`);
    return open(samplePath(), options);
  }
  return system;
}

/** Every type a who listing shows (whoKind), and BOOT_TIME, which its idle times start from. */
const WHO_TYPES: EntryType[] = ["USER_PROCESS", "RUN_LVL", "BOOT_TIME", "NEW_TIME", "INIT_PROCESS", "LOGIN_PROCESS", "DEAD_PROCESS"];

export async function who(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const o = args.options;
  if (args.operands.length > 1) throw new CliError(`extra operand '${args.operands[1]}'`);
  const layout = o.get("layout");
  const tz = zoneOption(o.get("tz"));
  const options: WhoOptions = {
    all: o.has("all"), boot: o.has("boot"), dead: o.has("dead"), heading: o.has("heading"), login: o.has("login"),
    initSpawn: o.has("process"), count: o.has("count"), runlevel: o.has("runlevel"), short: o.has("short"),
    clockChange: o.has("time"), mesg: o.has("mesg") || o.has("message"), users: o.has("users"),
    timeZone: tz ?? (defaultZone() || "UTC"), statDevice,
    // who's ISO times only where LC_TIME is a locale of its own (coreutils' hard_locale)
    timeFormat: cliLocale().hardTime ? "iso" : "posix",
  };
  // a .gz is decompressed whole: one past the limit is refused by a count first (sources/archiveCount.ts)
  if (args.operands[0] !== undefined) await refuseLargeArchive(args.operands[0]);
  const database = whoDatabase(args, ctx, typeof layout === "string" ? layout : undefined);
  // the records who can list, and the boots its idle times need: the core drops the rest unread (an entry
  // kept for every EMPTY record of a 4 GB sparse utmp held 1.8 GB)
  let entries = [...database.filter({ type: WHO_TYPES })];
  if (o.has("mine")) {
    const mine = myLine();
    entries = entries.filter((e) => e.line === mine);
  }
  const structured = structuredFormat(args);
  if (structured === "csv") writeStructuredRows("csv", whoEntries(entries, options).map(entryRecord), CSV_FIELDS, ctx.stdout);
  else if (structured) writeStructuredRows(structured, whoEntries(entries, options).map((e) => e.toJSON()), [], ctx.stdout);
  else ctx.stdout.writeBytes(whoBytes(entries, options));
  return 0;
}
