// The zeroed check against chkrootkit's own chkwtmp (0.57, Debian's package):
// on glibc x86_64 files, real and tampered (runs at the start, middle and end,
// a record whose time alone was zeroed, partial records at the end read as
// chkwtmp's read() leaves them), the runs, their counts and windows, and its
// exit status must be the same. Where chkwtmp is not installed the test is
// skipped under its name (apt-get install chkrootkit; or CHKWTMP=/path).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { audit } from "../../src/audit/audit.ts";
import { FIXTURES } from "../support/paths.ts";
import { zeroRecords } from "./tamper.ts";

const CHKWTMP = process.env.CHKWTMP ?? ["/usr/lib/chkrootkit/chkwtmp", "/usr/sbin/chkwtmp"].find((p) => existsSync(p));
const SIZE = 384;

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => String(n).padStart(2, "0");
/** ctime(3) in UTC, without its newline. */
function ctime(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

const real = (...path: string[]) => new Uint8Array(readFileSync(join(FIXTURES, ...path)));
const centos = real("s4", "CentOS7", "x86_64", "wtmp");
const ubuntu = real("s4", "Ubuntu22", "x86_64", "wtmp");

function timeOnly(bytes: Uint8Array, index: number): Uint8Array {
  const out = new Uint8Array(bytes);
  out.fill(0, index * SIZE + 340, index * SIZE + 344); // ut_tv.tv_sec alone
  return out;
}

const withTail = (bytes: Uint8Array, tail: Uint8Array) => {
  const out = new Uint8Array(bytes.length + tail.length);
  out.set(bytes);
  out.set(tail, bytes.length);
  return out;
};

/** A 350-byte tail: a record cut short after its time, so chkwtmp reads that time. */
const cutRecord = (bytes: Uint8Array, index: number) => bytes.slice(index * SIZE, index * SIZE + 350);

const CASES: [string, Uint8Array][] = [
  ["CentOS 7 untouched", centos],
  ["Ubuntu 22 untouched", ubuntu],
  ["CentOS 9 untouched", real("s4", "CentOS9", "x86_64", "wtmp")],
  ["openSUSE 15 untouched", real("s4", "OpenSUSE15", "wtmp")],
  ["Debian 13 RISC-V untouched", real("s4", "Debian13", "RISC-V", "wtmp")],
  ["plaso wtmp.1 (zero records, then a 1-byte tail)", real("plaso", "wtmp.1")],
  ["grr wtmp (a 1-byte tail)", real("grr", "wtmp")],
  ["runs at the start, middle and end", zeroRecords(zeroRecords(zeroRecords(centos, SIZE, 0, 2), SIZE, 30, 3), SIZE, 66, 1)],
  ["the whole file zeroed", zeroRecords(ubuntu, SIZE, 0, ubuntu.length / SIZE)],
  ["a record whose time alone is zero", timeOnly(ubuntu, 40)],
  ["a run at the end, then 100 zero bytes", withTail(zeroRecords(centos, SIZE, 60, 7), new Uint8Array(100))],
  ["a run at the end, then a record cut after its time", withTail(zeroRecords(centos, SIZE, 60, 7), cutRecord(centos, 10))],
  ["a run at the end, then 100 bytes of a record", withTail(zeroRecords(centos, SIZE, 60, 7), cutRecord(centos, 10).subarray(0, 100))],
  ["runs everywhere", zeroRecords(zeroRecords(zeroRecords(zeroRecords(ubuntu, SIZE, 1, 1), SIZE, 3, 1), SIZE, 5, 20), SIZE, 90, 2)],
];

const TITLE = "chkrootkit's chkwtmp -f FILE";
describe.skipIf(!CHKWTMP)(CHKWTMP ? TITLE : `${TITLE} (skipped: chkwtmp not installed; apt-get install chkrootkit, or CHKWTMP=path)`, () => {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-chkwtmp-"));

  it.each(CASES)("%s: the same runs, counts, windows and status", async (name, bytes) => {
    const path = join(dir, name.replace(/\W+/g, "-"));
    writeFileSync(path, bytes);
    const started = Math.floor(Date.now() / 1000);
    const theirs = spawnSync(CHKWTMP!, ["-f", path], { encoding: "utf8", env: { PATH: process.env.PATH, TZ: "UTC" } });
    const ended = Math.ceil(Date.now() / 1000);
    const lines = theirs.stdout.split("\n").filter(Boolean);
    const report = await audit([{ path, role: "wtmp" }], { checks: ["zeroed"] });
    const ours = report.findings;
    expect(ours.map((f) => f.kind).every((k) => k === "zeroed-records")).toBe(true);
    expect(lines).toHaveLength(ours.length);
    ours.forEach((f, k) => {
      const m = /^(\d+) deletion\(s\) between (.{24}) and (.{24})$/.exec(lines[k]!);
      expect(m, lines[k]).not.toBeNull();
      expect(Number(m![1])).toBe(f.records);
      expect(m![2]).toBe(ctime((f.details.beforeSeconds as number | null) ?? 0));
      if (f.after !== null) expect(m![3]).toBe(ctime(f.details.afterSeconds as number));
      else {
        // a run that reaches the end of the file: chkwtmp's window ends at the time it ran
        const at = Date.parse(`${m![3]} UTC`) / 1000;
        expect(at).toBeGreaterThanOrEqual(started);
        expect(at).toBeLessThanOrEqual(ended);
      }
    });
    // its status: the runs it closed, plus the count of a run still open at the end
    const open = ours.at(-1)?.after === null ? ours.at(-1)!.records : 0;
    const closed = ours.filter((f) => f.after !== null).length;
    expect(theirs.status).toBe((closed + open) & 255);
  });
});
