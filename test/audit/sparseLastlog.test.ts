// A lastlog where a uid near 2^32 logged in is 1.25 TB of holes and a few
// blocks. Node cannot find a sparse file's data (no SEEK_DATA), and the audit
// read every hole: about an hour where `utmpx lastlog` takes 0.2 s. It now
// reads the file's start and end, within a bound, and says in a finding which
// bytes it did not read and whether the blocks it read account for all the
// file has on disk. The files are made sparse by positioned writes, in a
// temporary folder, and deleted. The built CLI audits them in a child process,
// which its time limit stops: an audit that reads the holes again fails the
// test instead of holding the run for an hour (a read loop that never awaits
// is out of reach of vitest's own timeout).
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { AuditReport } from "../../src/audit/audit.ts";
import { cliChild } from "../support/childNode.ts";
import { REPO } from "../support/paths.ts";

const SLOT = 292; // linux lastlog: i32 time, 32 bytes of line, 256 of host
const HIGH_UID = 2 ** 32 - 2;
const T = 1_700_000_000;
const CLI = join(REPO, "dist", "cli", "main.js");
const dir = mkdtempSync(join(tmpdir(), "utmpx-sparse-lastlog-"));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A lastlog with a login for each uid, written slot by slot (the rest holes); undefined where the file system keeps no holes. */
function sparseLastlog(name: string, uids: number[]): string | undefined {
  const path = join(dir, name, "lastlog");
  mkdirSync(join(dir, name)); // a folder per file, each named lastlog
  const fd = openSync(path, "w");
  try {
    for (const [i, uid] of uids.entries()) {
      const slot = Buffer.alloc(SLOT);
      slot.writeInt32LE(T + i * 60, 0);
      slot.write(`pts/${i}`, 4);
      slot.write(`192.0.2.${i + 1}`, 36);
      writeSync(fd, slot, 0, SLOT, uid * SLOT);
    }
  } finally {
    closeSync(fd);
  }
  const stat = statSync(path);
  return stat.blocks * 512 < stat.size / 1000 ? path : undefined;
}

/** `utmpx audit --json PATH`'s report, within the child's time limit (60 s). */
function audit(path: string): AuditReport {
  const r = cliChild(["audit", "--json", path]);
  expect(r.status, r.stderr).toBe(1); // findings
  return JSON.parse(r.stdout) as AuditReport;
}

describe.skipIf(!existsSync(CLI))("audit of a sparse lastlog (uids 0, 1000 and 2^32-2: 1.25 TB, 12 KiB on disk)", () => {
  it("reads its start and end in seconds, every login found, and says which bytes it did not read and that they are holes", () => {
    const path = sparseLastlog("end", [0, 1000, HIGH_UID]);
    if (!path) return; // no holes on this file system: the file would be 1.25 TB
    const report = audit(path);
    expect(report.errors).toStrictEqual([]);
    expect(report.files.map((f) => [f.role, f.records])).toStrictEqual([["lastlog", 3]]);
    expect(report.findings.map((f) => f.kind)).toStrictEqual(["lastlog-unread"]);
    const [f] = report.findings;
    const { unreadStart, unreadEnd, unaccounted, size } = f!.details as Record<string, number>;
    expect(size).toBe((HIGH_UID + 1) * SLOT);
    // the bytes between, record-aligned: low uids before them, the highest after
    expect([unreadStart! % SLOT, unreadEnd! % SLOT, unreadStart! > 1000 * SLOT, unreadEnd! < HIGH_UID * SLOT]).toStrictEqual([0, 0, true, true]);
    expect(f!.offset).toBe(unreadStart);
    expect(unaccounted).toBe(0);
    expect(f!.explanation).toContain(`bytes ${unreadStart} to ${unreadEnd} (the slots of uids ${unreadStart! / SLOT} to ${unreadEnd! / SLOT - 1}) were not read`);
    expect(f!.explanation).toMatch(/accounts for all the file has on disk, so the bytes not read are holes/);
  }, 70_000);

  it("a login between the parts read is not passed over in silence: its block on disk is counted as not accounted for", () => {
    const path = sparseLastlog("middle", [0, 100_000_000, HIGH_UID]);
    if (!path) return;
    const report = audit(path);
    expect(report.files.map((f) => f.records)).toStrictEqual([2]);
    const [f] = report.findings;
    expect(f!.kind).toBe("lastlog-unread");
    const { unreadStart, unreadEnd, unaccounted } = f!.details as Record<string, number>;
    expect(unreadStart! < 100_000_000 * SLOT && 100_000_000 * SLOT < unreadEnd!).toBe(true);
    expect(unaccounted).toBeGreaterThan(0);
    expect(f!.explanation).toMatch(/bytes on disk are not accounted for by the data read .*: logins may lie in the bytes not read; audited under Bun, or Deno with --allow-ffi/);
  }, 70_000);

  // the bytes not read are the structure check's to report, as a .gz cut short is: not an audit that left it out
  it("reports the bytes not read under the structure check only", () => {
    const path = sparseLastlog("checks", [0, HIGH_UID]);
    if (!path) return;
    const r = cliChild(["audit", "--json", "--check", "zeroed", path]);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as AuditReport;
    expect([report.findings, report.files.map((f) => f.records)]).toStrictEqual([[], [2]]);
  }, 70_000);

  // The tail's start is record-aligned, not block-aligned: a block across two of its 8 MiB
  // chunks was counted twice, which made up for the block of the login not read, and the
  // bytes not read passed for holes
  it("a block of data read across two chunks counts once: the login between the parts read is still not accounted for", () => {
    const first = sparseLastlog("straddle-probe", [0, 100_000_000, HIGH_UID]);
    if (!first) return;
    const { unreadEnd } = audit(first).findings[0]!.details as Record<string, number>;
    // the slot across the tail's first chunk boundary (8 MiB from where the tail is read)
    const straddling = Math.floor((unreadEnd! + 8 * 2 ** 20) / SLOT);
    const path = sparseLastlog("straddle", [0, 100_000_000, straddling, HIGH_UID])!;
    const report = audit(path);
    const f = report.findings[0]!;
    expect(((f.details as Record<string, number>).unreadEnd! + 8 * 2 ** 20) % 4096).not.toBe(0); // the boundary falls inside a block
    expect(report.files.map((x) => x.records)).toStrictEqual([3]);
    expect((f.details as Record<string, number>).unaccounted).toBeGreaterThan(0);
    expect(f.explanation).toMatch(/logins may lie in the bytes not read/);
  }, 140_000);

  // a window of the head read on past its end: slots the finding named as not read were decoded
  it("decodes no slot of the bytes it says it did not read", () => {
    const probe = sparseLastlog("edge-probe", [0, HIGH_UID]);
    if (!probe) return;
    const { unreadStart } = audit(probe).findings[0]!.details as Record<string, number>;
    // a login at the end of the head (a block more on disk moves its end on by 14 slots), whose
    // window reaches past it, and one in the first slots past its end
    const read = unreadStart! / SLOT + 10, unread = unreadStart! / SLOT + 100;
    const report = audit(sparseLastlog("edge", [0, read, unread, HIGH_UID])!);
    const { unreadStart: start, unreadEnd: end } = report.findings[0]!.details as Record<string, number>;
    expect([read * SLOT < start!, start! <= unread * SLOT && unread * SLOT < end!]).toStrictEqual([true, true]);
    expect(report.files.map((x) => x.records)).toStrictEqual([3]);
  }, 140_000);
});
