// A stable sort of row numbers by a key, as a natural merge sort: login
// files are nearly in time order already (a few runs), which this finishes in
// a pass or two, where a comparison sort would still do n log n callbacks.
// NaN keys (a field the layout lacks) go last.
const MIN_RUN = 32;

/** Row numbers 0..n-1 in order. */
export function identity(n: number): Uint32Array<ArrayBuffer> {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}

/**
 * Row numbers 0..n-1 in the order of `keys`, which is overwritten (NaN becomes
 * Infinity): the caller's scratch, not copied, since a million-row copy is 8 MB
 * of fresh memory, ~40 ms to touch on this machine.
 */
export function sortByKey(keys: Float64Array): Uint32Array {
  const n = keys.length;
  const key = keys;
  let sorted = true;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(key[i]!)) key[i] = Infinity;
    if (i > 0 && key[i]! < key[i - 1]!) sorted = false;
  }
  let a = identity(n);
  // a file in time order, sorted by time (what the table opens with): nothing to merge
  if (sorted) return a;
  // ascending runs, each at least MIN_RUN long (short ones extended by
  // insertion sort, as timsort does), then neighbours merged until one is left
  let runs: number[] = [];
  for (let start = 0; start < n;) {
    runs.push(start);
    let end = start + 1;
    while (end < n && key[end]! >= key[end - 1]!) end++;
    const until = Math.min(n, start + MIN_RUN);
    for (; end < until; end++) {
      const v = a[end]!;
      let j = end - 1;
      while (j >= start && key[a[j]!]! > key[v]!) { a[j + 1] = a[j]!; j--; }
      a[j + 1] = v;
    }
    start = end;
  }
  runs.push(n);
  let b = new Uint32Array(n);
  while (runs.length > 2) {
    const next: number[] = [0];
    for (let r = 0; r + 1 < runs.length; r += 2) {
      const lo = runs[r]!, mid = runs[r + 1]!, hi = runs[r + 2] ?? mid;
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) b[k++] = key[a[j]!]! < key[a[i]!]! ? a[j++]! : a[i++]!;
      while (i < mid) b[k++] = a[i++]!;
      while (j < hi) b[k++] = a[j++]!;
      next.push(hi);
    }
    if (next[next.length - 1] !== n) next.push(n);
    runs = next;
    [a, b] = [b, a];
  }
  return a;
}
