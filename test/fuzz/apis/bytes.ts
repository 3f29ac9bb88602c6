// The APIs that read bytes in memory: fromBytes (every layout forced, and
// detected) with every field of every entry, batches(), count()/filter(),
// sessions() and lastlog reading.
import { expect } from "vitest";
import {
  EntryType, fromBytes, formatLast, LAYOUTS, lastlogFromBytes, sessions, UtmpErrorCode,
  utmpdumpBatch, utmpdumpLine, type Database, type Entry, type EntryFilter, type SessionRecord,
} from "../../../src/index.ts";
import { decodeReference } from "../../../src/reference/dataViewDecoder.ts";
import { TypeSource } from "../../../src/core/recordBatch.ts";
import type { FuzzApi, Rng } from "../harness.ts";
import { mutateBytes } from "../mutate.ts";
import { entryKey, expectKnownError, expectSameKeys, soundAfter } from "../oracle.ts";
import { BYTE_SEEDS, LASTLOG_SEEDS, type ByteSeed } from "../seeds.ts";

/** Detection may refuse bytes; with a layout given, any bytes are records. */
export const DETECT_CODES = [UtmpErrorCode.UNKNOWN_LAYOUT, UtmpErrorCode.UNSUPPORTED_FORMAT];

export interface BytesInput {
  /** The seed and what was done to it (for the report). */
  readonly seed: string;
  readonly how: readonly string[];
  readonly bytes: Uint8Array;
  /** The layout forced, or null for detection. */
  readonly layout: string | null;
}

const DONORS = BYTE_SEEDS.map((s) => s.bytes);

/**
 * A mutated seed. The layout: detected (1 in 3), the seed's own forced (its
 * records nearly valid), or the table's rows forced in turn, so every layout
 * is forced in every run of 141 inputs or more.
 */
export function generateBytes(rng: Rng, index: number, seeds: readonly ByteSeed[] = BYTE_SEEDS): BytesInput {
  const seed = rng.pick(seeds);
  const shape = seed.layout ?? rng.pick(LAYOUTS);
  const { bytes, how } = rng.chance(0.05) ? { bytes: seed.bytes.slice(), how: ["none"] } : mutateBytes(rng, seed.bytes, shape, DONORS);
  const mode = index % 3;
  const layout = mode === 0 ? null : mode === 1 ? shape.id : LAYOUTS[Math.floor(index / 3) % LAYOUTS.length]!.id;
  return { seed: seed.name, how, bytes, layout };
}

const options = (input: BytesInput) => (input.layout === null ? {} : { layout: input.layout });

/** The database and every entry of the bytes, or undefined when detection refused them (checked to be allowed). */
function decodeAll(input: BytesInput): { db: Database; entries: Entry[] } | undefined {
  const db = fromBytes(input.bytes, options(input));
  try {
    return { db, entries: [...db] };
  } catch (err) {
    expectKnownError(err, input.layout === null ? DETECT_CODES : []);
    soundAfter(true);
    return undefined;
  }
}

/** The entries' fields equal the pure-TypeScript reference decoder's, where the two define them alike. */
function expectSameAsReference(entries: Entry[], bytes: Uint8Array): void {
  const batch = entries[0]?.batch;
  if (!batch || batch.layout.framing) return;
  const reference = decodeReference(bytes, batch.layout);
  expect(entries.length).toBe(reference.length);
  // the type of untyped, lastlog and named-event layouts comes from conventions the reference leaves out
  const sameType = batch.typeSource === TypeSource.Table;
  const got = entries.map((e, i) => {
    const json: Record<string, unknown> = { ...e.toJSON() };
    if (!sameType) { json.type = reference[i]!.type; Reflect.deleteProperty(json, "uid"); }
    return JSON.stringify([json, e.zeroed, sameType ? e.warnings.map((w) => w.code) : []]);
  });
  const want = reference.map(({ zeroed, problems, ...plain }) => JSON.stringify([plain, zeroed, sameType ? problems : []]));
  expectSameKeys(got, want, "entries as the reference decoder reads them");
}

