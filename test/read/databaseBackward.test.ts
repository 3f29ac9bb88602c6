// Database.batchesBackward(): the records of batches() from the last window to
// the first, whole records counted from the start, a partial tail left out
// with its warning, framed files given in reverse.
import { describe, expect, it } from "vitest";
import { fromBytes, findLayout, type EntryBatch } from "../../src/index.ts";
import { buildRecord, utxlogEntry } from "../support/fixtureBuilder.ts";

const layout = findLayout("linux384-le")!;
const text = new TextDecoder();

/** `count` records, each with its number in its pid and seconds. */
function records(count: number, extra = 0): Uint8Array {
  const bytes = new Uint8Array(count * layout.recordSize + extra);
  for (let k = 0; k < count; k++) {
    bytes.set(buildRecord(layout, { type: 7, user: `u${k % 50}`, line: `pts/${k % 7}`, pid: k, seconds: 1_700_000_000 + k }), k * layout.recordSize);
  }
  bytes.fill(0x41, count * layout.recordSize);
  return bytes;
}

/** Each record as (offset, pid, user), newest first. */
function newestFirst(batches: Iterable<EntryBatch>): string[] {
  const out: string[] = [];
  for (const b of batches) for (let i = b.length - 1; i >= 0; i--) out.push(`${b.offsetOf(i)} ${b.columns.pid[i]} ${text.decode(b.fieldBytes("user", i))}`);
  return out;
}

describe("Database.batchesBackward", () => {
  it("gives every record of a file of several windows, last window first", () => {
    const db = fromBytes(records(40_000), { layout });
    const backward = [...db.batchesBackward()];
    expect(backward.length).toBeGreaterThan(2);
    expect(backward[0]!.offset).toBeGreaterThan(backward[1]!.offset);
    expect(newestFirst(backward)).toEqual(newestFirst([...db.batches()].reverse()));
    expect(newestFirst(backward)[0]).toBe(`${39_999 * 384} 39999 u49`);
  });

  // a reader that stops after a few rows (last -n 10) must not have decoded a whole window of thousands
  it("starts from a window of 64 records, each next twice as large up to a whole window", () => {
    const db = fromBytes(records(40_000), { layout });
    const lengths = [...db.batchesBackward()].map((b) => b.length);
    const whole = Math.max(...lengths);
    expect(lengths.slice(0, 7)).toEqual([64, 128, 256, 512, 1024, 2048, 4096].map((n) => Math.min(n, whole)));
    expect(whole).toBeGreaterThanOrEqual(1024);
    expect(lengths.reduce((a, b) => a + b, 0)).toBe(40_000);
  });

  it("leaves out a partial trailing record, with the warning a forward read gives", () => {
    const warnings: string[] = [];
    const db = fromBytes(records(100, 200), { layout, onWarning: (w) => warnings.push(`${w.code} ${w.offset} ${w.length}`) });
    const all = newestFirst(db.batchesBackward());
    expect(all).toHaveLength(100);
    expect(all[0]).toBe(`${99 * 384} 99 u49`);
    expect(warnings).toEqual([`PARTIAL_RECORD ${100 * 384} 200`]);
  });

  it("goes on before a given offset, with a filter (all-zero records left out)", () => {
    const bytes = new Uint8Array(records(30_000).length + 20_000 * 384);
    bytes.set(records(30_000));
    const db = fromBytes(bytes, { layout });
    const all = newestFirst(db.batchesBackward());
    const cut = 25_000 * 384;
    expect(newestFirst(db.batchesBackward(undefined, cut))).toEqual(all.filter((r) => Number(r.split(" ")[0]) < cut));
    const nonZero = newestFirst(db.batchesBackward({ includeZeroed: false }));
    expect(nonZero).toHaveLength(30_000);
    expect(nonZero).toEqual(all.slice(20_000));
  });

  it("gives nothing for an empty file or one shorter than a record", () => {
    expect([...fromBytes(new Uint8Array(0), { layout }).batchesBackward()]).toEqual([]);
    expect([...fromBytes(new Uint8Array(100), { layout }).batchesBackward()]).toEqual([]);
  });

  it("reads a FreeBSD utx.log forward and gives its batches in reverse", () => {
    const utx = findLayout("utxlog")!;
    const parts = Array.from({ length: 30 }, (_, k) => utxlogEntry(buildRecord(utx, { type: 4, user: `u${k}`, line: "pts/0", id: "x", pid: k, seconds: 1_700_000_000 + k })));
    const db = fromBytes(new Uint8Array(parts.flatMap((p) => [...p])), { layout: utx });
    expect(newestFirst(db.batchesBackward())).toEqual(newestFirst([...db.batches()].reverse()));
  });
});
