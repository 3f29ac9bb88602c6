// The text util-linux 2.38 `last` prints for a list of sessions (its list()
// and the "begins" line of process_wtmp_file), byte for byte. A row is written
// as bytes into a ByteWriter, padded and cut in place, with no string per
// field: `utmpx last` prints a row per login of files of millions of records.
import { checkOptions } from "../util/optionsObject.ts";
import { formatIPv4, formatIPv6 } from "../util/address.ts";
import { listReason, REASON, type Session } from "../sessions/sessions.ts";
import { SessionRow } from "../sessions/row.ts";
import { ByteWriter } from "./byteWriter.ts";
import { Clock, defaultZone } from "../time/clock.ts";
import { TimeWriter } from "./last/timeWriter.ts";
import { printsAsIs, writeCareful, type NonAsciiRule } from "./last/careful.ts";
import { utf8ByteString } from "../util/text.ts";
import { CoreRows } from "./last/coreRows.ts";
import type { PairTexts } from "../core/lastPairs.ts";
import type { RecordBatch } from "../core/recordBatch.ts";

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
  /** Time zone for the times (IANA name); default the TZ environment variable, else the system's. */
  readonly timeZone?: string;
  /** The "begins" line: the file's name (its basename is printed) and the time of its first record. */
  readonly begins?: { readonly file: string; readonly seconds: number };
  /**
   * Bytes outside ASCII: printed raw (false, the default: what Debian's `last`
   * prints, as in the stored captures) or as "\ooo" (upstream fputc_careful in a
   * C.UTF-8 locale). See nonAscii, which wins when given.
   */
  readonly escapeNonAscii?: boolean;
  /**
   * How bytes outside ASCII print (src/format/last/careful.ts): "raw", "escape"
   * (as escapeNonAscii), or "utf8": printable UTF-8 characters as they are and
   * other bytes as "\ooo", as util-linux 2.38.1 `last` on Debian 12 prints
   * in a UTF-8 locale (what `utmpx last` uses).
   */
  readonly nonAscii?: NonAsciiRule;
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
/** The core's T_* time kind of each of these (assembly/lastRows.ts). */
const CORE_TIME: Record<number, number> = { [NONE]: 0, [HHMM]: 1, [CTIME]: 2, [ISO]: 3 };
/** The fixed texts' slot of a boot still running, beside the listing reasons' slots 1-7. */
const RUNNING_SLOT = 0;


const SPACE = 0x20;

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/**
 * A byte string's characters as bytes (room reserved by the caller). True when
 * one is outside printable ASCII (0x20-0x7e), so the row must go through
 * fputc_careful's rules; most rows have none, and are not scanned again.
 */
function put(w: ByteWriter, s: string, max = s.length): boolean {
  const out = w.buffer;
  let at = w.length;
  const n = s.length < max ? s.length : max;
  // negative once any character is below 0x20 or above 0x7e
  let outside = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    out[at++] = c;
    outside |= (c - 0x20) | (0x7e - c);
  }
  w.length = at;
  return outside < 0;
}

/** printf "%-W.Ps" on what was written since `from`: cut to `precision` bytes, then padded to `width`. */
function fit(w: ByteWriter, from: number, precision: number, width: number): void {
  if (w.length - from > precision) w.length = from + precision;
  const end = from + width;
  while (w.length < end) w.buffer[w.length++] = SPACE;
}

/** C's "%02d". */
function d2(w: ByteWriter, n: number): void {
  if (n < 0) {
    w.byte(0x2d);
    w.digits(-n, 1);
  } else {
    w.digits(n, 2);
  }
}

function isZero(a: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (a[i] !== 0) return false;
  return true;
}

/** dns_lookup(NI_NUMERICHOST): IPv4 when words 1-3 are zero or the address is v4-mapped, else IPv6. */
export function lastAddress(a: Uint8Array): string {
  const mapped = isZero(a, 0, 10) && a[10] === 0xff && a[11] === 0xff;
  if (mapped) return formatIPv4(a, 12);
  if (isZero(a, 4, 16)) return formatIPv4(a, 0);
  return formatIPv6(a, 0);
}

