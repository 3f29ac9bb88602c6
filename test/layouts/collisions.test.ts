// FORMATS §9.3: files whose size fits two layouts, each built for one of them,
// must be detected as the layout they were written in; and all-zero files,
// which carry no evidence, decode with confidence 0 and no error.
import { describe, expect, it } from "vitest";
import { findLayout, fromBytes, lastlogFromBytes, type Database, type Layout } from "../../src/index.ts";
import { buildFile, buildLastlog } from "../support/fixtureBuilder.ts";
import { history, lastlogLogins } from "./history.ts";

const row = (id: string): Layout => {
  const l = findLayout(id);
  if (!l) throw new Error(`no layout ${id}`);
  return l;
};

/** A history file of `id` with exactly `records` records (the signature record included where the row has one). */
function file(id: string, records: number): Uint8Array {
  const layout = row(id);
  return buildFile(layout, history(layout, layout.signature ? records - 1 : records));
}

function expectDetected(db: Database, id: string): void {
  const d = db.detection!;
  const ranking = d.candidates.slice(0, 3).map((c) => `${c.layout.id} ${c.score.toFixed(3)}`).join(", ");
  expect(db.layout.id, ranking).toBe(id);
  expect(d.confidence, ranking).toBeGreaterThanOrEqual(0.7);
}

/** [what, the layout written, records, the layout it collides with (same size)]. */
const SAME_SIZE: [string, string, number, string][] = [
  ["384 vs 400 (LCM 4800): 25 × 384 = 9600 bytes", "linux384-le", 25, "linux400-le"],
  ["400 vs 384: 24 × 400 = 9600 bytes", "linux400-le", 24, "linux384-le"],
  ["384 vs 400 big-endian: 25 × 384", "linux384-be", 25, "linux400-be"],
  ["400 vs 384 big-endian (s390x): 24 × 400", "linux400-be", 24, "linux384-be"],
  ["384 vs 392 (LCM 18816): 49 × 384", "linux384-le", 49, "linux392-le"],
  ["392 vs 384: 48 × 392", "linux392-le", 48, "linux384-le"],
  ["384 vs 382 m68k (LCM 73344): 191 × 384 big-endian", "linux384-be", 191, "linux382-be"],
  ["382 vs 384: 192 × 382", "linux382-be", 192, "linux384-be"],
  ["36 vs 40 BSD utmp (LCM 360): 10 × 36", "bsd36-le", 10, "netbsd40-le"],
  ["40 vs 36: 9 × 40", "netbsd40-le", 9, "bsd36-le"],
  ["36 vs 40 big-endian: 10 × 36", "bsd36-be", 10, "netbsd40-be"],
  ["40 vs 36 big-endian: 9 × 40", "netbsd40-be", 9, "bsd36-be"],
  ["BSD 36 vs Solaris futmp 36: 12 × 36", "bsd36-le", 12, "solaris36-le"],
  ["384 vs DragonFly 512 (1536 = 4 × 384)", "linux384-le", 4, "dfly512-le"],
  ["DragonFly 512 vs 384: 3 × 512, signature first", "dfly512-le", 3, "linux384-le"],
  ["wtmp 384 vs lastlog 292 (LCM 28032): 73 × 384", "linux384-le", 73, "lastlog292-le"],
  // utmpx-2.00 signature rows (§9.1: the signature names the family, the size and record #2 the row)
  ["NetBSD 520 vs i386 516 (LCM 67080): 129 × 520", "netbsdx520-le", 129, "netbsdx516-le"],
  ["NetBSD i386 516 vs 520: 130 × 516", "netbsdx516-le", 130, "netbsdx520-le"],
  ["NetBSD 520 vs DragonFly 512 (LCM 33280): 64 × 520", "netbsdx520-le", 64, "dfly512-le"],
  ["DragonFly 512 vs NetBSD 520: 65 × 512", "dfly512-le", 65, "netbsdx520-le"],
];

describe("same size, two layouts (FORMATS §9.3)", () => {
  it.each(SAME_SIZE)("%s", (_, id, records, other) => {
    const bytes = file(id, records);
    expect(bytes.length % row(other).recordSize, "the sizes really collide").toBe(0);
    expectDetected(fromBytes(bytes), id);
  });
});

