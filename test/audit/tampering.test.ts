// Tampered copies of real fixtures, in three layouts (glibc x86_64, glibc
// aarch64's 400-byte records, OpenBSD), each with the findings it must give:
// zeroed runs at the start, middle and end; a login removed; a block backdated;
// a record half overwritten; bytes inserted.
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { encode, fromBytes, type Entry, type Layout } from "../../src/index.ts";
import { audit, type Finding } from "../../src/audit/audit.ts";
import { FIXTURES, walk } from "../support/paths.ts";
import { backdate, halfOverwrite, insertBytes, removeRecords, zeroRecords } from "./tamper.ts";

const ubuntu = new Uint8Array(readFileSync(join(FIXTURES, "s4", "Ubuntu22", "x86_64", "wtmp")));
const openbsd = new Uint8Array(readFileSync(join(FIXTURES, "s4", "OpenBSD7.2", "x86_32", "wtmp.1")));

interface Subject {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly layout: Layout;
  readonly entries: Entry[];
}

function subject(name: string, bytes: Uint8Array): Subject {
  const db = fromBytes(bytes);
  return { name, bytes, layout: db.layout, entries: [...db.batches({ includeZeroed: true })].flatMap((b) => [...b]) };
}

const SUBJECTS: Subject[] = [
  subject("glibc x86_64 (Ubuntu 22)", ubuntu),
  // the same real records as glibc on aarch64 writes them: 400 bytes, 64-bit times
  subject("glibc aarch64 (Ubuntu 22's records)", encode(fromBytes(ubuntu), "linux400-le")),
  subject("OpenBSD 7.2", openbsd),
];

async function findingsOf(bytes: Uint8Array, layout: Layout): Promise<Finding[]> {
  const report = await audit([{ name: "copy", bytes, role: "wtmp" }]);
  expect(report.errors).toStrictEqual([]);
  expect(report.files[0]!.layout).toBe(layout.id);
  return [...report.findings];
}

const summary = (findings: readonly Finding[]) => findings.map((f) => `${f.kind}@${f.offset}x${f.records}`);

/** A login after a boot closed by a logout on its line, nothing else on the line between: removing it orphans the logout. */
function removableLogin(entries: Entry[]): { login: number; logout: number } {
  let booted = false;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.type === "BOOT_TIME") booted = true;
    if (!booted || e.type !== "USER_PROCESS") continue;
    for (let j = i + 1; j < entries.length; j++) {
      const f = entries[j]!;
      if (f.type === "BOOT_TIME") break;
      if (f.line !== e.line) continue;
      if (f.type === "DEAD_PROCESS") return { login: i, logout: j };
      break;
    }
  }
  throw new Error("no removable login");
}

/** Three records with no boot or clock change among or just before them, within a day, the next one later than the one before. */
function quietBlock(entries: Entry[]): number {
  const busy = new Set(["BOOT_TIME", "NEW_TIME", "OLD_TIME", "RUN_LVL", "SHUTDOWN_TIME"]);
  for (let i = Math.floor(entries.length / 3); i + 4 < entries.length; i++) {
    const around = entries.slice(i - 1, i + 4);
    if (around.every((e) => !busy.has(e.type)) && around[3]!.seconds - around[0]!.seconds < 86400 && around[4]!.seconds >= around[0]!.seconds) return i;
  }
  throw new Error("no quiet block");
}

describe.each(SUBJECTS)("tampered copies of $name", (s) => {
  const size = s.layout.recordSize;
  const n = s.entries.length;

  it("has nothing to report untouched", async () => {
    expect(summary(await findingsOf(s.bytes, s.layout))).toStrictEqual([]);
  });

  it("zeroed runs at the start, middle and end: each run, its count and window", async () => {
    const mid = Math.floor(n / 2);
    const bytes = zeroRecords(zeroRecords(zeroRecords(s.bytes, size, 0, 2), size, mid, 3), size, n - 1, 1);
    const zeroed = (await findingsOf(bytes, s.layout)).filter((f) => f.category === "zeroed");
    expect(summary(zeroed)).toStrictEqual([`zeroed-records@0x2`, `zeroed-records@${mid * size}x3`, `zeroed-records@${(n - 1) * size}x1`]);
    const iso = (e: Entry) => `${new Date(e.seconds * 1000).toISOString().slice(0, 19)}.${String(e.microseconds).padStart(6, "0")}Z`;
    expect(zeroed.map((f) => [f.before, f.after])).toStrictEqual([
      [null, iso(s.entries[2]!)],
      [iso(s.entries[mid - 1]!), iso(s.entries[mid + 3]!)],
      [iso(s.entries[n - 2]!), null],
    ]);
    expect(zeroed.map((f) => f.details.allZeroBytes)).toStrictEqual([2, 3, 1]);
  });

  it("a login removed: its logout has no login since the boot", async () => {
    const { login, logout } = removableLogin(s.entries);
    const found = await findingsOf(removeRecords(s.bytes, size, login, 1), s.layout);
    expect(summary(found)).toStrictEqual([`logout-without-login@${(logout - 1) * size}x1`]);
    expect(found[0]!.details.line).toBe(s.entries[login]!.line);
  });

  it("a block backdated three days: one regression spanning the block", async () => {
    const at = quietBlock(s.entries);
    const found = await findingsOf(backdate(s.bytes, s.layout, at, 3, 3 * 86400), s.layout);
    expect(summary(found)).toStrictEqual([`time-regression@${at * size}x3`]);
    expect(found[0]!.details.secondsBack).toBeCloseTo(3 * 86400 - (s.entries[at]!.seconds + s.entries[at]!.microseconds / 1e6 - s.entries[at - 1]!.seconds - s.entries[at - 1]!.microseconds / 1e6), 3);
  });

  it("a record half overwritten: an impossible record, and nothing else disturbed", async () => {
    const at = Math.floor(n / 2);
    const found = await findingsOf(halfOverwrite(s.bytes, s.layout, at), s.layout);
    // the record may have been a login or logout: the sequence it broke is the sequence check's to report
    expect(summary(found.filter((f) => f.category !== "sequence"))).toStrictEqual([`impossible-records@${at * size}x1`]);
  });

  it("bytes inserted in a record: where records stop aligning, by how much, and the partial tail", async () => {
    const at = Math.floor(n / 2);
    const found = await findingsOf(insertBytes(s.bytes, at * size + 20, 7), s.layout);
    const structure = found.filter((f) => f.category === "structure");
    expect(structure.map((f) => f.kind)).toStrictEqual(["misaligned-records", "partial-record"]);
    expect(structure[0]!.offset! / size).toBeGreaterThanOrEqual(at);
    expect(structure[0]!.offset! / size).toBeLessThanOrEqual(at + 1);
    expect(structure[0]!.details.shift).toBe(7);
    expect(structure[1]!.offset).toBe(n * size);
    expect(structure[1]!.details.bytes).toBe(7);
  });
});

