// How often a raw field's strings repeat, measured without interning them: every
// SAMPLE_EVERY-th record's string is looked up in a small direct-mapped table of
// recent hashes per field (a hit: seen lately). The host interns the field again
// once most samples hit, so a file whose strings start repeating is noticed
// without re-interning whole windows to find out.
import { hashBytes } from "./intern";
import { sketchPtr, SKETCH_FIELDS, SKETCH_SLOTS } from "./memoryMap";

/** One record in this many is sampled. */
export const SAMPLE_EVERY: i32 = 8;

/** Records sampled by the last decode. */
export let sketchSamples: i32 = 0;

@inline function missesAt(field: i32): usize {
  return sketchPtr + (<usize>field << 2);
}

@inline function tableAt(field: i32): usize {
  return sketchPtr + <usize>(SKETCH_FIELDS * 4) + (<usize>field * <usize>SKETCH_SLOTS << 2);
}

/** Starts the counts of a decode (the tables of recent hashes stay). */
export function resetSketchCounts(): void {
  sketchSamples = 0;
  for (let f = 0; f < SKETCH_FIELDS; f++) store<i32>(missesAt(f), 0);
}

/**
 * Notes the `len` bytes at `p` as a sample of field `field` (0 user, 1 line, 2
 * host, 3 id, 4 address). Two slots per hash, the newer first: with one slot,
 * two of a few dozen repeating values that shared it pushed each other out on
 * every sample, and two such pairs were misses enough to keep a field raw for
 * good (42 hosts in turn, measured).
 */
@inline export function noteSample(field: i32, p: usize, len: i32): void {
  const h = hashBytes(p, len) | 1; // never 0: an empty slot
  const slot = tableAt(field) + (<usize>(h & <u32>(SKETCH_SLOTS - 2)) << 2);
  const first = load<u32>(slot);
  if (first == h || load<u32>(slot, 4) == h) return;
  store<u32>(slot, first, 4);
  store<u32>(slot, h);
  store<i32>(missesAt(field), load<i32>(missesAt(field)) + 1);
}

/** Samples of field `field` in the last decode that were not seen lately. */
export function sketchMisses(field: i32): i32 {
  if (field < 0 || field >= SKETCH_FIELDS) return 0;
  return load<i32>(missesAt(field));
}
