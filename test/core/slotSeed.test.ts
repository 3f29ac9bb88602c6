// The core's probing tables start a hash's probe at a slot mixed with a seed the
// host draws (assembly/intern.ts slotSeed): user names made to crowd the
// strings' table under a seed of the file's choosing (0, the seed a fixed
// scheme would have) land all over it under this process's seed, and each is
// found at once. Without the seed they fell in one run of slots, each looked for
// along the others: 16 times the work for 4,000 names, and growing as the square
// of their number once they outnumber the slots they aim at.
import { describe, it, expect } from "vitest";
import { findLayout, fromBytes } from "../../src/index.ts";
import { engine } from "../../src/core/engine.ts";
import { buildFile, type RecordValues } from "../support/fixtureBuilder.ts";
import { crowdingNames, liveSlotSeed } from "../support/coreSlots.ts";

/** The strings' table: 2^19 slots (assembly/memoryMap.ts TABLE_SLOTS). */
const TABLE_MASK = (1 << 19) - 1;
const NAMES = 4_000;

describe("the core's tables and names a file makes to crowd them", () => {
  it("finds each of 4,000 user names crowded on 4,096 slots under another seed in a few slots", () => {
    const seed = liveSlotSeed();
    // the names a file would bring against a seed of 0; the chance this process drew 0 is 2^-32
    expect(seed).not.toBe(0);
    const names = crowdingNames("u", NAMES, TABLE_MASK, 4_096, 0);
    // ten logins each, one after another: few new names a window, so users stay interned
    const records: RecordValues[] = [];
    let seconds = 1_700_000_000;
    for (const user of names) for (let k = 0; k < 10; k++) records.push({ type: 6, user, line: "ssh:notty", seconds: seconds++ });
    const bytes = buildFile(findLayout("linux384-le")!, records);
    const core = engine().core;
    const before = core.live("internProbes");
    let interned = 0;
    for (const batch of fromBytes(bytes).batches()) if (!batch.isRaw("user")) interned += batch.length;
    const probes = core.live("internProbes") - before;
    // the names were interned (the field did not go raw), and each found its slot at once (its
    // repeats are found before the table): 4,019 slots looked at in a run, where the names
    // crowded on their 4,096 slots took 66,695 (the seed left out of firstSlot)
    expect(interned).toBe(records.length);
    expect(probes).toBeLessThan(NAMES * 3);
  });
});
