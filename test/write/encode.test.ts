// encode() writes records of any layout: decoding a file and encoding its
// entries gives back its bytes, but for bytes no field keeps (padding, what
// follows a string's NUL, a sockaddr's port); values that do not fit a field
// are refused, never wrapped.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { encode, findLayout, fromBytes, lastlogFromBytes, LAYOUTS, open, openLastlog, UtmpError, type Entry, type Layout } from "../../src/index.ts";
import { utmpdumpBatch } from "../../src/format/utmpdump.ts";
import { scenario } from "../support/scenarios.ts";
import { FIXTURES, isNotRecordData, REPO, walk } from "../support/paths.ts";

/** Byte ranges of a record that decoding keeps (strings only up to their NUL; a sockaddr only its address). */
function keptRanges(layout: Layout, record: Uint8Array): [number, number][] {
  const f = layout.fields;
  const width: Record<string, number> = { "u8": 1, "i16": 2, "u16": 2, "i32": 4, "u32": 4, "i64": 8, "u64": 8, "u64-micros": 8 };
  const out: [number, number][] = [];
  for (const n of [f.type, f.pid, f.session, f.seconds, f.microseconds]) if (n) out.push([n.offset, n.offset + width[n.kind]!]);
  if (f.exit) out.push([f.exit.offset, f.exit.offset + 2 * width[f.exit.kind]!]);
  for (const s of layout.binaryId ? [f.line, f.user, f.host] : [f.line, f.user, f.host, f.id]) {
    if (!s) continue;
    const nul = record.subarray(s.offset, s.offset + s.length).indexOf(0);
    out.push([s.offset, s.offset + (nul < 0 ? s.length : nul + 1)]);
  }
  if (f.id && layout.binaryId) out.push([f.id.offset, f.id.offset + f.id.length]); // FreeBSD's fu_id is kept whole
  if (f.addr?.kind === "net16") out.push([f.addr.offset, f.addr.offset + 16]);
  if (f.addr?.kind === "net4") out.push([f.addr.offset, f.addr.offset + 4]);
  if (f.addr?.kind === "sockaddr") {
    const family = record[f.addr.offset + 1];
    out.push([f.addr.offset + 1, f.addr.offset + 2]);
    if (family === 2) out.push([f.addr.offset + 4, f.addr.offset + 8]);
    else out.push([f.addr.offset + 8, f.addr.offset + 24]);
  }
  return out;
}

/** Offsets at which `ours` differs from `theirs` inside bytes that decoding keeps. */
function keptDifferences(layout: Layout, theirs: Uint8Array, ours: Uint8Array): number[] {
  const size = layout.recordSize;
  const bad: number[] = [];
  for (let at = 0; at + size <= theirs.length; at += size) {
    const record = theirs.subarray(at, at + size);
    for (const [from, to] of keptRanges(layout, record)) {
      for (let i = from; i < to; i++) if (ours[at + i] !== theirs[at + i]) bad.push(at + i);
    }
  }
  return bad;
}

// record files only: a SQLite database's records are made from its rows (it is written by its own writers)
const binaries = walk(FIXTURES).filter((p) => !isNotRecordData(p) && !p.endsWith(".db"));

describe("decode then encode gives back every fixture's bytes", () => {
  for (const path of binaries) {
    it(relative(REPO, path), () => {
      let db;
      try {
        db = /lastlog/.test(path) ? openLastlog(path) : open(path);
        void db.layout;
      } catch (err) {
        if (err instanceof UtmpError) return; // Berkeley DB lastlogx: not a format we read
        throw err;
      }
      const layout = db.layout;
      const entries: Entry[] = [];
      for (const batch of db.batches({ includeZeroed: true })) entries.push(...batch);
      const ours = encode(entries, layout);
      const theirs = new Uint8Array(readFileSync(path));
      if (layout.framing) {
        expect(ours).toStrictEqual(theirs.subarray(0, ours.length)); // FreeBSD's own framing, byte for byte
        return;
      }
      const whole = theirs.subarray(0, entries.length * layout.recordSize);
      expect(ours.length).toBe(whole.length);
      expect(keptDifferences(layout, whole, ours)).toStrictEqual([]);
    });
  }
});

describe("every layout: entries of a built file encode to that file", () => {
  for (const layout of LAYOUTS) {
    it(layout.id, () => {
      const s = scenario(layout);
      const db = layout.kind === "lastlog" ? lastlogFromBytes(s.bytes, { layout }) : fromBytes(s.bytes, { layout });
      const entries: Entry[] = [];
      for (const batch of db.batches({ includeZeroed: true })) entries.push(...batch);
      const ours = encode(entries, layout);
      if (layout.framing) expect(ours).toStrictEqual(s.bytes);
      else expect(keptDifferences(layout, s.bytes, ours)).toStrictEqual([]);
      // and what is kept reads back the same
      const again = layout.kind === "lastlog" ? lastlogFromBytes(ours, { layout }) : fromBytes(ours, { layout });
      expect([...again].map((e) => e.toJSON())).toStrictEqual([...db].map((e) => e.toJSON()));
    });
  }
});

