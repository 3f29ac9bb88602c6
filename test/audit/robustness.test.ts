// Bad input gives a clear error for that file, never a crash or a hang: random
// bytes, truncations and byte flips of a wtmp and of a wtmpdb database, audited
// together; and the address table the attack summary counts sources in.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { audit } from "../../src/audit/audit.ts";
import { AddressIndex } from "../../src/audit/addressIndex.ts";
import { FIXTURES } from "../support/paths.ts";
import { prng } from "../support/prng.ts";

const wtmp = new Uint8Array(readFileSync(join(FIXTURES, "s4", "CentOS7", "x86_64", "wtmp")));
const db = new Uint8Array(readFileSync(join(FIXTURES, "wtmpdb", "db", "normal.db")));

function mutate(bytes: Uint8Array, random: () => number): Uint8Array {
  const out = new Uint8Array(bytes);
  const flips = 1 + Math.floor(random() * 40);
  for (let k = 0; k < flips; k++) out[Math.floor(random() * out.length)] = Math.floor(random() * 256);
  return random() < 0.3 ? out.subarray(0, Math.floor(random() * out.length)) : out;
}

describe("audit of damaged input", () => {
  it("flipped and truncated wtmp and wtmpdb copies: findings or a UtmpError per file, never a throw", async () => {
    const random = prng(0xa0d17);
    for (let round = 0; round < 20; round++) {
      const inputs = [
        { name: `wtmp-${round}`, bytes: mutate(wtmp, random), role: "wtmp" as const },
        { name: `wtmp.db-${round}`, bytes: mutate(db, random) },
        { name: `noise-${round}`, bytes: Uint8Array.from({ length: Math.floor(random() * 3000) }, () => Math.floor(random() * 256)) },
      ];
      const report = await audit(inputs);
      expect(report.files.length + report.errors.length).toBe(3);
      for (const e of report.errors) expect(["UNKNOWN_LAYOUT", "BAD_INPUT", "UNSUPPORTED_FORMAT"]).toContain(e.code);
    }
  });
});

describe("AddressIndex", () => {
  it("gives each address the index of its first sight, through growth, and finds it again", () => {
    const index = new AddressIndex();
    const random = prng(7);
    const seen = new Map<number, number>();
    const wrong: number[] = [];
    const order: number[] = [];
    for (let k = 0; k < 70_000; k++) {
      // a few thousand addresses seen again among new ones
      const address = k % 7 === 0 && k > 0 ? order[k % order.length]! : 1 + Math.floor(random() * 0xfffffffe);
      const want = seen.get(address) ?? seen.size;
      if (want === seen.size) order.push(address);
      if (index.indexOf(address, seen.size) !== want) wrong.push(address);
      seen.set(address, want);
    }
    for (const [address, at] of seen) if (index.find(address) !== at) wrong.push(address);
    expect(wrong).toStrictEqual([]);
    expect(index.find(0x01020304)).toBe(seen.get(0x01020304) ?? -1);
  });
});
