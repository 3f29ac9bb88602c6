// The text coreutils 9.1 `who` prints for a utmp file (its print_* functions),
// with its two time formats: %Y-%m-%d %H:%M where LC_TIME is a real locale,
// %b %e %H:%M in C/POSIX. Names print as their bytes in any locale. Idle time and message
// status come from stat(/dev/<line>) as who does; where there is no such device
// (a file from another machine) they print as who prints them then: "?".
import type { Entry } from "../core/entry.ts";
import { zonedFields } from "../time/zone.ts";
import { MONTHS } from "../time/clock.ts";
import { pad2 } from "../time/calendar.ts";
import { byteString } from "../util/text.ts";
import { textOf } from "../sessions/byteStrings.ts";
import { byteStringToBytes } from "./last.ts";

export interface WhoOptions {
  boot?: boolean; // -b
  dead?: boolean; // -d
  heading?: boolean; // -H
  login?: boolean; // -l
  initSpawn?: boolean; // -p
  count?: boolean; // -q
  runlevel?: boolean; // -r
  short?: boolean; // -s
  clockChange?: boolean; // -t
  mesg?: boolean; // -T, -w
  users?: boolean; // -u
  all?: boolean; // -a
  /**
   * who's time format: "iso" (%Y-%m-%d %H:%M, 16 columns; the default) where
   * LC_TIME is a real locale, "posix" (%b %e %H:%M, 12 columns) where it is C or POSIX.
   */
  timeFormat?: "iso" | "posix";
  /** Time zone for the times (IANA name); default UTC. */
  timeZone?: string;
  /** For idle times; default now. */
  now?: Date;
  /** stat() of a device: undefined when it does not exist. */
  statDevice?: (path: string) => { writableByGroup: boolean; atimeSeconds: number } | undefined;
}

/**
 * printf("%-Ws") of a byte string (one char per byte: who prints a record's
 * bytes as they are, UTF-8 or not): pads to W bytes.
 */
const column = (s: string, width: number) => s + " ".repeat(Math.max(0, width - s.length));

function line(o: Resolved, user: string, state: string, ttyLine: string, time: string, idle: string, pid: string, comment: string, exit: string): string {
  const xIdle = o.includeIdle && !o.short ? ` ${idle.padEnd(6, " ")}` : "";
  const xPid = !o.short ? ` ${pid.padStart(10, " ")}` : "";
  const xExit = o.includeExit ? ` ${exit.padEnd(12, " ")}` : "";
  // the user and line fields are at most 32 bytes (their sizes in the record), so who's precision never cuts here
  const text = column(user, 8) + (o.includeMesg ? ` ${state}` : "") + ` ${column(ttyLine, 12)}` + ` ${column(time, o.timeWidth)}` +
    xIdle + xPid + ` ${column(comment, 8)}` + xExit;
  return text.replace(/ +$/, "") + "\n";
}

interface Resolved {
  users: boolean; runlevel: boolean; boot: boolean; clock: boolean; init: boolean; login: boolean; dead: boolean;
  includeIdle: boolean; includeExit: boolean; includeMesg: boolean; short: boolean; heading: boolean; count: boolean;
  timeWidth: number;
}

function resolve(o: WhoOptions): Resolved {
  const r: Resolved = {
    users: !!(o.users || o.all), runlevel: !!(o.runlevel || o.all), boot: !!(o.boot || o.all), clock: !!(o.clockChange || o.all),
    init: !!(o.initSpawn || o.all), login: !!(o.login || o.all), dead: !!(o.dead || o.all),
    includeIdle: !!(o.all || o.dead || o.login || o.runlevel || o.users), includeExit: !!(o.all || o.dead),
    includeMesg: !!(o.all || o.mesg), short: !!o.short, heading: !!o.heading, count: !!o.count,
    timeWidth: o.timeFormat === "posix" ? 12 : 16,
  };
  if (!(o.all || o.boot || o.dead || o.login || o.initSpawn || o.runlevel || o.clockChange || o.users)) { r.users = true; r.short = true; }
  if (r.includeExit) r.short = false;
  return r;
}


type WhoKind = "user" | "runlevel" | "boot" | "clock" | "init" | "login" | "dead";

/** Which of who's listings shows this entry, in who's order of tests (scan_entries), or undefined. */
function whoKind(e: Entry, o: Resolved): WhoKind | undefined {
  if (o.users && e.type === "USER_PROCESS" && (e.user ?? "") !== "") return "user";
  if (o.runlevel && e.type === "RUN_LVL") return "runlevel";
  if (o.boot && e.type === "BOOT_TIME") return "boot";
  if (o.clock && e.type === "NEW_TIME") return "clock";
  if (o.init && e.type === "INIT_PROCESS") return "init";
  if (o.login && e.type === "LOGIN_PROCESS") return "login";
  if (o.dead && e.type === "DEAD_PROCESS") return "dead";
  return undefined;
}

