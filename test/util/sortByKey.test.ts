// sortByKey against Array.prototype.sort, which is stable: the same order for
// keys of every sign and size, ties, -0, infinities, and keys that share their
// high digits (times in µs) or low ones.
import { describe, expect, it } from "vitest";
import { sortByKey } from "../../src/util/sortByKey.ts";

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function reference(items: Uint32Array, key: (i: number) => number): number[] {
  return [...items].sort((a, b) => key(a) - key(b) || 0);
}

describe("sortByKey", () => {
  const shapes: Record<string, (next: () => number, i: number) => number> = {
    "µs times a few seconds apart, ties among them": (next, i) => 1_700_000_000_000_000 + Math.floor(i / 3) * Math.floor(next() * 5e6),
    "small integers, many ties": (next) => Math.floor(next() * 20),
    "negative and positive, fractions": (next) => (next() - 0.5) * 10 ** Math.floor(next() * 30 - 10),
    "signed zeros and infinities": (next) => [0, -0, Infinity, -Infinity, 1, -1][Math.floor(next() * 6)]!,
    "beyond 2^53": (next) => 2 ** 53 * (1 + Math.floor(next() * 1000)),
  };
  it.each(Object.keys(shapes))("%s", (name) => {
    const next = random(name.length * 7919);
    const n = 20_000;
    const keys = Float64Array.from({ length: 2 * n }, (_, i) => shapes[name]!(next, i));
    // items given in an order of their own, with gaps (event numbers are not 0..n)
    const items = Uint32Array.from({ length: n }, (_, i) => (i * 7919) % (2 * n));
    const expected = reference(items, (item) => keys[item]!);
    expect(sortByKey(items, keys)).toBe(items); // in place
    expect([...items]).toEqual(expected);
  });

  it("orders nothing and one item", () => {
    expect([...sortByKey(new Uint32Array(0), new Float64Array(0))]).toEqual([]);
    expect([...sortByKey(Uint32Array.of(5), new Float64Array(6).fill(-3))]).toEqual([5]);
  });
});
