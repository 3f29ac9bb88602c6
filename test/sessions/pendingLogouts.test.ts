// The pairer's waiting records (src/sessions/pendingLogouts.ts) against last's
// own list, kept naively: pushed newest first, a take finds the first entry of
// its line and drops every entry of that line, a boot empties the list. Boots
// kill every entry at once (the entries stay, dead, to be reused), and dead
// entries are swept once they outnumber the live ones: neither may change what
// a take finds.
import { describe, it, expect } from "vitest";
import { PendingLogouts } from "../../src/sessions/pendingLogouts.ts";
import { prng } from "../support/prng.ts";

type Op = { op: "push" | "pushLineless" | "take" | "clear"; line: string; id: string; seconds: number };

/** `count` operations on `lines` lines and, when `ids` > 0, lineless records of `ids` ids (and logins with no line). */
function ops(seed: number, count: number, lines: number, clears: number, ids = 0): Op[] {
  const random = prng(seed);
  const out: Op[] = [];
  for (let k = 0; k < count; k++) {
    const r = random();
    const lineless = ids > 0 && random() < 0.3;
    const line = lineless ? "" : `pts/${Math.floor(random() * lines)}`;
    const id = ids > 0 ? `i${Math.floor(random() * ids)}` : "";
    const op = r < clears ? "clear" : r < 0.5 ? (lineless ? "pushLineless" : "push") : "take";
    out.push({ op, line, id, seconds: k });
  }
  return out;
}

/**
 * What each take finds in last's list: the first (newest) record of the
 * login's line, or without a line and of the login's id; every record that
 * matched is dropped. A login with no line matches every lineless record.
 */
function naive(list: readonly Op[]): (number | undefined)[] {
  let waiting: { line: string; id: string; seconds: number }[] = [];
  return list.map((o) => {
    if (o.op === "clear") { waiting = []; return undefined; }
    if (o.op !== "take") { waiting.unshift({ line: o.line, id: o.id, seconds: o.seconds }); return undefined; }
    const matches = (w: { line: string; id: string }) => w.line === o.line || (w.line === "" && o.id !== "" && w.id === o.id);
    const found = waiting.find(matches);
    waiting = waiting.filter((w) => !matches(w));
    return found?.seconds;
  });
}

function pending(list: readonly Op[], partSize?: number): { found: (number | undefined)[]; steps: number } {
  const p = new PendingLogouts(partSize);
  const found = list.map((o, k) => {
    if (o.op === "clear") { p.clear(); return undefined; }
    if (o.op === "push") { p.pushLine(o.line, o.seconds, 0, k, k * 384); return undefined; }
    if (o.op === "pushLineless") { p.pushLineless(o.id, o.seconds, 0, k, k * 384); return undefined; }
    return p.take(o.line, p.linelessWaiting ? o.id : "")?.seconds;
  });
  return { found, steps: p.steps };
}

describe("waiting records find what last's list finds", () => {
  const cases = [
    [40, 0, 0.005, undefined, "few lines, frequent boots"],
    [3000, 0, 0.001, undefined, "more lines than the sweep's slack"],
    // Maps of 64 keys stand for V8's limit of 2^24: lines and ids spread over several Maps
    [3000, 0, 0.001, 64, "lines in many Maps of 64 keys, as past 2^24 lines"],
    [50, 20, 0.002, undefined, "lineless records of a few ids, and logins with no line"],
    [3000, 2000, 0.0005, 64, "lineless records of many ids, in many Maps of 64 keys"],
  ] as const;
  for (const [lines, ids, clears, partSize, label] of cases) {
    it(label, () => {
      const list = ops(lines + ids, 20_000, lines, clears, ids);
      const want = naive(list);
      expect(want.filter((x) => x !== undefined).length).toBeGreaterThan(300);
      const got = pending(list, partSize);
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
