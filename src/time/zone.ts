// Calendar fields of a time in a time zone (IANA names, as TZ takes them), for
// the commands that print local times like the tools they match.
import { civilFromSeconds, type CivilTime } from "./calendar.ts";
import { parsePosixZone, type PosixZone } from "./posixZone.ts";

const formats = new Map<string, Intl.DateTimeFormat>();

const UTC_NAMES = new Set(["", "UTC", "UTC0", "GMT", "Etc/UTC"]);

function formatFor(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
      hour: "numeric", minute: "numeric", second: "numeric", weekday: "short",
    });
    formats.set(zone, f);
  }
  return f;
}

/**
 * The zone this runtime's clock is set to: what it reads from /etc/localtime
 * (Node, Deno and Bun, as glibc does when TZ is unset), or the browser's user's.
 */
export function systemZone(): string {
  // a link names its zone without starting ICU's (about 10 ms of a process); a copy, or a browser, asks Intl
  const linked = ZONE_FILE.exec(realPath("/etc/localtime"));
  if (linked) return linked[1]!;
  try {
    return new Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/**
 * The zone name a TZ value gives, as glibc reads it: ":" before it dropped; a
 * path to a zone file ("/usr/share/zoneinfo/Asia/Tokyo", ":/etc/localtime")
 * its name below zoneinfo/ (or posix/ in it), /etc/localtime the system's zone.
 */
function zoneOfTz(name: string): string {
  const zone = name.replace(/^:/, "");
  if (!zone.startsWith("/")) return zone;
  // a link (/etc/localtime is one on most systems) names its zone by where it leads
  const m = ZONE_FILE.exec(realPath(zone));
  return m ? m[1]! : zone;
}

/** A zone file's path, its zone's name after zoneinfo/ (or zoneinfo/posix/). */
const ZONE_FILE = /\/zoneinfo\/(?:posix\/)?(.+)$/;

/** `path` with its links followed where the runtime has a file system (not a browser), else as given. */
function realPath(path: string): string {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.("node:fs") as { realpathSync(p: string): string } | undefined;
  try {
    return fs ? fs.realpathSync(path) : path;
  } catch {
    return path;
  }
}

/**
 * The zone a TZ-style name means ("Europe/Berlin", ":Europe/Berlin", "UTC0",
 * "/usr/share/zoneinfo/Europe/Berlin"...), or undefined when this runtime knows
 * no such zone. A POSIX rule ("CET-1CEST,M3.5.0,M10.5.0/3") is one where no zone
 * file has its name (glibc tries the file first: "EST5EDT" is America/New_York's rules).
 */
export function knownZone(name: string): string | undefined {
  if (resolved.has(name)) return resolved.get(name);
  const zone = zoneOfTz(name);
  let known: string | undefined = "UTC";
  if (!UTC_NAMES.has(zone)) {
    try {
      formatFor(zone);
      known = zone;
    } catch {
      // no zone file of that name: a POSIX rule ("JST-9", "CET-1CEST,M3.5.0,M10.5.0/3"), as glibc reads it next
      const rule = parsePosixZone(zone);
      rules.set(zone, rule); // posixZoneOf need not ask Intl again
      known = rule ? zone : undefined;
    }
  }
  resolved.set(name, known);
  return known;
}
const resolved = new Map<string, string | undefined>();

/** The POSIX rule `zone` spells out, when it is one and the runtime knows no zone of that name. */
export function posixZoneOf(zone: string): PosixZone | undefined {
  if (!rules.has(zone)) {
    let rule: PosixZone | undefined;
    try {
      formatFor(zone);
    } catch {
      rule = UTC_NAMES.has(zone) ? undefined : parsePosixZone(zone);
    }
    rules.set(zone, rule);
  }
  return rules.get(zone);
}
const rules = new Map<string, PosixZone | undefined>();

/**
 * The fields of `seconds` in `zone` ("UTC", "America/New_York", "EST5EDT", ...).
 * A zone the runtime does not know reads as UTC, as glibc reads an unknown TZ.
 */
export function zonedFields(seconds: number, name: string): CivilTime & { weekday: number } {
  const zone = knownZone(name) ?? "UTC";
  const rule = zone === "UTC" ? undefined : posixZoneOf(zone);
  if (zone === "UTC" || rule || !Number.isFinite(seconds) || Math.abs(seconds) > 8.64e12) {
    const local = rule && Number.isFinite(seconds) ? seconds + rule.offsetAt(seconds) : seconds;
    const t = civilFromSeconds(local);
    const days = Math.floor(local / 86400);
    return { ...t, weekday: ((days % 7) + 11) % 7 }; // 1970-01-01 was a Thursday (4)
  }
  const parts = Object.fromEntries(formatFor(zone).formatToParts(new Date(seconds * 1000)).map((p) => [p.type, p.value]));
  const weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(parts.weekday!);
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
    hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second), weekday,
  };
}
