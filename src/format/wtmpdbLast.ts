// `wtmpdb last` (wtmpdb 0.75): a row per session or boot, newest login first,
// as its print_entry() and print_line() write them. Unlike util-linux last it
// pairs nothing (a row is a session): an open row below a boot already shown is
// "crash", else "still logged in" or "still running"; -x adds the shutdown of a
// boot that has a newer one. Widths count bytes, as printf's do, so text is
// handled as UTF-8 bytes, cut where printf cuts, and written straight into the
// output buffer: no string per row.
import { WTMPDB_TYPE } from "../sqlite/wtmpdb.ts";
import { Clock, MONTHS, WEEKDAYS } from "../time/clock.ts";
import { pad2 } from "../time/calendar.ts";
import type { LastTimeFormat } from "./last.ts";
import { parseAddress } from "../util/parseAddress.ts";
import { inetAton } from "../util/inetAton.ts";
import { formatIPv4, formatIPv6 } from "../util/address.ts";
import { byteString, utf8ByteString } from "../util/text.ts";
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

/**
 * A text as UTF-8 bytes: `length` of them at `start` in `bytes`. A row's texts
 * are views of the bytes they were read from, refilled per row, so a million
 * distinct hosts make no object (a subarray each cost more than the rest of the row).
 */
export interface Utf8Text {
  bytes: Uint8Array;
  start: number;
  length: number;
}

/** A row as the formatter reads it: its text fields as UTF-8 bytes (printf's widths count bytes). */
export interface WtmpdbLastRow {
  type: number;
  login: number | bigint | null;
  logout: number | bigint | null;
  user: Utf8Text;
  /** null: NULL, printed "?". */
  tty: Utf8Text | null;
  host: Utf8Text;
  service: Utf8Text;
}

const encoder = new TextEncoder();

/** A text of its own bytes. */
export function encodedText(s: string): Utf8Text {
  const bytes = encoder.encode(s);
  return { bytes, start: 0, length: bytes.length };
}

const EMPTY = encodedText("");
const SOFT_REBOOT = encodedText("soft-reboot");
const S_REBOOT = encodedText("s-reboot");
const QUESTION = encodedText("?");
const SYSTEM_BOOT = encodedText("system boot");
const SHUTDOWN = encodedText("shutdown");
const SYSTEM_DOWN = encodedText("system down");
const CRASH = encodedText("crash");
const STILL = encodedText("still");
const STILL_LOGGED_IN = encodedText("still logged in");
const LOGGED_IN = encodedText("logged in");
const STILL_RUNNING = encodedText("still running");
const RUNNING = encodedText("running");
const ERROR = encodedText("ERROR");

function sameText(a: Utf8Text, b: Utf8Text): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a.bytes[a.start + i] !== b.bytes[b.start + i]) return false;
  return true;
}

/** printf's %-W.Ps: `t` cut to P bytes, padded to W, written in place (no string per row). */
function putField(w: ByteWriter, t: Utf8Text, width: number, precision = Infinity): void {
  const n = t.length < precision ? t.length : precision;
  const end = w.length + (n > width ? n : width);
  w.reserve(end - w.length);
  const out = w.buffer, bytes = t.bytes;
  let at = w.length;
  for (let i = t.start, stop = t.start + n; i < stop; i++) out[at++] = bytes[i]!;
  while (at < end) out[at++] = 0x20;
  w.length = end;
}

