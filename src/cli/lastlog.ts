// `utmpx lastlog [options] [FILE]`: shadow's lastlog(8) on a lastlog file (its
// slots are uids: names come from the passwd file, walked in file order), and
// util-linux lastlog2(8) on a lastlog2 database (its rows carry names: every
// row, in name order). Same selections (-u, -b, -t), same bytes; it reads
// files and never writes them, so -C and -S are refused.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { OptionSpec, ParsedArgs } from "./args.ts";
import type { CommandContext } from "./commands.ts";
import { CliError } from "./cliError.ts";
import { zoneOption } from "./zoneOption.ts";
import { structuredFormat, writeStructuredRows } from "./structured.ts";
import { openLastlog } from "../read/open.ts";
import { refuseLargeArchive } from "../sources/archiveCount.ts";
import type { Lastlog } from "../read/lastlog.ts";
import { LASTLOG2_LAYOUT, Lastlog2, lastlog2Listing } from "../read/lastlog2.ts";
import type { Lastlog2Listed } from "../sqlite/lastlog2.ts";
import { exact } from "../sqlite/bytes.ts";
import { defaultPaths } from "../sources/defaultPaths.ts";
import { ByteWriter } from "../format/byteWriter.ts";
import { LastlogReport, type LastlogLine } from "../format/lastlog.ts";
import { parsePasswd, passwdByName, passwdByUid, type PasswdEntry } from "../format/lastlogPasswd.ts";
import { asUid, daysToSeconds, getrange, getulong, type UidRange } from "../format/lastlogNumbers.ts";
import { Clock, defaultZone } from "../time/clock.ts";
import { isoMicros } from "../time/calendar.ts";
import { byteString, decodeText, stringBytes } from "../util/text.ts";
import { UtmpError, UtmpErrorCode, type UtmpWarning } from "../util/errors.ts";

export const LASTLOG_USAGE = `Usage:
 utmpx lastlog [options] [FILE]

Show each user's last login: shadow's lastlog for a lastlog file (a slot per
uid, named from the passwd file), util-linux lastlog2 for a lastlog2 database
(a row per user name). FILE: /var/log/lastlog, else /var/lib/lastlog/lastlog2.db.

Options:
 -u, --user LOGIN|RANGE  only LOGIN, or the uids in RANGE (UID, -UID, UID-, UID-UID)
 -b, --before DAYS      only records older than DAYS
 -t, --time DAYS        only records more recent than DAYS
 -a, --active           leave out users who never logged in
 -s, --service          with a lastlog2 database: show the PAM service
 -R, --root DIR         read DIR/etc/passwd and DIR/var/log/lastlog (as lastlog -R)
     --passwd FILE      names and uids from FILE (default: /etc/passwd)
 -l, --layout ID        read a lastlog file with this layout instead of detecting it
     --tz ZONE          show times in ZONE (default: TZ, else the system's)
     --json, --ndjson, --csv   the rows as data (date null: never logged in)
 -h, --help             display this help

-C (--clear) and -S (--set) are refused: utmpx reads files and never changes them.
`;

export const LASTLOG_OPTIONS: OptionSpec[] = [
  { name: "user", short: "u", value: true }, { name: "before", short: "b", value: true }, { name: "time", short: "t", value: true },
  { name: "active", short: "a" }, { name: "service", short: "s" }, { name: "root", short: "R", value: true },
  { name: "passwd", value: true }, { name: "layout", short: "l", value: true }, { name: "tz", value: true },
  { name: "clear", short: "C" }, { name: "set", short: "S" },
  { name: "json" }, { name: "ndjson" }, { name: "csv" }, { name: "help", short: "h" },
];

/** A line of the report, with what the data formats add. */
interface Row extends LastlogLine {
  readonly uid: number | null;
}

const encoder = new TextEncoder();
/** Text as its UTF-8 bytes, one character per byte (what the report pads and prints). */
const bytesOf = (text: string) => byteString(encoder.encode(text), true);
/** Such a byte string read back as UTF-8 text, for JSON and CSV. */
const textOf = (bytes: string) => decodeText(stringBytes(bytes));

