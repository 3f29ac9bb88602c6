// The results as Markdown: the machine and method, the shapes, one table per
// shape, the once-per-run table and the targets. Every figure of a row comes
// from the row itself (records, bytes, seconds, peak RSS), so rows over
// different files share one table honestly.

const cell = (text) => String(text ?? "").replaceAll("|", "\\|").replaceAll("\n", " ");
const fixed = (n, digits) => (n === undefined || Number.isNaN(n) ? "" : n.toFixed(digits));
const count = (n) => n.toLocaleString("en");
/**
 * Whether a row has a time to divide by: whole-process rows carry their clock's
 * `resolution` (bash's time counts milliseconds), and below one step
 * there is no rate or ratio to give.
 */
export const timed = (r) => r && !r.error && r.seconds > 0 && r.seconds >= (r.resolution ?? 0);

/** One row's cells: M rec/s, MB/s, median s, peak RSS MB, ratio against its baseline, note. */
function rowCells(r, rows) {
  if (r.error) {
    const after = r.seconds !== undefined ? ` after ${r.seconds} s` : "";
    const rss = r.rssMB !== undefined ? `, peak RSS ${r.rssMB.toFixed(0)} MB` : "";
    return [cell(r.name), "failed", "", "", "", "", cell(`${r.error}${after}${rss}`)];
  }
  const base = r.vs && rows.find((b) => b.name === r.vs);
  const ratio = !base || base.error ? "" : timed(base) && timed(r) ? `${(base.seconds / r.seconds).toFixed(2)}× ${base.name}` : "(under the clock's step: no ratio)";
  const rss = r.rssMB === undefined ? "" : r.rssMB.toFixed(0);
  if (!timed(r)) return [cell(r.name), "", "", `< ${r.resolution}`, rss, cell(ratio), cell(r.note)];
  return [cell(r.name), fixed(r.records / r.seconds / 1e6, 2), fixed(r.bytes / r.seconds / 1e6, 0), fixed(r.seconds, 3),
    rss, cell(ratio), cell(r.note)];
}

function rowsTable(rows) {
  return [
    "| path | M rec/s | MB/s | median s | peak RSS MB | vs baseline (× as fast) | note |",
    "|---|---:|---:|---:|---:|---|---|",
    ...rows.map((r) => `| ${rowCells(r, rows).join(" | ")} |`),
  ];
}

function shapesTable(shapes) {
  return [
    "| shape | what | records | MB | distinct users | lines | ids | hosts | addresses |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ...shapes.map(({ name, about, records, bytes, distinct: d }) =>
      `| ${name} | ${cell(about)} | ${count(records)} | ${(bytes / 1e6).toFixed(0)} | ${count(d.user)} | ${count(d.line)} | ${count(d.id)} | ${count(d.host)} | ${count(d.addr)} |`),
  ];
}

function targetsTable(targets) {
  return [
    "| target | shape | measured | wanted | |",
    "|---|---|---:|---:|---|",
    ...targets.map((t) => `| ${cell(t.target)} | ${t.shape} | ${t.measured} | ${t.wanted} | ${t.status} |`),
  ];
}

/** The whole report (no title: README embeds it under its own heading). */
export function renderResults({ header, method, shapes, once, targets }) {
  return [
    header,
    "",
    ...method,
    "",
    ...shapesTable(shapes),
    "",
    ...shapes.flatMap((s) => [
      `### ${s.name}`,
      "",
      ...rowsTable(s.rows),
      "",
      ...s.checks.map((c) => `- ${c}`),
      ...(s.checks.length ? [""] : []),
    ]),
    "### Once per run",
    "",
    ...rowsTable(once.rows),
    "",
    ...once.checks.map((c) => `- ${c}`),
    ...(once.checks.length ? [""] : []),
    "### Targets",
    "",
    ...targetsTable(targets),
    "",
  ].join("\n");
}
