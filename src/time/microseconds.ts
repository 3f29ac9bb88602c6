// A time counted in microseconds (wtmpdb's Login and Logout) as a record holds
// it: whole seconds, and the microseconds into the second.

/**
 * Seconds and microseconds of `us` microseconds since the epoch, the
 * microseconds 0..999999 whatever the sign. Exact for a count past 2^53 given
 * as a bigint: its seconds (|us| / 1e6, at most 2^63 / 1e6) are a safe integer.
 */
export function secondsAndMicros(us: number | bigint): { seconds: number; microseconds: number } {
  if (typeof us === "number") {
    const seconds = Math.floor(us / 1e6);
    return { seconds, microseconds: us - seconds * 1e6 };
  }
  let seconds = us / 1_000_000n;
  if (us < 0n && seconds * 1_000_000n !== us) seconds -= 1n;
  return { seconds: Number(seconds), microseconds: Number(us - seconds * 1_000_000n) };
}

/**
 * A record's time as a Date (whole milliseconds): its microseconds taken into
 * 0..999999 first, so that a record with a bad count (BAD_MICROSECONDS) keeps
 * its second, as its JSON text does, rather than moving by whole seconds.
 */
export function recordDate(seconds: number, microseconds: number): Date {
  const us = microseconds < 0 ? 0 : microseconds > 999999 ? 999999 : microseconds;
  return new Date(seconds * 1000 + Math.trunc(us / 1000));
}
