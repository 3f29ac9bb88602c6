// The viewer's plain modules, in Node: the table's sort, the times it shows
// in a zone, and the time filter's reading of an ISO prefix.
import { describe, expect, it } from "vitest";
import { sortByKey } from "../../viewer/sortOrder.ts";
import { isoTime } from "../../viewer/time.ts";
import { dictRanks, sortedOrder, timePrefixRange } from "../../viewer/view.ts";
import { Store as StoreClass, type Store } from "../../viewer/store.ts";
import type { RecordColumns } from "../../viewer/protocol.ts";
import { servedFiles, viewCommand, VIEW_OPTIONS } from "../../src/cli/view.ts";
import { join } from "node:path";
import { FIXTURES } from "../support/corpus.ts";
import { parseArgs } from "../../src/cli/args.ts";
import { CliError } from "../../src/cli/cliError.ts";
import type { CommandContext } from "../../src/cli/commands.ts";

describe("sortByKey", () => {
  it("sorts stably, NaN last, as a comparison sort would", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const n of [0, 1, 2, 31, 32, 33, 1000, 20_000]) {
      const keys = Float64Array.from({ length: n }, () => (random() < 0.05 ? NaN : Math.floor(random() * 40)));
      const rank = (i: number) => (Number.isNaN(keys[i]!) ? Infinity : keys[i]!);
      const want = [...Array(n).keys()].sort((a, b) => rank(a) - rank(b) || a - b);
      expect([...sortByKey(keys)]).toEqual(want);
    }
  });

  it("keeps a sorted column as it is, and merges a nearly sorted one", () => {
    const keys = Float64Array.from({ length: 20_000 }, (_, i) => i);
    expect([...sortByKey(keys)]).toEqual([...keys]);
    keys[500] = -1;
    expect(sortByKey(keys)[0]).toBe(500);
    // in order but for NaN: sorted as it is only when the NaN are at the end
    expect([...sortByKey(Float64Array.of(1, 2, NaN, NaN))]).toEqual([0, 1, 2, 3]);
    expect([...sortByKey(Float64Array.of(NaN, 1, 2))]).toEqual([1, 2, 0]);
    expect([...sortByKey(Float64Array.of(3, NaN, 1))]).toEqual([2, 0, 1]);
  });
});

describe("sortedOrder by time", () => {
  // a store of only what a time sort reads; each its own version, so no order is cached across them
  let version = 0;
  const store = (seconds: number[], micros: number[]) => ({ count: seconds.length, version: ++version,
    records: { seconds: Float64Array.from(seconds), micros: Float64Array.from(micros) } }) as unknown as Store;
  const bySort = (s: Store) => [...sortByKey(Float64Array.from({ length: s.count }, (_, g) => s.records!.seconds[g]! * 1e6 + s.records!.micros[g]!))];

  it("is the rows as they are when they are in order, and the sort's order when not", () => {
    const cases: [number[], number[]][] = [
      [[1, 2, 2, 3], [0, 5, 5, 0]], // in order, with a tie
      [[1, 2, 2, 3], [0, 6, 5, 0]], // microseconds back
      [[5, 1, 9], [0, 0, 0]],
      [[1, 2], [2_000_000, 0]], // microseconds past a second: ordered by the sum, as the sort does
      [[1, NaN, 3], [0, 0, 0]], // NaN last
      [[], []],
    ];
    for (const [s, m] of cases) {
      for (const descending of [false, true]) {
        const st = store(s, m);
        const want = descending ? bySort(st).reverse() : bySort(st);
        expect([...sortedOrder(st, "time", descending)]).toEqual(want);
      }
    }
  });
});

describe("dictRanks", () => {
  it("ranks texts in order, one rank for a text under several ids", () => {
    // "b" and "a" twice each: a field given fresh ids sends a text again under a new id
    expect([...dictRanks(["", "b", "a", "b", "c", "a"])]).toEqual([0, 2, 1, 2, 3, 1]);
  });
});

describe("isoTime", () => {
  const t = Date.UTC(2024, 2, 9, 8, 0, 0) / 1000;
  it("writes UTC with microseconds and Z", () => {
    expect(isoTime(t, 123456, "UTC")).toBe("2024-03-09T08:00:00.123456Z");
    expect(isoTime(0, 0, "UTC")).toBe("1970-01-01T00:00:00.000000Z");
  });
  it("writes a zone's local time with its offset at that moment", () => {
    expect(isoTime(t, 5, "Europe/Berlin")).toBe("2024-03-09T09:00:00.000005+01:00");
    expect(isoTime(Date.UTC(2024, 6, 1) / 1000, 0, "Europe/Berlin")).toBe("2024-07-01T02:00:00.000000+02:00");
    expect(isoTime(t, 0, "America/St_Johns")).toBe("2024-03-09T04:30:00.000000-03:30");
  });
  it("shows microseconds out of range as they are", () => {
    expect(isoTime(t, 1_000_000, "UTC")).toBe("2024-03-09T08:00:00.(1000000)Z");
  });
});

