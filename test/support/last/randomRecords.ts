// Random records for last's formatters: rows of every status, odd bytes in
// every field (controls, UTF-8, over-long), addresses of each kind, and times
// far apart (past the core's reach, 2^40 s, and Date's).
import type { SessionRecord } from "../../../src/sessions/sessions.ts";
import type { LastFormatOptions } from "../../../src/format/last.ts";
import { prng } from "../prng.ts";

export const NOW = 1_900_000_000;

/** Random records whose rows cover every status, odd bytes in every field, and times far apart. */
export function records(seed: number, count: number): SessionRecord[] {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const raw = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
  const users = ["root", "al", "a-very-long-user-name-of-32-byte", "j\u00c3\u00bcrgen", "ctl\u0001\u007f", "\u0009tab", "x"];
  const lines = ["pts/0", "tty1", "ftp123", "uucp9", "ftpx", "a-line-longer-than-twelve", "\u001bline", "tty7"];
  const hosts = ["", "h.example", "h".repeat(300), "m\u00c3\u00bcnchen", "ctl\u0002host", "2001:db8::1", "  spaced  "];
  const addrs = [
    [], [10, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 7], [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], [255, 255, 255, 255, 1],
  ];
  const out: SessionRecord[] = [];
  // years 1906-2096, the 700s and 1 BC (fewer than four digits), 33658, and past the core's and Date's reach
  let t = pick([-2_000_000_000, 0, 1_000_000_000, 1_711_846_800 - 40_000, 1_700_000_000, 4_000_000_000, -40_000_000_000, -62_200_000_000,
    1e12, 8.64e12 - 50_000, -8.64e12]);
  for (let k = 0; k < count; k++) {
    t += pick([0, 1, 59, 60, 61, 3599, 3600, 86_399, 86_400, 90_061, 1_000_000, -30, -3700, -90_000]) + Math.floor(random() * 100);
    const type = pick(["USER_PROCESS", "USER_PROCESS", "DEAD_PROCESS", "BOOT_TIME", "RUN_LVL", "NEW_TIME", "OLD_TIME", "LOGIN_PROCESS"]);
    const user = type === "BOOT_TIME" ? "reboot" : type === "RUN_LVL" ? pick(["shutdown", "runlevel"]) : type.endsWith("TIME") ? "date" : type === "DEAD_PROCESS" ? "" : pick(users);
    const line = type === "BOOT_TIME" || type === "RUN_LVL" ? "~" : type === "NEW_TIME" ? "{" : type === "OLD_TIME" ? "|" : pick(lines);
    const host = pick(hosts);
    const addr = new Uint8Array(16);
    addr.set(pick(addrs).slice(0, 16));
    out.push({
      type, user, line, host, pid: pick([0, 0x30, 0x33, 0x36, 1234]), seconds: t, microseconds: Math.floor(random() * 1e6),
      raw: { user: raw(user), line: raw(line), host: raw(host), addr },
    });
  }
  return out;
}

/** Option sets covering each column's variants; zones with DST, half-hour, 45-minute and odd historical offsets. */
export const OPTION_SETS: LastFormatOptions[] = [
  {}, { extended: true }, { fullTimes: true, fullNames: true, extended: true, ip: true }, { timeFormat: "iso", hostLast: true, extended: true },
  { timeFormat: "notime", extended: true }, { noHost: true, fullTimes: true }, { hostLast: true, ip: true }, { noHost: true, hostLast: true },
  { escapeNonAscii: true, fullNames: true, extended: true }, { limit: 7, extended: true }, { present: 1_700_050_000 },
  { show: ["root", "tty1", "7", "ftp"] }, { timeFormat: "iso", fullNames: true, ip: true, extended: true },
];
export const ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Asia/Kathmandu", "EST5EDT", "Europe/Dublin", "Africa/Monrovia"];
