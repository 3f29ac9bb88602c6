// Random wtmp files for comparing two pairers of `last` (the JavaScript one and
// the core's): seeded, written with the package's own encode(), and mixed so
// that every rule of SessionPairer.push() and PendingLogouts is met, most of
// them many times a file: logins and logouts on a few lines (so they pair) and
// on many (so they stay open), boots, shutdowns and runlevel changes of every
// level byte, clock changes, the types last skips or warns about, the type
// rewrites of old writers (an empty user is a logout, a user on a line is a
// login, "~" and "date" name system records), lineless logouts (by id), odd
// bytes in users and lines, all-zero records, and times that repeat, go back,
// are 0, are "now" or read negative.
import { encode, type EntryInput } from "../../../src/write/encode.ts";
import { resolveLayout } from "../../../src/detect/chooseLayout.ts";
import { prng } from "../prng.ts";
import { NOW } from "./randomRecords.ts";

export { NOW };

export interface PairingOptions {
  /** Number of records (before a partial one, when `partialTail`). */
  readonly count: number;
  /** Layout id; default linux384-le (glibc x86_64). A layout with i64 seconds (linux400-le) gets negative seconds too. */
  readonly layout?: string;
  /**
   * Logouts with an empty line and an id (FreeBSD's kind, which the core hands over to the JS pairer): DEAD_PROCESS
   * records, and records of other types with neither user nor line (last makes them logouts); default true.
   */
  readonly lineless?: boolean;
  /** Record numbers where a lineless logout is put in any case (to hand over in the middle of a file). */
  readonly linelessAt?: readonly number[];
  /** End the file with part of a record; default true. */
  readonly partialTail?: boolean;
  /** Where the clock starts; default picked by the seed. */
  readonly start?: number;
}

const bytes = (...b: number[]) => Uint8Array.from(b);
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Lines of the few sessions that pair: some cut by last ("ftp123" shows "ftp"), odd bytes, a full 32-byte one. */
const FEW_LINES: readonly (string | Uint8Array)[] = [
  "pts/0", "pts/1", "tty1", "ftp123", "ftp77", "uucp9", ":0", "tty\u00e9", bytes(0x70, 0x74, 0xe9, 0x2f, 0x31), // invalid UTF-8
  ascii("ctl\u0001\u007f"), "a-line-of-exactly-thirty-two-b32", "~x",
];
const USERS: readonly (string | Uint8Array)[] = [
  "root", "root", "al", "bob", "j\u00fcrgen", bytes(0x6a, 0xfc, 0x72, 0x67), ascii("ctl\u0002\u007f"), "a-user-name-of-exactly-32-bytes!",
  "LOGINx", "date", "dated", "reboot", "shutdown", "runlevel", "\u00e9\u00e8\u00e0\u00e7\u00fc\u00f6\u00e4\u00df\u00e9\u00e8\u00e0\u00e7\u00fc\u00f6\u00e4\u00df",
];
const HOSTS: readonly (string | Uint8Array)[] = ["", "", "h.example", "10.1.2.3", "m\u00fcnchen.example", "h".repeat(256), ascii("ctl\u0003host")];
const ADDRS: readonly (string | undefined)[] = [undefined, undefined, "10.1.2.3", "192.0.2.7", "2001:db8::1", "::1"];
/** Low bytes of a RUN_LVL's pid (the new level): halt, reboot, multi-user, single, NUL and two bytes no level is. */
const LEVELS = [0x30, 0x36, 0x33, 0x53, 0x00, 0x01, 0xff];
/** Records at the start of a file that are logins and logouts only. */
const QUIET_START = 30;
const STEPS = [0, 0, 1, 59, 60, 61, 600, 3599, 3600, 7200, 86_399, 86_400, 90_061, 1_000_000, -1, -30, -3700, -90_000];

const utf8 = new TextEncoder();

/** The 4-byte id glibc derives from a line (its last four bytes). */
function idOf(line: string | Uint8Array): Uint8Array {
  const b = typeof line === "string" ? utf8.encode(line) : line;
  return b.subarray(Math.max(0, b.length - 4));
}