/**
 * Solaris futmp read as BSD 36 is plausible record by record up to each
 * field's NUL (BSD's host field lies over Solaris' line, pid and type; the same
 * time at 32), but the bytes after those NULs are not zero: no evidence for BSD.
 */
describe("Solaris futmp 36 vs BSD 36", () => {
  const bytes = () => file("solaris36-le", 12);
  it("is detected as solaris36-le", () => {
    expect(fromBytes(bytes()).layout.id).toBe("solaris36-le");
  });
  it("with confidence ≥ 0.7", () => {
    expect(fromBytes(bytes()).detection!.confidence).toBeGreaterThanOrEqual(0.7);
  });
});

describe("lastlog 292 vs 296 (LCM 21608; most slots are zero holes)", () => {
  it("a 292 file of 74 slots (uids 0, 5, 33, 73 used) is lastlog292-le", () => {
    const bytes = buildLastlog(row("lastlog292-le"), lastlogLogins([0, 5, 33, 73]), 74);
    expect(bytes.length).toBe(21608);
    expectDetected(lastlogFromBytes(bytes), "lastlog292-le");
  });
  it("a 296 file of 73 slots (uids 0, 5, 33, 72 used) is lastlog296-le", () => {
    const bytes = buildLastlog(row("lastlog296-le"), lastlogLogins([0, 5, 33, 72]), 73);
    expect(bytes.length).toBe(21608);
    expectDetected(lastlogFromBytes(bytes), "lastlog296-le");
  });
  it("a lastlog of 96 × 292 = 28032 bytes is a lastlog for open() too, not a 73-record wtmp", () => {
    const bytes = buildLastlog(row("lastlog292-le"), lastlogLogins([0, 1000 % 96, 95]), 96);
    expectDetected(fromBytes(bytes), "lastlog292-le");
  });
});

describe("little- vs big-endian: the same records in both byte orders", () => {
  // every row that has a twin of the other byte order
  const twins = ["linux384", "linux400", "linux392", "netbsdx520", "openbsd304", "openbsd300", "netbsd40", "freebsd44", "bsd36",
    "macos628", "solaris372", "solaris36"];
  it.each(twins.flatMap((t) => [`${t}-le`, `${t}-be`]))("%s", (id) => {
    const bytes = file(id, 12);
    expect(fromBytes(bytes).layout.id).toBe(id);
  });
  const lastlogTwins = ["lastlog292", "lastlog296", "openbsdlast272", "openbsdlast268", "netbsdlast32", "bsdlast28"];
  it.each(lastlogTwins.flatMap((t) => [`${t}-le`, `${t}-be`]))("%s", (id) => {
    const bytes = buildLastlog(row(id), lastlogLogins([0, 1, 2, 5, 8]), 10);
    expect(lastlogFromBytes(bytes).layout.id).toBe(id);
  });
});

describe("all-zero files: no evidence, confidence 0, no error", () => {
  // With nothing to judge, detection falls back to the first row of the table
  // (most common first) that no record contradicts: linux384-le for open(),
  // lastlog292-le for openLastlog(). Every record decodes as an EMPTY zeroed slot.
  it.each([0, 384, 1152, 9600, 360, 21608])("%i zero bytes: open() picks linux384-le", (size) => {
    const db = fromBytes(new Uint8Array(size));
    expect(db.layout.id).toBe("linux384-le");
    expect(db.detection!.confidence).toBe(0);
    const entries = [...db];
    expect(entries.length).toBe(Math.floor(size / 384));
    expect(entries.every((e) => e.zeroed && e.type === "EMPTY")).toBe(true);
    // a size that is no multiple of 384 leaves a "partial record" of zeros (reported)
    expect(db.warnings.map((w) => w.code)).toStrictEqual(size % 384 === 0 ? [] : ["PARTIAL_RECORD"]);
  });
  it.each([0, 292, 21608, 296 * 10])("%i zero bytes: openLastlog() picks lastlog292-le and yields no login", (size) => {
    const db = lastlogFromBytes(new Uint8Array(size));
    expect(db.layout.id).toBe("lastlog292-le");
    expect(db.detection!.confidence).toBe(0);
    expect([...db]).toStrictEqual([]);
  });
});
