// The viewer page: drop login files, see what happened. An application on
// the package's public API like any other; the decoding happens in a worker
// (decoder.ts), this file wires the parts of the page to the store and state.
import { Decoder } from "./decoder.ts";
import { Store, type LoadedFile } from "./store.ts";
import { computeView, DEFAULT_FILTERS, type View, type ViewState } from "./view.ts";
import type { FromWorker } from "./protocol.ts";
import { h, download } from "./dom.ts";
import { FilesPanel } from "./ui/files.ts";
import { RecordsTable } from "./ui/table.ts";
import { Detail } from "./ui/detail.ts";
import { Timeline } from "./ui/timeline.ts";
import { Histogram } from "./ui/histogram.ts";
import { FindingsList } from "./ui/findingsList.ts";
import { Toolbar } from "./ui/toolbar.ts";
import { mark } from "./marks.ts";
import { pairWal, type Picked } from "./walPairs.ts";

const store = new Store();
const state: ViewState = { sort: "time", descending: false, filters: DEFAULT_FILTERS(), search: "", searchMode: "filter", range: undefined, zone: "UTC" };
let view: View = { rows: new Uint32Array(0), hits: undefined, hitCount: 0 };
let nextId = 1;
/**
 * The timeline fits all records as files arrive (a second file may lie months
 * from the first), until the user moves it: `fitted` is the window the last fit
 * gave, `moved` whether a window other than it was shown since.
 */
let fitted: string | undefined;
let shown: string | undefined;
let moved = false;

const decoder = new Decoder(onMessage);
const files = new FilesPanel(store, {
  onFiles: (list) => addAll(list.map((f) => ({ name: f.name, blob: f }))),
  onLayout: (id, layout) => reopen(id, { layoutOverride: layout }),
  onBtmp: (id, btmp) => reopen(id, { btmp }),
  onCancel: (id) => decoder.send({ op: "cancel", file: id }),
  onRemove: (id) => {
    decoder.send({ op: "forget", file: id });
    store.files.splice(store.files.findIndex((f) => f.id === id), 1);
    changed();
  },
});
const detail = new Detail(store, (file, offset, length) => decoder.raw(file, offset, length));
const table = new RecordsTable(store, {
  onSort: (key) => {
    state.descending = state.sort === key ? !state.descending : false;
    state.sort = key;
    refresh();
  },
  onFilter: debounce((key, text) => { state.filters.set(key, text); refresh(); }),
  onSelect: (g) => void detail.show(g, state.zone),
});
const histogram = new Histogram(store, {
  onRange: (range) => {
    state.range = range;
    if (range) timeline.show(range[0], range[1]);
    refresh();
  },
});
const timeline = new Timeline(store, {
  onSelect: (g) => select(g),
  onWindow: (from, to) => {
    histogram.setWindow(from, to);
    shown = `${from},${to}`;
    if (fitted !== undefined && shown !== fitted) moved = true;
  },
});
const findings = new FindingsList(store, (g) => select(g));
const toolbar = new Toolbar({
  onZone: (zone) => { state.zone = zone; timeline.setZone(zone); histogram.setZone(zone); refresh(); },
  onSearch: (text, mode) => { state.search = text; state.searchMode = mode; refresh(); },
  onNextMatch: () => {
    if (!view.hits) return;
    const from = table.selected === undefined ? -1 : table.positionOf(table.selected);
    for (let k = 1; k <= view.rows.length; k++) {
      const g = view.rows[(from + k) % view.rows.length]!;
      if (view.hits[g]) { table.select(g, true); return; }
    }
  },
  onExport: async (format) => {
    const refs = new Uint32Array(view.rows.length * 2);
    view.rows.forEach((g, k) => { refs[2 * k] = store.fileOf[g]!; refs[2 * k + 1] = store.rowOf[g]!; });
    const names: string[] = [];
    for (const f of store.files) names[f.id] = f.name;
    const out = await decoder.export(format, refs, names, state.zone);
    download(out.blob, `utmpx-view.${format === "utmpdump" ? "txt" : format}`);
    toolbar.setCounts(`${countsText()}; exported ${out.rows.toLocaleString("en-US")} rows${out.skipped ? ` (${out.skipped} utmpdump does not print)` : ""}`);
  },
});

