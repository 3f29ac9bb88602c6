// Where the core's probing tables put a string (assembly/intern.ts: hashBytes,
// then firstSlot with the slot seed), worked out here so tests can make names
// that crowd a table's slots: against the core's live seed, to reach its limits,
// or against another seed, as a file made without knowing it would be.
import { engine } from "../../src/core/engine.ts";

const M = (1n << 64n) - 1n;

/** hashBytes() of a string of at most 16 bytes (one char per byte): one mix() of the bytes, then finish(). */
export function coreHash(s: string): number {
  if (s.length > 16) throw new RangeError("coreHash: 16 bytes at most");
  const bytes = new Uint8Array(16);
  for (let k = 0; k < s.length; k++) bytes[k] = s.charCodeAt(k);
  const v = new DataView(bytes.buffer);
  const h = (((0x9e3779b97f4a7c15n ^ v.getBigUint64(0, true)) * 0xff51afd7ed558ccdn) & M) ^ ((v.getBigUint64(8, true) * 0xc4ceb9fe1a85ec53n) & M);
  return (Number((((h ^ (h >> 32n)) * 0xd6e8feb86659fd93n) & M) >> 32n) ^ s.length) >>> 0;
}

/** firstSlot(): where the probe for hash `h` starts in a table of `mask` + 1 slots, under `seed`. */
export function firstSlot(h: number, mask: number, seed: number): number {
  let x = (h ^ seed) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return ((x ^ (x >>> 16)) & mask) >>> 0;
}

/** The seed of this process's core (drawn when it was set up). */
export function liveSlotSeed(): number {
  return engine().core.live("slotSeed") >>> 0;
}

/** `count` names `prefix` + a number whose probes start in the first `slots` slots of a table of `mask` + 1, under `seed`. */
export function crowdingNames(prefix: string, count: number, mask: number, slots: number, seed: number): string[] {
  const names: string[] = [];
  for (let k = 0; names.length < count; k++) {
    const name = `${prefix}${k}`;
    if (firstSlot(coreHash(name), mask, seed) < slots) names.push(name);
  }
  return names;
}