describe("timePrefixRange", () => {
  it("reads an ISO prefix as the span it names, in the view's zone", () => {
    expect(timePrefixRange("2024", "UTC")).toEqual([Date.UTC(2024, 0, 1) / 1000, Date.UTC(2025, 0, 1) / 1000]);
    expect(timePrefixRange("2024-03-09T08", "UTC")).toEqual([Date.UTC(2024, 2, 9, 8) / 1000, Date.UTC(2024, 2, 9, 9) / 1000]);
    expect(timePrefixRange("2024-03-09", "Europe/Berlin")).toEqual([Date.UTC(2024, 2, 8, 23) / 1000, Date.UTC(2024, 2, 9, 23) / 1000]);
    expect(timePrefixRange("yesterday", "UTC")).toBeUndefined();
  });
});

describe("utmpx view", () => {
  const ctx = { stdout: { write() {}, flush() {} }, stderr: { write() {}, flush() {} } } as unknown as CommandContext;
  it("refuses a FILE that is not a readable file, and a bad port, before serving anything", async () => {
    await expect(viewCommand(parseArgs(["/no/such/wtmp"], VIEW_OPTIONS), ctx)).rejects.toThrow(CliError);
    await expect(viewCommand(parseArgs(["--port", "99999"], VIEW_OPTIONS), ctx)).rejects.toThrow(/invalid port/);
  });

  it("serves a database's -wal beside it with it, once", () => {
    const db = join(FIXTURES, "lastlog/lastlog2-wal.db"), plain = join(FIXTURES, "lastlog/lastlog2.db");
    expect(servedFiles([db, plain])).toEqual([db, plain, `${db}-wal`]);
    expect(servedFiles([db, `${db}-wal`])).toEqual([db, `${db}-wal`]);
  });
});

describe("Store.rebuild (several files merged)", () => {
  /** A file's columns of `n` rows, seconds and pid of the given kinds, every value distinct. */
  const columns = (n: number, from: number, Seconds: typeof Uint32Array | typeof Float64Array, Pid: typeof Int32Array | typeof Float64Array): RecordColumns => {
    const s = new Seconds(n), pid = new Pid(n);
    for (let i = 0; i < n; i++) { s[i] = 4_000_000_000 + from + i; pid[i] = from + i; }
    return {
      offset: Uint32Array.from({ length: n }, (_, i) => 384 * i), type: new Uint8Array(n).fill(7), rawType: new Int16Array(n).fill(7),
      pid, seconds: s, micros: new Int32Array(n), user: Uint32Array.from({ length: n }, (_, i) => from + i),
      line: new Uint32Array(n), host: new Uint32Array(n), id: new Uint32Array(n), addr: new Uint32Array(n), session: new Int32Array(n),
      exitTerm: new Int16Array(n), exitCode: new Int16Array(n), flags: new Uint8Array(n),
    };
  };
  const merged = (...files: RecordColumns[]) => {
    const store = new StoreClass();
    files.forEach((records, id) => store.files.push({ id, name: `f${id}`, blob: new Blob([]), btmp: false, layoutOverride: undefined, status: "ready", progress: 1, warnings: [], records }));
    store.rebuild();
    return store.records!;
  };

  it("keeps the files' own narrow kinds when they share them, and every value", () => {
    const a = columns(1000, 0, Uint32Array, Int32Array), b = columns(500, 10_000, Uint32Array, Int32Array);
    const m = merged(a, b);
    expect([m.seconds.constructor, m.pid.constructor, m.rawType.constructor, m.offset.constructor]).toEqual([Uint32Array, Int32Array, Int16Array, Uint32Array]);
    expect([...m.seconds]).toEqual([...a.seconds, ...b.seconds]);
    expect([...m.user]).toEqual([...a.user, ...b.user]);
  });

  it("widens a column whose files differ in kind, every value exact", () => {
    const a = columns(100, 0, Uint32Array, Int32Array), b = columns(100, 500, Float64Array, Float64Array);
    const m = merged(a, b);
    expect([m.seconds.constructor, m.pid.constructor, m.micros.constructor]).toEqual([Float64Array, Float64Array, Int32Array]);
    expect([...m.seconds]).toEqual([...a.seconds, ...b.seconds]);
    expect([...m.pid]).toEqual([...a.pid, ...b.pid]);
  });
});
