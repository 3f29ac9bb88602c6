// The viewer page in real headless Chromium, opened from file:// as a user
// would: each kind of file dropped on it shows the rows the package's API
// reads (count and a sample, field by field), several files merge, a wrong
// file says why and the page goes on working, exports hold the view, `utmpx
// view` serves it with files preloaded, and no request leaves the page.
// Screenshots of the main views go to build/viewer-screenshots/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { createHash } from "node:crypto";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { audit, encode, fromBlob, fromBytes, lastlogFromBlob, LAYOUTS, sessions, type Entry } from "../../src/index.ts";
import { FIXTURES } from "../support/corpus.ts";
import { scenario } from "../support/scenarios.ts";
import { serveViewer } from "../../src/cli/view.ts";
import type { Page } from "playwright";
import { DuckDBInstance } from "@duckdb/node-api";
import { buildPage, CELL, launch, PAGE, SCREENSHOTS, settled, sortBy, visibleRows, type Viewer } from "./viewerPage.ts";

let viewer: Viewer;
let scratch: string;
/** One page for every test (a page costs a renderer's start): each test navigates it afresh or clears its files. */
let page: Page;

/** The page as a user opens it, with nothing in it. */
async function fresh(url?: string): Promise<Page> {
  await page.goto(url ?? pathToFileURL(PAGE).href);
  return page;
}

beforeAll(async () => {
  buildPage();
  viewer = await launch();
  page = await viewer.open();
  scratch = mkdtempSync(join(tmpdir(), "utmpx-viewer-"));
  // no Solaris file in the corpus: one written as Solaris on SPARC writes them
  writeFileSync(join(scratch, "wtmpx-solaris-sparc"), scenario(LAYOUTS.find((l) => l.id === "solaris372-be")!).bytes);
}, 60_000);

