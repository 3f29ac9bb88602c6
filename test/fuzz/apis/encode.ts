// encode() round trips: a decoded entry encoded in its own layout decodes to
// the same entry; encoding in any layout is refused only with OUT_OF_RANGE, and
// what it writes is stable (encoding its decode again gives the same bytes);
// plain values come back as given where the layout has room for them.
import { expect } from "vitest";
import { encode, EntryType, findLayout, fromBytes, LAYOUTS, UtmpErrorCode, type Entry, type EntryInput, type Layout } from "../../../src/index.ts";
import type { FuzzApi, Rng } from "../harness.ts";
import { entryKey, expectKnownError, expectSameKeys, soundAfter } from "../oracle.ts";
import { generateBytes, type BytesInput } from "./bytes.ts";

/** encode()'s one refusal: a value that does not fit its field. */
const ENCODE_CODES = [UtmpErrorCode.OUT_OF_RANGE];

/** An EntryInput as JSON can hold it (the date as milliseconds). */
type ValuesJson = Omit<EntryInput, "date"> & { dateMs?: number };

export interface EncodeInput {
  /** Decoded entries of these bytes (in `layout`) are encoded, or `values` are. */
  readonly from: BytesInput | null;
  readonly values: readonly ValuesJson[];
  /** The layout written. */
  readonly target: string;
}

const layoutOf = (id: string): Layout => findLayout(id)!;

function encodeOrRefuse(entries: readonly (Entry | EntryInput)[], target: string): Uint8Array | undefined {
  try {
    return encode(entries, target);
  } catch (err) {
    expectKnownError(err, ENCODE_CODES);
    soundAfter(true);
    return undefined;
  }
}

/** Encoding the decode of `bytes` gives `bytes` again. */
function expectStable(bytes: Uint8Array, target: string): void {
  const again = encode([...fromBytes(bytes, { layout: target })], target);
  expect(Buffer.from(again).equals(Buffer.from(bytes)), `encode(decode(x)) is x in ${target}`).toBe(true);
}

const NUMBERS = [0, 1, -1, 7, 255, 256, 65_535, 65_536, 999_999, 1_000_000, 2 ** 31 - 1, -(2 ** 31), 2 ** 32 - 1, 2 ** 32,
  1_700_000_000, 2 ** 53 - 1, 2 ** 53, -(2 ** 53), 1.5, Number.NaN, Number.POSITIVE_INFINITY];
const TEXTS = ["", "root", "pts/0", "~", "jörg", "ts/0", "192.0.2.1", "a\u0000b", "x".repeat(300), "\ud800", "😀".repeat(20)];
const ADDRS = ["192.0.2.7", "2001:db8::1", "::ffff:192.0.2.7", "::", "0.0.0.0", "256.1.1.1", "1::2::3", "not an address", ""];

function randomNumber(rng: Rng): number {
  return rng.chance(0.6) ? rng.pick(NUMBERS) : rng.range(-10, 100_000);
}

function randomText(rng: Rng): string | Uint8Array {
  if (rng.chance(0.2)) return rng.bytes(rng.size(300));
  return rng.chance(0.7) ? rng.pick(TEXTS) : String.fromCharCode(...Array.from({ length: rng.size(80) }, () => rng.int(rng.chance(0.8) ? 128 : 0xffff)));
}

function randomValues(rng: Rng): ValuesJson {
  const v: ValuesJson = {};
  if (rng.chance(0.7)) v.type = rng.pick(Object.values(EntryType));
  if (rng.chance(0.2)) v.rawType = rng.chance(0.7) ? rng.range(0, 12) : randomNumber(rng);
  for (const field of ["id", "user", "line", "host"] as const) if (rng.chance(0.7)) v[field] = randomText(rng);
  if (rng.chance(0.7)) v.pid = randomNumber(rng);
  if (rng.chance(0.3)) v.session = randomNumber(rng);
  if (rng.chance(0.3)) v.exit = { termination: randomNumber(rng), exit: randomNumber(rng) };
  if (rng.chance(0.7)) v.seconds = rng.chance(0.5) ? rng.range(0, 2 ** 31) : randomNumber(rng);
  if (rng.chance(0.5)) v.microseconds = rng.chance(0.5) ? rng.range(0, 999_999) : randomNumber(rng);
  if (rng.chance(0.1)) v.dateMs = rng.chance(0.9) ? rng.range(-1e12, 5e12) : Number.NaN;
  if (rng.chance(0.5)) v.addr = rng.chance(0.8) ? rng.pick(ADDRS) : rng.bytes(rng.pick([16, 4, 3]));
  return v;
}

