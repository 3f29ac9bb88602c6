// Realistic record sequences for any layout row, and the entry each record must
// decode to. The expectations are written from FORMATS.md (type tables §1.6,
// §4.2, §5.4; BSD conventions §5.1; address rules §1.8), not from src/.
import type { EntryObject, Layout } from "../../src/index.ts";
import { buildFile, buildLastlog, rawType, signatureRecord, type RecordValues } from "./fixtureBuilder.ts";

/** 2023-11-14T22:13:20Z: every synthetic time is after it and long before "now". */
export const T0 = 1_700_000_000;

const KERNEL = "6.1.0-13-amd64";
/** A user name filling the whole field (no NUL: §0.2), e.g. `postgres` in an 8-byte field. */
export function fullWidthUser(width: number): string {
  const alphabet = "postgres_admin_account_0123456789";
  let s = "";
  while (s.length < width) s += alphabet;
  return s.slice(0, width);
}

/** A FreeBSD fu_id as written for a vty login: 8 arbitrary bytes (§4.1 "may be binary"). */
export const BINARY_ID = Uint8Array.of(0x8f, 0x78, 0xa5, 0x3f, 0x33, 0xbc, 0x04, 0xcc);

type Style = "linux" | "sysv" | "freebsd";
function style(layout: Layout): Style {
  if (layout.os === "Linux") return "linux";
  if (layout.os === "FreeBSD") return "freebsd";
  return "sysv";
}

/**
 * A boot, a clock change, a getty, two remote logins (IPv4 and, where the
 * layout has room, IPv6) and a console login, their logouts, and a shutdown,
 * with the values each system's writers put in them (§1.7, §4.1, §5.4).
 */
function typedRecords(layout: Layout): RecordValues[] {
  const t = (type: string) => rawType(layout, type);
  const has = (type: string) => layout.types.includes(type as Layout["types"][number]);
  const longUser = fullWidthUser(layout.fields.user!.length);
  const v6 = layout.fields.addr?.kind !== "net4"; // libc5 holds IPv4 only
  const s = style(layout);
  const out: RecordValues[] = [];
  if (s === "freebsd") {
    // utx_to_futx keeps only type and time for these, id/user/line/host/pid for logins, id/pid for logouts
    out.push({ type: t("BOOT_TIME"), seconds: T0, microseconds: 61886 });
    out.push({ type: t("OLD_TIME"), seconds: T0 + 30, microseconds: 1 });
    out.push({ type: t("NEW_TIME"), seconds: T0 + 90, microseconds: 999999 });
    out.push({ type: t("USER_PROCESS"), id: BINARY_ID, user: "root", line: "ttyv0", pid: 848, seconds: T0 + 100, microseconds: 510004 });
    out.push({ type: t("USER_PROCESS"), id: "pts/0", user: "alice", line: "pts/0", host: "192.0.2.7", pid: 4242, seconds: T0 + 200, microseconds: 288269 });
    out.push({ type: t("USER_PROCESS"), id: "pts/1", user: longUser, line: "pts/1", host: "2001:db8::7", pid: 4300, seconds: T0 + 300, microseconds: 12219 });
    out.push({ type: t("DEAD_PROCESS"), id: "pts/0", pid: 4242, seconds: T0 + 400, microseconds: 820834 });
    out.push({ type: t("DEAD_PROCESS"), id: BINARY_ID, pid: 848, seconds: T0 + 500, microseconds: 106924 });
    out.push({ type: t("DEAD_PROCESS"), id: "pts/1", pid: 4300, seconds: T0 + 600, microseconds: 5 });
    out.push({ type: t("SHUTDOWN_TIME"), seconds: T0 + 700, microseconds: 786663 });
    return out;
  }
  const linux = s === "linux";
  const sysLine = (text: string) => (linux ? "~" : text);
  out.push({ type: t("BOOT_TIME"), user: linux ? "reboot" : "", line: sysLine("system boot"), id: linux ? "~~" : "", host: linux ? KERNEL : "", seconds: T0, microseconds: 24702 });
  if (linux) {
    // run level 5, previously N (§1.7): 20021 = '5' + 256 × 'N'
    out.push({ type: t("RUN_LVL"), user: "runlevel", line: "~", id: "~~", pid: 20021, host: KERNEL, seconds: T0 + 1, microseconds: 1 });
  }
  out.push({ type: t("OLD_TIME"), user: linux ? "date" : "", line: linux ? "|" : "old time", seconds: T0 + 30 });
  out.push({ type: t("NEW_TIME"), user: linux ? "date" : "", line: linux ? "{" : "new time", seconds: T0 + 90, microseconds: 999999 });
  out.push({ type: t("LOGIN_PROCESS"), user: "LOGIN", line: "tty1", id: "1", pid: 612, session: 612, seconds: T0 + 95, microseconds: 998780 });
  out.push({ type: t("USER_PROCESS"), user: "alice", line: "pts/0", id: "ts/0", host: "192.0.2.7", addr: "192.0.2.7", port: 49436,
    pid: 4242, session: 4242, seconds: T0 + 200, microseconds: 123456 });
  out.push({ type: t("USER_PROCESS"), user: longUser, line: "pts/1", id: "ts/1", host: v6 ? "2001:db8::7" : "198.51.100.23",
    addr: v6 ? "2001:db8::7" : "198.51.100.23", port: 50022, pid: 4300, session: 4300, seconds: T0 + 300, microseconds: 794868 });
  out.push({ type: t("USER_PROCESS"), user: "bob", line: "tty1", id: "1", pid: 612, session: 612, seconds: T0 + 350, microseconds: 0 });
  // logouts keep line, id and pid; login(1) and glibc logout() clear user and host (§1.7)
  out.push({ type: t("DEAD_PROCESS"), line: "pts/0", id: "ts/0", pid: 4242, exit: { termination: 15, exit: 1 }, seconds: T0 + 400, microseconds: 331280 });
  out.push({ type: t("DEAD_PROCESS"), line: "pts/1", id: "ts/1", pid: 4300, exit: { termination: 0, exit: 2 }, seconds: T0 + 500, microseconds: 442515 });
  if (linux) out.push({ type: t("RUN_LVL"), user: "shutdown", line: "~~", id: "~~", host: KERNEL, seconds: T0 + 700, microseconds: 683 });
  else if (has("DOWN_TIME")) out.push({ type: t("DOWN_TIME"), line: "system down", id: "down", seconds: T0 + 700, microseconds: 997540 });
  else if (has("SHUTDOWN_TIME")) out.push({ type: t("SHUTDOWN_TIME"), line: "~", seconds: T0 + 700, microseconds: 683 });
  else out.push({ type: t("RUN_LVL"), line: "run-level 0", seconds: T0 + 700 }); // AIX: no shutdown type (§5.4)
  return out;
}

