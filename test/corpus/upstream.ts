// Checks of decoded entries against the values other projects assert about the
// same files (upstream_test_assertions), and against the exact values handed to
// glibc for the files generated here (writer_input). Unlike utmpdump's text,
// these carry real UTF-8, ut_session and ut_exit, so they are compared exactly.
// Each origin names its fields differently; one adapter per origin. An origin
// without an adapter fails the test: no expected value is ever skipped silently.
import { basename } from "node:path";
import { expect } from "vitest";
import type { Entry, Layout } from "../../src/index.ts";
import { parseIsoTime, textLines, utmpdumpLine, type ExpectedSource, type Fixture } from "../support/corpus.ts";

export interface UpstreamContext {
  fixture: Fixture;
  layout: Layout;
  entries: Entry[];
  bytes: Uint8Array;
}

type Values = Record<string, unknown>;

/** Checks every upstream_test_assertions / writer_input / upstream_expected_text source of a fixture; returns how many were checked. */
export function checkUpstream(ctx: UpstreamContext): number {
  let checked = 0;
  for (const source of ctx.fixture.expected.expected) {
    if (source.kind === "writer_input") {
      checkWriterInput(ctx, source);
      checked++;
    } else if (source.kind === "upstream_test_assertions") {
      const repo = source.pointer!.repository;
      const adapter = ADAPTERS[repo];
      if (!adapter) throw new Error(`${ctx.fixture.name}: no adapter for assertions of ${repo}`);
      adapter(ctx, source.values!, `${ctx.fixture.name} ${repo} ${source.pointer!.path}`);
      checked++;
    } else if (source.kind === "upstream_expected_text") {
      if (checkExpectedText(ctx, source)) checked++;
    }
  }
  return checked;
}

/** How many sources checkUpstream checks for this fixture (util-linux's last(1) outputs are not record values). */
export function upstreamSourceCount(fixture: Fixture): number {
  return fixture.expected.expected.filter((s) =>
    s.kind === "writer_input" || s.kind === "upstream_test_assertions" ||
    (s.kind === "upstream_expected_text" && !s.output_file!.startsWith("expected/last-"))).length;
}

const ADAPTERS: Record<string, (ctx: UpstreamContext, values: Values, where: string) => void> = {
  "upsuper/utmp-rs": utmpRs,
  "log2timeline/plaso": plaso,
  "google/grr": grr,
  "neko-neko/utmpdump": nekoUtmpdump,
  "fluent-plugins-nursery/linux-utmpx": linuxUtmpx,
  "apparmor/apparmor": apparmor,
  "fox-it/dissect.target": dissect,
  "Velocidex/velociraptor": velociraptor,
};

function expectTime(e: Entry, seconds: number, microseconds: number, where: string): void {
  expect(e.seconds, `${where} seconds`).toBe(seconds);
  expect(e.microseconds, `${where} microseconds`).toBe(microseconds);
}

// ---------------------------------------------------------------------------
// upsuper/utmp-rs tests/basic.rs: a Rust enum per record

const UTMP_RS_TYPES: Record<string, number> = {
  BootTime: 2, ShutdownTime: 1, RunLevel: 1, InitProcess: 5, LoginProcess: 6, UserProcess: 7, DeadProcess: 8,
};

function utmpRs({ entries }: UpstreamContext, values: Values, where: string): void {
  const records = values.records as Values[];
  expect(entries.length, `${where} record_count`).toBe(values.record_count);
  expect(records.length, `${where} transcribed records`).toBe(values.record_count);
  records.forEach((r, i) => {
    const e = entries[i]!;
    const at = `${where} record ${i} (${String(r.variant)})`;
    const rawType = UTMP_RS_TYPES[r.variant as string];
    expect(rawType, `${at}: known variant`).toBeDefined();
    expect(e.rawType, `${at} type`).toBe(rawType);
    // utmp-rs tells ShutdownTime from RunLevel by ut_line "~..." and ut_user "shutdown"
    if (r.variant === "ShutdownTime") {
      expect(e.user, `${at} user`).toBe("shutdown");
      expect(e.line!.startsWith("~"), `${at} line starts with ~`).toBe(true);
    }
    if (r.variant === "RunLevel") expect(e.user, `${at} user`).not.toBe("shutdown");
    for (const [key, value] of Object.entries(r)) {
      switch (key) {
        case "variant": break;
        case "kernel_version": expect(e.host, `${at} host`).toBe(value); break;
        case "pid": expect(e.pid, `${at} pid`).toBe(value); break;
        case "line": expect(e.line, `${at} line`).toBe(value); break;
        case "user": expect(e.user, `${at} user`).toBe(value); break;
        case "host": expect(e.host, `${at} host`).toBe(value); break;
        case "session": expect(e.session, `${at} session`).toBe(value); break;
        case "time": {
          const t = value as { tv_sec: number; tv_usec: number };
          expectTime(e, t.tv_sec, t.tv_usec, at);
          break;
        }
        default: throw new Error(`${at}: unhandled utmp-rs field ${key}`);
      }
    }
  });
}

