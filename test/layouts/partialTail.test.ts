// A few records, one of a type the layout does not define: the record size
// that reads them all must win over one that reads the first and leaves the
// rest over as a partial record. Two 384-byte glibc records, the second of
// type 99, went to linux392-le (one record of 392, 376 bytes left), which made
// garbage of the second; util-linux utmpdump reads both as 384-byte records.
import { describe, expect, it } from "vitest";
import { detect, fromBytes } from "../../src/index.ts";

/** A glibc x86_64 record (384 bytes), written field by field here, independent of the package's encoder. */
function glibc(type: number, user: string, line: string, seconds: number): Uint8Array {
  const out = new Uint8Array(384);
  const view = new DataView(out.buffer);
  view.setInt16(0, type, true);
  view.setInt32(4, 1000, true);
  out.set(new TextEncoder().encode(line), 8);
  out.set(new TextEncoder().encode("ts/1"), 40);
  out.set(new TextEncoder().encode(user), 44);
  view.setInt32(340, seconds, true);
  return out;
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
};

describe("a partial record at the end weighs against its record size", () => {
  it("two records, one of an unknown type: 384 bytes each, both read", () => {
    const bytes = concat(glibc(7, "alice", "pts/1", 1_700_000_000), glibc(99, "bob", "pts/2", 1_700_000_100));
    expect(detect(bytes).layout?.id).toBe("linux384-le");
    const entries = [...fromBytes(bytes)];
    expect(entries.map((e) => [e.user, e.line, e.rawType, e.seconds])).toEqual([["alice", "pts/1", 7, 1_700_000_000], ["bob", "pts/2", 99, 1_700_000_100]]);
  });

  it("a file that does end in a partial record is still read in its own size", () => {
    const records = [7, 8, 7, 8].map((type, i) => glibc(type, type === 7 ? "carol" : "", `pts/${i >> 1}`, 1_700_000_000 + i * 60));
    const bytes = concat(...records, new Uint8Array(200).fill(0x41));
    const d = detect(bytes);
    expect(d.layout?.id).toBe("linux384-le");
    expect(d.confidence).toBeLessThan(1); // the partial record lowers it
  });
});