afterAll(async () => {
  await viewer?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** expect.poll with room for a loaded machine (its default gives up after a second). */
const poll = <T>(f: () => T | Promise<T>) => expect.poll(f, { timeout: 15_000 });

/** What the package reads from the file, every record (zeroed ones too, as the viewer shows them). */
async function apiEntries(path: string): Promise<Entry[]> {
  const db = await fromBlob(new File([readFileSync(path)], basename(path)));
  return [...db.batches({ includeZeroed: true })].flatMap((b) => [...b]);
}

function expectRow(cells: string[], e: Entry): void {
  const json = e.toJSON();
  expect({
    offset: cells[CELL.offset], type: cells[CELL.type], user: cells[CELL.user], line: cells[CELL.line],
    host: cells[CELL.host], addr: cells[CELL.addr], id: cells[CELL.id], pid: cells[CELL.pid],
    time: e.microseconds >= 0 && e.microseconds <= 999_999 ? cells[CELL.time] : json.date,
  }).toEqual({
    offset: String(e.offset), type: e.type, user: e.user ?? "", line: e.line ?? "", host: e.host ?? "", addr: e.addr ?? "",
    id: e.id ?? "", pid: e.pid === undefined ? "" : String(e.pid), time: json.date,
  });
}

const KINDS: [string, string][] = [
  ["Linux 384-byte little-endian wtmp", join(FIXTURES, "generated-glibc-x86_64/wtmp")],
  ["Linux 400-byte big-endian utmp (s390x)", join(FIXTURES, "plaso/utmp_s390")],
  ["OpenBSD wtmp", join(FIXTURES, "s4/OpenBSD7.4/x86_64/wtmp")],
  ["FreeBSD utx.log (framed)", join(FIXTURES, "s4/FreeBSD13.1/x86_64/utx.log")],
  ["macOS utmpx", join(FIXTURES, "plaso/utmpx_mac")],
  ["gzip archive", join(FIXTURES, "wtmpdb/inputs/volume.wtmp.gz")],
  ["wtmpdb database", join(FIXTURES, "wtmpdb/db/normal.db")],
];

describe("each kind of file dropped on the page", () => {
  // each file removed before the next, as a user would (the page is fresh from launch)

  it.each([...KINDS, ["Solaris wtmpx (SPARC, generated)", ""]])("%s: the rows the API reads", async (_what, given) => {
    const path = given || join(scratch, "wtmpx-solaris-sparc");
    const entries = await apiEntries(path);
    for (const remove of await page.getByRole("button", { name: /^Remove / }).all()) await remove.click();
    await page.setInputFiles("#file-input", path);
    await settled(page, entries.length);
    expect(await page.locator(".file[data-status=ready]").count()).toBe(1);
    await sortBy(page, "Offset");
    const rows = await visibleRows(page);
    expect(rows.length).toBe(Math.min(entries.length, rows.length));
    expect(rows.length).toBeGreaterThan(0);
    rows.forEach((cells, i) => expectRow(cells, entries[i]!));
  });
});

describe("the page", () => {
  it("merges several files, and draws the timeline, findings and a record's bytes", async () => {
    const paths = [join(FIXTURES, "generated-glibc-x86_64/wtmp"), join(FIXTURES, "generated-glibc-x86_64/btmp"), join(FIXTURES, "plaso/utmp_corrupted")];
    const counts = await Promise.all(paths.map(async (p) => (await apiEntries(p)).length));
    await fresh();
    await page.setInputFiles("#file-input", paths);
    await settled(page, counts.reduce((a, b) => a + b));
    await poll(() => page.locator(".sha").allTextContents()).toEqual(paths.map((p) =>
      `SHA-256 ${createHash("sha256").update(readFileSync(p)).digest("hex")}`));
    // the timeline's sessions are the package's: last's pairing of each file, a btmp's as lastb reads it
    const wanted = (await Promise.all(paths.map(async (p) => sessions(await apiEntries(p), { lastb: basename(p) === "btmp" }).length))).reduce((a, b) => a + b);
    expect(wanted).toBeGreaterThan(0);
    await poll(async () => Number(await page.evaluate(() => document.body.dataset.sessions))).toBe(wanted);
    // the timeline fits every file's records, months apart, not only the first file's to arrive
    const times = (await Promise.all(paths.map(apiEntries))).flat().filter((e) => e.seconds > 0 && e.type !== "UNKNOWN").map((e) => e.seconds);
    const span: number[] = await page.evaluate(() => {
      const t = (globalThis as unknown as { utmpxViewer: { timeline: { from: number; to: number } } }).utmpxViewer.timeline;
      return [t.from, t.to];
    });
    expect(span[0]).toBeLessThanOrEqual(Math.min(...times));
    expect(span[1]).toBeGreaterThanOrEqual(Math.max(...times));
    await page.locator(".rows .row").nth(3).click();
    await poll(() => page.locator(".hex pre").count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, "overview.png"), fullPage: true });
    await page.locator(".detail").screenshot({ path: join(SCREENSHOTS, "record-bytes.png") });
    // zoom the timeline in with the keyboard
    await page.locator(".timeline canvas").focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press("+");
    await page.locator(".timeline").screenshot({ path: join(SCREENSHOTS, "timeline-zoomed.png") });
    await poll(() => page.evaluate(() => document.body.dataset.audited)).toBe("3");
    await page.locator(".findings-panel summary").click();
    await page.locator(".findings-panel").screenshot({ path: join(SCREENSHOTS, "findings.png") });
    // a finding jumps to its record: utmp_corrupted's records of type 99 (the layout defines 0-9)
    const impossible = page.locator(".findings li[data-kind=impossible-records]");
    expect(await impossible.textContent()).toMatch(/^utmp_corrupted @384 impossible-records: 2 records no writer produces/);
    await impossible.locator("button.link").click();
    await poll(() => page.locator(".detail").textContent()).toMatch(/#1 of utmp_corrupted/);
  });

  it("lists exactly the findings the package's audit() gives for the same files", async () => {
    const paths = [join(FIXTURES, "plaso/utmp_corrupted"), join(FIXTURES, "generated-glibc-x86_64/btmp"), join(FIXTURES, "generated-glibc-x86_64/wtmp")];
    // as the page audits them: bytes with their names, a btmp in the btmp role (its checkbox, ticked by the name)
    const report = await audit(paths.map((p) => ({ name: basename(p), bytes: new Uint8Array(readFileSync(p)), role: /btmp/.test(p) ? "btmp" as const : undefined })));
    expect(report.findings.length).toBeGreaterThan(1);
    await fresh();
    await page.setInputFiles("#file-input", paths);
    await settled(page);
    await poll(() => page.evaluate(() => document.body.dataset.audited)).toBe("3");
    await page.locator(".findings-panel summary").click();
    const listed = await page.locator(".findings li").allTextContents();
    // the page lists them file by file in the order the files were given; the audit, the host's wtmp files last
    const expected = paths.flatMap((p) => report.findings.filter((f) => f.file === basename(p)))
      .map((f) => `${f.file}${f.offset === null ? "" : ` @${f.offset}`} ${f.kind}: ${f.explanation}`);
    expect(listed).toEqual(expected);
    // one on the timeline's findings lane for each with a time in view
    expect(Number(await page.evaluate(() => document.body.dataset.findings))).toBe(report.findings.length);
    // the partial record at the end jumps to the last whole record before it
    await page.locator(".findings li[data-kind=partial-record] button.link").click();
    const records = (await apiEntries(paths[0]!)).length;
    await poll(() => page.locator(".detail").textContent()).toMatch(new RegExp(`#${records - 1} of utmp_corrupted`));
  });

  it("reads a file of many slices as the package reads it whole: rows, offsets, a partial last record", async () => {
    // 3 MB of records (the viewer reads 1 MiB, then 32 MB slices: the record straddling 1 MiB is cut
    // unless slices end on records) and 100 stray bytes at the end
    const one = readFileSync(join(FIXTURES, "generated-glibc-x86_64/wtmp"));
    const path = join(scratch, "wtmp-sliced");
    writeFileSync(path, Buffer.concat([...Array(Math.ceil(3e6 / one.length)).fill(one), Buffer.alloc(100, 7)]));
    const entries = await apiEntries(path);
    await fresh();
    // this file after the worker's warm-up (made-up records decoded the same way) has run; the other tests
    // hand theirs over at once, stopping it midway
    await poll(() => page.evaluate(() => document.body.dataset.ready)).toBe("1");
    await page.setInputFiles("#file-input", path);
    await settled(page, entries.length);
    const size = readFileSync(path).length;
    expect(await page.locator(".file details").textContent()).toContain(`100 bytes at offset ${size - 100} are a partial`);
    // the last rows, far past the first slice, field by field
    await sortBy(page, "Offset");
    await page.locator(".scroller").focus();
    await page.keyboard.press("End");
    await poll(async () => (await visibleRows(page)).at(-1)?.[CELL.offset]).toBe(String(entries.at(-1)!.offset));
    const rows = await visibleRows(page);
    rows.forEach((cells, k) => expectRow(cells, entries[entries.length - rows.length + k]!));
  });

  // a cut archive was "cannot read" and nothing; the page now shows what it holds and says it was cut
  it("reads a gzip archive cut short: a true prefix of its records, and a warning saying so", async () => {
    const one = readFileSync(join(FIXTURES, "generated-glibc-x86_64/wtmp"));
    const whole = Buffer.concat(Array(200).fill(one));
    const gz = gzipSync(whole);
    const path = join(scratch, "wtmp.1.gz");
    writeFileSync(path, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const want = [...fromBytes(whole).batches({ includeZeroed: true })].flatMap((b) => [...b]);
    await fresh();
    await page.setInputFiles("#file-input", path);
    await settled(page);
    await poll(() => page.locator(".file details").textContent()).toMatch(/wtmp\.1\.gz: the gzip archive is cut short/);
    await sortBy(page, "Offset");
    const rows = await visibleRows(page);
    expect(rows.length).toBeGreaterThan(0);
    rows.forEach((cells, k) => expectRow(cells, want[k]!));
  });

  it("filters, searches and exports exactly the rows it shows", async () => {
    const path = join(FIXTURES, "generated-glibc-x86_64/wtmp");
    const entries = await apiEntries(path);
    await fresh();
    await page.setInputFiles("#file-input", path);
    await settled(page, entries.length);
    await page.getByLabel("Filter Type").fill("USER");
    const users = entries.filter((e) => e.type === "USER_PROCESS");
    await poll(() => page.evaluate(() => document.body.dataset.shown)).toBe(String(users.length));
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "NDJSON" }).click();
    const lines = readFileSync(await (await download).path(), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    // in the view's order (time), each as the API gives it, with its source
    const byTime = [...users].sort((a, b) => a.seconds - b.seconds || a.microseconds - b.microseconds || a.offset - b.offset);
    expect(lines).toEqual(byTime.map((e) => ({ source: "wtmp", ...JSON.parse(JSON.stringify(e)) })));
    const dump = page.waitForEvent("download");
    await page.getByRole("button", { name: "utmpdump" }).click();
    expect(readFileSync(await (await dump).path(), "utf8").split("\n").filter(Boolean)).toHaveLength(users.length);
    // Parquet of the package's export schema, read back by DuckDB: the same rows in the same order
    const parquet = page.waitForEvent("download");
    await page.getByRole("button", { name: "Parquet" }).click();
    const parquetPath = await (await parquet).path();
    const duck = await (await DuckDBInstance.create(":memory:")).connect();
    const read = (await duck.runAndReadAll(`SELECT source, "offset", type, "user", line, epoch_us("time") AS us FROM read_parquet('${parquetPath.replaceAll("'", "''")}')`)).getRowObjectsJson();
    duck.closeSync();
    expect(read).toEqual(byTime.map((e) => ({ source: "wtmp", offset: String(e.offset), type: e.type, user: e.user, line: e.line,
      us: String(e.seconds * 1_000_000 + e.microseconds) })));
    // a brush over the first third of the histogram keeps the records of that time only; clearing it brings back all
    await page.getByLabel("Filter Type").fill("");
    await poll(() => page.evaluate(() => document.body.dataset.shown)).toBe(String(entries.length));
    const box = (await page.locator(".histogram canvas").boundingBox())!;
    await page.mouse.move(box.x + 152, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + 150 + (box.width - 150) / 3, box.y + 20, { steps: 5 });
    await page.mouse.up();
    await poll(async () => Number(await page.evaluate(() => document.body.dataset.shown))).toBeLessThan(entries.length);
    await page.getByRole("button", { name: "Clear time range" }).click();
    await poll(() => page.evaluate(() => document.body.dataset.shown)).toBe(String(entries.length));
    // the keyboard moves the selection through the table
    await page.locator(".scroller").focus();
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowDown");
    await poll(() => page.locator(".row[aria-selected=true] [role=gridcell]").nth(CELL.offset).textContent()).toBe("384");
    // the search in highlight mode keeps every row and counts the matches
    await page.getByLabel("Filter Type").fill("");
    await page.getByLabel("Search mode").selectOption("highlight");
    await page.getByLabel("Search records").fill("alice");
    await poll(() => page.locator(".counts").textContent()).toMatch(new RegExp(`^${entries.length} of ${entries.length} records shown, ${entries.filter((e) => e.user === "alice").length} matching`));
  });

  it("says why it cannot read a wrong file, and goes on working", async () => {
    const wrong = join(scratch, "notes.txt");
    writeFileSync(wrong, "This is not a login record file at all, just a few lines of text.\n".repeat(40));
    await fresh();
    await page.setInputFiles("#file-input", wrong);
    await poll(() => page.locator(".file[data-status=error] [role=alert]").textContent()).toMatch(/notes\.txt/);
    await page.screenshot({ path: join(SCREENSHOTS, "wrong-file.png") });
    const good = join(FIXTURES, "plaso/wtmp.1");
    await page.setInputFiles("#file-input", good);
    await settled(page, (await apiEntries(good)).length);
    expect(await page.locator(".file[data-status=error]").count()).toBe(1);
  });

  it("reads a lastlog2 database with its -wal dropped with it, or after it; a -wal alone says what it is", async () => {
    const db = join(FIXTURES, "lastlog/lastlog2-wal.db"), wal = join(FIXTURES, "lastlog/lastlog2-wal.db-wal");
    // every row, as the viewer shows them (a user's empty row too)
    const rows = async (options?: { wal: File }) => [...(await lastlogFromBlob(new File([readFileSync(db)], "lastlog2-wal.db"), options)).batches({ includeZeroed: true })].flatMap((b) => [...b]);
    const withWal = await rows({ wal: new File([readFileSync(wal)], "lastlog2-wal.db-wal") });
    const alone = await rows();
    expect(withWal.length).toBeGreaterThan(alone.length); // the log holds a user the database alone does not
    const shown = async (want: Entry[]) => {
      await settled(page, want.length);
      await sortBy(page, "Offset");
      const rows = await visibleRows(page);
      const byOffset = [...want].sort((a, b) => a.offset - b.offset);
      for (let k = 0; k < Math.min(rows.length, byOffset.length); k++) expectRow(rows[k]!, byOffset[k]!);
    };
    // together: one file, the log applied
    await fresh();
    await page.setInputFiles("#file-input", [db, wal]);
    await shown(withWal);
    expect(await page.locator(".file").count()).toBe(1);
    expect(await page.locator(".file").textContent()).toMatch(/with its -wal \(16,512 bytes\).*1 warning/);
    expect(await page.locator(".file details").textContent()).toMatch(/committed transaction\(s\) .* of its -wal file applied/);
    // the database first, its log after: read again with it
    await fresh();
    await page.setInputFiles("#file-input", db);
    await shown(alone);
    await page.setInputFiles("#file-input", wal);
    await shown(withWal);
    expect(await page.locator(".file").count()).toBe(1);
    // gzipped (as an archive of one would be), without its log
    const gz = join(scratch, "lastlog2-wal.db.gz");
    writeFileSync(gz, gzipSync(readFileSync(db)));
    await fresh();
    await page.setInputFiles("#file-input", gz);
    await shown(alone);
    // the log alone
    await fresh();
    await page.setInputFiles("#file-input", wal);
    await poll(() => page.locator(".file[data-status=error] [role=alert]").textContent())
      .toMatch(/lastlog2-wal\.db-wal is the -wal \(write-ahead log\) of a SQLite database.*drop it together with its database \(lastlog2-wal\.db\)/);
  });

  it("cancels a file while reading it", async () => {
    // 240 MB: long enough to read that the click comes first, even on a fast machine (60 MB was read
    // whole, at 2026-11-30's speed, before the click landed; a cancel then drops the rows all the same)
    const big = join(scratch, "wtmp-big");
    writeFileSync(big, Buffer.concat(Array(25_000).fill(readFileSync(join(FIXTURES, "generated-glibc-x86_64/wtmp")))));
    await fresh();
    // every row and every Cancel button the page shows while the file is read
    await page.evaluate(() => {
      const seen = { rows: new Set<Element>(), cancels: new Set<Element>() };
      (window as unknown as { seen: typeof seen }).seen = seen;
      new MutationObserver(() => {
        const row = document.querySelector(".file");
        if (row?.getAttribute("data-status") !== "reading") return;
        seen.rows.add(row);
        const cancel = [...row.querySelectorAll("button")].find((b) => b.textContent === "Cancel");
        if (cancel) seen.cancels.add(cancel);
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.setInputFiles("#file-input", big);
    // while the bytes come the row stays put (only its bar moves)
    await poll(async () => Number(await page.locator(".file progress").getAttribute("value"))).toBeGreaterThan(0);
    // its first rows come while it is read, and rebuild its row, around the same Cancel button
    // (a press and a release on two buttons would be no click)
    await poll(() => page.evaluate(() => Number(document.body.dataset.records ?? 0))).toBeGreaterThan(0);
    const seen = await page.evaluate(() => {
      const { rows, cancels } = (window as unknown as { seen: { rows: Set<Element>; cancels: Set<Element> } }).seen;
      return { rows: rows.size, cancels: cancels.size };
    });
    expect(seen.rows).toBeGreaterThan(1);
    expect(seen.cancels).toBe(1);
    await page.getByRole("button", { name: "Cancel" }).click();
    await poll(() => page.locator(".file").getAttribute("data-status")).toBe("cancelled");
    // the counts are written once the next frame is drawn
    await poll(() => page.evaluate(() => document.body.dataset.records)).toBe("0");
  });

  it("reads the next file after one cancelled midway through texts it had not sent yet", async () => {
    // a first slice of one fixture's records, then 60 MB of records each from a host never seen before,
    // then 190 MB more of the fixture: cancelled after the new hosts were read and before the end, the
    // worker's dictionary holds texts the page has not had
    const small = join(FIXTURES, "generated-glibc-x86_64/wtmp");
    const hosts = encode(Array.from({ length: 160_000 }, (_, i) => ({ type: "USER_PROCESS" as const, user: "u", line: "pts/1",
      host: `new-${i}.example`, pid: 1, seconds: 1_700_000_000 + i })), "linux384-le");
    const mixed = join(scratch, "wtmp-new-hosts");
    const fixture = readFileSync(small);
    writeFileSync(mixed, Buffer.concat([Buffer.concat(Array(400).fill(fixture)), hosts, Buffer.concat(Array(20_000).fill(fixture))]));
    await fresh();
    await page.setInputFiles("#file-input", mixed);
    // checked and clicked in one task of the page: the rest of the file (190 MB) is read in well under
    // a second on a fast machine, sooner than a click from here can be sure to land
    await page.waitForFunction(() => {
      const bar = document.querySelector<HTMLProgressElement>(".file progress");
      if (!bar || bar.value <= 0.26) return false;
      [...document.querySelectorAll("button")].find((b) => b.textContent === "Cancel")!.click();
      return true;
    }, undefined, { polling: 10 });
    await poll(() => page.locator(".file").getAttribute("data-status")).toBe("cancelled");
    await page.getByRole("button", { name: "Remove" }).click();
    await page.setInputFiles("#file-input", small);
    const want = await apiEntries(small);
    await settled(page, want.length);
    const rows = await visibleRows(page);
    for (let k = 0; k < Math.min(5, rows.length); k++) expectRow(rows[k]!, want[k]!);
  });

  it("reads a file dropped on it (a drop event, not the picker)", async () => {
    const path = join(FIXTURES, "generated-glibc-x86_64/wtmp");
    const bytes = [...readFileSync(path)];
    await fresh();
    await page.evaluate((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], "wtmp"));
      document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, bytes);
    await settled(page, (await apiEntries(path)).length);
  });

  it("utmpx view serves it with the files preloaded", async () => {
    const path = join(FIXTURES, "generated-glibc-x86_64/wtmp");
    const server = await serveViewer(readFileSync(PAGE, "utf8"), [path]);
    try {
      expect((await fetch(server.url.replace(/\/[0-9a-f]{32}\//, "/0123/"))).status).toBe(404);
      await fresh(server.url);
      await settled(page, (await apiEntries(path)).length);
      expect(await page.locator(".file strong").textContent()).toBe("wtmp");
      } finally {
      await server.close();
    }
    // the page asked its own server for the file: that request is expected, and the only kind
    viewer.requests.splice(0, viewer.requests.length, ...viewer.requests.filter((u) => !u.startsWith(server.url)));
  });

  it("sent no request anywhere", () => {
    expect(viewer.requests).toEqual([]);
  });
});
