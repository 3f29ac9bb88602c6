// anonymize() on real fixtures of several layouts (glibc x86_64 and aarch64,
// s390x big-endian, OpenBSD, NetBSD utmp and wtmpx with sockaddr addresses,
// FreeBSD utx.log and utx.active, macOS, lastlog) and on records of every
// layout in the table: the copy decodes to the same records, times, types,
// pids, lines and ids; every byte outside the user, host and address fields
// is the original's; no original user, host or address is left anywhere in
// the bytes; one key gives one pseudonym per name across files, another key
// others; addresses keep their family.
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encode, fromBytes, LAYOUTS, UtmpError, type Entry, type Layout } from "../../src/index.ts";
import { anonymize, anonymizeStream } from "../../src/write/anonymize.ts";
import { FIXTURES } from "../support/paths.ts";
import { prng } from "../support/prng.ts";

const KEY = "correct horse battery staple";
const CONVENTIONS = new Set(["reboot", "shutdown", "runlevel", "date", "LOGIN", "utmpx-1.00", "utmpx-2.00"]);

const FILES = [
  "generated-glibc-x86_64/wtmp", "generated-glibc-x86_64/btmp", "s4/CentOS7/x86_64/wtmp", "s4/CentOS7/x86_64/btmp",
  "s4/Ubuntu22/x86_64/btmp.1", "plaso/utmp_aarch64", "s4/Debian11/aarch64_ARM64/wtmp", "plaso/utmp_s390",
  "linux-utmpx-rb/utmpx_ipv4.dump", "s4/OpenBSD7.4/x86_64/wtmp", "s4/NetBSD9.3/x86_64/wtmp", "s4/NetBSD9.3/x86_64/wtmpx",
  "s4/NetBSD9.3/x86_32/wtmpx", "s4/FreeBSD14.0/x86_64/utx.log", "s4/FreeBSD13.1/x86_64/utx.log",
  "s4/FreeBSD14.0/x86_64/utx.active", "plaso/utmpx_mac", "s4/CentOS7/x86_64/lastlog", "s4/OpenBSD7.4/x86_64/lastlog",
];

const read = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
const isLoopback = (addr: string) => addr.startsWith("127.") || addr === "::1" || addr.startsWith("::ffff:127.");
const isNoAddress = (addr: string | undefined) => !addr || addr === "0.0.0.0" || addr === "::";

interface Decoded { layout: Layout; entries: Entry[] }
function decode(bytes: Uint8Array, layout?: Layout): Decoded {
  const db = fromBytes(bytes, layout ? { layout } : {});
  return { layout: db.layout, entries: [...db] };
}

/** Byte ranges of a fixed-size record that anonymize may change. */
function replaceable(layout: Layout): [number, number][] {
  const f = layout.fields;
  const out: [number, number][] = [];
  for (const s of [f.user, f.host]) if (s) out.push([s.offset, s.offset + s.length]);
  if (f.hostLength) out.push([f.hostLength.offset, f.hostLength.offset + 2]);
  if (f.addr) out.push([f.addr.offset, f.addr.offset + (f.addr.kind === "net4" ? 4 : f.addr.kind === "net16" ? 16 : 24)]);
  return out;
}

/** The pseudonyms seen per original value, across every file anonymized with KEY. */
const seen = { user: new Map<string, string>(), host: new Map<string, string>() };

function remember(map: Map<string, string>, original: string, pseudonym: string): void {
  const before = map.get(original);
  // a narrower field holds a cut pseudonym: one is the start of the other
  if (before !== undefined) expect(before.startsWith(pseudonym) || pseudonym.startsWith(before), `${original}: ${before} vs ${pseudonym}`).toBe(true);
  if (before === undefined || pseudonym.length > before.length) map.set(original, pseudonym);
}