// ---------------------------------------------------------------------------
// log2timeline/plaso tests/parsers/utmp.py: event data of the records plaso emits

function plaso({ entries, bytes, layout }: UpstreamContext, values: Values, where: string): void {
  // plaso skips records whose type it does not know (and warns); every other record is an event
  const emitted = entries.filter((e) => e.type !== "UNKNOWN");
  const badTypeOffsets = entries.flatMap((e) => e.warnings.filter((w) => w.code === "BAD_TYPE").map((w) => w.offset));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const warnings: number[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (key === "number_of_event_data") {
      expect(emitted.length, `${where} ${key}`).toBe(value);
      continue;
    }
    if (key === "number_of_extraction_warnings") {
      expect(badTypeOffsets.length, `${where} ${key}`).toBe(value);
      continue;
    }
    const warning = /^extraction_warning\[(\d+)\]$/.exec(key);
    if (warning) {
      const m = /offset: 0x([0-9a-f]+), skipping record/.exec(value as string);
      expect(m, `${where} ${key} format`).not.toBeNull();
      warnings[Number(warning[1])] = parseInt(m![1]!, 16);
      continue;
    }
    const event = /^event_data\[(\d+)\]$/.exec(key);
    if (!event) throw new Error(`${where}: unhandled plaso value ${key}`);
    const e = emitted[Number(event[1])]!;
    const at = `${where} ${key}`;
    expect(e, at).toBeDefined();
    for (const [field, v] of Object.entries(value as Values)) {
      switch (field) {
        case "exit_status": expect(e.exit!.exit, `${at} ${field}`).toBe(v); break;
        // plaso reports "localhost" for an empty ut_host
        case "hostname": expect(e.host === "" ? "localhost" : e.host, `${at} ${field}`).toBe(v); break;
        case "ip_address": expect(e.addr, `${at} ${field}`).toBe(v); break;
        case "login_type": expect(e.rawType, `${at} ${field}`).toBe(v); break;
        case "pid": expect(e.pid, `${at} ${field}`).toBe(v); break;
        case "offset": expect(e.offset, `${at} ${field}`).toBe(v); break;
        case "terminal": expect(e.line, `${at} ${field}`).toBe(v); break;
        case "username": expect(e.user, `${at} ${field}`).toBe(v); break;
        case "terminal_identifier": {
          // plaso reads the 4 bytes of ut_id as an integer in the file's byte order
          const id = view.getUint32(e.offset + layout.fields.id!.offset, layout.byteOrder === "little");
          expect(id, `${at} ${field}`).toBe(v);
          // and our id is those bytes up to the first NUL
          const idBytes = bytes.subarray(e.offset + layout.fields.id!.offset, e.offset + layout.fields.id!.offset + 4);
          const nul = idBytes.indexOf(0);
          expect(e.raw.id, `${at} raw id`).toStrictEqual(idBytes.slice(0, nul < 0 ? 4 : nul));
          break;
        }
        case "written_time": {
          const t = parseIsoTime(v as string);
          expectTime(e, t.seconds, t.microseconds, `${at} ${field}`);
          break;
        }
        default: throw new Error(`${at}: unhandled plaso field ${field}`);
      }
    }
  }
  if (warnings.length > 0) expect(badTypeOffsets, `${where} warning offsets`).toStrictEqual(warnings);
}

// ---------------------------------------------------------------------------
// google/grr linux_test.py: the latest USER_PROCESS login per user, in microseconds (seconds x 1e6)

