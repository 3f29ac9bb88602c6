// The string-building last formatter before the byte writer (commit f9df01b), kept
// verbatim as the reference the new one is checked against on random rows.
// The text util-linux 2.38 `last` prints for a list of sessions (its list()
// and the "begins" line of process_wtmp_file), byte for byte.
import { formatIPv4, formatIPv6 } from "../../../src/util/address.ts";
import { listReason, REASON, type Session } from "../../../src/sessions/sessions.ts";
import { Clock, ctimeText, defaultZone, hhmmText, isoText } from "../../../src/time/clock.ts";

export type LastTimeFormat = "notime" | "short" | "full" | "iso";

export interface LastFormatOptions {
  /** -n N: at most N rows (0 or undefined: all). */
  readonly limit?: number;
  /** -x: shutdown, runlevel and clock-change rows too. */
  readonly extended?: boolean;
  /** -F (= --time-format full). */
  readonly fullTimes?: boolean;
  /** --time-format; -F wins when both are given (util-linux refuses the pair). */
  readonly timeFormat?: LastTimeFormat;
  /** -w: whole user names (32 bytes) and host names (256 bytes). */
  readonly fullNames?: boolean;
  /** -i: the address in numbers-and-dots (IPv6 as inet_ntop) instead of the host name. */
  readonly ip?: boolean;
  /** -a: host in the last column. */
  readonly hostLast?: boolean;
  /** -R: no host column. */
  readonly noHost?: boolean;
  /** -p: only sessions present at this time (seconds). */
  readonly present?: number;
  /** Users or ttys to show (last's operands): a user, a line, or a line "tty"+name. */
  readonly show?: readonly string[];
  /** Time zone for the times (IANA name); default the TZ environment variable, else UTC. */
  readonly timeZone?: string;
  /** The "begins" line: the file's name (its basename is printed) and the time of its first record. */
  readonly begins?: { readonly file: string; readonly seconds: number };
  /**
   * Bytes outside ASCII: printed raw (false, the default: what Debian's `last`
   * prints, as in the stored captures) or as "\ooo" (upstream fputc_careful in a
   * C.UTF-8 locale).
   */
  readonly escapeNonAscii?: boolean;
}

interface Fmt { inLen: number; inFmt: number; outLen: number; outFmt: number }
const NONE = 0, SHORT = 1, CTIME = 2, ISO = 3, HHMM = 4;
const FORMATS: Record<number, Fmt> = {
  [NONE]: { inLen: 0, inFmt: NONE, outLen: 0, outFmt: NONE },
  [SHORT]: { inLen: 16, inFmt: CTIME, outLen: 7, outFmt: HHMM },
  [CTIME]: { inLen: 24, inFmt: CTIME, outLen: 26, outFmt: CTIME },
  [ISO]: { inLen: 25, inFmt: ISO, outLen: 27, outFmt: ISO },
};
const BY_NAME: Record<LastTimeFormat, number> = { notime: NONE, short: SHORT, full: CTIME, iso: ISO };

const encoder = new TextEncoder();

function bytesOf(text: string): string {
  let s = "";
  for (const b of encoder.encode(text)) s += String.fromCharCode(b);
  return s;
}

/** printf "%-W.Ps" on a byte string. */
function field(s: string, width: number, precision?: number): string {
  const t = precision === undefined ? s : s.slice(0, precision);
  return t.length >= width ? t : t + " ".repeat(width - t.length);
}

/** C's "%02d". */
function d2(n: number): string {
  return n < 0 ? `-${-n}` : String(n).padStart(2, "0");
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** last's trim_trailing_spaces: drops trailing white space and ends the line (a one-byte line is lost, as there). */
function trimLine(s: string): string {
  let end = s.length;
  while (end > 0 && isSpace(s.charCodeAt(end - 1))) end--;
  return (end > 1 ? s.slice(0, end) : "") + "\n";
}

/** fputc_careful(c, '*') over a byte string. */
function careful(s: string, escapeNonAscii: boolean): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x20 && c < 0x7f) || c === 0x07 || c === 0x09 || c === 0x0d || c === 0x0a) out += s[i];
    else if (c >= 0x80) out += escapeNonAscii ? "\\" + c.toString(8).padStart(3, " ") : s[i];
    else out += "*" + String.fromCharCode(c ^ 0x40);
  }
  return out;
}

/** dns_lookup(NI_NUMERICHOST): IPv4 when words 1-3 are zero or the address is v4-mapped, else IPv6. */
export function lastAddress(a: Uint8Array): string {
  const zero = (from: number, to: number) => a.subarray(from, to).every((b) => b === 0);
  const mapped = zero(0, 10) && a[10] === 0xff && a[11] === 0xff;
  if (mapped) return formatIPv4(a, 12);
  if (zero(4, 16)) return formatIPv4(a, 0);
  return formatIPv6(a, 0);
}

/** A formatter for last's rows: call `row()` per session, then `end()`. */
export class LastFormatter {
  private readonly clock: Clock;
  private readonly fmtId: number;
  private readonly fmt: Fmt;
  private readonly nameLen: number;
  private readonly domainLen: number;
  private readonly show: string[] | undefined;
  private done = 0;

  constructor(private readonly options: LastFormatOptions = {}) {
    this.clock = new Clock(options.timeZone ?? defaultZone());
    this.fmtId = options.fullTimes ? CTIME : BY_NAME[options.timeFormat ?? "short"];
    this.fmt = FORMATS[this.fmtId]!;
    this.nameLen = options.fullNames ? 32 : 8;
    this.domainLen = options.fullNames ? 256 : 16;
    this.show = options.show?.map(bytesOf);
  }

