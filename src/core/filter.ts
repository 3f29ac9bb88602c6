// Which records a read keeps. The core tests the conditions on the records before
// decoding them (types by raw number, user and line byte by byte, times by range),
// so rows it drops are never decoded, copied out or turned into entries.
import { EntryType } from "../layouts/entryType.ts";
import { valueKind } from "../util/valueKind.ts";
import type { Layout } from "../layouts/table.ts";
import { typeFromStrings } from "../layouts/conventions.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";

export interface EntryFilter {
  /** Keep these canonical types only. */
  type?: EntryType | readonly EntryType[] | undefined;
  /** Keep records of this user name only (the whole field, as stored). */
  user?: string | undefined;
  /** Keep records of this line (tty) only. */
  line?: string | undefined;
  /** Keep records at or after this time (a Date, or seconds since the epoch). */
  since?: Date | number | undefined;
  /** Keep records before this time. */
  until?: Date | number | undefined;
  /** Keep all-zero records too (unused utmp slots, wiped wtmp records); default false. */
  includeZeroed?: boolean | undefined;
}

/** A filter resolved for one layout, in the core's terms. */
export interface CompiledFilter {
  readonly typeMask: number;
  /** Types the core cannot test (layouts whose type comes from strings): tested on entries instead. */
  readonly entryTypes: ReadonlySet<EntryType> | undefined;
  readonly user: Uint8Array | undefined;
  readonly line: Uint8Array | undefined;
  readonly since: TimeBound;
  readonly until: TimeBound;
  readonly keepZero: boolean;
}

const ALL_TYPES = 0xffffffff;
/**
 * A time as the core compares it with a record's: a whole second, and the
 * microseconds into it (0 to 999999) a record's must reach, to the nearest
 * microsecond (records hold whole ones; a double of seconds since 1970 holds
 * no finer). A bound inside a second (a Date's milliseconds) is met exactly: a
 * record 10.250 s past a minute passes `since` at 10.250 and not at 10.251,
 * and fails `until` at 10.1.
 */
export interface TimeBound {
  readonly second: number;
  readonly micro: number;
}

/** A bound; NaN (an Invalid Date) would keep every record without a word: refused. */
function bound(name: "since" | "until", t: Date | number | undefined, otherwise: number): TimeBound {
  if (t === undefined) return { second: otherwise, micro: 0 };
  if (!(t instanceof Date) && typeof t !== "number") refuse(name, t, "a Date or seconds since the epoch");
  const s = t instanceof Date ? t.getTime() / 1000 : t;
  if (Number.isNaN(s)) throw new UtmpError(UtmpErrorCode.BAD_INPUT, `utmpx: filter ${name} is not a time (${t instanceof Date ? "an Invalid Date" : "NaN"})`);
  if (!Number.isFinite(s)) return { second: s, micro: 0 };
  const second = Math.floor(s);
  const micro = Math.round((s - second) * 1e6);
  return micro === 1e6 ? { second: second + 1, micro: 0 } : { second, micro };
}

/**
 * A filter value of the wrong kind, refused: each one filtered silently, to
 * nothing (a type misspelt, a RegExp for a user) or to everything (a string
 * time, which became NaN in the core and turned the time test off).
 */
function refuse(name: string, value: unknown, wanted: string): never {
  throw new UtmpError(UtmpErrorCode.BAD_INPUT, `utmpx: filter ${name} is ${valueKind(value)}, not ${wanted}`);
}

const TYPE_NAMES: ReadonlySet<string> = new Set(Object.values(EntryType));
const FILTER_KEYS: ReadonlySet<string> = new Set(["type", "user", "line", "since", "until", "includeZeroed"] satisfies (keyof EntryFilter)[]);

/** The types wanted, each a canonical type's name. */
function wantedTypes(type: unknown): Set<EntryType> | undefined {
  if (type === undefined) return undefined;
  const list = typeof type === "string" ? [type] : Array.isArray(type) ? type : refuse("type", type, "an entry type or a list of them");
  for (const t of list) if (typeof t !== "string" || !TYPE_NAMES.has(t)) refuse("type", t, `an entry type (${[...TYPE_NAMES].join(", ")})`);
  return new Set(list as EntryType[]);
}

/** A user or line wanted: the whole field's text. */
function text(name: "user" | "line", value: unknown): Uint8Array | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") refuse(name, value, "a string (the whole field)");
  return new TextEncoder().encode(value);
}

export function compileFilter(filter: EntryFilter, layout: Layout): CompiledFilter {
  if (typeof filter !== "object" || filter === null) {
    throw new TypeError(`utmpx: a filter is ${valueKind(filter)}, not an object ({ type, user, line, since, until, includeZeroed })`);
  }
  // a misspelt key ({ usr: "root" }) filtered nothing, so the read gave every record as if it matched
  for (const key of Object.keys(filter)) {
    if (!FILTER_KEYS.has(key)) throw new UtmpError(UtmpErrorCode.BAD_INPUT, `utmpx: a filter has no key "${key}" (it takes ${[...FILTER_KEYS].join(", ")})`);
  }
  const wanted = wantedTypes(filter.type);
  if (filter.includeZeroed !== undefined && typeof filter.includeZeroed !== "boolean") refuse("includeZeroed", filter.includeZeroed, "true or false");
  const byString = typeFromStrings(layout);
  let typeMask = ALL_TYPES;
  if (wanted && !byString) {
    typeMask = 0;
    layout.types.forEach((t, raw) => { if (wanted.has(t) && raw < 31) typeMask |= 1 << raw; });
    if (wanted.has("UNKNOWN")) {
      // every number past the table is UNKNOWN: bits up to 30, then bit 31 for the rest (and the negative)
      for (let raw = layout.types.length; raw < 31; raw++) typeMask |= 1 << raw;
      typeMask |= 1 << 31;
    }
    typeMask >>>= 0;
  }
  return {
    typeMask,
    entryTypes: wanted && byString ? wanted : undefined,
    user: text("user", filter.user),
    line: text("line", filter.line),
    since: bound("since", filter.since, -Infinity),
    until: bound("until", filter.until, Infinity),
    keepZero: filter.includeZeroed === true,
  };
}