function lastLogons(entries: Entry[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) {
    if (e.type !== "USER_PROCESS") continue;
    out[e.user!] = Math.max(out[e.user!] ?? 0, e.seconds * 1e6);
  }
  return out;
}

function grr({ entries }: UpstreamContext, values: Values, where: string): void {
  const logons = lastLogons(entries);
  for (const [key, value] of Object.entries(values)) {
    const single = /^(.+)_last_logon_usec$/.exec(key);
    if (key === "last_logon_by_user_usec") expect(logons, `${where} ${key}`).toStrictEqual(value);
    else if (key === "users_found") expect(Object.keys(logons).length, `${where} ${key}`).toBe(value);
    else if (single) expect(logons[single[1]!], `${where} ${key}`).toBe(value);
    else throw new Error(`${where}: unhandled grr value ${key}`);
  }
}

// ---------------------------------------------------------------------------
// neko-neko/utmpdump utmp_test.go

function nekoUtmpdump({ entries }: UpstreamContext, values: Values, where: string): void {
  for (const [key, value] of Object.entries(values)) {
    if (key === "record_count") expect(entries.length, `${where} ${key}`).toBe(value);
    else if (key === "records[0]") expect(entries[0]!.addr, `${where} Addr`).toBe((value as Values).Addr);
    else throw new Error(`${where}: unhandled value ${key}`);
  }
}

// ---------------------------------------------------------------------------
// fluent-plugins-nursery/linux-utmpx utmpx_test.rb (ut_id keeps utmpdump -r's padding)

function linuxUtmpxRecord(e: Entry, r: Values, at: string): void {
  for (const [field, v] of Object.entries(r)) {
    switch (field) {
      case "ut_type": expect(e.rawType, `${at} ${field}`).toBe(v); break;
      case "ut_pid": expect(e.pid, `${at} ${field}`).toBe(v); break;
      case "ut_line": expect(e.line, `${at} ${field}`).toBe(v); break;
      case "ut_id": expect(e.id, `${at} ${field}`).toBe(v); break;
      case "ut_user": expect(e.user, `${at} ${field}`).toBe(v); break;
      case "ut_host": expect(e.host, `${at} ${field}`).toBe(v); break;
      case "address": expect(e.addr, `${at} ${field}`).toBe(v); break;
      case "ut_addr_v6[0]_as_big_endian_uint32": {
        const a = e.raw.addr!;
        expect(((a[0]! << 24) | (a[1]! << 16) | (a[2]! << 8) | a[3]!) >>> 0, `${at} ${field}`).toBe(v);
        break;
      }
      case "time": {
        const t = parseIsoTime(v as string);
        expectTime(e, t.seconds, t.microseconds, `${at} ${field}`);
        break;
      }
      default: throw new Error(`${at}: unhandled linux-utmpx field ${field}`);
    }
  }
}

function linuxUtmpx({ entries }: UpstreamContext, values: Values, where: string): void {
  for (const [key, value] of Object.entries(values)) {
    const one = /^records\[(\d+)\]$/.exec(key);
    if (key === "record_count") expect(entries.length, `${where} ${key}`).toBe(value);
    else if (key === "records") (value as Values[]).forEach((r, i) => linuxUtmpxRecord(entries[i]!, r, `${where} record ${i}`));
    else if (one) linuxUtmpxRecord(entries[Number(one[1])]!, value as Values, `${where} ${key}`);
    else throw new Error(`${where}: unhandled value ${key}`);
  }
}

// ---------------------------------------------------------------------------
// apparmor/apparmor test-notify.py: tv_sec of each user's latest USER_PROCESS record, 0 when none

function latestLogin(entries: Entry[], user: string): number {
  let latest = 0;
  for (const e of entries) if (e.type === "USER_PROCESS" && e.user === user && e.seconds > latest) latest = e.seconds;
  return latest;
}