describe("anonymize(): real fixtures", () => {
  for (const name of FILES) {
    it(name, async () => {
      const input = read(name);
      const copy = input.slice();
      const out = await anonymize(input, { key: KEY });
      expect(input).toEqual(copy); // the input is not touched
      const before = decode(input), after = decode(out);
      expect(after.layout.id).toBe(before.layout.id); // detected alike
      expect(after.entries.length).toBe(before.entries.length);
      if (!before.layout.framing) expect(out.length).toBe(input.length);

      const text = latin1(out);
      const originals = new Set<string>();
      before.entries.forEach((a, i) => {
        const b = after.entries[i]!;
        for (const k of ["type", "rawType", "seconds", "microseconds", "pid", "session", "line", "id", "uid", "zeroed"] as const) {
          expect(b[k], `${name} #${i} ${k}`).toEqual(a[k]);
        }
        expect(b.exit).toEqual(a.exit);
        const user = a.user ?? "", host = a.host ?? "", addr = a.addr ?? "";
        if (user === "" || CONVENTIONS.has(user)) expect(b.user).toBe(a.user);
        else {
          expect(b.user).toMatch(/^u[a-z2-7]+$/);
          remember(seen.user, user, b.user!);
          originals.add(user);
        }
        if (host === "" || isLoopback(host) || isNoAddress(host)) expect(b.host).toBe(a.host);
        else {
          expect(b.host).not.toBe(host);
          // an address text stays an address text of its family (node:net judges, not our parser); anything else becomes a name
          expect(isIP(b.host!), `${host} -> ${b.host}`).toBe(isIP(host));
          if (isIP(host) === 0) expect(b.host).toMatch(/^h[a-z2-7]/);
          remember(seen.host, host, b.host!);
          originals.add(host);
        }
        if (isNoAddress(addr) || isLoopback(addr)) expect(b.addr).toBe(a.addr);
        else {
          expect(b.addr).not.toBe(addr);
          expect(b.addr!.includes(":"), `${addr} -> ${b.addr}`).toBe(addr.includes(":")); // same family
          if (addr.startsWith("::ffff:")) expect(b.addr).toMatch(/^::ffff:\d+\.\d+\.\d+\.\d+$/);
          originals.add(addr);
        }
      });
      // nothing of the originals is left in the bytes: neither as text nor as address bytes
      for (const value of originals) if (value.length >= 4) expect(text.includes(value), `${name}: "${value}" left`).toBe(false);
      for (const e of before.entries) {
        const raw = e.raw.addr;
        if (raw && !isNoAddress(e.addr) && !isLoopback(e.addr ?? "")) {
          const bytes = e.addr!.includes(":") ? raw : raw.subarray(0, 4);
          expect(text.includes(latin1(bytes)), `${name}: address ${e.addr} left as bytes`).toBe(false);
        }
      }
      // fixed-size records: every byte outside the replaced fields is the original's
      if (!before.layout.framing) {
        const size = before.layout.recordSize;
        const mask = new Uint8Array(size);
        for (const [s, e] of replaceable(before.layout)) mask.fill(1, s, e);
        for (let i = 0; i < out.length; i++) if (!mask[i % size] && out[i] !== input[i]) expect.fail(`${name}: byte ${i} changed`);
      }
    });
  }

  it("one name, one pseudonym: the same key gives the same pseudonym in every file, another key another", async () => {
    const a = decode(await anonymize(read("s4/CentOS7/x86_64/wtmp"), { key: KEY }));
    const b = decode(await anonymize(read("s4/FreeBSD14.0/x86_64/utx.log"), { key: KEY }));
    const c = decode(await anonymize(read("s4/CentOS7/x86_64/wtmp"), { key: "another key" }));
    const originalA = decode(read("s4/CentOS7/x86_64/wtmp")).entries, originalB = decode(read("s4/FreeBSD14.0/x86_64/utx.log")).entries;
    const rootIn = (orig: Entry[], anon: Decoded) => anon.entries[orig.findIndex((e) => e.user === "root")]!.user;
    expect(rootIn(originalA, a)).toBe(rootIn(originalB, b)); // glibc and FreeBSD, one name
    expect(rootIn(originalA, c)).not.toBe(rootIn(originalA, a));
    // and, across every fixture above, distinct names got distinct pseudonyms
    const users = [...seen.user.values()];
    expect(new Set(users).size).toBe(users.length);
    expect(seen.user.size).toBeGreaterThan(3);
    expect(seen.host.size).toBeGreaterThan(3);
  });

  it("reads a stream in chunks of any size to the same bytes", async () => {
    const input = read("s4/CentOS7/x86_64/wtmp");
    const whole = await anonymize(input, { key: KEY });
    const random = prng(13);
    async function* chunks() {
      for (let at = 0; at < input.length; ) {
        const n = 1 + Math.floor(random() * 1000);
        yield input.slice(at, at + n);
        at += n;
      }
    }
    const parts: Uint8Array[] = [];
    for await (const p of anonymizeStream(chunks(), { key: KEY })) parts.push(p);
    expect(Buffer.concat(parts)).toEqual(Buffer.from(whole));
    // a utx.log cut mid-entry by every chunk boundary
    const log = read("s4/FreeBSD14.0/x86_64/utx.log");
    const oneByOne: Uint8Array[] = [];
    for await (const p of anonymizeStream([...log].map((b) => Uint8Array.of(b)), { key: KEY })) oneByOne.push(p);
    expect(Buffer.concat(oneByOne)).toEqual(Buffer.from(await anonymize(log, { key: KEY })));
  });

  it("keeps a cut-off last record cut where it was, its fields replaced as far as they go", async () => {
    const input = read("s4/CentOS7/x86_64/wtmp");
    const cut = input.subarray(0, 384 * 3 + 50); // into the fourth record's user field (offset 44)
    const out = await anonymize(cut, { key: KEY, layout: "linux384-le" });
    expect(out.length).toBe(cut.length);
    const whole = await anonymize(input.subarray(0, 384 * 4), { key: KEY });
    expect(Buffer.from(out.subarray(0, 384 * 3 + 44))).toEqual(Buffer.from(whole.subarray(0, 384 * 3 + 44)));
    // the six bytes of the user present: a pseudonym (of those six bytes, all a reader of the cut file sees)
    expect(latin1(cut.subarray(384 * 3 + 44))).toMatch(/^[a-z]{6}$/);
    expect(latin1(out.subarray(384 * 3 + 44))).toMatch(/^u[a-z2-7]{5}$/);
  });

  it("judges a file that starts with more zeros than detection reads by its first data (a sparse lastlog, a zeroed wtmp)", async () => {
    // uid 200000's slot lies 58 MB in: all before it is zeros
    const record = encode([{ seconds: 1_700_000_000, line: "pts/1", host: "vpn.example.net" }], "lastlog292-le");
    const lastlog = new Uint8Array(200_001 * 292);
    lastlog.set(record, 200_000 * 292);
    let chosen: Layout | undefined;
    const out = await anonymize(lastlog, { key: KEY, onLayout: (l) => (chosen = l) });
    expect(chosen?.id).toBe("lastlog292-le");
    expect(out.length).toBe(lastlog.length);
    expect(out.subarray(0, 200_000 * 292).every((b) => b === 0)).toBe(true);
    const entry = decode(out.subarray(200_000 * 292), chosen).entries[0]!;
    expect([entry.seconds, entry.line]).toEqual([1_700_000_000, "pts/1"]);
    expect(entry.host).toMatch(/^h[a-z2-7]{15}\.invalid$/);
    // a wtmp whose first 9 MiB of records were zeroed: the rest is anonymized as the wtmp alone would be
    const wtmp = read("s4/CentOS7/x86_64/wtmp");
    const zeroed = new Uint8Array(9 * 2 ** 20 + wtmp.length);
    zeroed.set(wtmp, 9 * 2 ** 20);
    const copy = await anonymize(zeroed, { key: KEY, onLayout: (l) => (chosen = l) });
    expect(chosen?.id).toBe("linux384-le");
    expect(Buffer.from(copy.subarray(9 * 2 ** 20))).toEqual(Buffer.from(await anonymize(wtmp, { key: KEY })));
    // nothing: nothing; zeros to the end: zeros
    expect((await anonymize(new Uint8Array(0), { key: KEY })).length).toBe(0);
    const nothing = await anonymize(new Uint8Array(10 * 2 ** 20 + 7), { key: KEY });
    expect(nothing.length).toBe(10 * 2 ** 20 + 7);
    expect(nothing.every((b) => b === 0)).toBe(true);
  });

  it("does not guess a layout it is unsure of (a wrong one would leave the names in place), but takes one given", async () => {
    const damaged = read("plaso/utmp_corrupted");
    const err = (await anonymize(damaged, { key: KEY }).catch((e: unknown) => e)) as UtmpError;
    expect(err.code).toBe("UNKNOWN_LAYOUT");
    expect(err.message).toMatch(/not clear enough to anonymize by \(best linux384-le, confidence 0\.\d\d.*pass \{ layout \}/);
    const out = await anonymize(damaged, { key: KEY, layout: "linux384-le" });
    expect(out.length).toBe(damaged.length);
    const garbage = Uint8Array.from({ length: 100 }, (_, i) => (i * 37 + 11) & 255);
    expect(((await anonymize(garbage, { key: KEY }).catch((e: unknown) => e)) as UtmpError).code).toBe("UNKNOWN_LAYOUT");
  });

  it("refuses an empty key and a Berkeley DB lastlogx", async () => {
    const wtmp = read("generated-glibc-x86_64/wtmp");
    for (const key of ["", new Uint8Array(0)]) {
      const err = await anonymize(wtmp, { key }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UtmpError);
      expect((err as UtmpError).code).toBe("BAD_INPUT");
      expect((err as UtmpError).message).toMatch(/non-empty key/);
    }
    // a Berkeley DB hash file: a format utmpx does not read (SQLite databases have their own tests: anonymizeSqlite.test.ts)
    const err = (await anonymize(read("s4/NetBSD9.3/x86_64/lastlogx"), { key: KEY }).catch((e: unknown) => e)) as UtmpError;
    expect(err.code).toBe("UNSUPPORTED_FORMAT");
    expect(err.message).toMatch(/Berkeley DB/);
  });
});

describe("anonymize(): every layout of the table", () => {
  const entries = [
    { type: "BOOT_TIME" as const, user: "reboot", line: "~", id: "~~", host: "6.1.0-18-amd64", seconds: 1_700_000_000 },
    { type: "USER_PROCESS" as const, user: "alice", line: "pts/3", id: "ts/3", host: "workstation.example.org", pid: 4242, seconds: 1_700_000_100, microseconds: 5, addr: "198.51.100.23" },
    { type: "USER_PROCESS" as const, user: "bob", line: "pts/4", id: "ts/4", host: "198.51.100.24", pid: 4243, seconds: 1_700_000_200, addr: "198.51.100.24" },
    { type: "USER_PROCESS" as const, user: "carol", line: "pts/5", id: "ts/5", host: "2001:4860:4860::8888", pid: 4244, seconds: 1_700_000_300, addr: "2001:4860:4860::8888" },
    { type: "USER_PROCESS" as const, user: "dave", line: "pts/6", id: "ts/6", host: "::ffff:203.0.113.9", pid: 4245, seconds: 1_700_000_400, addr: "::ffff:203.0.113.9" },
    { type: "USER_PROCESS" as const, user: "erin", line: "tty1", id: "tty1", host: "127.0.0.1", pid: 4246, seconds: 1_700_000_500, addr: "127.0.0.1" },
    { type: "DEAD_PROCESS" as const, user: "", line: "pts/3", id: "ts/3", pid: 4242, seconds: 1_700_000_600 },
  ];
  const personal = ["alice", "carol", "dave", "erin", "workstation", "6.1.0-18", "198.51.100.2", "2001:4860", "203.0.113.9"];

  for (const layout of LAYOUTS) {
    it(layout.id, async () => {
      const input = encode(entries, layout);
      const out = await anonymize(input, { key: KEY, layout });
      const before = decode(input, layout).entries, after = decode(out, layout).entries;
      expect(after.length).toBe(before.length);
      before.forEach((a, i) => {
        const b = after[i]!;
        for (const k of ["type", "rawType", "seconds", "microseconds", "pid", "line", "id", "uid"] as const) expect(b[k], `#${i} ${k}`).toEqual(a[k]);
        if (!a.addr || isNoAddress(a.addr) || isLoopback(a.addr)) expect(b.addr).toBe(a.addr);
        else expect(b.addr!.includes(":")).toBe(a.addr.includes(":"));
      });
      const text = latin1(out);
      for (const value of personal) expect(text.includes(value), `"${value}" left`).toBe(false);
      if (layout.fields.user) expect(after[0]!.user).toBe("reboot");
      if (layout.fields.host && layout.fields.host.length >= 15) expect(after[5]!.host).toBe("127.0.0.1");
      if (!layout.framing) {
        const mask = new Uint8Array(layout.recordSize);
        for (const [s, e] of replaceable(layout)) mask.fill(1, s, e);
        for (let i = 0; i < out.length; i++) if (!mask[i % layout.recordSize] && out[i] !== input[i]) expect.fail(`byte ${i} changed`);
      }
    });
  }

  it("takes any bytes under a given layout: only UtmpError could escape, and only the replaced fields change", async () => {
    const random = prng(2026);
    for (let round = 0; round < 200; round++) {
      // one round in four a utx.log, whose framing is its own code
      const layout = round % 4 === 0 ? LAYOUTS.find((l) => l.framing)! : LAYOUTS[Math.floor(random() * LAYOUTS.length)]!;
      const size = Math.floor(random() * 4 * layout.recordSize);
      // mostly zeros, some text and some noise: what damaged files look like
      const bytes = Uint8Array.from({ length: size }, () => {
        const r = random();
        return r < 0.6 ? 0 : r < 0.85 ? 0x61 + Math.floor(random() * 26) : Math.floor(random() * 256);
      });
      const out = await anonymize(bytes, { key: KEY, layout });
      if (layout.framing) {
        // entries change length: the same entries, with the same times and types, are read from the copy
        const strip = (e: Entry) => [e.type, e.seconds, e.microseconds, e.pid, e.line, e.id];
        expect(decode(out, layout).entries.map(strip)).toEqual(decode(bytes, layout).entries.map(strip));
        continue;
      }
      expect(out.length).toBe(bytes.length);
      const mask = new Uint8Array(layout.recordSize);
      for (const [s, e] of replaceable(layout)) mask.fill(1, s, e);
      for (let i = 0; i < out.length; i++) if (!mask[i % layout.recordSize] && out[i] !== bytes[i]) expect.fail(`${layout.id} round ${round}: byte ${i} changed`);
    }
  });

  it("writes Solaris's ut_syslen for the new host", async () => {
    const layout = LAYOUTS.find((l) => l.fields.hostLength)!;
    const out = await anonymize(encode(entries, layout), { key: KEY, layout });
    const view = new DataView(out.buffer, out.byteOffset);
    const after = decode(out, layout).entries;
    after.forEach((e, i) => {
      const length = view.getInt16(i * layout.recordSize + layout.fields.hostLength!.offset, layout.byteOrder === "little");
      expect(length, `#${i}`).toBe(e.host ? e.host.length + 1 : 0);
    });
  });
});
