// The pairer's waiting records (src/sessions/pendingLogouts.ts) against last's
// own list, kept naively: pushed newest first, a take finds the first entry of
// its line and drops every entry of that line, a boot empties the list. Boots
// kill every entry at once (the entries stay, dead, to be reused), and dead
// entries are swept once they outnumber the live ones: neither may change what
// a take finds.
import { describe, it, expect } from "vitest";
import { PendingLogouts } from "../../src/sessions/pendingLogouts.ts";
import { prng } from "../support/prng.ts";

type Op = { op: "push" | "take" | "clear"; line: string; seconds: number };

function ops(seed: number, count: number, lines: number, clears: number): Op[] {
  const random = prng(seed);
  const out: Op[] = [];
  for (let k = 0; k < count; k++) {
    const r = random();
    const line = `pts/${Math.floor(random() * lines)}`;
    out.push({ op: r < clears ? "clear" : r < 0.5 ? "push" : "take", line, seconds: k });
  }
  return out;
}

/** What each take finds in last's list. */
function naive(list: readonly Op[]): (number | undefined)[] {
  let waiting: { line: string; seconds: number }[] = [];
  return list.map((o) => {
    if (o.op === "clear") { waiting = []; return undefined; }
    if (o.op === "push") { waiting.unshift({ line: o.line, seconds: o.seconds }); return undefined; }
    const found = waiting.find((w) => w.line === o.line);
    waiting = waiting.filter((w) => w.line !== o.line);
    return found?.seconds;
  });
}

function pending(list: readonly Op[]): { found: (number | undefined)[]; steps: number } {
  const p = new PendingLogouts();
  const found = list.map((o, k) => {
    if (o.op === "clear") { p.clear(); return undefined; }
    if (o.op === "push") { p.pushLine(o.line, o.seconds, 0, k, k * 384); return undefined; }
    return p.take(o.line, "")?.seconds;
  });
  return { found, steps: p.steps };
}

describe("waiting records find what last's list finds", () => {
  for (const [lines, clears, label] of [[40, 0.005, "few lines, frequent boots"], [3000, 0.001, "more lines than the sweep's slack"]] as const) {
    it(label, () => {
      const list = ops(lines, 20_000, lines, clears);
      const want = naive(list);
      expect(want.filter((x) => x !== undefined).length).toBeGreaterThan(300);
      const got = pending(list);
      expect(got.found).toEqual(want);
      // work linear in the operations: boots cost nothing per line
      expect(got.steps).toBeLessThan(3 * list.length);
    });
  }

  it("clear() kills every entry; a line pushed again after it is live, and only its new record is taken", () => {
    const p = new PendingLogouts();
    p.pushLine("tty1", 100, 0, 0, 0);
    p.pushLine("tty2", 101, 0, 1, 384);
    expect(p.size).toBe(2);
    p.clear();
    expect(p.size).toBe(0);
    expect(p.take("tty1", "")).toBeUndefined();
    p.pushLine("tty2", 200, 0, 2, 768);
    expect(p.size).toBe(1);
    expect(p.take("tty2", "")?.seconds).toBe(200);
    expect(p.take("tty2", "")).toBeUndefined();
    expect(p.size).toBe(0);
  });
});