export const fromBytesApi: FuzzApi<BytesInput> = {
  name: "fromBytes",
  generate: generateBytes,
  check(input) {
    const decoded = decodeAll(input);
    if (!decoded) return;
    const { db, entries } = decoded;
    const keys = entries.map((e) => entryKey(e));
    expectSameAsReference(entries, input.bytes);
    expect(db.length).toBe(entries.length);
    // utmpdump's text of the whole batch is its records' lines
    const batch = entries[0]?.batch;
    if (batch && batch.length === entries.length) {
      const lines = entries.map((e) => utmpdumpLine(e)).filter((l) => l !== undefined);
      expect(utmpdumpBatch(batch), "utmpdumpBatch").toBe(lines.join(""));
    }
    // at(): a record read alone equals the same record read in a batch
    for (const i of [0, entries.length - 1, -1, Math.floor(entries.length / 2)]) {
      const one = db.at(i);
      const j = i < 0 ? i + entries.length : i;
      expect(one && entryKey(one), `at(${i})`).toBe(keys[j]);
    }
    const layout = db.layout;
    if (!layout.framing) {
      const partial = input.bytes.length % layout.recordSize;
      expect(db.warnings.filter((w) => w.code === "PARTIAL_RECORD").map((w) => w.length)).toStrictEqual(partial ? [partial] : []);
    }
    soundAfter(false);
  },
};

export const batchesApi: FuzzApi<BytesInput> = {
  name: "batches",
  generate: generateBytes,
  check(input) {
    const decoded = decodeAll(input);
    if (!decoded) return;
    const { db, entries } = decoded;
    const keys = entries.map((e) => entryKey(e));
    expectSameKeys([...db.batches()].flatMap((b) => [...b].map((e) => entryKey(e))), keys, "batches()");
    // transient batches: read each before asking for the next
    const transient: string[] = [];
    for (const b of db.batches(undefined, true)) for (const e of b) transient.push(entryKey(e));
    expectSameKeys(transient, keys, "transient batches");
    const backward = [...db.batchesBackward()].reverse().flatMap((b) => [...b].map((e) => entryKey(e)));
    expectSameKeys(backward, keys, "batchesBackward()");
    soundAfter(false);
  },
};

export interface FilterInput extends BytesInput {
  /** Times as seconds (JSON keeps no Date); `sinceAsDate`: `since` is passed as the Date of those seconds. */
  readonly filter: EntryFilter;
  readonly sinceAsDate: boolean;
}

/** The filter as the API is given it: `since` a Date when the input says so (and a Date can hold it). */
function filterOf(input: FilterInput): EntryFilter {
  const since = input.filter.since;
  return input.sinceAsDate && typeof since === "number" && Math.abs(since) < 8e12 ? { ...input.filter, since: new Date(since * 1000) } : input.filter;
}

const TYPES = Object.values(EntryType);

/** A filter made of values the records hold (so it keeps some) and values they do not. */
function generateFilter(rng: Rng, input: BytesInput): EntryFilter {
  let sample: Entry[] = [];
  try {
    sample = [...fromBytes(input.bytes, options(input))].slice(0, 64);
  } catch {
    sample = [];
  }
  const some = sample.length > 0 ? rng.pick(sample) : undefined;
  const filter: EntryFilter = {};
  if (rng.chance(0.5)) {
    const types = TYPES.filter(() => rng.chance(0.3));
    filter.type = types.length === 1 && rng.chance(0.5) ? types[0]! : types;
  }
  if (rng.chance(0.3)) filter.user = rng.chance(0.7) ? some?.user ?? "" : rng.pick(["root", "", "alice", "jörg", "x".repeat(40)]);
  if (rng.chance(0.3)) filter.line = rng.chance(0.7) ? some?.line ?? "" : rng.pick(["pts/0", "~", "", "tty1"]);
  const time = () => (some && rng.chance(0.7) ? some.seconds + rng.range(-1, 1) : rng.pick([0, -1, 2 ** 31, 1_700_000_000, 2 ** 53]));
  if (rng.chance(0.3)) filter.since = rng.chance(0.2) ? time() + rng.int(1000) / 1000 : time();
  if (rng.chance(0.3)) filter.until = time();
  if (rng.chance(0.5)) filter.includeZeroed = rng.chance(0.5);
  return filter;
}

const utf8 = new TextEncoder();
// a layout without the field (lastlog has no user) holds an empty one
const sameBytes = (a: Uint8Array | undefined, b: Uint8Array) => Buffer.from(a ?? new Uint8Array(0)).equals(b);
const secondsOf = (t: Date | number) => (t instanceof Date ? t.getTime() / 1000 : t);

/** What `filter` keeps of `entries`, by its documented meaning, tested in JavaScript on entries. */
function model(entries: Entry[], filter: EntryFilter): Entry[] {
  const types = filter.type === undefined ? undefined : new Set<string>(typeof filter.type === "string" ? [filter.type] : filter.type);
  return entries.filter((e) =>
    (filter.includeZeroed === true || !e.zeroed) &&
    (types === undefined || types.has(e.type)) &&
    (filter.user === undefined || sameBytes(e.raw.user, utf8.encode(filter.user))) &&
    (filter.line === undefined || sameBytes(e.raw.line, utf8.encode(filter.line))) &&
    (filter.since === undefined || e.seconds >= secondsOf(filter.since)) &&
    (filter.until === undefined || e.seconds < secondsOf(filter.until)));
}

