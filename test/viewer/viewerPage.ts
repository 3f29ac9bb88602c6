// Drives the built viewer page in the system's Chromium (flags as in
// vitest.config.ts), loaded from file:// as a user would open it: the page
// is built afresh from viewer/ for the run, so the test sees the sources.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright";
import { expect } from "vitest";
import { REPO_ROOT } from "../support/corpus.ts";

export const BUILD = join(REPO_ROOT, "build", "viewer-test");
export const PAGE = join(BUILD, "viewer.html");
export const SCREENSHOTS = join(REPO_ROOT, "build", "viewer-screenshots");

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export function buildPage(): void {
  mkdirSync(SCREENSHOTS, { recursive: true });
  execFileSync(process.execPath, [join(REPO_ROOT, "scripts", "build-viewer.mjs"), PAGE], { stdio: "pipe" });
}

export interface Viewer {
  readonly browser: Browser;
  readonly context: BrowserContext;
  /** Every URL the pages asked for that is not the page's own file, a blob: or a data: URL. */
  readonly requests: string[];
  open(url?: string): Promise<Page>;
  close(): Promise<void>;
}

export async function launch(): Promise<Viewer> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const context = await browser.newContext({ viewport: { width: 1500, height: 1150 }, acceptDownloads: true });
  const requests: string[] = [];
  const allowed = (url: string) => /^(blob|data):/.test(url) || url === pathToFileURL(PAGE).href;
  context.on("request", (r) => { if (!allowed(r.url())) requests.push(r.url()); });
  const errors: string[] = [];
  return {
    browser, context, requests,
    async open(url = pathToFileURL(PAGE).href) {
      const page = await context.newPage();
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("worker", (w) => w.on("console", () => {}));
      await page.goto(url);
      return page;
    },
    async close() {
      await browser.close();
      if (errors.length) throw new Error(`errors in the page: ${errors.join("; ")}`);
    },
  };
}

/** Waits until every file is read (sessions too) and the page shows `records` rows in all. */
export async function settled(page: Page, records?: number): Promise<void> {
  await page.waitForFunction((want) => document.body.dataset.pending === "0" && document.querySelectorAll(".file[data-status=reading]").length === 0
    && (want === null || document.body.dataset.records === String(want)), records ?? null, { timeout: 20_000, polling: 50 });
  // one more frame: the table and the counts are drawn
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** The table's rows in sight, each as its cells' text. */
export function visibleRows(page: Page): Promise<string[][]> {
  return page.$$eval(".rows .row:not([hidden])", (rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? "")));
}

export const CELL = { source: 0, offset: 1, time: 2, type: 3, rawType: 4, user: 5, line: 6, host: 7, addr: 8, id: 9, pid: 10, session: 11, exit: 12, flags: 13 } as const;

/** Sorts the table by the column labelled `label`, ascending (a click toggles the direction of the current column). */
export async function sortBy(page: Page, label: string): Promise<void> {
  const order = () => page.$$eval(".thead [role=columnheader]", (cells, label) =>
    cells.find((c) => c.querySelector("button")?.textContent === label)?.getAttribute("aria-sort"), label);
  for (let i = 0; i < 2 && (await order()) !== "ascending"; i++) await page.locator(".thead button.sort", { hasText: label }).first().click();
  expect(await order()).toBe("ascending");
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}
