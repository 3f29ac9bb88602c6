// ByteKeys against a Map of the same keys: keys read in place from a larger
// array, told apart by their bytes and their tag, kept through the table's
// growth (its slots rehashed, its byte store and columns reallocated).
import { describe, expect, it } from "vitest";
import { ByteKeys } from "../../src/util/byteKeys.ts";

const utf8 = new TextEncoder();
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

describe("ByteKeys", () => {
  it("finds each of 50,000 keys of 0-40 bytes set among others in one array, as a Map of their texts does", () => {
    const keys = new ByteKeys();
    const reference = new Map<string, number>();
    // one array holding every key, each read in place at its offset
    const texts = Array.from({ length: 50_000 }, (_, k) => (k % 997 === 0 ? "" : `h${k.toString(36)}.${"x".repeat(k % 31)}`));
    const all = utf8.encode(texts.join(""));
    const wrong: string[] = []; // collected, then compared once: an expect per key took seconds
    let at = 0;
    for (let k = 0; k < texts.length; k++) {
      const len = texts[k]!.length; // ASCII: a byte a char
      const tag = k % 3;
      const id = `${tag}:${texts[k]}`;
      const before = keys.get(all, at, len, tag);
      if (before !== (reference.get(id) ?? -1)) wrong.push(`get ${id}: ${before}`);
      if (before === -1) {
        const e = keys.set(all, at, len, tag, k);
        if (e !== reference.size) wrong.push(`set ${id}: entry ${e}`);
        reference.set(id, k);
        // the entry's bytes are the key's
        if (!sameBytes(keys.keyOf(e), all.subarray(at, at + len))) wrong.push(`keyOf ${id}`);
      }
      at += len;
    }
    expect(at).toBe(all.length);
    expect(keys.size).toBe(reference.size);
    // after every growth, each key still finds its first value and entry
    let e = 0;
    for (const [id, value] of reference) {
      const tag = Number(id.slice(0, 1));
      const bytes = utf8.encode(id.slice(2));
      if (keys.get(bytes, 0, bytes.length, tag) !== value || keys.find(bytes, 0, bytes.length, tag) !== e++) wrong.push(`again ${id}`);
    }
    expect(wrong).toStrictEqual([]);
    // a key with another tag, or one byte more or less, is another key
    const h1 = utf8.encode("h1.x");
    expect(keys.get(h1, 0, 4, 1)).toBe(1);
    expect(keys.get(h1, 0, 4, 2)).toBe(-1);
    expect(keys.get(h1, 0, 3, 1)).toBe(-1);
  });

  it("clear() forgets every key, and the table fills again from entry 0", () => {
    const keys = new ByteKeys();
    const a = utf8.encode("alpha"), b = utf8.encode("beta");
    keys.set(a, 0, a.length, 0, 7);
    keys.set(b, 0, b.length, 0, 8);
    keys.clear();
    expect(keys.size).toBe(0);
    expect(keys.get(a, 0, a.length, 0)).toBe(-1);
    expect(keys.set(b, 0, b.length, 0, 9)).toBe(0);
    expect(keys.get(b, 0, b.length, 0)).toBe(9);
    expect(keys.keyOf(0)).toStrictEqual(b);
  });
});
