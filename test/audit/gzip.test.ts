// An archive is audited as a stream (audit/gzipArchive.ts, sources/slidingSource.ts):
// its findings, files and errors are those of the same bytes uncompressed, by
// path, as bytes and as a Blob; for real fixtures, and for a file larger than
// the part of the stream held at once, damaged where the checks read bytes
// again: runs across window boundaries, bytes inserted (realigned), records
// zeroed, a partial record at the end (read again by the zeroed check).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { audit, type AuditInput, type AuditOptions } from "../../src/audit/audit.ts";
import { generateWtmp } from "../read/stream/support.ts";
import { FIXTURES } from "../support/paths.ts";
import { insertBytes, zeroRecords } from "./tamper.ts";

const dir = mkdtempSync(join(tmpdir(), "utmpx-audit-gz-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NOW: AuditOptions = { now: 1.8e9 };
const R = 384;
/** Records of a 1.5 MiB window (glibc's layout): damage is put across its boundaries. */
const WINDOW = 4096;

/** The report as JSON, with the file's name made one for both. */
async function report(inputs: AuditInput[], name: string): Promise<string> {
  return JSON.stringify(await audit(inputs, NOW)).split(name).join("<file>");
}

/** The report on `bytes` written as `name`, and the reports on them gzipped: by path, as bytes, as a Blob. */
async function reports(bytes: Uint8Array, name: string) {
  const plain = join(dir, name);
  const gz = `${plain}.gz`;
  const packed = gzipSync(bytes, { level: 1 });
  writeFileSync(plain, bytes);
  writeFileSync(gz, packed);
  return {
    plain: await report([plain], plain),
    path: await report([gz], gz),
    bytes: await report([{ name: gz, bytes: packed }], gz),
    blob: await report([new File([packed], gz)], gz),
  };
}

async function damaged(): Promise<Uint8Array> {
  let b: Uint8Array = await generateWtmp(46_000, 11); // 17.7 MB: more than the stream holds at once, and than a spool keeps in memory
  for (let k = 1; k < 9; k++) b = zeroRecords(b, R, k * WINDOW - 2, 3);
  b = new Uint8Array(b);
  for (let k = 1; k < 9; k++) b.fill(0xa5, (k * WINDOW + 500) * R, (k * WINDOW + 502) * R);
  b.fill(0xa5, (2 * WINDOW - 1) * R, 2 * WINDOW * R); // one bad record ending a window
  b = insertBytes(b, 35_000 * R + 17, 3);
  const tail = new Uint8Array(b.length + 100);
  tail.set(b);
  return tail;
}

describe("audit of a .gz: the findings of the same bytes uncompressed", () => {
  it("a damaged 17.7 MB wtmp: misaligned records, zeroed runs and bad records at window boundaries, a partial record", async () => {
    const r = await reports(await damaged(), "wtmp");
    const kinds = new Set((JSON.parse(r.plain) as { findings: { kind: string }[] }).findings.map((f) => f.kind));
    for (const kind of ["misaligned-records", "zeroed-records", "impossible-records", "partial-record"]) expect(kinds).toContain(kind);
    expect(r.path).toBe(r.plain);
    expect(r.bytes).toBe(r.plain);
    expect(r.blob).toBe(r.plain);
  }, 60_000);

  it("the records end in one bad one, then a partial record", async () => {
    const records = await generateWtmp(30_000, 5);
    const b = new Uint8Array(records.length + 200);
    b.set(records);
    b.fill(0xa5, 29_999 * R, 30_000 * R);
    const r = await reports(b, "btmp");
    expect(r.path).toBe(r.plain);
    expect(r.blob).toBe(r.plain);
  }, 60_000);

  it("fixtures: a wtmp, a lastlog, a wtmpdb database", async () => {
    const lastlog = gunzipSync(readFileSync(join(FIXTURES, "lastlog", "lastlog.gz")));
    for (const [name, bytes] of [["wtmp", readFileSync(join(FIXTURES, "s4/CentOS7/x86_64/wtmp"))], ["lastlog", lastlog], ["wtmp.db", readFileSync(join(FIXTURES, "wtmpdb/db/normal.db"))]] as const) {
      const r = await reports(new Uint8Array(bytes), name);
      expect(r.path, name).toBe(r.plain);
      expect(r.bytes, name).toBe(r.plain);
    }
  });

  // a cut archive was an IO error and nothing audited; what it holds is now read, as everywhere, and the cut is a finding
  it("an archive cut short: the records it holds audited, and the cut a finding at its offset", async () => {
    const packed = gzipSync(await generateWtmp(2000, 3));
    const gz = join(dir, "cut-wtmp.gz");
    const part = packed.subarray(0, 5000);
    writeFileSync(gz, part);
    const held = gunzipSync(part, { finishFlush: 2 }).length; // Z_SYNC_FLUSH: what gzip -dc prints of it
    const r = await audit([gz, { name: "cut.gz", bytes: part }, new File([part], "cut-blob.gz")]);
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => f.records)).toEqual([0, 1, 2].map(() => Math.floor(held / 384)));
    const cuts = r.findings.filter((f) => f.kind === "archive-cut");
    expect(cuts.map((f) => [f.file, f.offset])).toEqual([[gz, held], ["cut.gz", held], ["cut-blob.gz", held]]);
  });

  it("a corrupt archive, or one cut before a byte came out: the same error as when archives were read whole", async () => {
    const packed = gzipSync(await generateWtmp(2000, 3));
    const corrupt = Uint8Array.from(packed); // a copy (a Buffer's slice() is a view)
    corrupt.fill(0xff, 10, 20); // a deflate block of the reserved type
    const gz = join(dir, "corrupt-wtmp.gz");
    writeFileSync(gz, corrupt);
    const r = await audit([gz, { name: "cut.gz", bytes: packed.subarray(0, 12) }]);
    expect(r.errors.map((e) => [e.code, e.message])).toStrictEqual([
      ["IO", `utmpx: cannot read ${gz}: gzip: invalid block type`],
      ["IO", "utmpx: cannot read cut.gz: gzip: unexpected end of file"],
    ]);
  });

  it("an archive whose CRC fails, or with garbage after it: audited as gzip -dc reads it, with an archive-damaged finding", async () => {
    const plain = await generateWtmp(2000, 3);
    const packed = gzipSync(plain);
    const crc = Uint8Array.from(packed);
    crc[crc.length - 6]! ^= 0xff;
    const alone = await audit([{ name: "wtmp", bytes: plain, role: "wtmp" }]);
    for (const [name, bytes] of [["crc.gz", crc], ["junk.gz", Uint8Array.from([...packed, 1, 2, 3])]] as const) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      const r = await audit([{ path, role: "wtmp" }]);
      expect(r.errors, name).toStrictEqual([]);
      expect(r.files[0]!.records, name).toBe(alone.files[0]!.records);
      const damaged = r.findings.filter((f) => f.kind === "archive-damaged");
      expect(damaged.map((f) => f.offset), name).toStrictEqual([plain.length]);
      expect(r.findings.filter((f) => f.kind !== "archive-damaged").map((f) => ({ ...f, file: "wtmp" }))).toStrictEqual(alone.findings);
    }
  });
});