export const countFilterApi: FuzzApi<FilterInput> = {
  name: "count-filter",
  generate(rng, index) {
    const input = generateBytes(rng, index);
    return { ...input, filter: generateFilter(rng, input), sinceAsDate: rng.chance(0.2) };
  },
  check(input) {
    const decoded = decodeAll(input);
    if (!decoded) return;
    const { db, entries } = decoded;
    expect(db.count(), "count() counts every record").toBe(entries.length);
    const filter = filterOf(input);
    const kept = [...db.filter(filter)].map((e) => entryKey(e));
    expectSameKeys(kept, model(entries, filter).map((e) => entryKey(e)), "filter() keeps what the filter means");
    expect(db.count(filter), "count(filter)").toBe(kept.length);
    expectSameKeys([...db.batches(filter)].flatMap((b) => [...b].map((e) => entryKey(e))), kept, "batches(filter)");
    soundAfter(false);
  },
};

/**
 * A record as a plain object: sessions() must treat it as it treats the Entry.
 * With its batch, as another copy of this library's Entry would have it: plain
 * records without one are read as Linux records.
 */
function plain(e: Entry): SessionRecord & Pick<Entry, "batch" | "index"> {
  return { type: e.type, user: e.user, line: e.line, host: e.host, pid: e.pid, seconds: e.seconds,
    microseconds: e.microseconds, offset: e.offset, raw: e.raw, id: e.id, batch: e.batch, index: e.index };
}

export interface SessionsInput extends BytesInput {
  readonly now: number;
  readonly lastb: boolean;
  readonly since: number | null;
}

const NOW = 1_800_000_000;

export const sessionsApi: FuzzApi<SessionsInput> = {
  name: "sessions",
  generate(rng, index) {
    const input = generateBytes(rng, index);
    return { ...input, now: rng.chance(0.5) ? NOW : rng.pick([0, 1_700_003_000, 2 ** 32]),
      lastb: rng.chance(0.2), since: rng.chance(0.2) ? 1_700_000_100 : null };
  },
  check(input) {
    const entries = decodeAll(input)?.entries;
    if (!entries) return;
    const opts = { now: input.now, lastb: input.lastb, ...(input.since === null ? {} : { since: input.since }) };
    const rows = sessions(entries, opts);
    // the Entry fast path (columns) and the plain-record path pair records alike
    expect(JSON.stringify(sessions(entries.map(plain), opts)), "sessions of plain records").toBe(JSON.stringify(rows));
    for (const extended of [false, true]) formatLast(rows, { extended, timeZone: "UTC", ip: extended, nonAscii: extended ? "utf8" : "escape" });
    soundAfter(false);
  },
};

export const lastlogApi: FuzzApi<BytesInput> = {
  name: "lastlog",
  generate(rng, index) {
    const input = generateBytes(rng, index, LASTLOG_SEEDS);
    // forced layouts among the lastlog rows only: Lastlog reads lastlog files
    const rows = LAYOUTS.filter((l) => l.kind === "lastlog");
    return input.layout === null ? input : { ...input, layout: rng.pick(rows).id };
  },
  check(input) {
    const lastlog = lastlogFromBytes(input.bytes, options(input));
    let logins: Entry[];
    try {
      logins = [...lastlog];
    } catch (err) {
      expectKnownError(err, input.layout === null ? DETECT_CODES : []);
      soundAfter(true);
      return;
    }
    const layout = lastlog.layout;
    expect(layout.kind).toBe("lastlog");
    // the uids that logged in are the non-empty slots a plain read of the same records gives
    const slots = [...fromBytes(input.bytes, { layout: layout.id })].filter((e) => e.type !== "EMPTY");
    expectSameKeys(logins.map((e) => entryKey(e)), slots.map((e) => entryKey(e)), "iteration");
    expect(lastlog.length).toBe(Math.floor(input.bytes.length / layout.recordSize));
    for (const e of logins.slice(0, 16)) {
      expect(e.uid).toBe(e.offset / layout.recordSize);
      const got = lastlog.get(e.uid!);
      expect(got && entryKey(got), `get(${e.uid})`).toBe(entryKey(e));
    }
    for (const uid of [-1, 0.5, lastlog.length, 2 ** 40, Number.NaN]) expect(lastlog.get(uid), `get(${uid})`).toBeUndefined();
    soundAfter(false);
  },
};

export const BYTE_APIS: readonly FuzzApi<unknown>[] = [fromBytesApi, batchesApi, countFilterApi, sessionsApi, lastlogApi];
