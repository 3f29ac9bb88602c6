// `wtmpdb last` (wtmpdb 0.75): a row per session or boot, newest login first,
// as its print_entry() and print_line() write them. Unlike util-linux last it
// pairs nothing (a row is a session): an open row below a boot already shown is
// "crash", else "still logged in" or "still running"; -x adds the shutdown of a
// boot that has a newer one. Widths count bytes, as printf's do, so text is
// handled as byte strings (one char per UTF-8 byte) and cut where printf cuts.
import { WTMPDB_TYPE } from "../sqlite/wtmpdb.ts";
import { Clock, MONTHS, WEEKDAYS } from "../time/clock.ts";
import { pad2 } from "../time/calendar.ts";
import type { LastTimeFormat } from "./last.ts";
import { parseAddress } from "../util/parseAddress.ts";
import { formatIPv4, formatIPv6 } from "../util/address.ts";
import { utf8ByteString } from "../util/text.ts";
import type { ByteWriter } from "./byteWriter.ts";

export interface WtmpdbLastOptions {
  /** Of the login and logout columns: the last of -F (full) and --time-format given; short by default. */
  readonly timeFormat: LastTimeFormat;
  /** Of the "begins" line: --time-format's, full by default (-F does not change it). */
  readonly beginsFormat: LastTimeFormat;
  readonly timeZone: string;
  /** -n: rows to print (0: all); rows past it are not looked at, not even for "begins". */
  readonly limit: number;
  readonly since?: number | undefined;
  readonly until?: number | undefined;
  readonly present?: number | undefined;
  /** User names or ttys to show (a boot row's tty is "~"). */
  readonly show?: readonly string[] | undefined;
  readonly fullNames: boolean;
  readonly system: boolean;
  readonly hostLast: boolean;
  readonly noHost: boolean;
  readonly service: boolean;
  /** -i: an address in RemoteHost written as inet_ntop writes it (names are not resolved: no DNS here). */
  readonly ip: boolean;
}

const USEC = 1_000_000n;
const U64 = (n: bigint) => BigInt.asUintN(64, n);

/** A row as the formatter reads it: its text fields as byte strings (one char per UTF-8 byte; see utf8ByteString). */
export interface WtmpdbLastRow {
  type: number;
  login: number | bigint | null;
  logout: number | bigint | null;
  user: string;
  /** null: NULL, printed "?". */
  tty: string | null;
  host: string;
  service: string;
}

/** printf's %-W.Ps of a byte string: cut to P bytes, padded to W, written in place (no string per row). */
function putField(w: ByteWriter, s: string, width: number, precision = Infinity): void {
  const n = s.length < precision ? s.length : precision;
  const end = w.length + (n > width ? n : width);
  w.reserve(end - w.length);
  const out = w.buffer;
  let at = w.length;
  for (let i = 0; i < n; i++) out[at++] = s.charCodeAt(i);
  while (at < end) out[at++] = 0x20;
  w.length = end;
}

export class WtmpdbLastFormatter {
  private readonly clock: Clock;
  private readonly loginFormat: LastTimeFormat;
  private readonly loginWidth: number;
  private readonly logoutFormat: LastTimeFormat | "hhmm";
  private readonly logoutWidth: number;
  private printed = 0;
  private afterBoot = false;
  private newerBoot = 0n;
  /** The earliest Login of the rows looked at (µs, as the C code's uint64), or undefined: none; of rows read as numbers, and as bigints. */
  private startFast: number | undefined;
  private start: bigint | undefined;
  /** Time texts recently made, by format and seconds (rows come newest login first: neighbours share times). */
  private readonly timeSeconds = new Float64Array(4 * TIME_SLOTS).fill(NaN);
  private readonly timeTexts: string[] = new Array<string>(4 * TIME_SLOTS).fill("");
  private readonly show: readonly string[] | undefined;

  constructor(private readonly o: WtmpdbLastOptions) {
    this.clock = new Clock(o.timeZone);
    this.show = o.show?.map(utf8ByteString);
    const format = o.timeFormat;
    this.loginFormat = format;
    this.loginWidth = { notime: 0, short: 16, full: 24, iso: 25 }[format];
    this.logoutFormat = format === "short" ? "hhmm" : format;
    this.logoutWidth = { notime: 0, hhmm: 5, short: 5, full: 24, iso: 25 }[this.logoutFormat];
  }

