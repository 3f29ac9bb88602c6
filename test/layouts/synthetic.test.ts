// Every row of the layout table, including the ones no real file in
// test/fixtures covers (Solaris, AIX, DragonFly, old OpenBSD/NetBSD/FreeBSD,
// m68k, arc/or1k, libc5, musl, the big-endian twins, ...): a realistic file
// built by test/support/fixtureBuilder.ts must be detected as that row, and
// decode back to every value that was written.
import { describe, expect, it } from "vitest";
import { fromBytes, lastlogFromBytes, LAYOUTS, type Database, type Entry, type Layout } from "../../src/index.ts";
import { ipv4Bytes, ipv6Bytes } from "../support/fixtureBuilder.ts";
import { scenario } from "../support/scenarios.ts";

/**
 * Detection must be this sure of every synthetic file: each has 9 to 13
 * plausible records (lastlog rows 3 used slots; rare rows want 3), so a right answer with a clear margin
 * over the runner-up is what the detector promises (detect.ts: confidence =
 * plausible share × a margin factor that reaches 1 at a score lead of 0.2).
 */
const MIN_CONFIDENCE = 0.7;

/**
 * Known weakness, reported: Solaris futmp read as BSD 36 is plausible record by
 * record (bsd36's host over Solaris' line tail, pid and type; the same i32
 * time at 32), so only weak signals separate them (scores 0.962 vs 0.906):
 * detected right, confidence 0.64. FORMATS §9.3 names the tell: Solaris' i16
 * type at 26 (0-10) and ut_id at 8.
 */

function open(layout: Layout, bytes: Uint8Array, forced: boolean): Database {
  const options = forced ? { layout } : {};
  return layout.kind === "lastlog" ? lastlogFromBytes(bytes, options) : fromBytes(bytes, options);
}

const encode = (s: string) => new TextEncoder().encode(s);

/** 16 network-order bytes as the API's raw.addr gives them (IPv4 in bytes 0-3). */
function addrBytes(text: string): Uint8Array {
  const out = new Uint8Array(16);
  if (text !== "" && text !== "0.0.0.0") out.set(text.includes(":") ? ipv6Bytes(text) : ipv4Bytes(text));
  return out;
}

describe.each(LAYOUTS.map((l) => [l.id, l] as const))("synthetic %s file", (_, layout) => {
  const s = scenario(layout);

  it("is detected as this row, with confidence", () => {
    const db = open(layout, s.bytes, false);
    const d = db.detection!;
    expect(db.layout.id, `candidates: ${d.candidates.slice(0, 3).map((c) => `${c.layout.id} ${c.score.toFixed(3)}`).join(", ")}`)
      .toBe(layout.id);
    expect(d.confidence).toBeGreaterThanOrEqual(MIN_CONFIDENCE);
  });

  it("decodes every field back (type canonical and raw, strings, numbers, time, address, offset, uid)", () => {
    const entries: Entry[] = [...open(layout, s.bytes, true)];
    expect(entries.map((e) => e.toJSON())).toStrictEqual(s.expected);
    entries.forEach((e, i) => {
      const want = s.expected[i]!;
      const raw = e.raw;
      // strings come back byte for byte, a full-width one without a NUL included
      for (const field of ["user", "line", "host"] as const) {
        if (want[field] !== undefined) expect(raw[field], `${i} raw ${field}`).toStrictEqual(encode(want[field]));
      }
      const binaryId = s.binaryIds.get(i);
      if (want.id !== undefined) expect(raw.id, `${i} raw id`).toStrictEqual(binaryId ?? encode(want.id));
      if (want.addr !== undefined) expect(raw.addr, `${i} raw addr`).toStrictEqual(addrBytes(want.addr));
      expect(e.zeroed, `${i} zeroed`).toBe(false);
      expect(e.warnings, `${i} warnings`).toStrictEqual([]);
    });
  });

  it("counts its records (lastlog: every uid slot)", () => {
    const db = open(layout, s.bytes, true);
    const records = layout.kind === "lastlog" ? s.bytes.length / layout.recordSize : s.expected.length;
    expect(db.length).toBe(records);
    expect(db.warnings).toStrictEqual([]);
  });
});
