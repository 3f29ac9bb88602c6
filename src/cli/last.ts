// `utmpx last [options] [user|tty...]`: util-linux 2.38 `last`, on any layout.
import { statSync } from "node:fs";
import { stream } from "../stream.ts";
import { inTimeOrder } from "../openAll.ts";
import { resolveLayout } from "../chooseLayout.ts";
import { defaultPaths } from "../defaultPaths.ts";
import type { Entry } from "../entry.ts";
import type { Layout } from "../layouts.ts";
import { UtmpError, UtmpErrorCode } from "../errors.ts";
import { sessions, type Session } from "../sessions.ts";
import { livePhantomCheck } from "../sessions/live.ts";
import { parseTimestamp } from "../sessions/timestamp.ts";
import { LastFormatter, byteStringToBytes, type LastTimeFormat } from "../format/last.ts";
import { defaultZone } from "../format/last/clock.ts";
import { CliError } from "./cliError.ts";
import type { ParsedArgs } from "./args.ts";
import type { CommandContext } from "./commands.ts";
import { writeStructuredRows } from "./structured.ts";
import { sessionObject, SESSION_FIELDS } from "../format/sessionObject.ts";
import { Progress } from "./progress.ts";

export const LAST_USAGE = `Usage:
 utmpx last [options] [<username>...] [<tty>...]

Show a listing of last logged in users (util-linux last).

Options:
 -<number>            how many lines to show
 -a, --hostlast       display hostnames in the last column
 -f, --file <file>    use a specific file instead of the system's wtmp (repeatable;
                      several files and .gz members read as one history, oldest first)
 -F, --fulltimes      print full login and logout times and dates
 -i, --ip             display IP numbers in numbers-and-dots notation
 -n, --limit <number> how many lines to show
 -R, --nohostname     don't display the hostname field
 -s, --since <time>   display the lines since the specified time
 -t, --until <time>   display the lines until the specified time
 -p, --present <time> display who were present at the specified time
 -w, --fullnames      display full user and domain names
 -x, --system         display system shutdown entries and run level changes
     --time-format <format>  show timestamps in the specified <format>:
                               notime|short|full|iso
     --tz <zone>      time zone of the times shown and read (default: TZ, else UTC)
 -l, --layout <id>    read the files with this layout instead of detecting it
 -h, --help           display this help
`;

interface Spec { name: string; short?: string; value?: boolean }
const SPECS: Spec[] = [
  { name: "limit", short: "n", value: true }, { name: "help", short: "h" }, { name: "file", short: "f", value: true },
  { name: "nohostname", short: "R" }, { name: "hostlast", short: "a" }, { name: "since", short: "s", value: true },
  { name: "until", short: "t", value: true }, { name: "present", short: "p", value: true }, { name: "system", short: "x" },
  { name: "dns", short: "d" }, { name: "ip", short: "i" }, { name: "fulltimes", short: "F" }, { name: "fullnames", short: "w" },
  { name: "time-format", value: true }, { name: "tz", value: true }, { name: "layout", short: "l", value: true },
  { name: "json" }, { name: "ndjson" }, { name: "csv" },
];

/** ParsedArgs of `utmpx last`, with every -f in order and the -<number> digits. */
export interface LastArgs extends ParsedArgs {
  readonly files: string[];
}

/** getopt_long as last calls it: bundled short options, -<digits>, unique long prefixes, operands anywhere. */
export function parseLastArgs(argv: readonly string[]): LastArgs {
  const options = new Map<string, string | true>();
  const operands: string[] = [];
  const files: string[] = [];
  let digits: string | undefined;
  const set = (spec: Spec, value: string | true) => {
    if (spec.name === "file") files.push(value as string);
    else options.set(spec.name, value);
    if (spec.name === "limit") digits = undefined;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") { operands.push(...argv.slice(i + 1)); break; }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const exact = SPECS.find((s) => s.name === name);
      const prefixed = SPECS.filter((s) => s.name.startsWith(name));
      const spec = exact ?? (prefixed.length === 1 ? prefixed[0] : undefined);
      if (!spec) throw new CliError(prefixed.length > 1 ? `option '--${name}' is ambiguous` : `unrecognized option '--${name}'`);
      if (spec.value) {
        const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
        if (value === undefined) throw new CliError(`option '--${spec.name}' requires an argument`);
        set(spec, value);
      } else {
        if (eq >= 0) throw new CliError(`option '--${spec.name}' doesn't allow an argument`);
        set(spec, true);
      }
      continue;
    }
    if (!arg.startsWith("-") || arg === "-") { operands.push(arg); continue; }
    for (let j = 1; j < arg.length; j++) {
      const c = arg[j]!;
      if (c >= "0" && c <= "9") {
        // -<number>: each digit adds to the count, as last's getopt loop does
        digits = (digits ?? (typeof options.get("limit") === "string" ? String(options.get("limit")) : "")) + c;
        options.set("limit", digits);
        continue;
      }
      const spec = SPECS.find((s) => s.short === c);
      if (!spec) throw new CliError(`invalid option -- '${c}'`);
      if (spec.value) {
        const value = j + 1 < arg.length ? arg.slice(j + 1) : argv[++i];
        if (value === undefined) throw new CliError(`option requires an argument -- '${c}'`);
        set(spec, value);
        break;
      }
      set(spec, true);
    }
  }
  return { options, operands, files };
}

export interface LastRunOptions {
  /** "now" in seconds (last's currentdate); default the clock. */
  readonly now?: number;
  /** lastb: failed logins from btmp, listed without pairing. */
  readonly lastb?: boolean;
}