describe("FreeBSD's utx.log (entries of varying size)", () => {
  const utx = new Uint8Array(readFileSync(join(FIXTURES, "s4", "FreeBSD13.1", "x86_64", "utx.log")));
  const offsets = [...fromBytes(utx).batches({ includeZeroed: true })].flatMap((b) => Array.from({ length: b.length }, (_, i) => b.offsetOf(i)));
  const at = offsets[40]!;

  it("untouched: nothing", async () => {
    expect((await audit([{ name: "utx.log", bytes: utx, role: "wtmp" }])).findings).toStrictEqual([]);
  });

  it("zero bytes inserted between entries: the resync FreeBSD's reader makes over them", async () => {
    const report = await audit([{ name: "utx.log", bytes: insertBytes(utx, at, 5, 0), role: "wtmp" }]);
    expect(report.findings.map((f) => [f.kind, f.records])).toStrictEqual([["utx-resync", 5]]);
  });

  it("other bytes inserted: where the entries stop reading, and how much is left", async () => {
    const report = await audit([{ name: "utx.log", bytes: insertBytes(utx, at, 7), role: "wtmp" }]);
    expect(report.findings.map((f) => [f.kind, f.offset, f.details.bytes])).toStrictEqual([["partial-record", at, utx.length + 7 - at]]);
  });
});

/** A run of two records whose neighbours and themselves have times (so zeroing them makes a run of its own). */
function quietPair(entries: Entry[]): number | undefined {
  for (let mid = Math.max(1, Math.floor(entries.length / 2) - 1); mid + 2 < entries.length; mid++) {
    if (entries.slice(mid - 1, mid + 3).every((e) => e.seconds !== 0)) return mid;
  }
  return undefined;
}

/** Every record file of the fixtures, of every fixed-size layout, with such a pair. */
function everyLayout(): [string, string, Uint8Array][] {
  const out: [string, string, Uint8Array][] = [];
  for (const path of walk(FIXTURES).filter((p) => existsSync(`${p}.expected.json`)).sort()) {
    try {
      const bytes = new Uint8Array(readFileSync(path));
      const s = subject(relative(FIXTURES, path), bytes);
      if (s.layout.framing || s.layout.kind !== "records" || quietPair(s.entries) === undefined) continue;
      out.push([s.name, s.layout.id, bytes]);
    } catch {
      // not a record file we read (Berkeley DB lastlogx)
    }
  }
  return out;
}

describe("a zeroed run in the middle, on every fixed-size layout the fixtures hold", () => {
  const files = everyLayout();
  it("covers many layouts", () => {
    expect(new Set(files.map(([, layout]) => layout)).size).toBeGreaterThanOrEqual(8);
  });

  it.each(files)("%s (%s): the run, its count and window", async (_name, _layout, bytes) => {
    const s = subject("copy", bytes);
    const size = s.layout.recordSize;
    const mid = quietPair(s.entries)!;
    const before = (await audit([{ name: "copy", bytes, role: "wtmp" }], { checks: ["zeroed"] })).findings;
    const report = await audit([{ name: "copy", bytes: zeroRecords(bytes, size, mid, 2), role: "wtmp" }], { checks: ["zeroed"] });
    const iso = (e: Entry) => `${new Date(e.seconds * 1000).toISOString().slice(0, 19)}.${String(e.microseconds).padStart(6, "0")}Z`;
    // the runs the file had (unused utmp slots, read here as a wtmp), and the new one
    const added = report.findings.filter((f) => !before.some((b) => b.offset === f.offset));
    expect(added.map((f) => [f.kind, f.offset, f.records, f.before, f.after])).toStrictEqual([
      ["zeroed-records", mid * size, 2, iso(s.entries[mid - 1]!), iso(s.entries[mid + 2]!)],
    ]);
  });
});
