// Column stores that grow as rows come (string tables, wtmpdb's columns, the
// audit's per-source columns) keep their values in typed arrays and copy them
// into larger ones: this is that copy, once.

type Growable = Uint8Array | Int32Array | Uint32Array | Float64Array | BigInt64Array;

/** `array`, or a copy of it at least twice as large when it holds fewer than `need` elements. */
export function grown<T extends Growable>(array: T, need: number): T {
  if (need <= array.length) return array;
  const bigger = new (array.constructor as new (n: number) => T)(Math.max(need, array.length * 2));
  (bigger as { set(a: T): void }).set(array);
  return bigger;
}
