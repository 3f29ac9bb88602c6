// The pseudonyms themselves: HMAC-SHA-256 as documented (checked against
// node:crypto, an implementation other than the WebCrypto the code uses), their
// shapes, and the ranges addresses are sent to.
import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Pseudonyms, type HmacEngine, type PseudonymKind } from "../../src/write/pseudonym.ts";
import { UtmpError } from "../../src/util/errors.ts";
import { anonymize } from "../../src/write/anonymize.ts";
import { FIXTURES } from "../support/paths.ts";
import { KNOWN_ANSWERS, KNOWN_KEY } from "./anonymizeKnownAnswers.ts";

const KEY = "correct horse battery staple";
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** The documented derivation, written again: HMAC(key, "utmpx-anonymize/1\0" + kind + "\0" + value). */
function digest(kind: PseudonymKind, value: Uint8Array): Buffer {
  return createHmac("sha256", KEY).update(Buffer.concat([Buffer.from(`utmpx-anonymize/1\0${kind}\0`, "latin1"), value])).digest();
}

function base32(bytes: Buffer, digits: number): string {
  let bits = "";
  for (const b of bytes) bits += b.toString(2).padStart(8, "0");
  let out = "";
  for (let i = 0; i < digits; i++) out += BASE32[parseInt(bits.slice(5 * i, 5 * i + 5), 2)];
  return out;
}

async function pseudonymsOf(kind: PseudonymKind, values: Uint8Array[], engine?: HmacEngine): Promise<Uint8Array[]> {
  const p = await Pseudonyms.create(KEY, engine);
  const wanted = values.map((v) => p.want(kind, v));
  await p.resolve();
  return wanted.map((w) => w.bytes!);
}

const text = (b: Uint8Array) => Buffer.from(b).toString("latin1");

describe("pseudonyms", () => {
  it.each(["node", "webcrypto"] as const)("are HMAC-SHA-256 of the kind and value, shaped per kind (%s HMAC)", async (engine) => {
    const names = ["root", "alice", "jürgen", "x".repeat(256)].map((s) => new TextEncoder().encode(s));
    const users = await pseudonymsOf("user", names, engine);
    const hosts = await pseudonymsOf("name", names, engine);
    names.forEach((v, i) => {
      expect(text(users[i]!)).toBe("u" + base32(digest("user", v), 15));
      expect(text(hosts[i]!)).toBe("h" + base32(digest("name", v), 15) + ".invalid");
    });
    // the same value as user and as host: unrelated pseudonyms
    expect(text(hosts[0]!).slice(1, 16)).not.toBe(text(users[0]!).slice(1));
  });

  it.each(["node", "webcrypto"] as const)("send IPv4 into 240.0.0.0/4 and IPv6 into 2001:db8::/32, from the address's bytes (%s HMAC)", async (engine) => {
    const v4 = Array.from({ length: 2000 }, (_, i) => Uint8Array.of(10, (i >> 8) & 255, i & 255, 7));
    const out4 = await pseudonymsOf("ipv4", v4, engine);
    out4.forEach((p, i) => {
      const d = digest("ipv4", v4[i]!);
      const expected: number[] = [0xf0 | (d[0]! & 15), d[1]!, d[2]!, d[3]!];
      if (!expected.some((b) => b !== 255)) expected[3] = 254; // never the broadcast address
      expect([...p]).toEqual(expected);
      expect(p[0]! >> 4).toBe(15);
      expect([...p]).not.toEqual([255, 255, 255, 255]);
    });
    expect(new Set(out4.map((p) => p.join("."))).size).toBeGreaterThan(1990); // 28 bits: a rare collision at most
    const v6 = Array.from({ length: 200 }, (_, i) => Uint8Array.from({ length: 16 }, (_, k) => (k === 15 ? i : k === 0 ? 0x24 : 0)));
    const out6 = await pseudonymsOf("ipv6", v6, engine);
    out6.forEach((p, i) => {
      expect([...p.subarray(0, 4)]).toEqual([0x20, 0x01, 0x0d, 0xb8]);
      expect([...p.subarray(4)]).toEqual([...digest("ipv6", v6[i]!).subarray(0, 12)]);
    });
  });

  it("are the same under the same key in another instance, and refused without a key", async () => {
    const v = new TextEncoder().encode("alice");
    const [a] = await pseudonymsOf("user", [v]);
    const [b] = await pseudonymsOf("user", [v]);
    expect(text(a!)).toBe(text(b!));
    await expect(Pseudonyms.create("")).rejects.toBeInstanceOf(UtmpError);
    const p = await Pseudonyms.create(KEY);
    const wanted = p.want("user", v);
    expect(wanted.bytes).toBeUndefined(); // made by resolve(), in one round for all
    expect(p.want("user", Uint8Array.from(v))).toBe(wanted); // one value, one pseudonym
    await p.resolve();
    expect(text(wanted.bytes!)).toBe(text(a!));
  });

  it("make the copies the other runtimes' tests expect (anonymizeKnownAnswers.ts)", async () => {
    for (const [fixture, digest] of KNOWN_ANSWERS) {
      const out = await anonymize(new Uint8Array(readFileSync(join(FIXTURES, fixture))), { key: KNOWN_KEY });
      expect(createHash("sha256").update(out).digest("hex"), fixture).toBe(digest);
    }
  });
});