function apparmor({ entries }: UpstreamContext, values: Values, where: string): void {
  for (const [key, value] of Object.entries(values)) {
    const raises = /^get_last_login_timestamp_wtmp\('(.+)'\)$/.exec(key);
    if (key === "last_login_tv_sec") {
      for (const [user, sec] of Object.entries(value as Record<string, number>)) {
        expect(latestLogin(entries, user), `${where} ${user}`).toBe(sec);
      }
    } else if (key === "complete_records") {
      expect(entries.length, `${where} ${key}`).toBe(value);
    } else if (raises && /before 2000/.test(String(value))) {
      // apparmor refuses a latest login before 2000-01-01 as insane: ours must be such a time
      const latest = latestLogin(entries, raises[1]!);
      expect(latest, `${where} ${key}`).toBeGreaterThan(0);
      expect(latest, `${where} ${key}`).toBeLessThan(Date.UTC(2000, 0, 1) / 1000);
    } else {
      throw new Error(`${where}: unhandled apparmor value ${key}`);
    }
  }
}

// ---------------------------------------------------------------------------
// fox-it/dissect.target test_utmp.py

/**
 * btmp-ipv6 record 5 holds 13 37 00 01 and 12 zero bytes: dissect prints 1337:1:: (it takes
 * ut_host as a hint), utmpdump and we follow the bytes: IPv4 19.55.0.1 (SOURCES.md).
 */
const DISSECT_ADDRESS_DISAGREEMENTS: Record<string, Record<number, string>> = {
  "btmp-ipv6": { 5: "19.55.0.1" },
};

