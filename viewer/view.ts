// The rows the table shows, in order: the records sorted by a column, then
// kept by the column filters, the global search and the histogram's time
// range. Sorting is the costly part (a million keys): its order is cached per
// column and direction until the records change; filtering is one pass.
import type { Store } from "./store.ts";
import { COLUMN, COLUMNS, type ColumnKey } from "./tableColumns.ts";
import { TYPE_NAMES } from "./types.ts";
import { offsetMinutes } from "./time.ts";
import { identity, sortByKey } from "./sortOrder.ts";

export interface ViewState {
  sort: ColumnKey;
  descending: boolean;
  filters: Map<ColumnKey, string>;
  search: string;
  /** "filter": only matching rows; "highlight": every row, the matching ones marked. */
  searchMode: "filter" | "highlight";
  /** [from, to) seconds, or none. */
  range: [number, number] | undefined;
  zone: string;
}

export interface View {
  /** Merged row numbers, in display order. */
  readonly rows: Uint32Array;
  /** In highlight mode: 1 for each merged row the search matches. */
  readonly hits: Uint8Array | undefined;
  readonly hitCount: number;
}

let cachedOrder: { version: number; key: string; order: Uint32Array } | undefined;

/** Each row's value to sort `column` by, in one tight loop per column. */
function sortKeys(store: Store, column: ColumnKey): Float64Array {
  const n = store.count, r = store.records!;
  const key = new Float64Array(n);
  const def = COLUMN.get(column)!;
  if (def.dict) {
    const ranks = dictRanks(store.dict.all());
    const ids = r[def.dict];
    for (let g = 0; g < n; g++) key[g] = ranks[ids[g]!]!;
    return key;
  }
  switch (column) {
    case "time": for (let g = 0; g < n; g++) key[g] = r.seconds[g]! * 1e6 + r.micros[g]!; return key;
    case "offset": key.set(r.offset); return key;
    case "source": key.set(store.fileOf); return key;
    case "pid": key.set(r.pid); return key;
    case "session": key.set(r.session); return key;
    case "type": key.set(r.type); return key;
    case "rawType": key.set(r.rawType); return key;
    case "flags": key.set(r.flags); return key;
    default: for (let g = 0; g < n; g++) key[g] = def.number!(store, g); return key;
  }
}

/**
 * Whether the rows are in time order already (how a wtmp opens, by time): then
 * there is no key to build (8 MB of fresh memory per million rows, ~40 ms to
 * touch here) and nothing to sort.
 */
function inTimeOrder(store: Store): boolean {
  const { seconds, micros } = store.records!;
  // the keys sortKeys() would sort by, compared as it would (NaN last)
  let previous = -Infinity;
  for (let g = 0; g < store.count; g++) {
    const key = seconds[g]! * 1e6 + micros[g]!;
    if (!(key >= previous)) return false;
    previous = key;
  }
  return true;
}

/** Merged rows sorted by `column`; ties keep the merged order (file, then position). */
export function sortedOrder(store: Store, column: ColumnKey, descending: boolean): Uint32Array {
  const cacheKey = `${column}:${descending}`;
  if (cachedOrder && cachedOrder.version === store.version && cachedOrder.key === cacheKey) return cachedOrder.order;
  let order = column === "time" && inTimeOrder(store) ? identity(store.count) : sortByKey(sortKeys(store, column));
  if (descending) order = order.slice().reverse();
  cachedOrder = { version: store.version, key: cacheKey, order };
  return order;
}

/**
 * Each dictionary string's place in sorted order; one text under several ids
 * (a field given fresh ids: batchIds.ts) has one rank, so rows that show the
 * same text keep their merged order.
 */
export function dictRanks(dict: readonly string[]): Uint32Array {
  const ids = dict.map((_, i) => i).sort((a, b) => (dict[a]! < dict[b]! ? -1 : dict[a]! > dict[b]! ? 1 : 0));
  const ranks = new Uint32Array(dict.length);
  let rank = 0;
  ids.forEach((id, k) => {
    if (k > 0 && dict[id] !== dict[ids[k - 1]!]) rank++;
    ranks[id] = rank;
  });
  return ranks;
}

/** Which dictionary strings contain `text`, ignoring case. */
function dictMatches(dict: readonly string[], text: string): Uint8Array {
  const needle = text.toLowerCase();
  const out = new Uint8Array(dict.length);
  dict.forEach((s, i) => { if (s.toLowerCase().includes(needle)) out[i] = 1; });
  return out;
}

/**
 * A time filter read as the start of an ISO time in the view's zone
 * ("2024", "2024-03-09T08"): the span it names, in seconds.
 */