export async function lastlogCommand(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const o = args.options;
  if (o.has("help")) {
    ctx.stdout.write(LASTLOG_USAGE);
    return 0;
  }
  if (o.has("clear") || o.has("set")) {
    throw new CliError("-C (--clear) and -S (--set) change a live lastlog; utmpx lastlog reads files and never writes them (use lastlog or lastlog2 on the system itself)", { hint: false });
  }
  if (args.operands.length > 1) throw new CliError(`unexpected argument: ${args.operands[1]}`);
  const format = structuredFormat(args);
  const clock = new Clock(zoneOption(o.get("tz")) ?? defaultZone());
  const keep = rowFilter(o);
  const root = text(o, "root");
  const passwd = new PasswdFile(text(o, "passwd") ?? join(root ?? "/", "etc/passwd"));
  // a -wal applied or ignored, a partial record: said on stderr, as the other commands say them
  const onWarning = (w: UtmpWarning) => ctx.stderr.write(`utmpx: warning: ${w.message}\n`);
  const file = args.operands[0] ?? defaultFile(root);
  await refuseLargeArchive(file); // a .gz (lastlog or lastlog2) is decompressed whole: counted first
  const db = openLastlog(file, { layout: text(o, "layout"), onWarning });
  const user = text(o, "user");
  let rows: Iterable<Row>;
  if (db instanceof Lastlog2) rows = lastlog2Rows(db, user, passwd);
  else {
    if (o.has("service")) throw new CliError("-s shows the PAM service of a lastlog2 database: a lastlog file has none", { hint: false });
    rows = lastlogRows(db, user, passwd, (warning) => ctx.stderr.write(`utmpx: ${warning}\n`));
  }
  const selected = filter(rows, keep);
  if (format) {
    const data = [...selected].map((r) => ({
      user: textOf(r.user), uid: r.uid, line: textOf(r.line), host: textOf(r.host), service: r.service === undefined || r.service === null ? null : textOf(r.service),
      date: isNever(r) ? null : isoMicros(Number(r.seconds), 0), seconds: isNever(r) ? null : Number(r.seconds),
    }));
    writeStructuredRows(format, data, ["user", "uid", "line", "host", "service", "date", "seconds"], ctx.stdout);
    return 0;
  }
  const report = new LastlogReport(db instanceof Lastlog2 ? "lastlog2" : "shadow", clock, o.has("service"));
  const w = new ByteWriter();
  for (const row of selected) {
    report.write(w, row);
    if (w.length > 1 << 16) ctx.stdout.writeFrom(w);
  }
  ctx.stdout.writeFrom(w);
  return 0;
}

function text(o: Map<string, string | true>, name: string): string | undefined {
  const v = o.get(name);
  return typeof v === "string" ? v : undefined;
}

/** The system's lastlog (under DIR for -R); where it is missing but a lastlog2 database is there, that. */
function defaultFile(root: string | undefined): string {
  const at = (p: string) => (root === undefined ? p : join(root, p));
  const lastlog = at(defaultPaths().lastlog);
  const lastlog2 = at(LASTLOG2_LAYOUT.files);
  return !existsSync(lastlog) && existsSync(lastlog2) ? lastlog2 : lastlog;
}

/** -b, -t and -a, as both tools test them: now - time against DAYS × 86400, in 64-bit arithmetic. */
function rowFilter(o: Map<string, string | true>): (row: Row, now: bigint) => boolean {
  const days = (name: string) => {
    const v = text(o, name);
    if (v === undefined) return undefined;
    const n = getulong(v);
    if (n === undefined) throw new CliError(`invalid numeric argument '${v}'`, { hint: false });
    return daysToSeconds(n);
  };
  const before = days("before"), within = days("time"), active = o.has("active");
  return (row, now) => {
    const age = BigInt.asIntN(64, now - BigInt(row.seconds));
    if (within !== undefined && age > within) return false;
    if (before !== undefined && age < before) return false;
    return !(active && isNever(row));
  };
}

function* filter(rows: Iterable<Row>, keep: (row: Row, now: bigint) => boolean): Generator<Row> {
  for (const row of rows) if (keep(row, BigInt(Math.floor(Date.now() / 1000)))) yield row;
}

const isNever = (r: Row) => r.seconds === 0 || r.seconds === 0n;

/** The passwd file, read when first needed. */
class PasswdFile {
  private entries: PasswdEntry[] | undefined;
  constructor(readonly path: string) {}

  /** @throws UtmpError IO when it cannot be read */
  read(): PasswdEntry[] {
    if (this.entries) return this.entries;
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(this.path);
    } catch (err) {
      throw new UtmpError(UtmpErrorCode.IO, `utmpx: cannot read the passwd file ${this.path}: ${(err as Error).message}`, { path: this.path, cause: err });
    }
    return (this.entries = parsePasswd(bytes));
  }

  /** The entries, or none when the file cannot be read (lastlog2 rows carry their names). */
  readOrNone(): PasswdEntry[] {
    try {
      return this.read();
    } catch {
      return [];
    }
  }
}

