// LargeMap (src/util/largeMap.ts) against a Map, with parts of 8 keys standing
// for V8's limit of 2^24: every operation gives what the Map gives, keys move
// between no parts, and parts emptied by deletes take new keys again.
import { describe, it, expect } from "vitest";
import { LargeMap, LargeSet } from "../../src/util/largeMap.ts";
import { prng } from "../support/prng.ts";

describe("LargeMap behaves as a Map across its parts", () => {
  it("20,000 random sets, deletes, gets and clears agree with a Map", () => {
    const random = prng(7);
    const large = new LargeMap<string, number>(8);
    const map = new Map<string, number>();
    for (let k = 0; k < 20_000; k++) {
      const key = `k${Math.floor(random() * 200)}`;
      const r = random();
      if (r < 0.45) {
        expect(large.set(key, k)).toBe(large);
        map.set(key, k);
      } else if (r < 0.7) {
        expect(large.delete(key)).toBe(map.delete(key));
      } else if (r < 0.999) {
        expect(large.get(key)).toBe(map.get(key));
        expect(large.has(key)).toBe(map.has(key));
      } else {
        large.clear();
        map.clear();
      }
      expect(large.size).toBe(map.size);
    }
    expect(new Map(large.entries())).toEqual(map);
    expect([...large.values()].sort()).toEqual([...map.values()].sort());
    expect(new Map(large)).toEqual(map);
  });

  it("a key set again keeps its one place: size counts it once", () => {
    const large = new LargeMap<number, string>(4);
    for (let k = 0; k < 10; k++) large.set(k, "a");
    for (let k = 0; k < 10; k++) large.set(k, "b");
    expect(large.size).toBe(10);
    expect([...large.values()]).toEqual(Array(10).fill("b"));
  });

  it("deletes while iterating (a sweep) visit every key once", () => {
    const large = new LargeMap<number, number>(4);
    for (let k = 0; k < 30; k++) large.set(k, k);
    const seen: number[] = [];
    for (const [key] of large) {
      seen.push(key);
      if (key % 2 === 0) large.delete(key);
    }
    expect(seen).toEqual([...Array(30).keys()]);
    expect(large.size).toBe(15);
    expect(large.get(4)).toBeUndefined();
    expect(large.get(5)).toBe(5);
  });
});

describe("LargeSet", () => {
  it("adds, finds and lists keys across parts as a Set does", () => {
    const large = new LargeSet<number>(8);
    const set = new Set<number>();
    const random = prng(9);
    for (let k = 0; k < 2000; k++) {
      const key = Math.floor(random() * 500);
      large.add(key);
      set.add(key);
      expect(large.has(key + 1)).toBe(set.has(key + 1));
    }
    expect(large.size).toBe(set.size);
    expect([...large].sort((a, b) => a - b)).toEqual([...set].sort((a, b) => a - b));
  });
});