/**
 * A string value holding a NUL: encode() writes the bytes after it too, and
 * counts them in Solaris's ut_syslen, where decoding (C's rule) stops at the
 * NUL; so encoding the decode again differs (report of issue 10).
 */
function hasNul(v: Pick<EntryInput, "id" | "user" | "line" | "host">): boolean {
  return (["id", "user", "line", "host"] as const).some((k) => {
    const s = v[k];
    return s !== undefined && (typeof s === "string" ? s.includes("\u0000") : s.includes(0));
  });
}

function entryInput(v: ValuesJson): EntryInput {
  const { dateMs, ...rest } = v;
  return dateMs === undefined ? rest : { ...rest, date: new Date(dateMs) };
}

/** The bytes a string field holds: the value's UTF-8 cut to the field, up to its first NUL. */
function stored(value: string | Uint8Array | undefined, length: number): string {
  const bytes = (typeof value === "string" ? new TextEncoder().encode(value) : value ?? new Uint8Array(0)).subarray(0, length);
  const nul = bytes.indexOf(0);
  return Buffer.from(nul < 0 ? bytes : bytes.subarray(0, nul)).toString("hex");
}

/** The values the layout has a field for come back as given. */
function expectValuesKept(e: Entry, v: EntryInput, layout: Layout): void {
  const f = layout.fields;
  if (f.pid) expect(e.pid, "pid").toBe(v.pid ?? 0);
  if (f.session) expect(e.session, "session").toBe(v.session ?? 0);
  if (f.exit) expect(e.exit, "exit").toStrictEqual(v.exit ?? { termination: 0, exit: 0 });
  if (f.seconds && v.date === undefined) expect(e.seconds, "seconds").toBe(v.seconds ?? 0);
  if ((f.microseconds || f.seconds?.kind === "u64-micros") && v.date === undefined) expect(e.microseconds, "microseconds").toBe(v.microseconds ?? 0);
  if (f.type && v.rawType !== undefined) expect(e.rawType, "rawType").toBe(v.rawType);
  for (const name of ["user", "line", "host", ...(layout.binaryId ? [] : ["id"] as const)] as const) {
    const field = f[name];
    if (field) expect(Buffer.from(e.raw[name]!).toString("hex"), name).toBe(stored(v[name], field.length));
  }
}

export const encodeApi: FuzzApi<EncodeInput> = {
  name: "encode",
  generate(rng, index) {
    const target = rng.pick(LAYOUTS).id;
    if (rng.chance(0.5)) {
      return { from: null, values: Array.from({ length: rng.range(1, 4) }, () => randomValues(rng)), target };
    }
    const from = generateBytes(rng, index);
    const layout = from.layout ?? rng.pick(LAYOUTS).id; // entries are decoded in a layout given
    return { from: { ...from, layout }, values: [], target: rng.chance(0.5) ? layout : target };
  },
  check(input) {
    const target = layoutOf(input.target);
    if (input.from === null) {
      const values = input.values.map(entryInput);
      const bytes = encodeOrRefuse(values, input.target);
      if (!bytes) return;
      const back = [...fromBytes(bytes, { layout: target })];
      expect(back.length, "one record per entry").toBe(values.length);
      back.forEach((e, i) => expectValuesKept(e, values[i]!, target));
      // bytes after a NUL inside a string are written but read by no one (see the report of issue 10)
      if (!values.some(hasNul)) expectStable(bytes, input.target);
      soundAfter(false);
      return;
    }
    const layout = input.from.layout!;
    const entries = [...fromBytes(input.from.bytes, { layout })].slice(0, 64);
    const bytes = encodeOrRefuse(entries, input.target);
    if (!bytes) return;
    if (input.target === layout) {
      // in its own layout an entry is written from its raw bytes and numbers: it decodes to itself
      const back = [...fromBytes(bytes, { layout })];
      expectSameKeys(back.map((e) => entryKey(e, false, false)), entries.map((e) => entryKey(e, false, false)), "entries encoded and decoded again");
      entries.forEach((e, i) => { if (e.zeroed) expect(back[i]!.zeroed, `record ${i} stays all zero`).toBe(true); });
      for (const e of entries.slice(0, 4)) {
        const one = encode([e], layout);
        expect(entryKey(fromBytes(one, { layout }).at(0)!, false, false), "one entry encoded alone").toBe(entryKey(e, false, false));
      }
    }
    // a FreeBSD id is binary (fu_id): bytes after a NUL in it, written into a text id, are read by no one
    if (!entries.some((e) => hasNul(e.raw))) expectStable(bytes, input.target);
    soundAfter(false);
  },
};

export const ENCODE_APIS: readonly FuzzApi<unknown>[] = [encodeApi];
