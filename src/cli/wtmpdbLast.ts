// `utmpx last -f wtmp.db`: when every file given is a wtmpdb database, last
// prints what `wtmpdb last` (0.75) prints, byte for byte, with its options and
// its messages; several databases read as one (wtmpdb itself reads only its
// last -f). A wtmp among them makes it util-linux last over one history instead.
import type { CommandContext } from "./commands.ts";
import type { ParsedArgs } from "./args.ts";
import { newestLoginOrder, NULL_STRING, WtmpdbColumns } from "../sqlite/wtmpdbColumns.ts";
import { openWtmpdbColumns } from "../read/wtmpdb.ts";
import { refuseLargeArchive } from "../sources/archiveCount.ts";
import { encodedText, WtmpdbLastFormatter, type Utf8Text, type WtmpdbLastRow } from "../format/wtmpdbLast.ts";
import { ByteWriter } from "../format/byteWriter.ts";
import type { LastTimeFormat } from "../format/last.ts";
import { parseWtmpdbTime } from "../time/wtmpdbTime.ts";
import { UtmpError } from "../util/errors.ts";
import { cliMessage } from "./errorText.ts";

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
  let shown: LastTimeFormat = "short";
  let begins: LastTimeFormat = "full";
  for (const [name, value] of o) {
    if (name === "fulltimes") shown = "full";
    if (name !== "time-format") continue;
    if (!TIME_FORMATS.includes(value as LastTimeFormat)) return fail(`Invalid time format '${String(value)}'`);
    shown = begins = value as LastTimeFormat;
  }
  for (const [a, b, what] of CONFLICTS) {
    if (o.has(a) && o.has(b)) return fail(`The options ${what} cannot be used together.`);
  }

  // a database that cannot be read is said, by name, and left out: the others are still listed (status 1 at the end)
  const columns = new WtmpdbColumns();
  let oldest: { path: string; login: number } | undefined;
  let unread = 0;
  for (const path of paths) {
    const from = columns.count;
    try {
      await refuseLargeArchive(path); // a .gz is decompressed whole: counted first
      const { warnings } = openWtmpdbColumns(path, columns);
      for (const w of warnings) ctx.stderr.write(`utmpx last: warning: ${w.message}\n`);
      for (let i = from; i < columns.count; i++) {
        const login = Number(columns.timeAt(i, false) ?? 0);
        if (!oldest || login < oldest.login) oldest = { path, login };
      }
    } catch (err) {
      if (!(err instanceof UtmpError)) throw err;
      columns.truncate(from); // rows it gave before it failed are not half a database's
      const message = cliMessage(err);
      ctx.stderr.write(`${message.includes(path) ? message : `utmpx last: ${path}: ${message.replace(/^utmpx: /, "")}`}\n`);
      unread++;
    }
  }
  if (unread === paths.length) return 1;

  const f = new WtmpdbLastFormatter({
    timeFormat: shown, beginsFormat: begins, timeZone,
    limit: limitOf(str("limit")),
    since: times.since, until: times.until, present: times.present,
    show: args.operands.length ? args.operands : undefined,
    fullNames: o.has("fullnames"), system: o.has("system"), hostLast: o.has("hostlast"),
    noHost: o.has("nohostname"), service: o.has("service"), ip: o.has("ip"),
  });
  const out = new ByteWriter(1 << 17);
  const texts = columns.texts;
  // one row object, filled again for each row; its texts point into the bytes they were read from
  const row: WtmpdbLastRow = { type: 0, login: null, logout: null, user: encodedText(""), tty: null, host: encodedText(""), service: encodedText("") };
  const tty = encodedText("");
  /** Points `t` at text `id`: false for NULL (then `t` is left empty). */
  const into = (id: number, t: Utf8Text) => {
    if (id !== NULL_STRING) texts.utf8Into(id, t);
    else t.length = 0;
    return id !== NULL_STRING;
  };
  for (const i of newestLoginOrder(columns)) {
    if (f.full) break;
    row.type = columns.type[i]!;
    row.login = columns.timeAt(i, false);
    row.logout = columns.timeAt(i, true);
    into(columns.user[i]!, row.user); // never NULL: read as ""
    row.tty = into(columns.tty[i]!, tty) ? tty : null;
    into(columns.host[i]!, row.host);
    into(columns.service[i]!, row.service);
    f.row(out, row);
    if (out.length >= 1 << 16) { ctx.stdout.writeFrom(out); await ctx.stdout.ready(); }
  }
  out.ascii(f.end(oldest?.path ?? paths[paths.length - 1]!));
  ctx.stdout.writeFrom(out);
  await ctx.stdout.ready();
  return unread > 0 ? 1 : 0;
}

/** strtoul's reading of -n: leading digits, else 0 (no limit). */
function limitOf(text: string | undefined): number {
  const m = text === undefined ? null : /^\s*\+?(\d+)/.exec(text);
  return m ? Number(m[1]) : 0;
}
