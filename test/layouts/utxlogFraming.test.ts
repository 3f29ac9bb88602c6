// FreeBSD utx.log framing edge cases, as FreeBSD's getfutxent reads them
// (FORMATS §4.1): a length that trims into fu_tv, a length over 197 (read 197,
// skip the rest), and a zero length (corrupt: advance one byte and retry).
import { describe, expect, it } from "vitest";
import { findLayout, fromBytes } from "../../src/index.ts";
import { buildRecord, concat, utxlogEntry } from "../support/fixtureBuilder.ts";

const layout = findLayout("utxlog")!;
const boot = utxlogEntry(buildRecord(layout, { type: 1, seconds: 1_700_000_000, microseconds: 0 }));
const login = buildRecord(layout, { type: 4, id: "pts/0", user: "alice", line: "pts/0", host: "192.0.2.7", pid: 4242, seconds: 1_700_000_100, microseconds: 5 });
const logout = utxlogEntry(buildRecord(layout, { type: 7, id: "pts/0", pid: 4242, seconds: 1_700_000_200, microseconds: 7 }));
/** The login's entry: its u16 length and 78 bytes (up to the end of "192.0.2.7" in fu_host at 69). */
const loginEntry = utxlogEntry(login);

const summary = (bytes: Uint8Array) => {
  const db = fromBytes(bytes);
  const entries = [...db].map((e) => [e.type, e.offset, e.seconds, e.microseconds, e.user]);
  return { layout: db.layout.id, entries, warnings: db.warnings.map((w) => [w.code, w.offset]) };
};

describe("utx.log framing", () => {
  it("a BOOT_TIME at a whole second is 8 bytes long (its last µs byte is zero) and decodes whole", () => {
    expect(boot.length).toBe(10);
    expect(loginEntry.length).toBe(2 + 69 + 9);
    expect(summary(concat([boot, loginEntry, logout]))).toStrictEqual({
      layout: "utxlog", warnings: [],
      entries: [["BOOT_TIME", 0, 1_700_000_000, 0, ""], ["USER_PROCESS", 10, 1_700_000_100, 5, "alice"], ["DEAD_PROCESS", 90, 1_700_000_200, 7, ""]],
    });
  });

  it("a length over 197 reads 197 bytes and skips the rest (forward compatibility)", () => {
    const long = new Uint8Array(2 + 200);
    long[1] = 200;
    long.set(login, 2);
    long.set([0x55, 0x55, 0x55], 2 + 197);
    const s = summary(concat([boot, long, logout]));
    expect(s.entries).toStrictEqual([
      ["BOOT_TIME", 0, 1_700_000_000, 0, ""], ["USER_PROCESS", 10, 1_700_000_100, 5, "alice"], ["DEAD_PROCESS", 212, 1_700_000_200, 7, ""],
    ]);
    expect(s.warnings).toStrictEqual([]);
  });

  it("a run of zeros of any length is skipped as a byte at a time would: the same entries, the same count of resyncs", () => {
    // The core passes a run of zeros in one step (framing.ts). Byte by byte, every
    // position whose two bytes are zero is a zero length: in a run of n zeros and
    // the login's own length, whose high byte is zero too, that is n positions.
    for (const n of [1, 2, 15, 16, 17, 63, 64, 65, 127, 128, 129, 1000, 5000]) {
      const db = fromBytes(concat([boot, new Uint8Array(n), loginEntry, logout]), { layout: "utxlog" });
      const entries = [...db].map((e) => [e.type, e.offset, e.seconds, e.microseconds, e.user]);
      expect(entries, `${n} zeros`).toStrictEqual([
        ["BOOT_TIME", 0, 1_700_000_000, 0, ""], ["USER_PROCESS", 10 + n, 1_700_000_100, 5, "alice"], ["DEAD_PROCESS", 90 + n, 1_700_000_200, 7, ""],
      ]);
      expect(db.warnings.map((w) => [w.code, w.offset, w.length]), `${n} zeros`).toStrictEqual([["RESYNC", 0, n]]);
    }
    // zeros to the end: each position with two bytes left is one, the last byte a partial entry
    for (const n of [2, 64, 65, 1000]) {
      const db = fromBytes(concat([boot, new Uint8Array(n)]), { layout: "utxlog" });
      expect([...db].length).toBe(1);
      expect(db.warnings.map((w) => [w.code, w.length]), `${n} zeros at the end`).toStrictEqual([["RESYNC", n - 1], ["PARTIAL_RECORD", 1]]);
    }
  });

  it("a zero length is skipped a byte at a time, with a warning", () => {
    const s = summary(concat([boot, Uint8Array.of(0, 0), loginEntry, logout]));
    expect(s.layout).toBe("utxlog");
    expect(s.entries).toStrictEqual([
      ["BOOT_TIME", 0, 1_700_000_000, 0, ""], ["USER_PROCESS", 12, 1_700_000_100, 5, "alice"], ["DEAD_PROCESS", 92, 1_700_000_200, 7, ""],
    ]);
    expect(s.warnings.map(([code]) => code)).toStrictEqual(["RESYNC"]);
  });
});
