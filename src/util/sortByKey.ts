// A stable sort of items by a number key, by radix: up to four passes over 16-bit
// digits of each key's bits, linear in the items. For wtmpdb's 2M events of 1M
// rows in time order a comparator sort made ~40 million calls, 0.45-0.62 s here;
// this takes 0.33-0.48 s, most of it reading the keys in the items' order (cache
// misses). Carrying the keys along with the items made it 0.23-0.34 s but takes
// four more arrays as long as the items, 32 MB of fresh memory at the peak of a
// read that is already near 200 MB: this needs one (and fresh memory costs ~5
// ms a MB on the bench machine).

const DIGITS = 1 << 16;
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * Reorders `items` in place by `keys[item]` ascending, items of equal keys in
 * their order in `items` (stable), and returns it. Keys are doubles of any sign,
 * infinities included (-0 and 0 are equal); a NaN key goes to one end.
 */
export function sortByKey(items: Uint32Array, keys: Float64Array): Uint32Array {
  const n = items.length;
  if (n < 2) return items;
  const words = new Uint32Array(keys.buffer, keys.byteOffset, keys.length * 2);
  const high = LITTLE_ENDIAN ? 1 : 0, low = 1 - high;
  /** Digit `pass` (0 lowest) of the key's bits made to order as unsigned integers in the keys' order. */
  const digit = (item: number, pass: number): number => {
    const h = words[2 * item + high]!, l = words[2 * item + low]!;
    let word: number;
    if (h >>> 31 === 0) word = pass < 2 ? l : (h | 0x80000000) >>> 0; // positive: the sign bit set
    else if (h === 0x80000000 && l === 0) word = pass < 2 ? 0 : 0x80000000; // -0 as 0
    else word = ~(pass < 2 ? l : h) >>> 0; // negative: every bit flipped, a larger magnitude first
    return (word >>> ((pass & 1) * 16)) & 0xffff;
  };
  let from: Uint32Array = items, to: Uint32Array = new Uint32Array(n);
  const counts = new Uint32Array(DIGITS);
  for (let pass = 0; pass < 4; pass++) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[digit(from[i]!, pass)]!++;
    // a digit every key shares moves nothing: skip the pass (the high bits of times, mostly)
    if (counts[digit(from[0]!, pass)] === n) continue;
    let sum = 0;
    for (let d = 0; d < DIGITS; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const item = from[i]!;
      to[counts[digit(item, pass)]!++] = item;
    }
    [from, to] = [to, from];
  }
  if (from !== items) items.set(from);
  return items;
}
