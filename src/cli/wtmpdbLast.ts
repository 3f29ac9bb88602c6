// `utmpx last -f wtmp.db`: when every file given is a wtmpdb database, last
// prints what `wtmpdb last` (0.75) prints, byte for byte, with its options and
// its messages; several databases read as one (wtmpdb itself reads only its
// last -f). A wtmp among them makes it util-linux last over one history instead.
import type { CommandContext } from "./commands.ts";
import type { ParsedArgs } from "./args.ts";
import { fileSource } from "../sources/sources.ts";
import { isSqlite } from "../sqlite/header.ts";
import { newestLoginFirst, type WtmpdbRow } from "../sqlite/wtmpdb.ts";
import { openWtmpdb } from "../read/wtmpdb.ts";
import { WtmpdbLastFormatter } from "../format/wtmpdbLast.ts";
import type { LastTimeFormat } from "../format/last.ts";
import { parseWtmpdbTime } from "../time/wtmpdbTime.ts";
import { UtmpError } from "../util/errors.ts";
import { cliMessage } from "./errorText.ts";

/** Whether the file (decompressed, if gzip) begins as a SQLite database. */
export function isSqliteFile(path: string): boolean {
  try {
    const head = new Uint8Array(16);
    return isSqlite(head.subarray(0, fileSource(path).readInto(0, head)));
  } catch {
    return false; // unreadable: the ordinary path reports it
  }
}

const TIME_FORMATS: readonly LastTimeFormat[] = ["notime", "short", "full", "iso"];
const CONFLICTS: [string, string, string][] = [
  ["nohostname", "hostlast", "-a and -R"], ["nohostname", "dns", "-d and -R"], ["nohostname", "ip", "-i and -R"], ["dns", "ip", "-d and -i"],
];

/** wtmpdb last's exit status: 0, or 1 for a bad option value or an unreadable database. */
export async function wtmpdbLast(args: ParsedArgs, ctx: CommandContext, paths: readonly string[], now: number, timeZone: string): Promise<number> {
  const o = args.options;
  const str = (name: string) => { const v = o.get(name); return typeof v === "string" ? v : undefined; };
  const fail = (message: string) => { ctx.stderr.write(`${message}\n`); return 1; };

  const times: Record<string, number> = {};
  for (const name of ["present", "since", "until"]) {
    const v = str(name);
    if (v === undefined) continue;
    const t = parseWtmpdbTime(v, timeZone, now);
    if (t === undefined) return fail(`Invalid time value '${v}'`);
    times[name] = t;
  }
  // -F and --time-format set the columns' format, the later one winning; only --time-format sets "begins"
  let columns: LastTimeFormat = "short";
  let begins: LastTimeFormat = "full";
  for (const [name, value] of o) {
    if (name === "fulltimes") columns = "full";
    if (name !== "time-format") continue;
    if (!TIME_FORMATS.includes(value as LastTimeFormat)) return fail(`Invalid time format '${String(value)}'`);
    columns = begins = value as LastTimeFormat;
  }
  for (const [a, b, what] of CONFLICTS) {
    if (o.has(a) && o.has(b)) return fail(`The options ${what} cannot be used together.`);
  }

  const rows: WtmpdbRow[] = [];
  let oldest: { path: string; login: number } | undefined;
  for (const path of paths) {
    try {
      const db = openWtmpdb(path);
      for (const w of db.warnings) ctx.stderr.write(`utmpx last: warning: ${w.message}\n`);
      for (const row of db.rows) {
        rows.push(row);
        const login = Number(row.login ?? 0);
        if (!oldest || login < oldest.login) oldest = { path, login };
      }
    } catch (err) {
      if (!(err instanceof UtmpError)) throw err;
      return fail(cliMessage(err));
    }
  }

  const f = new WtmpdbLastFormatter({
    timeFormat: columns, beginsFormat: begins, timeZone,
    limit: limitOf(str("limit")),
    since: times.since, until: times.until, present: times.present,
    show: args.operands.length ? args.operands : undefined,
    fullNames: o.has("fullnames"), system: o.has("system"), hostLast: o.has("hostlast"),
    noHost: o.has("nohostname"), service: o.has("service"), ip: o.has("ip"),
  });
  let text = "";
  for (const row of newestLoginFirst(rows)) {
    if (f.full) break;
    text += f.row(row);
    if (text.length >= 1 << 16) { ctx.stdout.writeBytes(latin1(text)); text = ""; await ctx.stdout.ready(); }
  }
  text += f.end(oldest?.path ?? paths[paths.length - 1]!);
  ctx.stdout.writeBytes(latin1(text));
  await ctx.stdout.ready();
  return 0;
}

/** strtoul's reading of -n: leading digits, else 0 (no limit). */
function limitOf(text: string | undefined): number {
  const m = text === undefined ? null : /^\s*\+?(\d+)/.exec(text);
  return m ? Number(m[1]) : 0;
}

function latin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}
