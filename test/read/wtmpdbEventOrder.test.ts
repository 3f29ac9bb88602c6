// eventsInTimeOrder against the plain stable sort it replaces (Array.prototype.sort,
// stable, of the events listed in row order: start, then end): the same order for
// starts in order and out of it, ties of every kind, rows without an end, none at all.
import { describe, expect, it } from "vitest";
import { eventsInTimeOrder } from "../../src/read/wtmpdbEventOrder.ts";

function reference(count: number, hasEnd: (r: number) => boolean, time: Float64Array): number[] {
  const events: number[] = [];
  for (let r = 0; r < count; r++) {
    events.push(2 * r);
    if (hasEnd(r)) events.push(2 * r + 1);
  }
  return events.sort((a, b) => time[a]! - time[b]!);
}

/** A deterministic generator (xorshift32). */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x / 2 ** 32;
  };
}

/** Rows with starts `step` apart on average (0: many equal), ends `span` after at most, a share `ended` of them ended. */
function rows(count: number, seed: number, o: { step: number; span: number; ended: number; shuffled?: boolean }) {
  const next = random(seed);
  const time = new Float64Array(2 * count);
  const ends = new Uint8Array(count);
  let t = 1_700_000_000_000_000;
  for (let r = 0; r < count; r++) {
    t += Math.floor(next() * o.step);
    time[2 * r] = t;
    ends[r] = next() < o.ended ? 1 : 0;
    time[2 * r + 1] = t + Math.floor(next() * o.span);
  }
  if (o.shuffled) {
    for (let r = count - 1; r > 0; r--) {
      const s = Math.floor(next() * (r + 1));
      [time[2 * r], time[2 * s]] = [time[2 * s]!, time[2 * r]!];
    }
  }
  return { time, hasEnd: (r: number) => ends[r] === 1 };
}

describe("eventsInTimeOrder", () => {
  const cases = [
    ["starts in order, sessions of any length", { step: 1_000_000, span: 50_000_000, ended: 0.9 }],
    ["many starts at one time, ends equal to later starts", { step: 2, span: 3, ended: 0.7 }],
    ["sessions of length 0", { step: 5, span: 1, ended: 1 }],
    ["no row ended", { step: 1000, span: 1000, ended: 0 }],
    ["starts out of order (a clock set back): the whole sort", { step: 1000, span: 5000, ended: 0.8, shuffled: true }],
  ] as const;
  for (const [name, o] of cases) {
    it(name, () => {
      for (const seed of [1, 2, 3]) {
        for (const count of [0, 1, 2, 7, 5000]) {
          const { time, hasEnd } = rows(count, seed * 7919 + count, o);
          expect([...eventsInTimeOrder(count, hasEnd, time)]).toEqual(reference(count, hasEnd, time));
        }
      }
    });
  }

  it("an end before its own start (a Logout earlier than the Login) goes where its time puts it", () => {
    const time = Float64Array.of(10, 5, 20, 20, 30, 15);
    expect([...eventsInTimeOrder(3, () => true, time)]).toEqual(reference(3, () => true, time));
    expect([...eventsInTimeOrder(3, () => true, time)]).toEqual([1, 0, 5, 2, 3, 4]);
  });
});
