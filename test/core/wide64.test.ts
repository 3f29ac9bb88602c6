// 64-bit fields past 2^53 (i64 seconds, microseconds and session of the 400-byte
// Linux layout): a double cannot hold them. They must stay exact (secondsBig,
// microsecondsBig, sessionBig, toJSON().exact), each say so (a WIDE_VALUE warning
// with the record's offset), and never give an Invalid Date silently (a DATE_RANGE
// warning). The dates are checked against GNU date, which works with the integer.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { encode, fromBytes, RECORD_FLAGS, stream, type Entry } from "../../src/index.ts";
import { ByteWriter } from "../../src/format/byteWriter.ts";
import { writeJsonLines } from "../../src/format/jsonLines.ts";

const SIZE = 400;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

interface Values { user: string; seconds: bigint; microseconds?: bigint; session?: bigint }

/** linux400 records (session at 336, seconds at 344, microseconds at 352; all i64) of USER_PROCESS. */
function records(values: readonly Values[], little = true): Uint8Array {
  const bytes = new Uint8Array(SIZE * values.length);
  const v = new DataView(bytes.buffer);
  values.forEach((r, k) => {
    const at = k * SIZE;
    v.setInt16(at, 7, little);
    v.setInt32(at + 4, 100 + k, little);
    bytes.set(new TextEncoder().encode("pts/1"), at + 8);
    bytes.set(new TextEncoder().encode(r.user), at + 44);
    v.setBigInt64(at + 336, r.session ?? 0n, little);
    v.setBigInt64(at + 344, r.seconds, little);
    v.setBigInt64(at + 352, r.microseconds ?? 0n, little);
  });
  return bytes;
}

/** GNU date's UTC calendar for a second count, in toJSON's form (years past 9999 signed, at least six digits). */
function gnuDate(seconds: bigint, microseconds = 0): string {
  const text = execFileSync("date", ["-u", "-d", `@${seconds}`, "+%Y-%m-%dT%H:%M:%S"], { encoding: "utf8" }).trim();
  const [, sign, year, rest] = /^(-?)(\d+)(-.*)$/.exec(text)!;
  const y = Number(year);
  const yearText = !sign && y <= 9999 ? year!.padStart(4, "0") : (sign ? "-" : "+") + year!.padStart(6, "0");
  return `${yearText}${rest}.${String(microseconds).padStart(6, "0")}Z`;
}

const codes = (e: Entry) => e.warnings.map((w) => w.code);

