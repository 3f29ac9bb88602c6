// newestLoginOrder gives wtmpdb last's order (ORDER BY Login DESC, Logout ASC,
// then ID; SQL's NULL below every time) whether the rows come in login order (its
// check passes: the rows reversed) or not (it sorts). Held against a sort of row
// objects written here with NULLs as nulls, independent of its NaN keys.
import { describe, expect, it } from "vitest";
import { newestLoginOrder, WtmpdbColumns } from "../../src/sqlite/wtmpdbColumns.ts";

type Row = { id: number; login: number | null; logout: number | null };

function columnsOf(rows: Row[]): WtmpdbColumns {
  const c = new WtmpdbColumns();
  c.count = rows.length;
  c.id = Float64Array.from(rows, (r) => r.id);
  c.login = Float64Array.from(rows, (r) => r.login ?? NaN);
  c.logout = Float64Array.from(rows, (r) => r.logout ?? NaN);
  return c;
}

/** SQL order: a NULL sorts below any value, so last under DESC and first under ASC; full ties in row order. */
function sqlOrder(rows: Row[]): number[] {
  const cmp = (x: number | null, y: number | null) => (x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1);
  return rows.map((_, i) => i).sort((a, b) =>
    cmp(rows[b]!.login, rows[a]!.login) || cmp(rows[a]!.logout, rows[b]!.logout) || rows[a]!.id - rows[b]!.id);
}

/** A deterministic pseudo-random sequence (no flaky inputs). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Rows as wtmpdb adds them: ascending logins a few seconds apart, most closed, ids in order. */
function inLoginOrder(n: number, next: () => number): Row[] {
  let t = 1_700_000_000_000_000;
  return Array.from({ length: n }, (_, i) => {
    t += Math.floor(next() * 5_000_000);
    return { id: i + 1, login: t, logout: next() < 0.1 ? null : t + Math.floor(next() * 3_600_000_000) };
  });
}

describe("newestLoginOrder", () => {
  const cases: Record<string, (next: () => number) => Row[]> = {
    "rows in login order": (next) => inLoginOrder(5000, next),
    "ties in Login, told apart by Logout (NULL first) and ID": (next) =>
      inLoginOrder(2000, next).map((r, i) => ({ ...r, login: 1_700_000_000_000_000 + Math.floor(i / 4) * 1_000_000 })),
    "a clock set back once": (next) => {
      const rows = inLoginOrder(3000, next);
      return rows.map((r, i) => (i >= 2000 ? { ...r, login: r.login! - 3_000_000_000, logout: r.logout && r.logout - 3_000_000_000 } : r));
    },
    "NULL logins among them": (next) => inLoginOrder(3000, next).map((r) => (next() < 0.05 ? { ...r, login: null } : r)),
    "rows in no order": (next) => {
      const rows = inLoginOrder(4000, next);
      for (let i = rows.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [rows[i], rows[j]] = [rows[j]!, rows[i]!];
      }
      return rows;
    },
    // two databases read as one can repeat an ID: rows tied on all three keys stay in row order
    "rows tied on Login, Logout and ID": () => [
      { id: 1, login: 5, logout: 9 }, { id: 2, login: 6, logout: null }, { id: 1, login: 5, logout: 9 }, { id: 2, login: 6, logout: null },
    ],
    "rows in login order but two tied on all three keys": () => [
      { id: 1, login: 5, logout: 9 }, { id: 2, login: 6, logout: null }, { id: 3, login: 7, logout: 8 }, { id: 3, login: 7, logout: 8 },
    ],
    "one row": () => [{ id: 7, login: 5, logout: null }],
    "no rows": () => [],
  };
  it.each(Object.keys(cases))("%s", (name) => {
    const rows = cases[name]!(random(name.length));
    expect([...newestLoginOrder(columnsOf(rows))]).toEqual(sqlOrder(rows));
  });
});