  /** Whether -n is satisfied: later rows are not looked at. */
  get full(): boolean {
    return this.o.limit > 0 && this.printed >= this.o.limit;
  }

  /** Writes the lines of one row (none when filtered out). */
  row(w: ByteWriter, r: WtmpdbLastRow): void {
    if (this.full) return;
    const o = this.o;
    // times are the C code's uint64 µs; every real one is a safe positive number, read without a BigInt
    const fast = typeof r.login === "number" && r.login >= 0 && (r.logout === null || (typeof r.logout === "number" && r.logout >= r.login));
    const login = fast ? (r.login as number) : U64(BigInt(r.login ?? 0));
    if (typeof login === "number") {
      if (this.startFast === undefined || login < this.startFast) this.startFast = login;
    } else if (this.start === undefined || login < this.start) this.start = login;
    const loginSeconds = seconds(login);
    if (o.since !== undefined && o.since > loginSeconds) return;
    if (o.until !== undefined && o.until < loginSeconds) return;
    if (o.present !== undefined && o.present < loginSeconds) return;
    const user = r.user;
    let tty = r.tty ?? "?";
    if (this.show && !this.show.some((m) => m === user || m === tty)) return;

    const loginText = this.time(this.loginFormat, loginSeconds);
    let logoutText: string;
    let length: string;
    let logout: number | bigint = 0;
    if (r.logout !== null) {
      logout = fast ? (r.logout as number) : U64(BigInt(r.logout));
      const logoutSeconds = seconds(logout);
      if (o.present !== undefined && logoutSeconds > 0 && logoutSeconds < o.present) return;
      logoutText = this.time(this.logoutFormat, logoutSeconds);
      length = typeof login === "number" && typeof logout === "number" ? durationOf(Math.floor((logout - login) / 1e6)) : duration(BigInt(login), BigInt(logout));
    } else if (this.afterBoot) {
      logoutText = "crash";
      length = "";
    } else {
      const short = this.logoutFormat === "hhmm";
      const [word, rest] = r.type === WTMPDB_TYPE.USER_PROCESS ? ["still", "logged in"] : r.type === WTMPDB_TYPE.BOOT_TIME ? ["still", "running"] : ["ERROR", `Unknown: ${r.type}`];
      logoutText = word === "ERROR" || short ? word : `${word} ${rest}`;
      length = word === "ERROR" || short ? rest : "";
    }
    const boot = r.type === WTMPDB_TYPE.BOOT_TIME;
    if (boot) {
      tty = "system boot";
      this.afterBoot = true;
    }
    let host = r.host;
    if (o.ip && host !== "") host = canonicalAddress(host) ?? host;
    this.line(w, user, tty, host, r.service, loginText, logoutText, length);
    if (o.system && boot && this.newerBoot !== 0n && logout !== 0 && logout !== 0n) {
      const down = BigInt(logout);
      this.line(w, "shutdown", "system down", host, r.service, this.time(this.loginFormat, Number(down / USEC)),
        this.time(this.logoutFormat, Number(this.newerBoot / USEC)), duration(down, this.newerBoot));
    }
    if (o.system && boot) this.newerBoot = BigInt(login);
    this.printed++;
  }

  /** After the rows: "<name> begins <time>", or "<name> has no entries". */
  end(name: string): string {
    let start = this.start;
    if (this.startFast !== undefined && (start === undefined || BigInt(this.startFast) < start)) start = BigInt(this.startFast);
    if (start === undefined) return `${utf8ByteString(name)} has no entries\n`;
    if (this.o.beginsFormat === "notime") return "";
    return `\n${utf8ByteString(name)} begins ${this.time(this.o.beginsFormat, Number(start / USEC))}\n`;
  }

