// Detection judges up to 512 of a window's non-zero records, spread evenly: the
// first, then every stride-th, stride the non-zero count over 512 rounded up,
// after counting the zero ones (assembly/score.ts). The core finds the records
// to judge on a bitmap of the zero records, 32 at a step, and keeps the bitmap
// for the next layout of the same record size when the host says the window is
// unchanged. Here a JS model of the rule (as the core applied it record by record
// before the bitmap) says which records are judged; the records are built so that
// each one's verdict and time are known, and the core's counts must be exactly
// the model's.
import { describe, expect, it } from "vitest";
import { findLayout, type Layout } from "../../src/index.ts";
import { Engine, type Score } from "../../src/core/engine.ts";
import { instantiateCore } from "../../src/core/core.ts";
import { InternPolicy } from "../../src/core/internPolicy.ts";
import { prng } from "../support/prng.ts";

const LE = findLayout("linux384-le")!;
const BE = findLayout("linux384-be")!;
const SAMPLE = 512;
const NOW = Date.UTC(2026, 11, 1) / 1000;
const T0 = 1_600_000_000;

type Kind = "zero" | "strong" | "implausible" | "empty";

/**
 * Records of glibc's 384-byte layout, little-endian: a USER_PROCESS at T0 + its
 * index, or one with pid -1 (implausible), or an EMPTY record with a time
 * (plausible, no evidence), or all zero.
 */
function build(kinds: readonly Kind[]): Uint8Array {
  const out = new Uint8Array(kinds.length * 384);
  const view = new DataView(out.buffer);
  kinds.forEach((kind, i) => {
    if (kind === "zero") return;
    const at = i * 384;
    view.setInt16(at, kind === "empty" ? 0 : 7, true);
    view.setInt32(at + 4, kind === "implausible" ? -1 : 1000 + i, true);
    out.set(new TextEncoder().encode("pts/1"), at + 8);
    view.setInt32(at + 340, T0 + i, true);
  });
  return out;
}

/** What the core must say for `kinds` read as glibc little-endian: the sampling rule applied in JS. */
function model(kinds: readonly Kind[]): Pick<Score, "zero" | "judged" | "plausible" | "strong" | "minSeconds" | "maxSeconds"> {
  const live = kinds.flatMap((k, i) => (k === "zero" ? [] : [i]));
  const stride = live.length <= SAMPLE ? 1 : Math.ceil(live.length / SAMPLE);
  const judged = live.filter((_, n) => n % stride === 0).slice(0, SAMPLE);
  const strong = judged.filter((i) => kinds[i] === "strong");
  return {
    zero: kinds.length - live.length,
    judged: judged.length,
    plausible: judged.filter((i) => kinds[i] !== "implausible").length,
    strong: strong.length,
    minSeconds: strong.length ? T0 + Math.min(...strong) : Infinity,
    maxSeconds: strong.length ? T0 + Math.max(...strong) : -Infinity,
  };
}

function kindsOf(n: number, zeroShare: number, seed: number): Kind[] {
  const random = prng(seed);
  const kinds: Kind[] = [];
  while (kinds.length < n) {
    // zero records come in runs (a sparse file's holes), some longer than 32 records: whole words of the map
    if (random() < zeroShare) {
      const run = 1 + Math.floor(random() * (random() < 0.1 ? 80 : 5));
      for (let k = 0; k < run && kinds.length < n; k++) kinds.push("zero");
    } else {
      const r = random();
      kinds.push(r < 0.1 ? "implausible" : r < 0.15 ? "empty" : "strong");
    }
  }
  return kinds;
}

function scoreOf(e: Engine, layout: Layout, bytes: Uint8Array, sameBytes = false, write = true): Score {
  if (write) e.window().set(bytes);
  return e.score(layout, bytes.length, NOW, SAMPLE, sameBytes);
}

const pick = (s: Score) => ({ zero: s.zero, judged: s.judged, plausible: s.plausible, strong: s.strong, minSeconds: s.minSeconds, maxSeconds: s.maxSeconds });

describe("score: the records judged", () => {
  const e = new Engine(instantiateCore(), new InternPolicy("adaptive"));
  const cases: [string, Kind[]][] = [
    ["no zero records, more than the sample", kindsOf(3000, 0, 1)],
    ["a third zero, in runs", kindsOf(5000, 0.35, 2)],
    ["mostly zero (a sparse file)", kindsOf(9000, 0.9, 3)],
    ["fewer non-zero records than the sample", kindsOf(700, 0.5, 4)],
    ["a count that is a multiple of 32", kindsOf(4096, 0.3, 5)],
    ["every record zero", Array<Kind>(100).fill("zero")],
    ["one record", ["strong"]],
    ["zero records first, the last one live", [...Array<Kind>(95).fill("zero"), "strong"]],
  ];
  for (const [name, kinds] of cases) {
    it(name, () => {
      expect(pick(scoreOf(e, LE, build(kinds)))).toEqual(model(kinds));
    });
  }

  it("a layout of the same size on the same bytes reuses the map, and gives what a fresh score gives", () => {
    const bytes = build(kindsOf(6000, 0.4, 6));
    const other = build(kindsOf(6000, 0.4, 7));
    const fresh = scoreOf(e, BE, bytes);
    scoreOf(e, LE, other); // another window mapped between
    scoreOf(e, LE, bytes);
    expect(scoreOf(e, BE, bytes, true, false)).toEqual(fresh);
    expect(fresh.zero).toBe(model(kindsOf(6000, 0.4, 6)).zero);
  });

  it("sameBytes with another length maps again", () => {
    const kinds = kindsOf(6000, 0.4, 8);
    const bytes = build(kinds);
    scoreOf(e, LE, bytes);
    const shorter = bytes.subarray(0, 2000 * 384);
    expect(pick(scoreOf(e, LE, shorter, true, false))).toEqual(model(kinds.slice(0, 2000)));
  });
});
