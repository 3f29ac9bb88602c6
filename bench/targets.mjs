// The targets, each judged on the rows of this run: met, or short
// by how much (over by how much, for memory). A target whose row failed is
// reported as not measured, never as met.

import { timed } from "./report.mjs";

const rate = (r) => r.records / r.seconds / 1e6;

/**
 * Target rows `{ target, shape, measured, wanted, status }` for the shape
 * sections (`{ name, rows }`) and the once-per-run rows.
 */
export function judgeTargets(shapes, once) {
  const out = [];
  const find = (rows, name) => rows.find((r) => r.name === name);
  const judge = (target, shape, row, value, unit, wanted, fits) => {
    if (!row || row.error || value === undefined || !Number.isFinite(value)) {
      if (row) out.push({ target, shape, measured: row.error ? "failed" : "", wanted: `${wanted}${unit}`, status: "not measured" });
      return;
    }
    const digits = unit === " MB" ? 0 : 2;
    out.push({ target, shape, measured: `${value.toFixed(digits)}${unit}`, wanted: `${wanted}${unit}`, status: fits(value) });
  };
  const atLeast = (target, shape, row, value, unit, min) =>
    judge(target, shape, row, value, unit, `≥ ${min}`, (v) => (v >= min ? "met" : `short by ${Math.ceil(100 * (1 - v / min))}%`));
  const below = (target, shape, row, max) =>
    judge(target, shape, row, row?.rssMB, " MB", `< ${max}`, (v) => (v < max ? "met" : `over by ${Math.ceil(100 * (v / max - 1))}%`));
  // ours against a baseline: how many times faster, with a minimum and a goal
  const faster = (target, shape, rows, ours, theirs, min, goal) => {
    const a = find(rows, ours), b = find(rows, theirs);
    const ratio = timed(a) && timed(b) ? b.seconds / a.seconds : undefined;
    atLeast(target, shape, a, ratio, "×", min);
    if (goal) atLeast(`${target} (goal)`, shape, a, ratio, "×", goal);
  };

  for (const { name: shape, rows } of shapes) {
    faster("utmpx last -F -w -x -i vs util-linux last", shape, rows, "utmpx last -F -w -x -i", "util-linux last -F -w -x -i", 1, 3);
    below("utmpx last -F -w -x -i peak RSS", shape, find(rows, "utmpx last -F -w -x -i"), 200);
    if (find(rows, "utmpx lastb -F -w -i")) {
      faster("utmpx lastb -F -w -i vs util-linux lastb", shape, rows, "utmpx lastb -F -w -i", "util-linux lastb -F -w -i", 1, 3);
      below("utmpx lastb -F -w -i peak RSS", shape, find(rows, "utmpx lastb -F -w -i"), 200);
    }
    faster("utmpx dump vs util-linux utmpdump", shape, rows, "utmpx dump", "util-linux utmpdump", 1, 2);
    faster("utmpx dump vs util-linux utmpdump, into a pipe", shape, rows, "utmpx dump | cat", "util-linux utmpdump | cat", 1);
    faster("utmpx json vs utmpx dump, per record", shape, rows, "utmpx json", "utmpx dump", 1);
    below("utmpx dump peak RSS", shape, find(rows, "utmpx dump"), 200);
    below("utmpx json peak RSS", shape, find(rows, "utmpx json"), 200);
    faster("Entry iteration vs the plain DataView decoder", shape, rows, "iterate Entry objects, every field read", "baseline: plain DataView decoder, every field read", 3, 5);
    const entries = find(rows, "iterate Entry objects, every field read");
    atLeast("Entry iteration", shape, entries, entries && rate(entries), " M rec/s", 5);
    for (const name of ["db.count()", "db.count({ user, type })", "db.filter({ user, type }), entries counted"]) {
      const r = find(rows, name);
      atLeast(name.replace(", entries counted", ""), shape, r, r && rate(r), " M rec/s", 20);
    }
    const core = find(rows, "core: decode to columns (bytes in wasm memory)");
    atLeast("core decode to columns", shape, core, core && rate(core), " M rec/s", 10);
    // both of the library's ways from a path to columns: open() reads in turn (a synchronous API);
    // stream() reads each window while the one before is decoded
    faster("file to columns vs the raw file read", shape, rows, "host: file to EntryBatches (page cache)", "raw file read (ceiling)", 0.5);
    faster("file to columns, read ahead (stream), vs the raw file read", shape, rows, "host: stream(path) to EntryBatches", "raw file read (ceiling)", 0.5);
  }
  for (const r of once) if (r.rssTarget) below(`${r.name} peak RSS`, "", r, r.rssTarget);
  return out;
}
