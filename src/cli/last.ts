// `utmpx last [options] [user|tty...]`: util-linux 2.38 `last`, on any layout.
import { statSync } from "node:fs";
import { inTimeOrder } from "../read/openAll.ts";
import { resolveLayout } from "../detect/chooseLayout.ts";
import { defaultPaths } from "../sources/defaultPaths.ts";
import { presentPath } from "../sources/systemSource.ts";
import type { Layout } from "../layouts/table.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import type { Session } from "../sessions/sessions.ts";
import type { SessionsOptions } from "../sessions/session.ts";
import { SessionPairer } from "../sessions/pairer.ts";
import { CorePairs, type PairedRows } from "../sessions/corePairs.ts";
import { BatchRecords } from "../sessions/batchRecords.ts";
import { NewestFirstFile } from "../sessions/newestFirst.ts";
import { livePhantomCheck } from "../sessions/live.ts";
import { parseTimestamp } from "../time/timestamp.ts";
import { LastFormatter, type LastFormatOptions, type LastTimeFormat } from "../format/last.ts";
import { ByteWriter } from "../format/byteWriter.ts";
import { defaultZone } from "../time/clock.ts";
import { CliError } from "./cliError.ts";
import type { ParsedArgs } from "./args.ts";
import type { CommandContext } from "./commands.ts";
import { StructuredRows, type StructuredRowFormat } from "../format/last/structuredRows.ts";
import { Progress } from "./progress.ts";
import { cliLocale } from "./locale.ts";
import { cliMessage } from "./errorText.ts";
import { wtmpdbLast } from "./wtmpdbLast.ts";
import { isSqliteFile } from "./sqliteFile.ts";
import { followLast } from "./followLast.ts";

/** The usage of `utmpx last` (`lastb`: of `utmpx lastb`, whose default file is btmp). */
export const lastUsage = (lastb = false): string => `Usage:
 utmpx ${lastb ? "lastb" : "last"} [options] [<username>...] [<tty>...]

Show a listing of ${lastb ? "failed logins (util-linux lastb)" : "last logged in users (util-linux last)"}.

Options:
 -<number>            how many lines to show
 -a, --hostlast       display hostnames in the last column
 -d, --dns            display IP numbers as -i does (no resolver is asked; util-linux
                      prints the reverse-DNS name where DNS has one)
 -f, --file <file>    use a specific file instead of the system's ${lastb ? "btmp" : "wtmp"} (repeatable;
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
 -S, --service        with wtmpdb databases: display the PAM service used to log in
     --time-format <format>  show timestamps in the specified <format>:
                               notime|short|full|iso
     --tz <zone>      time zone of the times shown and read (default: TZ, else the
                      system's)
 -l, --layout <id>    read the files with this layout instead of detecting it
     --json, --ndjson, --csv  the rows as data instead of text${lastb ? "" : `
     --follow         then follow the newest file: sessions as they open and close
     --from <start|end|offset>  with --follow: where to begin (default: end)
     --poll <ms>      with --follow: how often to look at the file (default: 1000)`}
 -h, --help           display this help
`;

interface Spec { name: string; short?: string; value?: boolean }
const SPECS: Spec[] = [
  { name: "limit", short: "n", value: true }, { name: "help", short: "h" }, { name: "file", short: "f", value: true },
  { name: "nohostname", short: "R" }, { name: "hostlast", short: "a" }, { name: "since", short: "s", value: true },
  { name: "until", short: "t", value: true }, { name: "present", short: "p", value: true }, { name: "system", short: "x" },
  { name: "dns", short: "d" }, { name: "ip", short: "i" }, { name: "fulltimes", short: "F" }, { name: "fullnames", short: "w" },
  { name: "time-format", value: true }, { name: "tz", value: true }, { name: "layout", short: "l", value: true },
  { name: "json" }, { name: "ndjson" }, { name: "csv" }, { name: "service", short: "S" },
  { name: "follow" }, { name: "from", value: true }, { name: "poll", value: true },
];