  /**
   * One line: name, tty, host (unless -R or -a), service (-S), the times and the
   * length; with -a the length padded and the host last.
   */
  private line(w: ByteWriter, user: string, tty: string, host: string, service: string, login: string, logout: string, length: string): void {
    const o = this.o;
    putField(w, !o.fullNames && user === "soft-reboot" ? "s-reboot" : user, 8, o.fullNames ? Infinity : 8);
    w.byte(0x20);
    putField(w, tty, 12, 12);
    if (!o.noHost && !o.hostLast) {
      w.byte(0x20);
      putField(w, host, 16, o.fullNames ? Infinity : 16);
    }
    if (o.service) {
      w.byte(0x20);
      putField(w, service, 12, 12);
    }
    w.byte(0x20);
    putField(w, login, this.loginWidth, this.loginWidth);
    w.ascii(" - ");
    putField(w, logout, this.logoutWidth, this.logoutWidth);
    w.byte(0x20);
    if (o.hostLast) {
      putField(w, length, 12, 12);
      w.byte(0x20);
      w.ascii(host);
    } else {
      w.ascii(length);
    }
    w.byte(0x0a);
  }

  private time(format: LastTimeFormat | "hhmm", seconds: number): string {
    if (format === "notime") return "";
    const slot = FORMAT_SLOT[format] * TIME_SLOTS + (seconds & (TIME_SLOTS - 1));
    if (this.timeSeconds[slot] === seconds) return this.timeTexts[slot]!;
    this.timeSeconds[slot] = seconds;
    return (this.timeTexts[slot] = this.timeText(format, seconds));
  }

  private timeText(format: Exclude<LastTimeFormat, "notime"> | "hhmm", seconds: number): string {
    const t = this.clock.local(seconds);
    const hm = `${pad2(t.hour)}:${pad2(t.minute)}`;
    switch (format) {
      case "hhmm": return hm;
      case "short": return `${WEEKDAYS[t.weekday]} ${MONTHS[t.month - 1]} ${String(t.day).padStart(2, " ")} ${hm}`;
      case "full": return `${WEEKDAYS[t.weekday]} ${MONTHS[t.month - 1]} ${String(t.day).padStart(2, " ")} ${hm}:${pad2(t.second)} ${t.year}`;
      case "iso": {
        const minutes = Math.trunc(t.offset / 60);
        const zone = `${minutes < 0 ? "-" : "+"}${pad2(Math.trunc(Math.abs(minutes) / 60))}${pad2(Math.abs(minutes) % 60)}`;
        return `${t.year}-${pad2(t.month)}-${pad2(t.day)}T${hm}:${pad2(t.second)}${zone}`;
      }
    }
  }
}

/** calc_time_length: whole seconds of (stop - start) as uint64 µs. */
function duration(start: bigint, stop: bigint): string {
  const secs = U64(stop - start) / USEC;
  const mins = Number((secs / 60n) % 60n);
  const hours = Number((secs / 3600n) % 24n);
  const days = secs / 86400n;
  if (days > 0n) return `(${days}+${pad2(hours)}:${pad2(mins)})`;
  return ` (${pad2(hours)}:${pad2(mins)})`;
}

/** duration() of a span of whole seconds that is a safe non-negative number. */
function durationOf(secs: number): string {
  const mins = Math.floor(secs / 60) % 60;
  const hours = Math.floor(secs / 3600) % 24;
  const days = Math.floor(secs / 86400);
  if (days > 0) return `(${days}+${pad2(hours)}:${pad2(mins)})`;
  return ` (${pad2(hours)}:${pad2(mins)})`;
}

/** Whole seconds of a uint64 µs time. */
function seconds(us: number | bigint): number {
  return typeof us === "number" ? Math.floor(us / 1e6) : Number(us / USEC);
}

/** Time texts remembered per format (a power of two). */
const TIME_SLOTS = 256;
const FORMAT_SLOT = { hhmm: 0, short: 1, full: 2, iso: 3 } as const;

/** An IPv4 or IPv6 literal as inet_ntop writes it; undefined for anything else (a name: wtmpdb would ask DNS). */
function canonicalAddress(text: string): string | undefined {
  const a = parseAddress(text);
  if (!a) return undefined;
  return a.family === 4 ? formatIPv4(a.bytes) : formatIPv6(a.bytes);
}
