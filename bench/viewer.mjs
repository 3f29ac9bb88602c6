// The viewer's figures, in the system's Chromium: time from a 1,000,000-record
// (384 MB) wtmp handed to the page to its first rows on screen, to all its rows
// (and to the timeline's sessions), and frame times while scrolling the table and zooming the
// timeline. Prints a Markdown table with the machine, the load and the versions.
//
//   node bench/viewer.mjs [FILE...]   (default: bench/data/friendly-1000000 and internet-1000000)
//
// Uses dist/viewer.html (npm run build:viewer), or VIEWER_PAGE (another build,
// say an older commit's, to compare in the same minutes); BENCH_VIEWER_RUNS (default 3)
// runs per file, the best and median reported. The figures include the
// browser's handing over of the file (Blob reads), as a user's drop would.
//
// The file is handed over once the page says it has started up (data-ready:
// its worker has compiled the core and warmed up the decoding path), as a
// user picks a file some seconds after the page opens; how long that start-up
// took is reported, and one more run per file hands the file over at once, as
// soon as the page has loaded (its start-up then competes with the file).
//
// One tab serves every run (each run loads the page afresh in it), opened
// first and left until the browser is quiet: a new tab in this headless
// Chromium starts a renderer for the browser's own window UI that takes
// ~1.8 s of CPU in its first seconds (plus ~0.8 s of the browser process's),
// measured here, which a user's browser, its window long open, does not do
// when a file is dropped on a page.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright";
import { DATA, ROOT } from "./data.mjs";