  /** True once -n rows have been printed: last stops reading there. */
  get full(): boolean {
    return !!this.options.limit && this.options.limit <= this.done;
  }

  private time(fmt: number, seconds: number): string {
    switch (fmt) {
      case NONE: return "";
      case HHMM: return hhmmText(this.clock, seconds);
      case CTIME: return ctimeText(this.clock, seconds);
      default: return isoText(this.clock, seconds);
    }
  }

  /** The row's text (a byte string: one char per byte), or "" when last does not list it. */
  row(s: Session): string {
    if (this.full) return "";
    if (!this.options.extended && (s.kind === "shutdown" || s.kind === "runlevel" || s.kind === "new-time" || s.kind === "old-time")) return "";
    const o = this.options;
    let utline = s.bytes.line;
    const digit = (i: number) => { const c = utline.charCodeAt(i); return c >= 0x30 && c <= 0x39; };
    if (utline.startsWith("ftp") && digit(3)) utline = "ftp";
    if (utline.startsWith("uucp") && digit(4)) utline = "uucp";
    if (this.show) {
      const user = s.bytes.user.slice(0, 32);
      const hit = this.show.some((w) => user === w.slice(0, 32) || utline === w || (utline.startsWith("tty") && utline.slice(3) === w));
      if (!hit) return "";
    }
    const login = s.login.seconds;
    const logout = s.end;
    if (o.present) {
      if (o.present < login) return "";
      if (0 < logout && logout < o.present) return "";
    }
    const fmt = this.fmt;
    const what = listReason(s);
    const logintime = this.time(fmt.inFmt, login);
    const secs = logout - login;
    const mins = Math.trunc(secs / 60) % 60;
    const hours = Math.trunc(secs / 3600) % 24;
    const days = Math.trunc(secs / 86400);
    let logouttime = "- " + this.time(fmt.outFmt, logout);
    let length: string;
    if (s.stillRunning) {
      if (this.fmtId > SHORT) { logouttime = "  still running"; length = ""; }
      else { logouttime = "  still"; length = "running"; }
    } else if (days) {
      length = `(${days}+${d2(Math.abs(hours))}:${d2(Math.abs(mins))})`;
    } else if (hours) {
      length = ` (${d2(hours)}:${d2(Math.abs(mins))})`;
    } else if (secs >= 0) {
      length = ` (${d2(hours)}:${d2(mins)})`;
    } else {
      length = ` (-00:${d2(Math.abs(mins))})`;
    }
    switch (what) {
      case REASON.R_CRASH: logouttime = "- crash"; break;
      case REASON.R_DOWN: logouttime = "- down "; break;
      case REASON.R_NOW:
        if (this.fmtId > SHORT) { logouttime = "  still logged in"; length = ""; }
        else { logouttime = "  still"; length = "logged in"; }
        break;
      case REASON.R_PHANTOM:
        if (this.fmtId > SHORT) { logouttime = "  gone - no logout"; length = ""; }
        else if (this.fmtId === SHORT) { logouttime = "   gone"; length = "- no logout"; }
        else { logouttime = ""; length = "no logout"; }
        break;
      case REASON.R_TIMECHANGE: logouttime = ""; length = ""; break;
      default: break;
    }
    // mem2strcpy into a 256-byte buffer: at most 255 bytes of ut_host
    let domain = s.bytes.host.slice(0, 255);
    if (o.ip && s.addr) domain = lastAddress(s.addr);
    const user = field(s.bytes.user, 0, this.nameLen);
    const line = field(utline, 12, 12);
    const when = `${field(logintime, fmt.inLen, fmt.inLen)} ${field(logouttime, fmt.outLen, fmt.outLen)}`;
    let text: string;
    if (o.noHost) text = `${field(user, 8)} ${line} ${when} ${length}\n`;
    else if (o.hostLast) text = `${field(user, 8)} ${line} ${when} ${field(length, 12, 12)} ${domain}\n`;
    else text = `${field(user, 8)} ${line} ${field(domain, 16, this.domainLen)} ${when} ${length}\n`;
    this.done++;
    return careful(trimLine(text), o.escapeNonAscii === true);
  }

  /**
   * The closing "\n<file> begins <time>\n" (nothing with --time-format notime
   * or without `begins`): of the option's file, or of `begins` when the first
   * record was found only after the rows.
   */
  end(begins = this.options.begins): string {
    const b = begins;
    if (this.fmtId === NONE || !b) return "";
    const base = b.file.replace(/\/+$/, "").split("/").pop() || (b.file.startsWith("/") ? "/" : b.file);
    return `\n${bytesOf(base)} begins ${this.time(this.fmt.inFmt, b.seconds)}\n`;
  }
}

/** last's whole output for these sessions, as bytes. */
export function formatLast(rows: Iterable<Session>, options: LastFormatOptions = {}): Uint8Array {
  const f = new LastFormatter(options);
  let text = "";
  for (const s of rows) {
    if (f.full) break;
    text += f.row(s);
  }
  text += f.end();
  return byteStringToBytes(text);
}

/** A byte string (one char per byte) as bytes. */
export function byteStringToBytes(s: string): Uint8Array {
  const buffer = (globalThis as { Buffer?: { from(s: string, encoding: "latin1"): Uint8Array } }).Buffer;
  if (buffer) return buffer.from(s, "latin1");
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
