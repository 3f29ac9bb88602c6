// A batch's iterator (src/core/entryIterator.ts) replaced a generator: it must
// give what the generator gave, be iterable itself as a generator is, and
// leave Database.filter(), which delegates to it, unchanged.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fromBytes } from "../../src/index.ts";
import { FIXTURES } from "../support/corpus.ts";

const bytes = readFileSync(join(FIXTURES, "generated-glibc-x86_64", "wtmp"));

describe("iterating a batch", () => {
  it("gives entry i at step i, then stays done", () => {
    for (const batch of fromBytes(bytes).batches()) {
      const it = batch[Symbol.iterator]();
      for (let i = 0; i < batch.length; i++) {
        const r = it.next();
        expect(r.done).toBe(false);
        expect(r.value.index).toBe(i);
        expect(r.value.toJSON()).toStrictEqual(batch.get(i)!.toJSON());
      }
      expect(it.next()).toStrictEqual({ done: true, value: undefined });
      expect(it.next()).toStrictEqual({ done: true, value: undefined });
    }
  });

  it("is iterable itself, as a generator was", () => {
    const batch = fromBytes(bytes).batches().next().value!;
    const it = batch[Symbol.iterator]() as IterableIterator<unknown>;
    it.next();
    expect([...it].length).toBe(batch.length - 1);
    expect(it[Symbol.iterator]()).toBe(it);
  });

  it("feeds filter() every entry count() counts", () => {
    const db = fromBytes(bytes);
    const filter = { type: "USER_PROCESS" as const };
    const kept = [...db.filter(filter)];
    expect(kept.length).toBe(db.count(filter));
    expect(kept.every((e) => e.type === "USER_PROCESS")).toBe(true);
    expect(kept.map((e) => e.offset)).toStrictEqual([...db].filter((e) => e.type === "USER_PROCESS").map((e) => e.offset));
  });

  it("gives filter()'s entries across batches in file order, stays done, and stops early on a break", () => {
    // many windows: the fixture's records again and again, so the kept entries span batches
    const one = new Uint8Array(bytes);
    const many = new Uint8Array(one.length * 400);
    for (let k = 0; k < 400; k++) many.set(one, k * one.length);
    const db = fromBytes(many);
    const filter = { type: "USER_PROCESS" as const };
    const batches = [...db.batches(filter)];
    expect(batches.length).toBeGreaterThan(2);
    const want = batches.flatMap((b) => [...b].map((e) => e.offset));
    const it = db.filter(filter);
    const got: number[] = [];
    for (let r = it.next(); !r.done; r = it.next()) got.push(r.value.offset);
    expect(got).toStrictEqual(want);
    expect(it.next()).toStrictEqual({ done: true, value: undefined });
    let seen = 0;
    const early = db.filter(filter);
    for (const _ of early) if (++seen === 3) break;
    expect(early.next()).toStrictEqual({ done: true, value: undefined });
    expect(early[Symbol.iterator]()).toBe(early);
  });
});