/** A session's length: whole seconds (a safe number), or its text (a span of uint64 µs beyond one, or a word). */
type Length = number | Utf8Text;

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
  /** The seconds of the time texts recently made, by column (login, logout), format and seconds (rows come newest login first: neighbours share times). */
  private readonly timeSeconds = new Float64Array(8 * TIME_SLOTS).fill(NaN);
  /** Their texts, each slot's bytes its own, written again when the slot is (no object per text made). */
  private readonly timeTexts: Utf8Text[] = Array.from({ length: 8 * TIME_SLOTS }, () => ({ bytes: new Uint8Array(TIME_TEXT_MAX), start: 0, length: 0 }));
  private readonly show: readonly Utf8Text[] | undefined;

  constructor(private readonly o: WtmpdbLastOptions) {
    this.clock = new Clock(o.timeZone);
    this.show = o.show?.map(encodedText);
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
    let tty = r.tty ?? QUESTION;
    if (this.show && !this.show.some((m) => sameText(m, user) || sameText(m, tty))) return;

    const loginText = this.time(this.loginFormat, loginSeconds, false);
    let logoutText: Utf8Text;
    let length: Length;
    let logout: number | bigint = 0;
    if (r.logout !== null) {
      logout = fast ? (r.logout as number) : U64(BigInt(r.logout));
      const logoutSeconds = seconds(logout);
      if (o.present !== undefined && logoutSeconds > 0 && logoutSeconds < o.present) return;
      logoutText = this.time(this.logoutFormat, logoutSeconds, true);
      length = typeof login === "number" && typeof logout === "number" ? Math.floor((logout - login) / 1e6) : duration(BigInt(login), BigInt(logout));
    } else if (this.afterBoot) {
      logoutText = CRASH;
      length = EMPTY;
    } else {
      const short = this.logoutFormat === "hhmm";
      if (r.type === WTMPDB_TYPE.USER_PROCESS) [logoutText, length] = short ? [STILL, LOGGED_IN] : [STILL_LOGGED_IN, EMPTY];
      else if (r.type === WTMPDB_TYPE.BOOT_TIME) [logoutText, length] = short ? [STILL, RUNNING] : [STILL_RUNNING, EMPTY];
      else [logoutText, length] = [ERROR, encodedText(`Unknown: ${r.type}`)];
    }
    const boot = r.type === WTMPDB_TYPE.BOOT_TIME;
    if (boot) {
      tty = SYSTEM_BOOT;
      this.afterBoot = true;
    }
    let host = r.host;
    if (o.ip && host.length > 0) host = canonicalAddress(host) ?? host;
    this.line(w, user, tty, host, r.service, loginText, logoutText, length);
    if (o.system && boot && this.newerBoot !== 0n && logout !== 0 && logout !== 0n) {
      const down = BigInt(logout);
      this.line(w, SHUTDOWN, SYSTEM_DOWN, host, r.service, this.time(this.loginFormat, Number(down / USEC), false),
        this.time(this.logoutFormat, Number(this.newerBoot / USEC), true), duration(down, this.newerBoot));
    }
    if (o.system && boot) this.newerBoot = BigInt(login);
    this.printed++;
  }

  /** After the rows: "<name> begins <time>", or "<name> has no entries" (a byte string). */
  end(name: string): string {
    let start = this.start;
    if (this.startFast !== undefined && (start === undefined || BigInt(this.startFast) < start)) start = BigInt(this.startFast);
    if (start === undefined) return `${utf8ByteString(name)} has no entries\n`;
    if (this.o.beginsFormat === "notime") return "";
    return `\n${utf8ByteString(name)} begins ${this.timeText(this.o.beginsFormat, Number(start / USEC))}\n`;
  }

  /**
   * One line: name, tty, host (unless -R or -a), service (-S), the times and the
   * length; with -a the length padded and the host last.
   */
  private line(w: ByteWriter, user: Utf8Text, tty: Utf8Text, host: Utf8Text, service: Utf8Text, login: Utf8Text, logout: Utf8Text, length: Length): void {
    const o = this.o;
    putField(w, !o.fullNames && sameText(user, SOFT_REBOOT) ? S_REBOOT : user, 8, o.fullNames ? Infinity : 8);
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
      putLength(w, length, 12);
      w.byte(0x20);
      putField(w, host, 0);
    } else {
      putLength(w, length, 0);
    }
    w.byte(0x0a);
  }

  /**
   * The time text of whole `seconds` in `format`, for a line's login or logout
   * column (`logout`): its bytes are the slot's, rewritten by the next time of
   * that column and format that falls on it, so a line's two times never share one.
   */
  private time(format: LastTimeFormat | "hhmm", seconds: number, logout: boolean): Utf8Text {
    if (format === "notime") return EMPTY;
    const slot = ((logout ? 4 : 0) + FORMAT_SLOT[format]) * TIME_SLOTS + (seconds & (TIME_SLOTS - 1));
    const t = this.timeTexts[slot]!;
    if (this.timeSeconds[slot] === seconds) return t;
    this.timeSeconds[slot] = seconds;
    t.length = this.fillTime(t.bytes, format, seconds);
    return t;
  }

  /**
   * timeText(format, seconds) written into `b` without a string (a million rows
   * are two million times, nearly all different), its length returned: ASCII,
   * at most TIME_TEXT_MAX bytes.
   */
  private fillTime(b: Uint8Array, format: Exclude<LastTimeFormat, "notime"> | "hhmm", seconds: number): number {
    const t = this.clock.local(seconds);
    if (!Number.isFinite(t.year)) {
      // beyond a Date's range: the fields are NaN, spelled as timeText spells them
      const text = this.timeText(format, seconds);
      for (let i = 0; i < text.length; i++) b[i] = text.charCodeAt(i);
      return text.length;
    }
    let n = 0;
    if (format === "short" || format === "full") {
      n = putName(b, n, WEEKDAYS[t.weekday]!);
      n = putName(b, n, MONTHS[t.month - 1]!);
      b[n++] = t.day < 10 ? 0x20 : 0x30 + Math.floor(t.day / 10);
      b[n++] = 0x30 + (t.day % 10);
      b[n++] = 0x20;
    } else if (format === "iso") {
      n = putAscii(b, n, String(t.year));
      b[n++] = 0x2d;
      n = putTwo(b, n, t.month);
      b[n++] = 0x2d;
      n = putTwo(b, n, t.day);
      b[n++] = 0x54;
    }
    n = putTwo(b, n, t.hour);
    b[n++] = 0x3a;
    n = putTwo(b, n, t.minute);
    if (format === "hhmm" || format === "short") return n;
    b[n++] = 0x3a;
    n = putTwo(b, n, t.second);
    if (format === "full") {
      b[n++] = 0x20;
      return putAscii(b, n, String(t.year));
    }
    const minutes = Math.trunc(t.offset / 60);
    b[n++] = minutes < 0 ? 0x2d : 0x2b;
    n = putTwo(b, n, Math.trunc(Math.abs(minutes) / 60));
    return putTwo(b, n, Math.abs(minutes) % 60);
  }

  private timeText(format: LastTimeFormat | "hhmm", seconds: number): string {
    if (format === "notime") return "";
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

/**
 * printf's %-W.Ws of the length (W 0: as it is): calc_time_length's
 * "(d+hh:mm)" or " (hh:mm)" of whole seconds written digit by digit, or the text given.
 */
function putLength(w: ByteWriter, length: Length, width: number): void {
  if (typeof length !== "number") return putField(w, length, width, width || Infinity);
  const from = w.length;
  const mins = Math.floor(length / 60) % 60;
  const hours = Math.floor(length / 3600) % 24;
  const days = Math.floor(length / 86400);
  if (days > 0) {
    w.byte(0x28);
    w.digits(days, 1);
    w.byte(0x2b);
  } else {
    w.byte(0x20);
    w.byte(0x28);
  }
  w.digits(hours, 2);
  w.byte(0x3a);
  w.digits(mins, 2);
  w.byte(0x29);
  if (width === 0) return;
  // cut and padded as %-12.12s does: a length past 999 days is longer than the column
  if (w.length - from > width) w.length = from + width;
  else for (let k = w.length - from; k < width; k++) w.byte(0x20);
}

/** A name of three letters and a space ("Sat "), at `n` in `b`; returns the end. */
function putName(b: Uint8Array, n: number, name: string): number {
  b[n] = name.charCodeAt(0);
  b[n + 1] = name.charCodeAt(1);
  b[n + 2] = name.charCodeAt(2);
  b[n + 3] = 0x20;
  return n + 4;
}

/** pad2(v) (0 <= v < 100) at `n` in `b`; returns the end. */
function putTwo(b: Uint8Array, n: number, v: number): number {
  b[n] = 0x30 + Math.floor(v / 10);
  b[n + 1] = 0x30 + (v % 10);
  return n + 2;
}

/** An ASCII string at `n` in `b`; returns the end. */
function putAscii(b: Uint8Array, n: number, s: string): number {
  for (let i = 0; i < s.length; i++) b[n + i] = s.charCodeAt(i);
  return n + s.length;
}

/** calc_time_length: whole seconds of (stop - start) as uint64 µs, as text. */
function duration(start: bigint, stop: bigint): Utf8Text {
  const secs = U64(stop - start) / USEC;
  const mins = Number((secs / 60n) % 60n);
  const hours = Number((secs / 3600n) % 24n);
  const days = secs / 86400n;
  return encodedText(days > 0n ? `(${days}+${pad2(hours)}:${pad2(mins)})` : ` (${pad2(hours)}:${pad2(mins)})`);
}

/** Whole seconds of a uint64 µs time. */
function seconds(us: number | bigint): number {
  return typeof us === "number" ? Math.floor(us / 1e6) : Number(us / USEC);
}

/** Time texts remembered per column and format (a power of two). */
const TIME_SLOTS = 256;
/**
 * Room for the longest time text: "Wed Dec 31 23:59:59 -271821" (27 bytes), and
 * beyond a Date's range the 39 of "undefined undefined NaN NaN:NaN:NaN NaN".
 */
const TIME_TEXT_MAX = 64;
const FORMAT_SLOT = { hhmm: 0, short: 1, full: 2, iso: 3 } as const;

/**
 * A numeric host as getaddrinfo reads it (IPv4 in inet_aton's forms, IPv6 as
 * inet_pton), written as inet_ntop writes it; undefined for anything else (a
 * name: wtmpdb would ask DNS).
 */
function canonicalAddress(t: Utf8Text): Utf8Text | undefined {
  const text = byteString(t.bytes.subarray(t.start, t.start + t.length), true);
  if (!text.includes(":")) {
    const v4 = inetAton(text);
    return v4 && encodedText(formatIPv4(v4));
  }
  const a = parseAddress(text);
  if (!a) return undefined;
  return encodedText(a.family === 4 ? formatIPv4(a.bytes) : formatIPv6(a.bytes));
}