function debounce<A extends unknown[]>(f: (...args: A) => void, ms = 150): (...args: A) => void {
  let timer = 0;
  return (...args) => { clearTimeout(timer); timer = window.setTimeout(() => f(...args), ms); };
}

/** Opens the files picked or dropped together: a SQLite database's -wal with its database (walPairs.ts). */
function addAll(picked: readonly Picked[]): void {
  const walFor = (database: string, wal: Blob) => {
    const open = store.files.find((f) => f.name === database);
    if (open) reopen(open.id, { wal });
    return open !== undefined;
  };
  for (const p of pairWal(picked, walFor)) add(p.blob, p.name, p.wal);
}

function add(blob: Blob, name: string, wal?: Blob): void {
  mark("picked");
  const f: LoadedFile = { id: nextId++, name, blob, wal, btmp: /btmp/i.test(name), layoutOverride: undefined, status: "reading", progress: 0, warnings: [] };
  store.files.push(f);
  start(f);
}

function start(f: LoadedFile): void {
  decoder.send({ op: "open", file: f.id, blob: f.blob, wal: f.wal, name: f.name, layout: f.layoutOverride, btmp: f.btmp });
  files.render();
}

/** Reads a file again with other choices: as a new file id, so replies of the old reading are told apart. */
function reopen(id: number, change: Partial<LoadedFile>): void {
  const at = store.files.findIndex((f) => f.id === id);
  const old = store.files[at];
  if (!old) return;
  decoder.send({ op: "forget", file: id });
  const f: LoadedFile = { id: nextId++, name: old.name, blob: old.blob, wal: old.wal, btmp: old.btmp, layoutOverride: old.layoutOverride, status: "reading", progress: 0, warnings: [], ...change };
  store.files[at] = f;
  store.rebuild();
  start(f);
  refresh();
}

function onMessage(m: FromWorker): void {
  if (m.op === "raw" || m.op === "export") return; // answered through decoder.ts's promises
  // for the benchmark: it hands a file over once the page has started up, as a user would some seconds after opening it
  if (m.op === "ready") { mark("ready"); document.body.dataset.ready = "1"; return; }
  if (m.op === "findings") {
    for (const { file, findings } of m.byFile) { const f = store.file(file); if (f) f.findings = findings; }
    store.auditErrors = m.errors;
    store.mergeFindings();
    // the records did not change: no merge, no sort, the table stays as it is
    timeline.draw();
    findings.render();
    toolbar.setCounts(countsText());
    requestAnimationFrame(() => { document.body.dataset.findings = String(store.findings.length); });
    // for the tests: how many files the last audit covered
    document.body.dataset.audited = String(m.byFile.length);
    return;
  }
  // the worker's dictionary took these in whatever becomes of the message: later ids count past them
  if ("texts" in m) for (const chunk of m.texts) store.dict.append(chunk);
  const f = store.file(m.file);
  if (!f) return; // a file removed or read again meanwhile
  switch (m.op) {
    case "progress": f.progress = m.total ? m.done / m.total : 1; files.progress(f); return;
    case "layout": Object.assign(f, { layout: m.layout, confidence: m.confidence, runnerUp: m.runnerUp, gzip: m.gzip }); files.render(); return;
    case "records": {
      // a file's first rows are shown ahead on an empty page only: beside other files' rows, merging
      // them in twice (its first rows, then all) copied every file's columns twice; a second
      // 1M-record file spent ~1 s of the page's thread on that (profiled)
      if (m.partial && store.count > 0) return;
      const t = performance.now();
      mark(m.partial ? "firstRows" : "allRows");
      if (m.partial) Object.assign(f, { records: m.columns, timeTexts: new Map(m.timeTexts) });
      else Object.assign(f, { records: m.columns, timeTexts: new Map(m.timeTexts), status: "ready", warnings: m.warnings, millis: m.millis, readMillis: m.readMillis });
      changed();
      // for the benchmark: what the page itself spent merging, sorting and drawing the new rows
      document.body.dataset[m.partial ? "firstPageMs" : "pageMs"] = String(Math.round(performance.now() - t));
      if (m.partial) document.body.dataset.firstMs = String(Math.round(m.millis));
      mark(m.partial ? "firstRowsPainted" : "allRowsPainted", true);
      if (!m.partial) afterPaint(() => decoder.send({ op: "shown", file: f.id }));
      return;
    }
    case "sessions":
      mark("sessions");
      f.sessions = m.sessions;
      store.sessionsArrived();
      files.render();
      refresh();
      mark("sessionsPainted", true);
      return;
    case "hash": f.sha256 = m.sha256; files.render(); return;
    case "error":
      // the first rows sent ahead of a file that did not finish go; so do all of a file cancelled (the
      // click may cross its last rows on the way: a cancel means the file), but not the rows of a file
      // whose later steps failed (a second read for the audit, say)
      if (f.status === "reading" || m.cancelled) { delete f.records; delete f.sessions; delete f.timeTexts; }
      f.status = m.cancelled ? "cancelled" : "error";
      f.error = m.message;
      changed();
      return;
  }
}