/**
 * shadow's lastlog: -u is a user name (its uid), else a range; one uid prints
 * getpwuid()'s entry, otherwise every passwd entry in the range, in file order.
 * A uid past the end of the file, or a partial slot, never logged in.
 */
function* lastlogRows(db: Lastlog, user: string | undefined, passwd: PasswdFile, warn: (text: string) => void): Generator<Row> {
  const entries = passwd.read();
  let range: UidRange | undefined;
  if (user !== undefined) {
    const named = passwdByName(entries, bytesOf(user));
    range = named ? { min: BigInt(named.uid), max: BigInt(named.uid) } : getrange(user);
    if (!range) throw new CliError(`Unknown user or range: ${user}`, { hint: false });
    if ((range.min ?? 0n) > 0xffffffffn || (range.max ?? 0n) > 0xffffffffn) {
      warn("selected uid(s) are higher than LASTLOG_UID_MAX (4294967295): the output might be incorrect");
    }
  }
  const slot = (pw: PasswdEntry): Row => {
    const e = db.at(pw.uid);
    const raw = e?.raw;
    return { user: pw.name, uid: pw.uid, line: byteString(raw?.line ?? new Uint8Array()), host: byteString(raw?.host ?? new Uint8Array()), seconds: e?.seconds ?? 0 };
  };
  if (range?.min !== undefined && range.min === range.max) {
    const pw = passwdByUid(entries, asUid(range.min));
    if (pw) yield slot(pw);
    return;
  }
  for (const pw of entries) {
    if (range && ((range.min !== undefined && pw.uid < asUid(range.min)) || (range.max !== undefined && pw.uid > asUid(range.max)))) continue;
    yield slot(pw);
  }
}

/**
 * util-linux lastlog2: every row in name order; -u LOGIN its row, or (a user
 * of the passwd file without one) never logged in. Unlike lastlog2, a name
 * with a row needs no passwd entry (a copied database outlives its system's
 * users), and -u also takes a uid range, mapped to names by the passwd file.
 * Values come as lastlog2 gets them (C strings, Time parsed as each of its
 * readers parses it: lastlog2Values.ts).
 */
function* lastlog2Rows(db: Lastlog2, user: string | undefined, passwd: PasswdFile): Generator<Row> {
  const rows = db.rows();
  const listed = lastlog2Listing(db);
  if (user === undefined) {
    for (const r of listed) yield listedRow(r);
    return;
  }
  const mine = rows.findIndex((r, i) => listed[i]!.named && r.name === user);
  if (mine >= 0) {
    // lastlog2 reads one user through ll2_read_entry: Time by sqlite3_column_int64, an empty Service made NULL
    const r = listed[mine]!;
    yield { user: bytesOf(user), uid: null, line: r.tty ?? "", host: r.remoteHost ?? "", service: r.service || null, seconds: exact(r.entryTime) };
    return;
  }
  const entries = passwd.readOrNone();
  if (passwdByName(entries, bytesOf(user))) {
    yield { user: bytesOf(user), uid: null, line: "", host: "", service: null, seconds: 0 };
    return;
  }
  const range = user === "" ? undefined : getrange(user);
  if (!range || entries.length === 0) throw new CliError(`User '${user}' does not exist`, { hint: false });
  const lo = range.min === undefined ? 0 : asUid(range.min), hi = range.max === undefined ? 0xffffffff : asUid(range.max);
  for (let i = 0; i < rows.length; i++) {
    const pw = passwdByName(entries, bytesOf(rows[i]!.name));
    if (pw && pw.uid >= lo && pw.uid <= hi) yield listedRow(listed[i]!);
  }
}

/** A row as lastlog2's listing prints it: printf's "(null)" for a NULL name, an Error line after a Time that is not a clean number. */
function listedRow(r: Lastlog2Listed): Row {
  const user = r.name ?? "(null)";
  const error = r.invalidTime === undefined ? undefined : `Invalid numeric time entry for '${user}': '${r.invalidTime}'\n`;
  return { user, uid: null, line: r.tty ?? "", host: r.remoteHost ?? "", service: r.service, seconds: exact(r.time), error };
}