/** Classic BSD utmp/wtmp (§5.1): names on special lines stand for the types. */
function untypedRecords(layout: Layout): RecordValues[] {
  const longUser = fullWidthUser(layout.fields.user!.length);
  return [
    { line: "~", user: "reboot", seconds: T0 },
    { line: "ttyp0", user: "alice", host: "192.0.2.7", seconds: T0 + 200 },
    { line: "ttyp1", user: longUser, host: "2001:db8::7", seconds: T0 + 300 },
    { line: "|", user: "date", seconds: T0 + 310 },
    { line: "{", user: "date", seconds: T0 + 250 },
    { line: "ttyp0", seconds: T0 + 400 }, // logout: empty name
    { line: "ttyC0", user: "root", seconds: T0 + 450 },
    { line: "ttyp1", seconds: T0 + 500 },
    { line: "~", user: "shutdown", seconds: T0 + 700 },
  ];
}

/** uid → last login, for lastlog rows: root on the console, two users over the network. */
export function lastlogSlots(layout: Layout): Map<number, RecordValues> {
  return new Map([
    [0, { seconds: T0 + 450, line: "tty1" }],
    [1000, { seconds: T0 + 200, line: "pts/0", host: "192.0.2.7" }],
    [1001, { seconds: T0 + 300, line: "pts/1", host: layout.fields.host!.length >= 11 ? "2001:db8::7" : "db" }],
  ]);
}

/** Solaris writers set ut_syslen = strlen(ut_host) + 1 (§7.1); the row has no field for it. */
function solarisSyslen(layout: Layout, file: Uint8Array, records: readonly RecordValues[]): void {
  if (!layout.id.startsWith("solaris372")) return;
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  records.forEach((r, i) => {
    const host = typeof r.host === "string" ? r.host : "";
    if (host) view.setInt16(i * layout.recordSize + 112, host.length + 1, layout.byteOrder === "little");
  });
}

export interface Scenario {
  bytes: Uint8Array;
  /** What each decoded entry must be, in file order (EMPTY lastlog slots left out). */
  expected: EntryObject[];
  /** The raw id bytes of entries whose id is binary, by index into `expected`. */
  binaryIds: Map<number, Uint8Array>;
}