/** lastAddress() of the 16 bytes at `at`, written (IPv4 as digits, without a string). */
function writeAddress(w: ByteWriter, a: Uint8Array, at: number): void {
  let v4 = -1;
  if (isZero(a, at + 4, at + 16)) v4 = at;
  else if (isZero(a, at, at + 10) && a[at + 10] === 0xff && a[at + 11] === 0xff) v4 = at + 12;
  if (v4 < 0) {
    const text = ipv6Text(a, at);
    w.reserve(text.length);
    put(w, text);
    return;
  }
  w.reserve(16);
  for (let k = 0; k < 4; k++) {
    if (k > 0) w.buffer[w.length++] = 0x2e;
    put(w, DECIMAL[a[v4 + k]!]!);
  }
}

/** IPv6 texts recently printed, by their 16 bytes (a direct-mapped cache: peers come back). */
const V6_SLOTS = 256;
const v6Keys = new Uint8Array(V6_SLOTS * 16);
const v6Texts: string[] = new Array<string>(V6_SLOTS).fill("");

/** formatIPv6() of the 16 bytes at `at`, converted once per address while it stays in the cache. */
function ipv6Text(a: Uint8Array, at: number): string {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < 16; i++) h = Math.imul(h ^ a[at + i]!, 16777619);
  const slot = (h ^ (h >>> 16)) & (V6_SLOTS - 1);
  const key = slot * 16;
  let same = v6Texts[slot] !== "";
  for (let i = 0; same && i < 16; i++) same = v6Keys[key + i] === a[at + i];
  if (same) return v6Texts[slot]!;
  v6Keys.set(a.subarray(at, at + 16), key);
  return (v6Texts[slot] = formatIPv6(a, at));
}

/** "0" to "255": the parts of a dotted quad. */
const DECIMAL = Array.from({ length: 256 }, (_, n) => String(n));

/** What stands in the logout and length columns instead of the time and duration. */
interface Fixed { readonly logout: string; readonly length: string | undefined }

/** The line as last lists it: "ftp" and "uucp" followed by a digit are cut to the word. */
function listedLine(line: string): string {
  const digit = (i: number) => { const c = line.charCodeAt(i); return c >= 0x30 && c <= 0x39; };
  if (line.startsWith("ftp") && digit(3)) return "ftp";
  if (line.startsWith("uucp") && digit(4)) return "uucp";
  return line;
}

/** Whether the users and ttys of last's operands (`show`) pick a row of `user` on `line`. */
function shown(show: readonly string[], user: string, line: string): boolean {
  const name = user.slice(0, 32);
  return show.some((x) => name === x.slice(0, 32) || line === x || (line.startsWith("tty") && line.slice(3) === x));
}

/** A formatter for last's rows: call `row()` (or `write()`) per session, then `end()`. */
export class LastFormatter {
  private readonly clock: Clock;
  private readonly times: TimeWriter;
  private readonly fmtId: number;
  private readonly fmt: Fmt;
  private readonly nameLen: number;
  private readonly domainLen: number;
  private readonly show: string[] | undefined;
  private readonly hidden: ReadonlySet<string>;
  /** The logout and length texts of each listing reason (and of a boot still running), for this time format. */
  private readonly fixed: { readonly running: Fixed; readonly byReason: (Fixed | undefined)[] };
  private readonly scratch = new ByteWriter(1024);
  private readonly nonAscii: NonAsciiRule;
  private done = 0;
  /** Rows the core writes (see flushRows), when the caller said it flushes them. */
  private readonly coreRows: CoreRows | undefined;