/** The records of one random file, oldest first. */
export function pairingRecords(seed: number, o: PairingOptions): EntryInput[] {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const chance = (p: number) => random() < p;
  const layout = resolveLayout(o.layout ?? "linux384-le");
  const signed = layout.fields.seconds?.kind === "i64";
  const lineless = o.lineless ?? true;
  const linelessAt = new Set(o.linelessAt ?? []);
  let t = o.start ?? pick([1_600_000_000, 1_000_000_000, 1_899_000_000, 5000]);
  const out: EntryInput[] = [];
  const manyLine = () => `pts/${Math.floor(random() * 1000)}`;
  const common = (): Partial<EntryInput> => ({
    pid: Math.floor(random() * 40_000), host: pick(HOSTS), addr: pick(ADDRS),
    microseconds: chance(0.02) ? pick([-1, 1_000_000, 999_999, 0]) : Math.floor(random() * 1e6),
  });
  // [weight, record]: each call makes one record of its kind
  const kinds: [number, () => EntryInput][] = [
    // logins and logouts on a few lines: most logins find their logout
    [22, () => { const line = pick(FEW_LINES); return { ...common(), type: "USER_PROCESS", user: pick(USERS), line, id: idOf(line) }; }],
    [18, () => { const line = pick(FEW_LINES); return { ...common(), type: "DEAD_PROCESS", user: chance(0.2) ? pick(USERS) : "", line, id: idOf(line) }; }],
    // on many lines: logins never closed, logouts with no login
    [6, () => { const line = manyLine(); return { ...common(), type: "USER_PROCESS", user: pick(USERS), line, id: idOf(line) }; }],
    [3, () => { const line = manyLine(); return { ...common(), type: "DEAD_PROCESS", user: "", line, id: idOf(line) }; }],
    // boots, runlevel changes and shutdowns (line "~")
    [3, () => ({ ...common(), type: "BOOT_TIME", user: chance(0.9) ? "reboot" : "rebooted", line: "~", id: "~~", host: "6.1.0-13-amd64" })],
    [3, () => ({
      ...common(), type: "RUN_LVL", user: chance(0.5) ? "shutdown" : "runlevel", line: "~", id: "~~",
      pid: pick(LEVELS) + 256 * pick([0, 0x4e, 0x33, 0x35, 0x100]),
    })],
    // what last takes for a shutdown or boot by its user on "~", whatever the type
    [1, () => ({ ...common(), type: pick(["DEAD_PROCESS", "USER_PROCESS", "INIT_PROCESS", "LOGIN_PROCESS", "EMPTY"] as const), user: pick(["shutdown", "reboot", "runlevel", "other"]), line: "~", id: "~~" })],
    // clock changes, and what last reads as one (a "date" user on "|" / "{")
    [1.5, () => {
      const old = chance(0.5);
      return chance(0.8)
        ? { ...common(), type: old ? "OLD_TIME" : "NEW_TIME", user: "date", line: old ? "|" : "{" }
        : { ...common(), type: pick(["USER_PROCESS", "DEAD_PROCESS", "NEW_TIME", "INIT_PROCESS"] as const), user: pick(["date", "dater", "", "root"]), line: pick(["|", "{"]) };
    }],
    // init and getty records: skipped, or (another user than LOGIN on a line) a login, or (no user) a logout:
    // with no line either, a lineless one (unless there are to be none)
    [4, () => {
      const line = chance(0.8) ? pick(FEW_LINES) : "", user = pick(["LOGIN", "LOGIN", "", "root"]);
      const id = line === "" && user === "" && !lineless ? "" : idOf(line || pick(FEW_LINES));
      return { ...common(), type: chance(0.5) ? "INIT_PROCESS" : "LOGIN_PROCESS", user, line, id };
    }],
    // EMPTY, ACCOUNTING and a type last does not know, with and without a user and line
    [1.5, () => ({ ...common(), rawType: pick([0, 9, 42, 42, 11, 255]), user: pick(["", "LOGIN", "root", "acct"]), line: pick(["", "tty1", "pts/0"]) })],
    // a login with no user: a logout (a ghost)
    [1, () => { const line = pick(FEW_LINES); return { ...common(), type: "USER_PROCESS", user: "", line, id: idOf(line) }; }],
    // a login with no line: it takes the newest lineless logout
    [0.7, () => ({ ...common(), type: "USER_PROCESS", user: pick(USERS), line: "", id: idOf(pick(FEW_LINES)) })],
    // a logout with neither line nor id: nothing to end
    [0.5, () => ({ ...common(), type: "DEAD_PROCESS", user: "", line: "", id: "" })],
    // a wiped record
    [0.5, () => ({})],
  ];
  const linelessLogout = (): EntryInput => ({ ...common(), type: "DEAD_PROCESS", user: "", line: "", id: idOf(pick(FEW_LINES)) });
  if (lineless) kinds.push([0.8, linelessLogout]);
  // the first records are logins and logouts only: sessions before the first boot (which end in a crash)
  const sessions = kinds.slice(0, 4);
  const sessionsWeight = sessions.reduce((n, [w]) => n + w, 0), allWeight = kinds.reduce((n, [w]) => n + w, 0);
  for (let k = 0; k < o.count; k++) {
    t = Math.max(0, t + pick(STEPS) + Math.floor(random() * 100));
    let r: EntryInput;
    if (linelessAt.has(k)) r = linelessLogout();
    else {
      const pool = k < QUIET_START ? sessions : kinds;
      let x = random() * (k < QUIET_START ? sessionsWeight : allWeight);
      const kind = pool.find(([w]) => (x -= w) < 0) ?? pool[0]!;
      r = kind[1]();
    }
    if (r.type === undefined && r.rawType === undefined && r.user === undefined) { out.push(r); continue; } // all zero
    // times: mostly the clock, sometimes 0, "now" (last's still running), or negative (as i32: 2^31 and up)
    let seconds = t;
    if (chance(0.01)) seconds = 0;
    else if (chance(0.015)) seconds = NOW;
    else if (chance(0.005)) seconds = signed ? -Math.floor(random() * 2e9) - 1 : 2 ** 31 + Math.floor(random() * 2 ** 31);
    out.push({ ...r, seconds });
  }
  return out;
}

/** The bytes of pairingRecords(seed, o): its records, then (unless `partialTail: false`) part of one more. */
export function pairingFile(seed: number, o: PairingOptions): Uint8Array {
  const layout = o.layout ?? "linux384-le";
  const records = encode(pairingRecords(seed, o), layout);
  if (o.partialTail === false) return records;
  const random = prng(seed ^ 0x5eed);
  const extra = encode([{ type: "USER_PROCESS", user: "partial", line: "pts/0", seconds: NOW - 5 }], layout);
  const out = new Uint8Array(records.length + 1 + Math.floor(random() * (extra.length - 1)));
  out.set(records);
  out.set(extra.subarray(0, out.length - records.length), records.length);
  return out;
}
