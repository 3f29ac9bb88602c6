// An index of a record (db.at(i), batch.get(i)): a whole number, negative
// counting from the end. Anything else was coerced, as Array.prototype.at
// coerces: at("3") read record 3, at(1.5) record 1, at(null) and at(true)
// records 0 and 1, a record the caller never named; batch.get(1.5) made an
// Entry between two records, every field undefined.
import { valueKind } from "./valueKind.ts";

/** Throws unless `i` is a whole number: a RangeError for another number (1.5, NaN), a TypeError for any other kind. */
export function checkIndex(i: unknown, what: string): void {
  if (Number.isInteger(i)) return;
  const message = `utmpx: ${what} is ${valueKind(i)}, not a whole number (negative counts from the end)`;
  throw typeof i === "number" ? new RangeError(message) : new TypeError(message);
}