const str = (v: string | true | undefined) => (typeof v === "string" ? v : undefined);

/** `utmpx last`: exit status 0, 1 when a file cannot be read or a value is invalid. */
export async function last(args: ParsedArgs, ctx: CommandContext, run: LastRunOptions = {}): Promise<number> {
  const o = args.options;
  if (o.has("help")) { ctx.stdout.write(LAST_USAGE); return 0; }
  const now = run.now ?? Math.floor(Date.now() / 1000);
  const timeZone = str(o.get("tz")) ?? defaultZone() ?? "UTC";
  // a value the options cannot take is a usage error: status 2 (util-linux last says 1)
  const fail = (message: string) => { ctx.stderr.write(`utmpx last: ${message}\n`); return 2; };

  let timeFormat: LastTimeFormat = "short";
  const tf = str(o.get("time-format"));
  if (tf !== undefined) {
    if (o.has("fulltimes")) return fail("mutually exclusive arguments: --fulltimes --time-format");
    if (!["notime", "short", "full", "iso"].includes(tf)) return fail(`unknown time format: ${tf}`);
    timeFormat = tf as LastTimeFormat;
  }
  if (o.has("fulltimes")) timeFormat = "full";
  const times: Record<string, number | undefined> = {};
  for (const name of ["since", "until", "present"]) {
    const v = str(o.get(name));
    if (v === undefined) continue;
    const t = parseTimestamp(v, { now, timeZone });
    if (t === undefined) return fail(`invalid time value "${v}"`);
    times[name] = t;
  }
  let limit = 0;
  const n = str(o.get("limit"));
  if (n !== undefined) {
    if (!/^\s*[+-]?\d+$/.test(n)) return fail(`failed to parse number: '${n}'`);
    limit = Math.max(0, Number(n)); // a negative count is huge unsigned in last: no limit
  }
  const layoutName = str(o.get("layout"));
  const layout: Layout | undefined = layoutName ? resolveLayout(layoutName) : undefined;

  const given = (args as Partial<LastArgs>).files ?? (str(o.get("file")) ? [str(o.get("file"))!] : []);
  const systemWtmp = run.lastb ? defaultPaths().btmp : defaultPaths().wtmp;
  const paths = given.length ? given : [systemWtmp];
  const ordered = paths.length > 1 ? await inTimeOrder<string>(paths, { layout }).catch(() => paths) : paths;

  let status = 0;
  const entries: Entry[] = [];
  let begins: { file: string; seconds: number } | undefined;
  for (const path of ordered) {
    const before = entries.length;
    const progress = Progress.for((() => { try { return statSync(path).size; } catch { return 0; } })());
    try {
      for await (const batch of stream(path, { layout, onWarning: (w) => ctx.stderr.write(`utmpx last: warning: ${w.message}\n`) })) {
        for (const e of batch) entries.push(e);
        progress?.update(batch.offsetOf(batch.length - 1));
      }
      progress?.done();
    } catch (err) {
      if (!(err instanceof UtmpError) || err.code === UtmpErrorCode.BAD_LAYOUT_NAME) throw err;
      ctx.stderr.write(`${err.message}\n`);
      status = 1;
      continue;
    }
    if (!begins) {
      if (entries.length > before) begins = { file: path, seconds: entries[before]!.seconds };
      else {
        // an empty file: last gives the file's ctime
        try { begins = { file: path, seconds: Math.floor(statSync(path).ctimeMs / 1000) }; } catch { /* unreadable */ }
      }
    }
  }
  if (status !== 0 && entries.length === 0 && !begins) return status;

  const live = !run.lastb && given.length === 0 && (globalThis as { process?: { platform?: string } }).process?.platform === "linux";
  const rows = sessions(entries, {
    now,
    ...(times.since !== undefined ? { since: times.since } : {}),
    ...(times.until !== undefined ? { until: times.until } : {}),
    liveSystem: live,
    ...(run.lastb ? { lastb: true } : {}),
    ...(live ? { isPhantom: livePhantomCheck() } : {}),
    onWarning: (message) => ctx.stderr.write(`utmpx last: ${message}\n`),
  });
  const f = new LastFormatter({
    limit, timeFormat, timeZone,
    extended: o.has("system"), fullNames: o.has("fullnames"), ip: o.has("ip"),
    hostLast: o.has("hostlast"), noHost: o.has("nohostname"),
    ...(times.present !== undefined ? { present: times.present } : {}),
    ...(args.operands.length ? { show: args.operands } : {}),
    ...(begins ? { begins } : {}),
  });
  const structured = (["json", "ndjson", "csv"] as const).filter((k) => o.has(k));
  if (structured.length > 1) return fail("choose one of --json, --ndjson, --csv");
  if (structured[0]) {
    // the rows the text would show (filters, --present, -n), as objects
    const shown: Session[] = [];
    for (const row of rows) {
      if (f.full) break;
      if (f.row(row) !== "") shown.push(row);
    }
    writeStructuredRows(structured[0], shown.map(sessionObject), SESSION_FIELDS, ctx.stdout);
    return status;
  }
  let text = "";
  for (const row of rows) {
    if (f.full || !ctx.stdout.open) break;
    text += f.row(row);
    if (text.length > 1 << 16) { ctx.stdout.writeBytes(byteStringToBytes(text)); text = ""; }
  }
  text += f.end();
  ctx.stdout.writeBytes(byteStringToBytes(text));
  return status;
}