describe("plain values", () => {
  const login = {
    type: "USER_PROCESS" as const, user: "alice", line: "pts/3", id: "ts/3", host: "2001:db8::7", addr: "2001:db8::7",
    pid: 4242, session: 4242, seconds: 1_700_000_000, microseconds: 123456,
  };

  it("encode into every typed layout and read back", () => {
    for (const layout of LAYOUTS.filter((l) => l.kind === "records" && !l.untyped && l.fields.type)) {
      const e = fromBytes(encode([login], layout), { layout }).at(0)!;
      expect(e.type, layout.id).toBe("USER_PROCESS");
      expect(e.user, layout.id).toBe(layout.fields.user!.length >= 5 ? "alice" : "alice".slice(0, layout.fields.user!.length));
      expect(e.seconds, layout.id).toBe(1_700_000_000);
      if (layout.fields.addr?.kind === "net16" || layout.fields.addr?.kind === "sockaddr") expect(e.addr, layout.id).toBe("2001:db8::7");
    }
  });

  it("refuses times a field cannot hold, naming the layout", () => {
    expect(() => encode([{ ...login, seconds: 2 ** 32 }], "linux384-le")).toThrow(/seconds 4294967296 .*linux384-le.*u32/);
    expect(() => encode([{ ...login, seconds: -1 }], "linux384-le")).toThrow(/does not fit layout linux384-le/);
    expect(() => encode([{ ...login, seconds: 2 ** 31 }], "solaris372-be")).toThrow(/solaris372-be \(i32/);
    expect(() => encode([{ ...login, seconds: 2 ** 32 }], "linux400-le")).not.toThrow(); // i64: fine
    try {
      encode([{ ...login, pid: 2 ** 40 }], "linux384-le");
    } catch (err) {
      expect((err as UtmpError).code).toBe("OUT_OF_RANGE");
    }
  });

  it.runIf(spawnSync("sh", ["-c", "command -v utmpdump"]).status === 0)("util-linux utmpdump reads our 384-byte records as we do", () => {
    const dir = mkdtempSync(join(tmpdir(), "utmpx-encode-"));
    const file = join(dir, "wtmp");
    const records = [login, { type: "DEAD_PROCESS" as const, line: "pts/3", id: "ts/3", pid: 4242, seconds: 1_700_000_100 },
      { type: "BOOT_TIME" as const, user: "reboot", line: "~", id: "~~", host: "6.1.0", seconds: 1_700_000_200, addr: "203.0.113.9" }];
    writeFileSync(file, encode(records, "linux384-le"));
    const theirs = spawnSync("utmpdump", [file], { encoding: "latin1" }).stdout;
    let ours = "";
    for (const batch of open(file).batches()) ours += utmpdumpBatch(batch);
    expect(theirs).toBe(ours);
    expect(theirs.split("\n")[0]).toBe("[7] [04242] [ts/3] [alice   ] [pts/3       ] [2001:db8::7         ] [2001:db8::7    ] [2023-11-14T22:13:20,123456+00:00]");
  });

  // encode() hands the core a thousand or so rows a call: many calls give the bytes of one
  // call per entry, in the order given (an error's entry number counts across calls), in a
  // layout that also fixes each record's host length after the core wrote it (AIX's)
  it.each(["linux384-le", "aix648-be"])("%s: 5,000 entries, written in several calls, are the bytes of each written alone", (id) => {
    const entries = Array.from({ length: 5000 }, (_, i) => ({
      type: i % 3 === 0 ? "DEAD_PROCESS" as const : "USER_PROCESS" as const, user: i % 3 === 0 ? "" : `user${i}`, line: `pts/${i % 97}`,
      id: `p${i % 97}`, host: "h".repeat(i % 200), pid: 1000 + i, seconds: 1_700_000_000 + i, microseconds: (i * 7919) % 1_000_000,
      addr: i % 5 === 0 ? `2001:db8::${(i % 65535).toString(16)}` : `198.51.100.${i % 250}`,
    }));
    const whole = encode(entries, id);
    const size = findLayout(id)!.recordSize;
    expect(whole.length).toBe(5000 * size);
    for (const i of [0, 1, 1023, 1024, 1025, 2047, 2048, 3333, 4095, 4096, 4999]) {
      expect(whole.subarray(i * size, (i + 1) * size), `entry ${i}`).toStrictEqual(encode([entries[i]!], id));
    }
    expect([...fromBytes(whole, { layout: id })].map((e) => e.user)).toStrictEqual(entries.map((e) => e.user));
    expect(() => encode([...entries.slice(0, 3000), { ...entries[0]!, pid: 2 ** 40 }], id)).toThrow(/^utmpx: entry 3000: pid /);
  });
});