/** ParsedArgs of `utmpx last`, with every -f in order and the -<number> digits. */
export interface LastArgs extends ParsedArgs {
  readonly files: string[];
  /** The count was last given as -<digits> (which wrap as an int does), not -n. */
  readonly limitFromDigits?: boolean;
}

/** getopt_long as last calls it: bundled short options, -<digits>, unique long prefixes, operands anywhere. */
export function parseLastArgs(argv: readonly string[]): LastArgs {
  const options = new Map<string, string | true>();
  const operands: string[] = [];
  const files: string[] = [];
  let digits: string | undefined;
  const set = (spec: Spec, value: string | true) => {
    if (spec.name === "file") files.push(value as string);
    else {
      options.delete(spec.name); // the map's order is the order options were last given in (-F against --time-format)
      options.set(spec.name, value);
    }
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
  return { options, operands, files, limitFromDigits: digits !== undefined };
}

export interface LastRunOptions {
  /** "now" in seconds (last's currentdate); default the clock. */
  readonly now?: number;
  /** lastb: failed logins from btmp, listed without pairing. */
  readonly lastb?: boolean;
  /** false: the JavaScript pairer always (tests compare the two); default: the core pairs where it can. */
  readonly corePairing?: boolean;
  /**
   * Tests: the files are read as the live system's, whose logins never closed
   * are checked with this (default: only the system's own wtmp, checked
   * against its processes, on Linux).
   */
  readonly liveCheck?: SessionsOptions["isPhantom"];
}

const str = (v: string | true | undefined) => (typeof v === "string" ? v : undefined);

/** `utmpx last`: exit status 0, 1 when a file cannot be read or a value is invalid. */
export async function last(args: ParsedArgs, ctx: CommandContext, run: LastRunOptions = {}): Promise<number> {
  const o = args.options;
  if (o.has("help")) { ctx.stdout.write(lastUsage(run.lastb)); return 0; }
  const now = run.now ?? Math.floor(Date.now() / 1000);
  const timeZone = str(o.get("tz")) ?? defaultZone();
  const given = (args as Partial<LastArgs>).files ?? (str(o.get("file")) ? [str(o.get("file"))!] : []);
  const structured = (["json", "ndjson", "csv"] as const).filter((k) => o.has(k));
  // the system's wtmp, or where a system keeps none (Debian 13) its wtmpdb database
  const systemWtmp = run.lastb ? defaultPaths().btmp : presentPath(defaultPaths().wtmp, defaultPaths().wtmpdb);
  const paths = given.length ? given : [systemWtmp];
  if (!run.lastb && structured.length === 0 && paths.every(isSqliteFile)) {
    const listed = await wtmpdbLast(args, ctx, paths, now, timeZone);
    return o.has("follow") ? followLast(args, paths, undefined, ctx, { timeZone, nonAscii: cliLocale().utf8 ? "utf8" : "escape" }) : listed;
  }
  // a value the options cannot take is a usage error: status 2 (util-linux last says 1)
  const fail = (message: string) => { ctx.stderr.write(`utmpx last: ${message}\n`); return 2; };
  if (o.has("service")) return fail("-S (--service) shows wtmpdb's PAM service: it goes with -f of wtmpdb databases only");

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
    // -n is read as last's strtos32_or_err reads it; -<digits> add up in an int, as last's loop adds them
    const count = (args as Partial<LastArgs>).limitFromDigits ? Number(BigInt.asIntN(32, BigInt(n))) : Number(n);
    if (count > 2 ** 31 - 1 || count < -(2 ** 31)) return fail(`failed to parse number: '${n}': Numerical result out of range`);
    limit = Math.max(0, count); // a negative count is huge unsigned in last: no limit
  }
  if (structured.length > 1) return fail("choose one of --json, --ndjson, --csv");
  const layoutName = str(o.get("layout"));
  const layout: Layout | undefined = layoutName ? resolveLayout(layoutName) : undefined;

  // one history, oldest file first; read from its newest record back
  const ordered = paths.length > 1 ? await inTimeOrder<string>(paths, { layout }).catch(() => paths) : paths;

  const formatOptions: LastFormatOptions = {
    limit, timeFormat, timeZone,
    extended: o.has("system"), fullNames: o.has("fullnames"),
    // -d: util-linux prints getnameinfo()'s name, which is the numeric address where DNS has no name; we ask no resolver
    ip: o.has("ip") || o.has("dns"),
    hostLast: o.has("hostlast"), noHost: o.has("nohostname"),
    // as util-linux 2.38.1 last prints: in a UTF-8 locale a name cut inside a character shows "\ooo"; in C every byte past ASCII does
    nonAscii: cliLocale().utf8 ? "utf8" : "escape",
    ...(times.present !== undefined ? { present: times.present } : {}),
    ...(args.operands.length ? { show: args.operands } : {}),
  };
  // the text's rows are written by the core, a batch at a time (rowWriter flushes them per batch)
  const f = new LastFormatter(formatOptions, structured.length === 0);
  const out = rowWriter(f, structured[0], ctx);
  const live = !run.lastb && (run.liveCheck !== undefined || (given.length === 0 && (globalThis as { process?: { platform?: string } }).process?.platform === "linux"));
  const isPhantom = live ? run.liveCheck ?? livePhantomCheck() : undefined;
  const pairer = new SessionPairer({
    now,
    ...(times.since !== undefined ? { since: times.since } : {}),
    ...(times.until !== undefined ? { until: times.until } : {}),
    liveSystem: live,
    ...(run.lastb ? { lastb: true } : {}),
    ...(isPhantom ? { isPhantom } : {}),
    onWarning: (message) => ctx.stderr.write(`utmpx last: ${message}\n`),
  }, out.row, true); // each row is written when it comes

  // text rows are paired in the core while it can
  const pairing = structured.length === 0 && !run.lastb && run.corePairing !== false ? f.corePairing() : undefined;
  const corePairs = pairing && out.paired
    ? new CorePairs(pairer, { now, since: times.since ?? 0, until: times.until ?? 0, ...pairing, ...(isPhantom ? { isPhantom } : {}) }, out.paired)
    : undefined;

  let status = 0;
  const report = (err: unknown) => {
    if (!(err instanceof UtmpError) || err.code === UtmpErrorCode.BAD_LAYOUT_NAME) throw err;
    ctx.stderr.write(`${cliMessage(err)}\n`);
    status = 1;
  };
  const files = ordered.map((path) => new NewestFirstFile(path, {
    layout, onWarning: (w) => ctx.stderr.write(`utmpx last: warning: ${w.message}\n`),
    // an all-zero record is nothing to last; lastb lists it
    skipZeroed: !run.lastb,
    // every row is written (and its host read) before the next batch is asked for
    transient: true,
    // text rows are written by the core from the records: last pairs them by line and user, lastb
    // not at all (operands pick rows by both); the rest is decoded only for a batch where a row
    // asks for it (one the core cannot write). While the core pairs, none (it reads the records;
    // a batch it hands over is decoded again for the strings the JavaScript pairer reads)
    strings: structured.length > 0 ? "all" : run.lastb && args.operands.length === 0 ? "none"
      : corePairs ? () => (corePairs.pairing ? "none" : "usersAndLines") : "usersAndLines",
  }));
  /** Whether each file was read through without an error; absent: not reached (-n was satisfied first). */
  const readOk = new Map<NewestFirstFile, boolean>();
  const records = new BatchRecords();
  const stop = () => f.full || !ctx.stdout.open;
  reading: for (let k = files.length - 1; k >= 0; k--) {
    const file = files[k]!;
    const size = fileSize(file.path);
    const progress = Progress.for(size);
    try {
      for await (const { batch, firstIndex } of file.batches()) {
        records.use(batch);
        // a row's position in its file (evidence): from its offset where records are of one size (the core may have left zeros out)
        const recordSize = batch.layout.framing ? 0 : batch.layout.recordSize;
        const from = corePairs ? corePairs.pair(batch, records) : batch.length - 1;
        for (let i = from; i >= 0 && !f.full; i--) pairer.push(records, i, recordSize ? batch.offsetOf(i) / recordSize : firstIndex + i);
        progress?.update(size - batch.offset);
        await out.flush();
        if (stop()) { progress?.done(); break reading; }
      }
      progress?.done();
      readOk.set(file, true);
    } catch (err) {
      progress?.done();
      report(err);
      readOk.set(file, false);
    } finally {
      file.close(); // a .gz's temporary file goes as soon as it is read: one at a time
    }
  }

  // "<file> begins": the first record of the oldest file read without an error (an empty one: its ctime)
  let begins: { file: string; seconds: number } | undefined;
  for (const file of files) {
    if (readOk.get(file) === false) continue;
    let seconds: number | undefined;
    try {
      seconds = await file.firstSeconds();
    } catch (err) {
      // a file -n spared us reading, unreadable after all
      report(err);
      continue;
    }
    seconds ??= ctimeOf(file.path);
    if (seconds !== undefined) {
      begins = { file: file.path, seconds };
      break;
    }
  }
  if (status !== 0 && pairer.records === 0 && !begins) return status;
  await out.end(begins);
  if (o.has("follow") && !run.lastb) return followLast(args, ordered, layout, ctx, formatOptions); // then rows as they open and close
  return status;
}