/** Calls `then` once the next frame is painted. */
function afterPaint(then: () => void): void {
  requestAnimationFrame(() => setTimeout(then, 0));
}

/** The files changed: merge again, redraw everything. */
function changed(): void {
  store.rebuild();
  files.render();
  if (store.count > 0 && !moved) {
    fitted = undefined;
    timeline.reset();
    fitted = shown;
  }
  refresh();
}

function countsText(): string {
  const n = view.rows.length, total = store.count;
  const hits = view.hits ? `, ${view.hitCount.toLocaleString("en-US")} matching` : "";
  return `${n.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} records shown${hits}; ${store.sessions.kind.length.toLocaleString("en-US")} sessions; ${store.findings.length} findings`;
}

function refresh(): void {
  view = computeView(store, state);
  table.setView(view, state.zone, state.sort, state.descending);
  toolbar.setCounts(countsText());
  timeline.draw();
  histogram.draw();
  findings.render();
  void detail.show(table.selected, state.zone);
  // for the benchmark and the tests: the rows are in the table once this frame is drawn
  requestAnimationFrame(() => {
    document.body.dataset.records = String(store.count);
    document.body.dataset.shown = String(view.rows.length);
    document.body.dataset.sessions = String(store.sessions.kind.length);
    document.body.dataset.findings = String(store.findings.length);
    document.body.dataset.reading = String(store.files.filter((f) => f.status === "reading").length);
    document.body.dataset.pending = String(store.files.filter((f) => f.status === "reading" || (f.status === "ready" && !f.sessions)).length);
  });
}

/** Selects merged row `g` (from the timeline or the findings): its details show even when the filters keep it out of the table. */
function select(g: number): void {
  if (table.positionOf(g) < 0 && state.range) histogram.setRange(undefined); // the brush hid it: show all times again
  table.select(g, true);
  if (table.positionOf(g) < 0) toolbar.setCounts(`${countsText()}; the selected record is hidden by the filters`);
}

document.body.append(
  h("header", {}, h("h1", {}, "utmpx viewer"), h("p", {}, "Login records of any Unix, read in this page. Files stay on this machine.")),
  files.element, timeline.element, histogram.element, findings.element, toolbar.element,
  h("div", { class: "main" }, table.element, detail.element),
);
files.render();
refresh();

// `utmpx view FILE...` serves this page with the files to open listed in the page
const preload = document.getElementById("utmpx-preload");
if (preload?.textContent) {
  const listed = JSON.parse(preload.textContent) as { name: string; url: string }[];
  // fetched first, then opened together: a database and its -wal go as one
  Promise.all(listed.map(({ name, url }) => fetch(url).then((r) => r.blob()).then((blob) => ({ name, blob }),
    (err) => { toolbar.setCounts(`cannot load ${name}: ${err}`); return undefined; })))
    .then((picked) => addAll(picked.filter((p) => p !== undefined)));
}

// a handle for the benchmark, which scrolls and zooms as a user would and times the frames
(window as unknown as { utmpxViewer: unknown }).utmpxViewer = { store, table, timeline };
