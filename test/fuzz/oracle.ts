// What must hold for every input: a failure is a UtmpError with a code the API
// documents (never a TypeError, RangeError, wasm trap or INTERNAL), and the core
// is sound after it (known-good files decode as before, and batches kept from
// before still read the same).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { fromBytes, UtmpError, type Entry, type EntryBatch, type UtmpErrorCode } from "../../src/index.ts";
import { FIXTURES } from "../support/paths.ts";

/** Rethrows `err` unless it is a UtmpError with one of `codes`. */
export function expectKnownError(err: unknown, codes: readonly UtmpErrorCode[]): void {
  if (err instanceof UtmpError && codes.includes(err.code)) return;
  if (err instanceof UtmpError) throw new Error(`UtmpError ${err.code} where only ${codes.join(", ") || "success"} may come: ${err.message}`, { cause: err });
  throw err;
}

const hex = (b: Uint8Array | undefined) => (b === undefined ? null : Buffer.from(b).toString("hex"));

/**
 * Every field of an entry, read through every getter, as one string: equal
 * records give equal keys. `withOffset` false for a record that moved
 * (its offset, and a lastlog record's uid, left out); `withZeroed` false for
 * a record rewritten from its fields (bytes outside them, which made it not
 * all zero, are not written).
 */
export function entryKey(e: Entry, withOffset = true, withZeroed = true): string {
  const raw = e.raw;
  const json = e.toJSON();
  const plain = {
    type: e.type, rawType: e.rawType, uid: e.uid, id: e.id, user: e.user, line: e.line, host: e.host,
    seconds: e.seconds, microseconds: e.microseconds, date: e.date.getTime(), pid: e.pid, session: e.session,
    exit: e.exit, addr: e.addr, zeroed: withZeroed ? e.zeroed : undefined,
  };
  if (!withOffset) {
    // a lastlog record's uid is its position
    for (const key of ["offset", "uid"]) { Reflect.deleteProperty(json, key); Reflect.deleteProperty(plain, key); }
  }
  return JSON.stringify([json, plain, withOffset ? e.offset : 0, e.warnings.map((w) => w.code),
    [raw.id, raw.user, raw.line, raw.host, raw.addr].map(hex)]);
}

// The known-good files: a glibc wtmp (fixed-size records) and a FreeBSD utx.log
// (framed), decoded once before any fuzzing, kept as batches and as keys.
const GOOD = ["generated-glibc-x86_64/wtmp", "s4/FreeBSD14.0/x86_64/utx.log"].map((name) => {
  const bytes = new Uint8Array(readFileSync(join(FIXTURES, name)));
  const batches: EntryBatch[] = [...fromBytes(bytes).batches()];
  const keys = batches.flatMap((b) => [...b].map((e) => entryKey(e)));
  return { name, bytes, batches, keys };
});

/** The core still decodes the known-good files exactly as before, and their batches of before still read the same. */
export function expectCoreSound(): void {
  for (const good of GOOD) {
    const again = [...fromBytes(good.bytes)].map((e) => entryKey(e));
    expectSameKeys(again, good.keys, `${good.name} decoded again`);
    const kept = good.batches.flatMap((b) => [...b].map((e) => entryKey(e)));
    expectSameKeys(kept, good.keys, `${good.name}: batches decoded before the fuzzing`);
  }
}

/** Equal lists of keys; the diff is worked out only when they differ (deep equality of every list is slow). */
export function expectSameKeys(got: readonly (string | undefined)[], want: readonly (string | undefined)[], what: string): void {
  if (got.length === want.length && got.every((k, i) => k === want[i])) return;
  expect(got, what).toStrictEqual(want);
}

let checks = 0;
/** expectCoreSound() after every error (`failed`), and every 32nd call otherwise. */
export function soundAfter(failed: boolean): void {
  if (failed || ++checks % 32 === 0) expectCoreSound();
}