/** A realistic file of `layout` and the entries it must decode to. */
export function scenario(layout: Layout): Scenario {
  if (layout.kind === "lastlog") {
    const slots = lastlogSlots(layout);
    const bytes = buildLastlog(layout, slots, 1003);
    const expected = [...slots].sort(([a], [b]) => a - b).map(([uid, v]) => expectedEntry(layout, v, uid * layout.recordSize, uid));
    return { bytes, expected, binaryIds: new Map() };
  }
  const records = layout.untyped ? untypedRecords(layout) : typedRecords(layout);
  const bytes = buildFile(layout, records);
  const all: RecordValues[] = layout.signature ? [{ type: rawType(layout, "SIGNATURE"), user: layout.signature }, ...records] : records;
  if (layout.signature) expectSignatureFirst(layout, bytes);
  solarisSyslen(layout, bytes, all);
  const expected: EntryObject[] = [];
  const binaryIds = new Map<number, Uint8Array>();
  let offset = 0;
  all.forEach((v, i) => {
    expected.push(expectedEntry(layout, v, offset));
    if (v.id instanceof Uint8Array) binaryIds.set(i, v.id);
    offset += layout.framing === "utxlog" ? 2 + trimmedLength(layout, v) : layout.recordSize;
  });
  return { bytes, expected, binaryIds };
}

function expectSignatureFirst(layout: Layout, bytes: Uint8Array): void {
  const sig = signatureRecord(layout);
  if (!sig.every((b, i) => bytes[i] === b)) throw new Error(`${layout.id}: the file does not start with its signature record`);
}

/** Length of a utx.log payload: the futx without its trailing zero bytes (§4.1). */
function trimmedLength(layout: Layout, v: RecordValues): number {
  const framed = buildFile(layout, [v]);
  return framed.length - 2;
}

/** Canonical type of a classic BSD record (§5.1), written out here independently of src/layouts/conventions.ts. */
export function bsdType(user: string, line: string): string {
  if (line === "~" && user === "reboot") return "BOOT_TIME";
  if (line === "~" && user === "shutdown") return "SHUTDOWN_TIME";
  if (user === "date" && line === "|") return "OLD_TIME";
  if (user === "date" && line === "{") return "NEW_TIME";
  return user === "" ? "DEAD_PROCESS" : "USER_PROCESS";
}

/** A string field as the API gives it: UTF-8, invalid bytes replaced (README, Entry fields). */
const text = (v: string | Uint8Array | undefined) => (v === undefined ? "" : typeof v === "string" ? v : new TextDecoder().decode(v));

/** The entry `v` must decode to, as Entry.toJSON() gives it. */
export function expectedEntry(layout: Layout, v: RecordValues, offset: number, uid?: number): EntryObject {
  const f = layout.fields;
  const seconds = v.seconds ?? 0;
  const type = layout.kind === "lastlog" ? (seconds !== 0 ? "USER_PROCESS" : "EMPTY")
    : layout.untyped ? bsdType(text(v.user), text(v.line)) : layout.types[v.type ?? 0]!;
  // microseconds exist where the row stores them (FreeBSD inside fu_tv), else read as 0
  const hasMicros = f.microseconds !== undefined || f.seconds?.kind === "u64-micros";
  const microseconds = hasMicros ? v.microseconds ?? 0 : 0;
  // an absent address: glibc/libc5 bytes all zero print as 0.0.0.0 (§1.8); an empty sockaddr has no family
  const addr = !f.addr ? undefined : v.addr ?? (f.addr.kind === "sockaddr" ? "" : "0.0.0.0");
  const date = new Date((seconds * 1e6 + microseconds) / 1000);
  const iso = date.toISOString().slice(0, 19) + "." + String(microseconds).padStart(6, "0") + "Z";
  return {
    type: type as EntryObject["type"],
    rawType: f.type ? v.type ?? 0 : undefined,
    ...(uid === undefined ? {} : { uid }),
    id: f.id ? text(v.id) : undefined,
    user: f.user ? text(v.user) : undefined,
    line: f.line ? text(v.line) : undefined,
    host: f.host ? text(v.host) : undefined,
    date: iso,
    seconds,
    microseconds,
    pid: f.pid ? v.pid ?? 0 : undefined,
    session: f.session ? v.session ?? 0 : undefined,
    exit: f.exit ? v.exit ?? { termination: 0, exit: 0 } : undefined,
    addr,
    offset,
  };
}