export function timePrefixRange(text: string, zone: string): [number, number] | undefined {
  const m = /^(\d{4})(?:-(\d\d)(?:-(\d\d)(?:[T ](\d\d)(?::(\d\d)(?::(\d\d))?)?)?)?)?$/.exec(text.trim());
  if (!m) return undefined;
  const parts = m.slice(1).map((p) => (p === undefined ? undefined : Number(p)));
  const [y, mo = 1, d = 1, hh = 0, mi = 0, ss = 0] = parts as [number, ...(number | undefined)[]];
  const start = Date.UTC(y, mo - 1, d, hh, mi, ss) / 1000;
  const given = parts.filter((p) => p !== undefined).length;
  const end = given === 1 ? Date.UTC(y + 1, 0, 1) / 1000 : given === 2 ? Date.UTC(y, mo, 1) / 1000
    : start + [86400, 3600, 60, 1][given - 3]!;
  const shift = offsetMinutes(zone, start) * 60;
  return [start - shift, end - shift];
}

type Test = (g: number) => boolean;

/** A number filter: ">100", "<=5", "=7", or digits to find in the number's text. */
function numberTest(store: Store, key: ColumnKey, text: string): Test {
  const def = COLUMN.get(key)!;
  const m = /^(>=|<=|>|<|=)\s*(-?\d+(?:\.\d+)?)$/.exec(text.trim());
  if (m) {
    const v = Number(m[2]);
    const value = (g: number) => def.number!(store, g);
    switch (m[1]) {
      case ">": return (g) => value(g) > v;
      case "<": return (g) => value(g) < v;
      case ">=": return (g) => value(g) >= v;
      case "<=": return (g) => value(g) <= v;
      default: return (g) => value(g) === v;
    }
  }
  return (g) => def.text(store, g, "UTC").includes(text);
}

function columnTest(store: Store, key: ColumnKey, text: string, zone: string): Test {
  const r = store.records!;
  const def = COLUMN.get(key)!;
  const lower = text.toLowerCase();
  if (def.dict) {
    const ok = dictMatches(store.dict.all(), text);
    const ids = r[def.dict];
    return (g) => ok[ids[g]!] === 1;
  }
  switch (key) {
    case "source": {
      const ok = new Set(store.files.filter((f) => f.name.toLowerCase().includes(lower)).map((f) => f.id));
      return (g) => ok.has(store.fileOf[g]!);
    }
    case "type": {
      const ok = TYPE_NAMES.map((t) => t.toLowerCase().includes(lower));
      return (g) => ok[r.type[g]!]!;
    }
    case "time": {
      const span = timePrefixRange(text, zone);
      if (!span) return () => false;
      return (g) => r.seconds[g]! >= span[0] && r.seconds[g]! < span[1];
    }
    case "flags":
      return (g) => def.text(store, g, zone).includes(lower);
    default:
      return numberTest(store, key, text);
  }
}

/** The global search: any string field containing the text, the type's name, or the pid. */
function searchTest(store: Store, text: string): Test {
  const r = store.records!;
  const ok = dictMatches(store.dict.all(), text);
  const lower = text.toLowerCase();
  const types = TYPE_NAMES.map((t) => t.toLowerCase().includes(lower));
  const pid = /^\d+$/.test(text) ? Number(text) : NaN;
  return (g) => ok[r.user[g]!] === 1 || ok[r.line[g]!] === 1 || ok[r.host[g]!] === 1 || ok[r.addr[g]!] === 1
    || ok[r.id[g]!] === 1 || types[r.type[g]!] === true || r.pid[g] === pid;
}

export function computeView(store: Store, state: ViewState): View {
  if (!store.records) return { rows: new Uint32Array(0), hits: undefined, hitCount: 0 };
  const order = sortedOrder(store, state.sort, state.descending);
  const tests: Test[] = [];
  for (const [key, text] of state.filters) if (text.trim() !== "") tests.push(columnTest(store, key, text.trim(), state.zone));
  const search = state.search.trim();
  const searching = search !== "" ? searchTest(store, search) : undefined;
  if (searching && state.searchMode === "filter") tests.push(searching);
  if (state.range) {
    const [from, to] = state.range;
    const seconds = store.records.seconds;
    tests.push((g) => seconds[g]! >= from && seconds[g]! < to);
  }
  let rows = order;
  if (tests.length > 0) {
    const kept = new Uint32Array(order.length);
    let n = 0;
    for (let k = 0; k < order.length; k++) {
      const g = order[k]!;
      let ok = true;
      for (let t = 0; t < tests.length && ok; t++) ok = tests[t]!(g);
      if (ok) kept[n++] = g;
    }
    rows = kept.subarray(0, n);
  }
  let hits: Uint8Array | undefined;
  let hitCount = 0;
  if (searching && state.searchMode === "highlight") {
    hits = new Uint8Array(store.count);
    for (let k = 0; k < rows.length; k++) if (searching(rows[k]!)) { hits[rows[k]!] = 1; hitCount++; }
  } else if (searching) hitCount = rows.length;
  return { rows, hits, hitCount };
}

export const DEFAULT_FILTERS = (): Map<ColumnKey, string> => new Map(COLUMNS.map((c) => [c.key, ""]));