function dissect({ entries, fixture }: UpstreamContext, values: Values, where: string): void {
  const file = basename(fixture.path);
  for (const [key, value] of Object.entries(values)) {
    const one = /^records\[(-?\d+)\]$/.exec(key);
    if (key === "record_count" || key === "record_count_when_read_as_utmp") {
      expect(entries.length, `${where} ${key}`).toBe(value);
      continue;
    }
    if (!one) throw new Error(`${where}: unhandled dissect value ${key}`);
    const index = Number(one[1]) < 0 ? entries.length + Number(one[1]) : Number(one[1]);
    const e = entries[index]!;
    const at = `${where} ${key}`;
    for (const [field, v] of Object.entries(value as Values)) {
      switch (field) {
        case "ts": expect(e.seconds, `${at} ${field}`).toBe(parseIsoTime(v as string).seconds); break;
        case "ut_type": expect(e.type, `${at} ${field}`).toBe(v); break;
        case "ut_user": expect(e.user, `${at} ${field}`).toBe(v); break;
        case "ut_pid": expect(e.pid, `${at} ${field}`).toBe(v); break;
        case "ut_line": expect(e.line, `${at} ${field}`).toBe(v); break;
        case "ut_id": expect(e.id, `${at} ${field}`).toBe(v); break;
        case "ut_host": expect(e.host, `${at} ${field}`).toBe(v); break;
        case "ut_addr": {
          const ours = DISSECT_ADDRESS_DISAGREEMENTS[file]?.[index];
          expect(e.addr, `${at} ${field}`).toBe(ours ?? v);
          break;
        }
        default: throw new Error(`${at}: unhandled dissect field ${field}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Velocidex/velociraptor linux_last_login.out.yaml: the first login whose logout was found

function velociraptor({ entries }: UpstreamContext, values: Values, where: string): void {
  for (const [key, value] of Object.entries(values)) {
    if (key !== "first_login_with_logout") throw new Error(`${where}: unhandled velociraptor value ${key}`);
    const want = value as Record<string, string | number>;
    const logoutOf = (i: number) =>
      entries.slice(i + 1).find((d) => d.type === "DEAD_PROCESS" && d.line === entries[i]!.line);
    const index = entries.findIndex((e, i) => e.type === "USER_PROCESS" && logoutOf(i) !== undefined);
    expect(index, `${where} login found`).toBeGreaterThanOrEqual(0);
    const login = entries[index]!;
    const logout = logoutOf(index)!;
    expect(login.type, `${where} login_Type`).toBe(want.login_Type);
    expect(login.id, `${where} login_ID`).toBe(want.login_ID);
    expect(login.pid, `${where} login_PID`).toBe(want.login_PID);
    expect(login.host, `${where} login_Host`).toBe(want.login_Host);
    expect(login.user, `${where} login_User`).toBe(want.login_User);
    expect(login.addr, `${where} login_IpAddr`).toBe(want.login_IpAddr);
    expect(login.line, `${where} login_Terminal`).toBe(want.login_Terminal);
    expect(login.seconds, `${where} login_time`).toBe(parseIsoTime(want.login_time as string).seconds);
    expect(logout.seconds, `${where} logout_time`).toBe(parseIsoTime(want.logout_time as string).seconds);
  }
}

// ---------------------------------------------------------------------------
// util-linux tests/ts/utmp/txt-* and tests/expected/utmp/utmpdump-*: utmpdump text of the binary

function checkExpectedText(ctx: UpstreamContext, source: ExpectedSource): boolean {
  const file = source.output_file!;
  // expected/last-* are last(1)'s session pairing, not a property of the records
  if (file.startsWith("expected/last-")) return false;
  // txt-* (what the binary was made from) and expected/utmpdump-* (the suite's utmpdump output) are utmpdump text
  if (!/^(txt-|expected\/utmpdump-)/.test(file)) throw new Error(`${ctx.fixture.name}: unhandled upstream_expected_text ${file}`);
  const lines = textLines(`${ctx.fixture.dir}/${file}`);
  expect(ctx.entries.map((e) => utmpdumpLine(e, ctx.layout)), `${ctx.fixture.name} vs ${file}`).toStrictEqual(lines);
  return true;
}

// ---------------------------------------------------------------------------
// generated-glibc-x86_64: the values handed to glibc (written.jsonl)

interface WrittenRecord {
  file: string;
  ut_type: number;
  ut_pid: number;
  ut_line: string;
  ut_id: string;
  ut_user: string;
  ut_host: string;
  e_termination: number;
  e_exit: number;
  ut_session: number;
  tv_sec: number;
  tv_usec: number;
  addr: string;
  addr_v6_hex: string;
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function expectWritten(e: Entry, w: WrittenRecord, at: string): void {
  expect({
    ut_type: e.rawType, ut_pid: e.pid, ut_line: e.line, ut_id: e.id, ut_user: e.user, ut_host: e.host,
    e_termination: e.exit!.termination, e_exit: e.exit!.exit, ut_session: e.session,
    tv_sec: e.seconds, tv_usec: e.microseconds, addr: e.addr, addr_v6_hex: hex(e.raw.addr!),
  }, at).toStrictEqual({
    ut_type: w.ut_type, ut_pid: w.ut_pid, ut_line: w.ut_line, ut_id: w.ut_id, ut_user: w.ut_user, ut_host: w.ut_host,
    e_termination: w.e_termination, e_exit: w.e_exit, ut_session: w.ut_session,
    tv_sec: w.tv_sec, tv_usec: w.tv_usec, addr: w.addr, addr_v6_hex: w.addr_v6_hex,
  });
}

/** The utmp slot pututxline overwrites: by type for RUN_LVL..OLD_TIME, else by ut_id. */
function slot(type: number | undefined, id: string): string {
  if (type === undefined) throw new Error("a glibc record has a type");
  return type >= 1 && type <= 4 ? `type ${type}` : `id ${id}`;
}

function checkWriterInput({ fixture, entries }: UpstreamContext, source: ExpectedSource): void {
  const file = basename(fixture.path);
  const written = (source.records as unknown as WrittenRecord[]).filter((w) => w.file === file);
  const where = `${fixture.name} writer_input`;
  expect(written.length, `${where} calls`).toBeGreaterThan(0);
  if (file === "utmp") {
    // pututxline rewrites slots: each record is the last call made for its slot
    for (const [i, e] of entries.entries()) {
      const calls = written.filter((w) => slot(w.ut_type, w.ut_id) === slot(e.rawType, e.id!));
      expect(calls.length, `${where} record ${i}: calls for its slot`).toBeGreaterThan(0);
      expectWritten(e, calls[calls.length - 1]!, `${where} record ${i}`);
    }
    expect(new Set(entries.map((e) => slot(e.rawType, e.id!))).size, `${where} one record per slot`).toBe(entries.length);
    expect(new Set(written.map((w) => slot(w.ut_type, w.ut_id))).size, `${where} every slot`).toBe(entries.length);
  } else {
    // updwtmpx appends: the file is the calls, in order
    expect(entries.length, `${where} count`).toBe(written.length);
    written.forEach((w, i) => expectWritten(entries[i]!, w, `${where} record ${i}`));
  }
}
