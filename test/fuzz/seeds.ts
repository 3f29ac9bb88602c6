// What the mutators start from: every binary fixture (real files of many
// systems), one generated file per layout (fixtureBuilder, so every row of the
// table has records to damage), the utmpdump texts beside the fixtures, and
// the time grammar's forms.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fromBytes, LAYOUTS, type Layout } from "../../src/index.ts";
import { buildFile, buildLastlog, type RecordValues } from "../support/fixtureBuilder.ts";
import { FIXTURES, isNotRecordData, walk } from "../support/paths.ts";

export interface ByteSeed {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** The layout the bytes are detected as (for the mutators' field positions); undefined when none. */
  readonly layout: Layout | undefined;
}

/** Inputs are kept small: larger fixtures (292 KB lastlogs) give their first and last 4 KiB. */
const MAX_SEED = 8 * 1024;

function detected(bytes: Uint8Array): Layout | undefined {
  try {
    return fromBytes(bytes).layout;
  } catch {
    return undefined;
  }
}

function seed(name: string, bytes: Uint8Array, layout = detected(bytes)): ByteSeed {
  if (bytes.length > MAX_SEED && layout && !layout.framing) {
    // whole records from both ends (a lastlog's logins are near its end, at high uids)
    const half = Math.floor(MAX_SEED / 2 / layout.recordSize) * layout.recordSize;
    const tail = bytes.length - (bytes.length % layout.recordSize) - half;
    bytes = Uint8Array.from([...bytes.subarray(0, half), ...bytes.subarray(tail, tail + half)]);
  }
  return { name, bytes: bytes.subarray(0, MAX_SEED), layout };
}

/** A string cut to `n` UTF-8 bytes at most (whole characters). */
function fit(text: string, n: number | undefined): string {
  if (n === undefined) return text;
  let out = text;
  while (new TextEncoder().encode(out).length > n) out = out.slice(0, -1);
  return out;
}

/** A day of a system's life in `layout`: boot, logins (IPv4, IPv6, local, non-ASCII), logouts, a shutdown. */
function history(layout: Layout): RecordValues[] {
  const f = layout.fields;
  const type = (name: string, fallback = 0) => {
    const n = layout.types.indexOf(name as Layout["types"][number]);
    return n < 0 ? fallback : n;
  };
  const v6 = f.addr?.kind !== "net4";
  const rec = (values: RecordValues): RecordValues => ({
    ...values,
    user: fit(String(values.user ?? ""), f.user?.length),
    line: fit(String(values.line ?? ""), f.line?.length),
    host: fit(String(values.host ?? ""), f.host?.length),
    id: fit(String(values.id ?? ""), f.id?.length),
  });
  const t0 = 1_700_000_000;
  if (layout.kind === "lastlog") return [];
  return [
    rec({ type: type("BOOT_TIME"), user: "reboot", line: "~", id: "~~", host: "6.1.0-13-amd64", seconds: t0, microseconds: 12 }),
    rec({ type: type("RUN_LVL"), user: "runlevel", line: "~", id: "~~", pid: 53, seconds: t0 + 5 }),
    rec({ type: type("LOGIN_PROCESS"), user: "LOGIN", line: "tty1", id: "tty1", pid: 600, seconds: t0 + 9 }),
    rec({ type: type("USER_PROCESS"), user: "alice", line: "pts/0", id: "ts/0", host: "192.0.2.7", addr: "192.0.2.7", pid: 1234, session: 7, seconds: t0 + 60, microseconds: 999_999 }),
    rec({ type: type("USER_PROCESS"), user: "jörg", line: "pts/1", id: "ts/1", host: "2001:db8::1", ...(v6 ? { addr: "2001:db8::1" } : {}), pid: 1300, seconds: t0 + 120, microseconds: 5 }),
    rec({ type: type("DEAD_PROCESS"), user: layout.untyped ? "" : "alice", line: "pts/0", id: "ts/0", pid: 1234, exit: { termination: 0, exit: 1 }, seconds: t0 + 3600 }),
    rec({ type: type("USER_PROCESS"), user: "a-very-long-user-name-that-fills-the-field-and-more-of-it", line: "tty1", id: "tty1", pid: 700, seconds: t0 + 4000 }),
    rec({ type: type("SHUTDOWN_TIME", type("RUN_LVL")), user: "shutdown", line: "~", id: "~~", seconds: t0 + 7200 }),
  ];
}

function generated(layout: Layout): Uint8Array {
  if (layout.kind === "lastlog") {
    const login = { seconds: 1_700_000_000, line: fit("pts/3", layout.fields.line?.length), host: fit("192.0.2.9", layout.fields.host?.length) };
    return buildLastlog(layout, new Map([[0, login], [3, { ...login, seconds: 1_600_000_000 }], [40, login]]));
  }
  return buildFile(layout, history(layout));
}

/** Binary seeds: the fixtures, then one generated file per layout. */
export const BYTE_SEEDS: readonly ByteSeed[] = [
  // containers are fuzzed where their damage is understood: SQLite databases by
  // test/sqlite/hostile.test.ts, gzip by the stream fuzz's damaged archives
  ...walk(FIXTURES)
    .filter((p) => !/\.(json|jsonl|txt|md|db)$/.test(p) && !isNotRecordData(p))
    .sort()
    .map((p) => seed(relative(FIXTURES, p), new Uint8Array(readFileSync(p)))),
  ...LAYOUTS.map((layout) => seed(`generated ${layout.id}`, generated(layout), layout)),
];

/** The seeds of lastlog layouts (fixtures detected as one, and the generated ones). */
export const LASTLOG_SEEDS: readonly ByteSeed[] = BYTE_SEEDS.filter((s) => s.layout?.kind === "lastlog");

/** utmpdump text: util-linux's output beside the fixtures. */
export const UTMPDUMP_SEEDS: readonly string[] = walk(FIXTURES)
  .filter((p) => /\.utmpdump\.[\w-]+\.txt$/.test(p))
  .sort()
  .map((p) => readFileSync(p, "utf8"));

/** The forms util-linux's time grammar accepts (src/time/timestamp.ts), and a few it refuses. */
export const TIME_SEEDS: readonly string[] = [
  "2012-09-22 16:34:22", "2012-09-22T16:34:22", "12-09-22 16:34:22", "12-09-22 16:34", "2012-09-22 16:34",
  "2012-09-22", "12-09-22", "16:34:22", "16:34", "20120922163422", "Sat 2012-09-22", "saturday 2012-09-22 10:00",
  "now", "today", "yesterday", "tomorrow", "+5min", "-2 days", "1h 30min ago", "+1.5h", "-10us", "+3 weeks 2d",
  "+1y 2months", "-0.000001s", "5 ago", "2012-13-40 25:61:62", "1969-12-31 23:59:59", "9999-12-31 23:59:59",
];