  /**
   * `coreRows`: rows of records the core still holds are written by the core,
   * a batch at a time; the caller then calls flushRows() at the end of each
   * batch, before the next is read (`utmpx last` does).
   */
  constructor(private readonly options: LastFormatOptions = {}, coreRows = false) {
    checkOptions(options, "last's options");
    const timeFormat = options.timeFormat ?? "short";
    // an unknown name failed later, at the first row, as "reading 'inFmt'"
    if (!Object.hasOwn(BY_NAME, timeFormat)) throw new TypeError(`utmpx: timeFormat ${JSON.stringify(timeFormat)} is not one of ${Object.keys(BY_NAME).join(", ")}`);
    this.clock = new Clock(options.timeZone ?? defaultZone());
    this.times = new TimeWriter(this.clock);
    this.fmtId = options.fullTimes ? CTIME : BY_NAME[timeFormat];
    this.fmt = FORMATS[this.fmtId]!;
    this.nameLen = options.fullNames ? 32 : 8;
    this.domainLen = options.fullNames ? 256 : 16;
    this.show = options.show?.map(utf8ByteString);
    this.nonAscii = options.nonAscii ?? (options.escapeNonAscii ? "escape" : "raw");
    this.hidden = new Set(options.extended ? [] : ["shutdown", "runlevel", "new-time", "old-time"]);
    const long = this.fmtId > SHORT;
    const byReason: (Fixed | undefined)[] = [];
    byReason[REASON.R_CRASH] = { logout: "- crash", length: undefined };
    byReason[REASON.R_DOWN] = { logout: "- down ", length: undefined };
    byReason[REASON.R_NOW] = long ? { logout: "  still logged in", length: "" } : { logout: "  still", length: "logged in" };
    byReason[REASON.R_PHANTOM] = long ? { logout: "  gone - no logout", length: "" }
      : this.fmtId === SHORT ? { logout: "   gone", length: "- no logout" } : { logout: "", length: "no logout" };
    byReason[REASON.R_TIMECHANGE] = { logout: "", length: "" };
    this.fixed = { running: long ? { logout: "  still running", length: "" } : { logout: "  still", length: "running" }, byReason };
    if (coreRows) {
      const fmt = this.fmt;
      const fixed = byReason.slice();
      fixed[RUNNING_SLOT] = this.fixed.running;
      this.coreRows = new CoreRows({
        times: CORE_TIME[fmt.inFmt]! | (CORE_TIME[fmt.outFmt]! << 4) | (fmt.inLen << 8) | (fmt.outLen << 16),
        nameLen: this.nameLen, domainLen: this.domainLen, address: !!options.ip, hostLast: !!options.hostLast, noHost: !!options.noHost,
        nonAscii: this.nonAscii, fixed,
      });
    }
  }

  /** Writes to `w` the rows the core was left to write: at the end of each batch, and before end(). */
  flushRows(w: ByteWriter): void {
    this.coreRows?.flush(w);
  }

  /**
   * What the core needs to pair records and describe their rows itself
   * (src/sessions/corePairs.ts): -x, the rows -n leaves, and the texts it names
   * rows by. Undefined where this formatter's rows are not all the core's to
   * describe (-p, user or tty operands, rows the core does not write) or -n is met.
   */
  corePairing(): { extended: boolean; limit: number; texts: PairTexts } | undefined {
    if (!this.coreRows || this.show || this.options.present || this.full) return undefined;
    const limit = this.options.limit ? this.options.limit - this.done : 0;
    return { extended: !!this.options.extended, limit, texts: this.coreRows.pairTexts().ids };
  }

  /**
   * Writes the `count` rows the core paired and described for `batch`
   * (`described`: their descriptions in the core, times in UTC), each row's
   * zone offsets added as byCore() adds them.
   */
  writeCorePaired(w: ByteWriter, batch: RecordBatch, count: number, described: { f64: Float64Array; i32: Int32Array }): void {
    const fmt = this.fmt;
    const offset = this.clock.utc ? undefined : (seconds: number) => this.clock.offsetOf(seconds);
    this.coreRows!.writePaired(w, batch, count, described, fmt.inFmt === NONE ? undefined : offset, fmt.outFmt === NONE ? undefined : offset);
    this.done += count;
  }