const PAGE = process.env.VIEWER_PAGE || join(ROOT, "dist", "viewer.html");
const RUNS = Number(process.env.BENCH_VIEWER_RUNS ?? 3);
const FRAMES = 120;
const files = process.argv.length > 2 ? process.argv.slice(2) : ["friendly-1000000", "internet-1000000"].map((f) => join(DATA, f));
if (!existsSync(PAGE)) throw new Error(`${PAGE} is missing: run npm run build:viewer`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

/** Chromium's CPU time so far (ms), every process: from /proc (Linux). */
function chromiumCpuMs() {
  let ms = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (!/chrom/i.test(stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")))) continue;
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ms += (Number(f[11]) + Number(f[12])) * 10; // utime + stime, in clock ticks of 10 ms
    } catch { /* a process that ended meanwhile */ }
  }
  return ms;
}

/** Waits (up to 20 s) until Chromium used under 5 % of a core over half a second. */
async function quiet() {
  for (let tries = 0; tries < 40; tries++) {
    const before = chromiumCpuMs();
    await new Promise((r) => setTimeout(r, 500));
    if (chromiumCpuMs() - before < 25) return;
  }
}

/** Frame-to-frame times (ms) in the page while `step(k)` runs once per frame. */
async function frameTimes(page, what) {
  return page.evaluate(async ({ what, frames }) => {
    const v = window.utmpxViewer;
    const scroller = v.table.scrollElement;
    const canvas = v.timeline.canvas;
    const box = canvas.getBoundingClientRect();
    const step = (k) => {
      if (what === "scroll") scroller.scrollTop = (k * 997 * 22) % Math.max(1, scroller.scrollHeight - scroller.clientHeight);
      else canvas.dispatchEvent(new WheelEvent("wheel", { deltaY: k < frames / 2 ? -120 : 120, clientX: box.left + box.width * 0.6, clientY: box.top + 100, bubbles: true, cancelable: true }));
    };
    const times = [];
    let last = performance.now();
    for (let k = 0; k < frames; k++) {
      step(k);
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      times.push(now - last);
      last = now;
    }
    return times;
  }, { what, frames: FRAMES });
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { min: s[0], median: at(0.5), p95: at(0.95), max: s[s.length - 1] };
};
const ms = (x) => `${Math.round(x)} ms`;

const page = await browser.newPage({ viewport: { width: 1500, height: 1100 } });
await quiet();
const rows = [];
for (const file of files) {
  if (!existsSync(file)) { console.error(`skipped ${file}: missing (npm run bench generates it)`); continue; }
  const first = [], audited = [], shown = [], timeline = [], decoded = [], pageWork = [], read = [], firstWorker = [], ready = [];
  let scroll, zoom, atLoad;
  // the last run hands the file over as soon as the page has loaded
  for (let run = 0; run <= RUNS; run++) {
    const cold = run === RUNS;
    // the last run's page and its million rows unloaded first, and the browser quiet: that teardown (a
    // gigabyte of memory given back) is not the next page's start-up
    if (cold) { await page.goto("about:blank"); await quiet(); }
    await page.goto(pathToFileURL(PAGE).href);
    if (!cold) {
      // the page's clock starts at the navigation: its start-up's length
      // a build older than data-ready (VIEWER_PAGE) never says: its start-up is left to the quiet() below
      const says = await page.waitForFunction(() => document.body.dataset.ready === "1", null, { timeout: 15_000, polling: 20 }).then(() => true, () => false);
      if (says) ready.push(await page.evaluate(() => Number(document.body.dataset.markReady)));
      await quiet();
    }
    // as a user's pick: Playwright hands Chromium the file's path (a disk-backed File, as a drop or the
    // file dialog gives), not its bytes through the protocol
    const p0 = await page.evaluate(() => performance.now());
    const t0 = Date.now();
    await page.setInputFiles("#file-input", file);
    await page.waitForFunction(() => Number(document.body.dataset.records) > 0, null, { timeout: 300_000, polling: 20 });
    const firstRows = Date.now() - t0;
    await page.waitForFunction(() => Number(document.body.dataset.records) > 0 && document.body.dataset.reading === "0", null, { timeout: 300_000, polling: 20 });
    if (cold) {
      atLoad = Date.now() - t0;
      console.error(`${basename(file)} handed over at load: all rows after ${atLoad} ms`);
      continue;
    }
    first.push(firstRows);
    shown.push(Date.now() - t0);
    console.error(`${basename(file)} run ${run + 1}: first rows on screen after ${first.at(-1)} ms, all rows after ${shown.at(-1)} ms`);
    const text = await page.evaluate(() => document.querySelector(".file")?.textContent ?? "");
    decoded.push(Number(/in (\d+) ms/.exec(text)?.[1]));
    read.push(Number(/reading (\d+) ms/.exec(text)?.[1]));
    pageWork.push(await page.evaluate(() => Number(document.body.dataset.pageMs)));
    firstWorker.push(await page.evaluate(() => Number(document.body.dataset.firstMs ?? NaN)));
    await page.waitForFunction(() => document.body.dataset.pending === "0", null, { timeout: 300_000, polling: 100 });
    timeline.push(Date.now() - t0);
    // the page's marks (viewer/marks.ts), from the moment the file was handed over
    const marks = await page.evaluate(() => Object.fromEntries(Object.entries(document.body.dataset).filter(([k]) => k.startsWith("mark")).map(([k, v]) => [k.slice(4), Number(v)])));
    console.error(`  marks (ms after setInputFiles): ${Object.entries(marks).sort((a, b) => a[1] - b[1]).map(([k, v]) => `${k} ${Math.round(v - p0)}`).join(", ")}`);
    console.error(`${basename(file)} run ${run + 1}: sessions after ${timeline.at(-1)} ms`);
    // the audit (findings) runs after the sessions: frames are timed once it is done, and its time reported
    await page.waitForFunction(() => document.body.dataset.audited !== undefined, null, { timeout: 600_000, polling: 200 });
    audited.push(Date.now() - t0);
    console.error(`${basename(file)} run ${run + 1}: findings after ${audited.at(-1)} ms (${await page.evaluate(() => document.body.dataset.findings)})`);
    if (run === 0) { scroll = stats(await frameTimes(page, "scroll")); zoom = stats(await frameTimes(page, "zoom")); }
  }
  rows.push({ file: basename(file), ready: stats(ready), atLoad, first: stats(first), firstWorker: stats(firstWorker), shown: stats(shown), decoded: stats(decoded), read: stats(read), page: stats(pageWork), timeline: stats(timeline), audited: stats(audited), scroll, zoom });
}
await browser.close();

const version = (await import("node:child_process")).execFileSync(process.env.CHROMIUM_PATH || "/usr/bin/chromium", ["--version"], { encoding: "utf8" }).trim();
console.log(`## Viewer (${new Date().toISOString().slice(0, 16)}Z, ${version}, ${cpus().length} × ${cpus()[0]?.model ?? "?"}, load ${loadavg().map((l) => l.toFixed(1)).join(" ")})\n`);
console.log(`| file | page started up (median) | first rows on screen (best / median of ${RUNS}) | of which the worker (median) | all rows on screen (best / median) | of which the worker: read + decode (median) | of which waiting for the browser's bytes | of which the page: merge, sort, draw (median) | timeline's sessions ready (median) | audit's findings ready (median) | table scroll frame median / p95 / max | timeline zoom frame median / p95 / max | all rows, file handed over at load (1 run) |`);
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  console.log(`| ${r.file} | ${r.ready.median === undefined ? "(not said)" : ms(r.ready.median)} | ${ms(r.first.min)} / ${ms(r.first.median)} | ${ms(r.firstWorker.median)} | ${ms(r.shown.min)} / ${ms(r.shown.median)} | ${ms(r.decoded.median)} | ${ms(r.read.median)} | ${ms(r.page.median)} | ${ms(r.timeline.median)} | ${ms(r.audited.median)} | ${ms(r.scroll.median)} / ${ms(r.scroll.p95)} / ${ms(r.scroll.max)} | ${ms(r.zoom.median)} / ${ms(r.zoom.p95)} / ${ms(r.zoom.max)} | ${ms(r.atLoad)} |`);
}
