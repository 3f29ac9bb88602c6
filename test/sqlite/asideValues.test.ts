// The Login and Logout values wtmpdb's columns keep aside (src/sqlite/asideValues.ts):
// found by key as a Map of them finds them, through growth and truncation,
// bytes copied (the page they came from may be reused), keys only increasing.
import { describe, expect, it } from "vitest";
import { StoredTimes, WideTimes } from "../../src/sqlite/asideValues.ts";
import { prng } from "../support/prng.ts";

describe("values kept aside by key", () => {
  it("WideTimes: 5,000 keys of 20,000 found as a Map finds them, then truncated", () => {
    const random = prng(3);
    const wide = new WideTimes();
    const map = new Map<number, bigint>();
    for (let key = 0; key < 20_000; key++) {
      if (random() < 0.25) {
        const v = (1n << 62n) + BigInt(key) * -7n;
        wide.set(key, v);
        map.set(key, v);
      }
    }
    expect(wide.size).toBe(map.size);
    for (let key = -1; key <= 20_001; key++) expect(wide.get(key)).toBe(map.get(key));
    wide.truncate(10_000);
    for (const key of map.keys()) expect(wide.get(key)).toBe(key < 10_000 ? map.get(key) : undefined);
    expect(wide.size).toBe([...map.keys()].filter((k) => k < 10_000).length);
    // appended again after the cut, as a read started again appends its rows
    wide.set(10_000, -5n);
    expect(wide.get(10_000)).toBe(-5n);
  });

  it("StoredTimes: reals, text and blobs by key, bytes copied from their page", () => {
    const stored = new StoredTimes();
    const page = new Uint8Array(4096);
    const want = new Map<number, { rank: number; real: number; bytes: number[] }>();
    const random = prng(11);
    for (let key = 0; key < 3000; key += 1 + Math.floor(random() * 3)) {
      if (random() < 0.4) {
        stored.setReal(key, key + 0.5);
        want.set(key, { rank: 1, real: key + 0.5, bytes: [] });
      } else {
        const length = Math.floor(random() * 40);
        for (let j = 0; j < length; j++) page[100 + j] = Math.floor(random() * 256);
        const rank = random() < 0.5 ? 2 : 3;
        stored.setBytes(key, rank, page, 100, length);
        want.set(key, { rank, real: 0, bytes: [...page.subarray(100, 100 + length)] });
      }
      page.fill(0xee); // the page is reused: what was stored must not change
    }
    const got = (key: number) => {
      const s = stored.get(key);
      return s && { rank: s.rank, real: s.real, bytes: [...s.bytes] };
    };
    for (let key = 0; key < 3000; key++) expect(got(key)).toStrictEqual(want.get(key));
    stored.truncate(1500);
    for (let key = 0; key < 3000; key++) expect(got(key)).toStrictEqual(key < 1500 ? want.get(key) : undefined);
    stored.setBytes(1600, 2, Uint8Array.of(1, 2, 3), 0, 3);
    expect(got(1600)).toStrictEqual({ rank: 2, real: 0, bytes: [1, 2, 3] });
    // the bytes after the cut are reused, those before it kept
    for (let key = 0; key < 1500; key++) expect(got(key)).toStrictEqual(want.get(key));
  });

  it("refuses a key not greater than the last (rows are appended)", () => {
    const wide = new WideTimes();
    wide.set(4, 1n);
    expect(() => wide.set(4, 2n)).toThrow(RangeError);
    expect(() => wide.set(3, 2n)).toThrow(RangeError);
  });
});