  /** True once -n rows have been printed: last stops reading there. */
  get full(): boolean {
    return !!this.options.limit && this.options.limit <= this.done;
  }

  private time(w: ByteWriter, fmt: number, seconds: number): void {
    switch (fmt) {
      case NONE: return;
      case HHMM: return this.times.hhmm(w, seconds);
      case CTIME: return this.times.ctime(w, seconds);
      default: return this.times.iso(w, seconds);
    }
  }

  /** The row's text (a byte string: one char per byte), or "" when last does not list it. */
  row(s: Session): string {
    const w = this.scratch;
    w.clear();
    if (!this.write(w, s)) return "";
    return String.fromCharCode.apply(null, w.view() as unknown as number[]);
  }

  /** Appends the row's text to `w`; false (nothing written) when last does not list it. */
  write(w: ByteWriter, s: Session): boolean {
    if (this.full) return false;
    if (this.hidden.has(s.kind)) return false;
    const o = this.options;
    // the pairer's rows are read field by field; other Sessions through their objects
    const row = s instanceof SessionRow ? s : undefined;
    // the user and line are read where they are needed: the core writes a session's row from its record
    if (this.show && !shown(this.show, row ? row.userBytes : s.bytes.user, listedLine(row ? row.lineBytes : s.bytes.line))) return false;
    const login = row ? row.loginSeconds : s.login.seconds;
    const logout = s.end;
    if (o.present) {
      if (o.present < login) return false;
      if (0 < logout && logout < o.present) return false;
    }
    const fmt = this.fmt;
    const reason = listReason(s);
    const fixed = this.fixed.byReason[reason] ?? (s.stillRunning ? this.fixed.running : undefined);
    if (this.coreRows) {
      if (row && this.byCore(w, row, login, logout, fixed === undefined ? -1 : fixed === this.fixed.running ? RUNNING_SLOT : reason)) {
        this.done++;
        return true;
      }
      this.coreRows.flush(w); // the rows described before this one come first
    }
    const user = row ? row.userBytes : s.bytes.user;
    const utline = listedLine(row ? row.lineBytes : s.bytes.line);
    // mem2strcpy into a 256-byte buffer: at most 255 bytes of ut_host
    let addr: Uint8Array | undefined, addrAt = 0;
    if (o.ip) {
      if (row) { addr = row.addrSource; addrAt = row.addrOffset; } else addr = s.addr;
    }
    const start = w.length;
    w.reserve(256 + user.length + utline.length);

    // user, line (the fields that may hold bytes fputc_careful escapes)
    let at = w.length;
    let careful = put(w, user, this.nameLen);
    fit(w, at, this.nameLen, 8);
    w.buffer[w.length++] = SPACE;
    at = w.length;
    careful = put(w, utline, 12) || careful;
    fit(w, at, 12, 12);
    w.buffer[w.length++] = SPACE;
    if (!o.noHost && !o.hostLast) {
      at = w.length;
      careful = this.domain(w, s, row, addr, addrAt) || careful;
      fit(w, at, this.domainLen, 16);
      w.buffer[w.length++] = SPACE;
    }
    // login, logout
    at = w.length;
    this.time(w, fmt.inFmt, login);
    fit(w, at, fmt.inLen, fmt.inLen);
    w.reserve(64);
    w.buffer[w.length++] = SPACE;
    at = w.length;
    if (fixed) put(w, fixed.logout);
    else {
      w.buffer[w.length++] = 0x2d;
      w.buffer[w.length++] = SPACE;
      this.time(w, fmt.outFmt, logout);
    }
    fit(w, at, fmt.outLen, fmt.outLen);
    w.reserve(64);
    w.buffer[w.length++] = SPACE;
    // length (and the host last, with -a)
    at = w.length;
    if (fixed?.length !== undefined) put(w, fixed.length);
    else this.duration(w, logout - login);
    if (o.hostLast && !o.noHost) {
      fit(w, at, 12, 12);
      w.buffer[w.length++] = SPACE;
      careful = this.domain(w, s, row, addr, addrAt) || careful;
    }
    this.endLine(w, start, careful);
    this.done++;
    return true;
  }