/** An empty file's "begins" time, as last gives it: its ctime (undefined when it is gone). */
function ctimeOf(path: string): number | undefined {
  try { return Math.floor(statSync(path).ctimeMs / 1000); } catch { return undefined; }
}

function fileSize(path: string): number {
  try { return statSync(path).size; } catch { return 0; }
}

/** Rows to stdout as they come: last's text, or --json/--ndjson/--csv of the rows the text would show. */
interface RowWriter {
  readonly row: (row: Session) => void;
  /** The rows the core paired (text only). */
  readonly paired?: PairedRows;
  /** Writes what is buffered and waits while stdout is full. */
  flush(): Promise<void>;
  end(begins: { file: string; seconds: number } | undefined): Promise<void>;
}

/** Bytes of text gathered before they are written. */
const CHUNK = 1 << 18;

function rowWriter(f: LastFormatter, format: StructuredRowFormat | undefined, ctx: CommandContext): RowWriter {
  if (format) {
    const rows = new StructuredRows(format);
    let started = false;
    const start = () => { if (!started) { started = true; ctx.stdout.write(rows.start()); } };
    return {
      row: (row) => {
        // the rows the text would show (filters, --present, -n), as objects
        if (f.row(row) === "") return;
        start();
        ctx.stdout.write(rows.row(row));
      },
      flush: () => ctx.stdout.ready(),
      end: async () => { start(); ctx.stdout.write(rows.end()); await ctx.stdout.ready(); },
    };
  }
  const w = new ByteWriter(CHUNK * 2);
  const write = () => ctx.stdout.writeFrom(w);
  return {
    row: (row) => {
      f.write(w, row);
      if (w.length >= CHUNK) write();
    },
    paired: (batch, rows, described) => {
      f.writeCorePaired(w, batch, rows, described);
      if (w.length >= CHUNK) write();
    },
    flush: () => {
      f.flushRows(w);
      write();
      return ctx.stdout.ready();
    },
    end: async (begins) => {
      f.flushRows(w);
      w.ascii(f.end(begins));
      write();
      await ctx.stdout.ready();
    },
  };
}
