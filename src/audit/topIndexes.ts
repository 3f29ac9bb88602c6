// The few largest of many values, without sorting them all (a million sources, ten listed).

/** The `n` indexes of `count` with the largest values of `score`, largest first. */
export function topIndexes(count: number, n: number, score: (i: number) => number): number[] {
  const top: number[] = [];
  // none wanted (--top 0): the loop below compares with the last kept, which needs one kept
  if (n < 1) return top;
  for (let i = 0; i < count; i++) {
    const s = score(i);
    if (top.length === n && s <= score(top[n - 1]!)) continue;
    let at = top.length === n ? n - 1 : top.length;
    while (at > 0 && score(top[at - 1]!) < s) {
      if (at < n) top[at] = top[at - 1]!;
      at--;
    }
    top[at] = i;
    if (top.length > n) top.length = n;
  }
  return top;
}