  /** Describes the row for the core to write, when the core still holds its record; false when it is this formatter's to write. */
  private byCore(w: ByteWriter, row: SessionRow, login: number, logout: number, slot: number): boolean {
    const batch = row.openBatch;
    if (!batch) return false;
    const fmt = this.fmt;
    const loginOffset = fmt.inFmt === NONE ? 0 : this.clock.offsetOf(login);
    const logoutOffset = slot >= 0 || fmt.outFmt === NONE ? 0 : this.clock.offsetOf(logout);
    // the row's user is the record's unless the pairer named it; a session's line is the record's, other rows' are texts
    return this.coreRows!.add(w, batch, row.openRow, login, loginOffset, logout, logoutOffset, slot,
      row.userNamed ? row.userBytes : undefined, row.kind === "session" ? undefined : listedLine(row.lineBytes));
  }

  /** The host (at most 255 bytes), or with -i the address when the layout has one; true when put() says so. */
  private domain(w: ByteWriter, s: Session, row: SessionRow | undefined, addr: Uint8Array | undefined, at: number): boolean {
    if (addr) {
      writeAddress(w, addr, at);
      return false;
    }
    // read only here: a row's host is not read until it is printed
    const host = row ? row.hostBytes : s.bytes.host;
    w.reserve(272);
    return put(w, host, 255);
  }

  /** "(d+hh:mm)", " (hh:mm)" or " (-00:mm)", as last computes them. */
  private duration(w: ByteWriter, secs: number): void {
    const mins = Math.trunc(secs / 60) % 60;
    const hours = Math.trunc(secs / 3600) % 24;
    const days = Math.trunc(secs / 86400);
    if (days) {
      w.byte(0x28);
      w.signedDigits(days, 1);
      w.byte(0x2b);
      d2(w, Math.abs(hours));
    } else {
      w.byte(SPACE);
      w.byte(0x28);
      if (hours) d2(w, hours);
      else if (secs >= 0) d2(w, hours);
      else { w.byte(0x2d); w.digits(0, 2); }
    }
    w.byte(0x3a);
    d2(w, days || hours || secs < 0 ? Math.abs(mins) : mins);
    w.byte(0x29);
  }

  /**
   * last's trim_trailing_spaces (a one-byte line is lost, as there), the
   * newline, then fputs_careful over the row (src/format/last/careful.ts;
   * `careful`: the row holds a byte outside printable ASCII, which may need it).
   */
  private endLine(w: ByteWriter, start: number, careful: boolean): void {
    const out = w.buffer;
    let end = w.length;
    while (end > start && isSpace(out[end - 1]!)) end--;
    w.length = end - start > 1 ? end : start;
    w.byte(0x0a);
    if (!careful || printsAsIs(w.buffer, start, w.length, this.nonAscii)) return;
    const row = w.buffer.slice(start, w.length);
    w.length = start;
    writeCareful(w, row, this.nonAscii);
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
    const w = this.scratch;
    w.clear();
    this.time(w, this.fmt.inFmt, b.seconds);
    return `\n${utf8ByteString(base)} begins ${String.fromCharCode.apply(null, w.view() as unknown as number[])}\n`;
  }
}

/** last's whole output for these sessions, as bytes. */
export function formatLast(rows: Iterable<Session>, options: LastFormatOptions = {}): Uint8Array {
  const f = new LastFormatter(options);
  const w = new ByteWriter();
  for (const s of rows) {
    if (f.full) break;
    f.write(w, s);
  }
  const end = f.end();
  w.reserve(end.length);
  put(w, end);
  return w.view().slice();
}

/** A byte string (one char per byte) as bytes. */
export function byteStringToBytes(s: string): Uint8Array {
  const buffer = (globalThis as { Buffer?: { from(s: string, encoding: "latin1"): Uint8Array } }).Buffer;
  if (buffer) return buffer.from(s, "latin1");
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