/** The entries `who` with these options lists (for --json, --ndjson, --csv). */
export function whoEntries(entries: Iterable<Entry>, options: WhoOptions = {}): Entry[] {
  const o = resolve(options);
  return [...entries].filter((e) => (o.count ? e.type === "USER_PROCESS" && (e.user ?? "") !== "" : whoKind(e, o) !== undefined));
}

/** who's `who -a`-style listing of `entries` (a utmp file, in file order), as text (a record's invalid UTF-8 as U+FFFD). */
export function whoText(entries: Iterable<Entry>, options: WhoOptions = {}): string {
  return textOf(whoByteString(entries, options));
}

/** The same listing as the bytes coreutils who writes: a record's bytes as they are. */
export function whoBytes(entries: Iterable<Entry>, options: WhoOptions = {}): Uint8Array {
  return byteStringToBytes(whoByteString(entries, options));
}

/** The listing as a byte string (one char per byte). */
function whoByteString(entries: Iterable<Entry>, options: WhoOptions): string {
  const o = resolve(options);
  const zone = options.timeZone ?? "UTC";
  const now = (options.now ?? new Date()).getTime() / 1000;
  const time = (e: Entry) => {
    const t = zonedFields(e.seconds, zone);
    if (options.timeFormat === "posix") return `${MONTHS[t.month - 1]} ${String(t.day).padStart(2, " ")} ${pad2(t.hour)}:${pad2(t.minute)}`;
    return `${t.year}-${pad2(t.month)}-${pad2(t.day)} ${pad2(t.hour)}:${pad2(t.minute)}`;
  };
  const text = (s: string | undefined) => s ?? "";
  // the fields as their bytes, up to a NUL
  const bytes = (b: Uint8Array | undefined) => (b ? byteString(b) : "");
  const isUser = (e: Entry) => e.type === "USER_PROCESS" && text(e.user) !== "";
  let out = "";
  if (o.count) {
    const names = [...entries].filter(isUser).map((e) => bytes(e.raw.user).replace(/ +$/, ""));
    return `${names.join(" ")}\n# users=${names.length}\n`;
  }
  if (o.heading) out += line(o, "NAME", " ", "LINE", "TIME", "IDLE", "PID", "COMMENT", "EXIT");
  let boottime = -Infinity;
  for (const e of entries) {
    const pid = String(e.pid ?? 0);
    const raw = e.raw;
    const id = `id=${bytes(raw.id)}`, ttyLine = bytes(raw.line);
    switch (whoKind(e, o)) {
      case "user": {
        const device = text(e.line).startsWith("/") ? text(e.line) : `/dev/${text(e.line)}`;
        const st = options.statDevice?.(device);
        const mesg = st ? (st.writableByGroup ? "+" : "-") : "?";
        let idle = "  ?";
        if (st && st.atimeSeconds) {
          const when = st.atimeSeconds;
          if (boottime < when && now - 86400 < when && when <= now) {
            const s = Math.floor(now - when);
            idle = s < 60 ? "  .  " : `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor((s % 3600) / 60))}`;
          } else idle = " old ";
        }
        const host = bytes(raw.host);
        let hostText = "";
        if (host) {
          const colon = host.indexOf(":");
          hostText = colon >= 0 ? `(${host.slice(0, colon)}:${host.slice(colon + 1)})` : `(${host})`;
        }
        out += line(o, bytes(raw.user), mesg, ttyLine, time(e), idle, pid, hostText, "");
        break;
      }
      case "runlevel": {
        const p = e.pid ?? 0;
        const last = Math.floor(p / 256) % 256, curr = p % 256;
        // %c of a NUL ends the string there
        const lineText = curr === 0 ? "run-level " : `run-level ${String.fromCharCode(curr)}`;
        const printable = last >= 0x20 && last < 0x7f;
        out += line(o, "", " ", lineText, time(e), "", "", printable ? `last=${last === 0x4e ? "S" : String.fromCharCode(last)}` : "", "");
        break;
      }
      case "boot": out += line(o, "", " ", "system boot", time(e), "", "", "", ""); break;
      case "clock": out += line(o, "", " ", "clock change", time(e), "", "", "", ""); break;
      case "init": out += line(o, "", " ", ttyLine, time(e), "", pid, id, ""); break;
      case "login": out += line(o, "LOGIN", " ", ttyLine, time(e), "", pid, id, ""); break;
      case "dead": out += line(o, "", " ", ttyLine, time(e), "", pid, id, `term=${e.exit?.termination ?? 0} exit=${e.exit?.exit ?? 0}`); break;
      default: break;
    }
    if (e.type === "BOOT_TIME") boottime = e.seconds;
  }
  return out;
}