describe("64-bit values past 2^53", () => {
  const PLUS = 2n ** 53n + 1n; // the first integer a double cannot hold: it reads as 2^53
  const values: Values[] = [
    { user: "normal", seconds: 1709971200n, microseconds: 5n, session: 7n },
    { user: "secs", seconds: PLUS },
    { user: "neg", seconds: -PLUS, session: -(2n ** 62n) - 1n },
    { user: "usec", seconds: 1709971200n, microseconds: 2n ** 63n - 1n },
    { user: "edge", seconds: SAFE, microseconds: 0n, session: -SAFE },
  ];
  const db = fromBytes(records(values), { layout: "linux400-le" });
  const entries = [...db];

  it("are kept exactly, as bigints", () => {
    expect(entries.map((e) => [e.secondsBig, e.microsecondsBig, e.sessionBig]))
      .toStrictEqual(values.map((v) => [v.seconds, v.microseconds ?? 0n, v.session ?? 0n]));
    expect(entries[1]!.seconds).toBe(2 ** 53); // the column: the nearest double
  });

  it("flag their record, and only theirs (a safe integer is not flagged, ±(2^53 - 1) included)", () => {
    const flagged = entries.map((e) => (e.batch.columns.flags[e.index]! & RECORD_FLAGS.WIDE) !== 0);
    expect(flagged).toStrictEqual([false, true, true, true, false]);
    expect(entries[0]!.batch.wide?.size).toBe(3);
  });

  it("each give a WIDE_VALUE warning at the record's offset, naming the field and its exact value", () => {
    expect(entries.map(codes)).toStrictEqual([
      [], ["WIDE_VALUE", "DATE_RANGE"], ["WIDE_VALUE", "WIDE_VALUE", "DATE_RANGE"],
      // a bad microseconds count leaves the date at its record's second (a valid Date); 2^53 - 1 s is exact, but no Date reaches it
      ["BAD_MICROSECONDS", "WIDE_VALUE"], ["DATE_RANGE"],
    ]);
    const [w] = entries[1]!.warnings;
    expect(w).toMatchObject({ offset: 400, length: 400 });
    expect(w!.message).toContain(`seconds ${PLUS} is beyond 2^53`);
    expect(entries[2]!.warnings[1]!.message).toContain(`session ${-(2n ** 62n) - 1n}`);
    expect(entries[3]!.warnings[0]!.message).toContain(`microseconds ${2n ** 63n - 1n} outside`);
  });

  it("never give an Invalid Date without a DATE_RANGE warning, nor one with it", () => {
    for (const e of entries) expect(Number.isNaN(e.date.getTime())).toBe(codes(e).includes("DATE_RANGE"));
  });

  it("toJSON: the date of the exact second (GNU date), and the exact values as strings", () => {
    const json = entries.map((e) => JSON.parse(JSON.stringify(e)) as Record<string, unknown>);
    expect(json[1]!.date).toBe(gnuDate(PLUS));
    expect(json[2]!.date).toBe(gnuDate(-PLUS));
    expect(json[4]!.date).toBe(gnuDate(SAFE));
    expect(json.map((j) => j.exact)).toStrictEqual([
      undefined, { seconds: String(PLUS) }, { seconds: String(-PLUS), session: String(-(2n ** 62n) - 1n) },
      { microseconds: String(2n ** 63n - 1n) }, undefined,
    ]);
    expect("exact" in json[0]!).toBe(false);
  });

  it("JSON lines (utmpx json) write what JSON.stringify(entry) does", () => {
    const w = new ByteWriter();
    let reference = "";
    for (const batch of db.batches()) {
      writeJsonLines(w, batch);
      for (const e of batch) reference += JSON.stringify(e) + "\n";
    }
    expect(new TextDecoder().decode(w.view())).toBe(reference);
  });

  it("big-endian records too", () => {
    const be = [...fromBytes(records(values, false), { layout: "linux400-be" })];
    expect(be.map((e) => [e.secondsBig, e.microsecondsBig, e.sessionBig, codes(e)])).toStrictEqual(entries.map((e) => [e.secondsBig, e.microsecondsBig, e.sessionBig, codes(e)]));
  });

  it("are not written back rounded: encode() refuses them, and takes the rest", () => {
    for (const e of entries.slice(1, 4)) expect(() => encode([e], "linux400-le")).toThrow(expect.objectContaining({ code: "OUT_OF_RANGE" }));
    const back = fromBytes(encode([entries[0]!, entries[4]!], "linux400-le"), { layout: "linux400-le" });
    expect([...back].map((e) => [e.secondsBig, e.sessionBig])).toStrictEqual([[1709971200n, 7n], [SAFE, -SAFE]]);
  });

  it("follow their rows through a filter, pick() and a stream", async () => {
    const filtered = [...db.batches({ user: "neg" })].flatMap((b) => [...b]);
    expect(filtered.map((e) => [e.user, e.secondsBig, e.sessionBig])).toStrictEqual([["neg", -PLUS, -(2n ** 62n) - 1n]]);
    const batch = [...db.batches()][0]!;
    const picked = batch.pick([3, 0, 1]);
    expect([...picked].map((e) => [e.user, e.secondsBig, e.microsecondsBig])).toStrictEqual([["usec", 1709971200n, 2n ** 63n - 1n], ["normal", 1709971200n, 5n], ["secs", PLUS, 0n]]);
    const streamed: Entry[] = [];
    for await (const b of stream([records(values)], { layout: "linux400-le" })) streamed.push(...b);
    expect(streamed.map((e) => JSON.stringify(e))).toStrictEqual(entries.map((e) => JSON.stringify(e)));
  });
});
