// Database.batchesAhead() and batchesBackwardAhead(): the batches of batches()
// and batchesBackward(), each window of a plain file read off the JavaScript
// thread while the one before is decoded. What must hold: the same records and
// warnings as the reads in turn; the next read under way while the reader
// holds a batch; the file closed and the core's read-ahead slots given back
// however the reader leaves; two readers at once (one in the slots, one in a
// buffer of its own) each given its own records; a failed read raised, after
// the batches before it.
import { mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Database, findLayout, open, stream, type EntryBatch } from "../../src/index.ts";
import { memorySource, type ByteSource } from "../../src/sources/sources.ts";
import { engine } from "../../src/core/engine.ts";
import type { AsyncFileReader } from "../../src/sources/fileAccess.ts";
import { buildRecord } from "../support/fixtureBuilder.ts";

const layout = findLayout("linux384-le")!;
const SIZE = layout.recordSize;
const text = new TextDecoder();
const dir = mkdtempSync(join(tmpdir(), "utmpx-ahead-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `count` records, each with its number in its pid and seconds, then `extra` bytes of a partial record. */
function records(count: number, extra = 0): Uint8Array {
  const bytes = new Uint8Array(count * SIZE + extra);
  for (let k = 0; k < count; k++) {
    bytes.set(buildRecord(layout, { type: 7, user: `u${k % 97}`, line: `pts/${k % 13}`, host: `h${k}`, pid: k, seconds: 1_700_000_000 + k }), k * SIZE);
  }
  bytes.fill(0x41, count * SIZE);
  return bytes;
}

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** Each record of each batch as (offset, pid, user, host), with the batch's offset. */
function rows(batches: readonly EntryBatch[]): string[] {
  const out: string[] = [];
  for (const b of batches) {
    out.push(`batch ${b.offset} ${b.length}`);
    for (let i = 0; i < b.length; i++) out.push(`${b.offsetOf(i)} ${b.columns.pid[i]} ${text.decode(b.fieldBytes("user", i))} ${text.decode(b.fieldBytes("host", i))}`);
  }
  return out;
}

async function gather(batches: AsyncIterable<EntryBatch>): Promise<EntryBatch[]> {
  const out: EntryBatch[] = [];
  for await (const b of batches) out.push(b);
  return out;
}

const openFds = () => readdirSync("/proc/self/fd").length;

/** A source over `bytes` whose asynchronous reads are logged and each held until released. */
function heldSource(bytes: Uint8Array) {
  const log: string[] = [];
  const held: (() => void)[] = [];
  let closed = 0;
  let failAt: number | undefined;
  const inMemory = memorySource(bytes, "<held>");
  const source: ByteSource = {
    ...inMemory,
    asyncReader(): AsyncFileReader {
      return {
        read(offset, target) {
          log.push(`read ${offset} ${target.length}`);
          return new Promise((resolve, reject) => held.push(() => {
            if (offset === failAt) reject(new Error(`no read at ${offset}`));
            else resolve(inMemory.readInto(offset, target));
          }));
        },
        close: () => void closed++,
      };
    },
  };
  return {
    source, log, held,
    get closed() { return closed; },
    failReadAt(offset: number) { failAt = offset; },
    /** Lets every read asked for so far complete. */
    release() { for (const f of held.splice(0)) f(); },
  };
}

describe("reads ahead: the same batches as reads in turn", () => {
  // 4,096 records make a window: 10,000 and a partial one are three windows and a warning
  const bytes = records(10_000, 100);
  const path = file("wtmp", bytes);

  it("forward: stream(path) gives open(path)'s batches and warning", async () => {
    const warnings: string[] = [];
    const ahead = await gather(stream(path, { onWarning: (w) => warnings.push(`${w.code} ${w.offset} ${w.length}`) }));
    const inTurn = [...open(path).batches()];
    expect(ahead.length).toBe(3);
    expect(rows(ahead)).toEqual(rows(inTurn));
    expect(warnings).toEqual([`PARTIAL_RECORD ${10_000 * SIZE} 100`]);
  });

  it("forward with a filter and transient batches", async () => {
    const filter = { user: "u5" };
    const db = open(path, { layout });
    const inTurn = rows([...new Database(memorySource(bytes), { layout }).batches(filter)]);
    const ahead: string[] = [];
    for await (const b of db.batchesAhead(filter, true)) ahead.push(...rows([b])); // transient: read before the next
    expect(ahead).toEqual(inTurn);
    expect(ahead.filter((r) => !r.startsWith("batch")).length).toBe(Math.ceil((10_000 - 5) / 97));
  });

  it("backward: batchesBackwardAhead() gives batchesBackward()'s batches, from `before` too", async () => {
    const db = open(path, { layout });
    expect(rows(await gather(db.batchesBackwardAhead()))).toEqual(rows([...db.batchesBackward()]));
    const before = 7_001 * SIZE;
    const from = rows(await gather(db.batchesBackwardAhead(undefined, before)));
    expect(from).toEqual(rows([...db.batchesBackward(undefined, before)]));
    expect(from[1]).toBe(`${6_937 * SIZE} 6937 u50 h6937`); // its first window: the 64 records before `before`
  });

  it("closes the file whether the reader reads to the end or leaves early", async () => {
    const before = openFds();
    await gather(stream(path));
    for await (const _ of stream(path)) break;
    for await (const _ of open(path).batchesBackwardAhead()) break;
    expect(openFds()).toBe(before);
  });

  it("two readers at once, taken in turn, each get their own records; the slots are given back", async () => {
    const other = file("other", records(9_000).map((b) => (b === 0x75 ? 0x76 : b))); // users "v..."
    const a = stream(path, { transient: true })[Symbol.asyncIterator]();
    const b = stream(other, { transient: true })[Symbol.asyncIterator]();
    const seen: string[][] = [[], []];
    const done = [false, false];
    while (!done[0] || !done[1]) {
      for (const [n, it] of [a, b].entries()) {
        if (done[n]) continue;
        const r = await it.next();
        if (r.done) done[n] = true;
        else seen[n]!.push(...rows([r.value]));
      }
    }
    expect(seen[0]).toEqual(rows([...open(path).batches()]));
    expect(seen[1]).toEqual(rows([...open(other).batches()]));
    expect(seen[1]!.some((r) => r.includes(" v"))).toBe(true);
    const slots = engine().aheadSlots(layout);
    expect(slots).toBeDefined(); // both readers done: given back
    slots!.release();
  });

  it("a file cut short while read gives the whole records that came, and no error", async () => {
    const cut = file("cut", bytes);
    const got: EntryBatch[] = [];
    for await (const b of stream(cut)) {
      got.push(b);
      if (got.length === 1) truncateSync(cut, 5_000 * SIZE + 7);
    }
    const all = rows(got).filter((r) => !r.startsWith("batch"));
    // the second window was read before the cut; nothing past the cut's whole records comes
    expect(all.length).toBeGreaterThanOrEqual(5_000);
    expect(all.length).toBeLessThanOrEqual(2 * 4_096);
    expect(all).toEqual(rows([...new Database(memorySource(bytes), { layout }).batches()]).filter((r) => !r.startsWith("batch")).slice(0, all.length));
  });
});

describe("reads ahead: the next window is under way while the reader holds a batch", () => {
  const bytes = records(10_000);

  it("forward: the second window's read starts before the first batch is given", async () => {
    const h = heldSource(bytes);
    const batches = new Database(h.source, { layout }).batchesAhead();
    const first = batches.next();
    await Promise.resolve();
    expect(h.log).toEqual([`read 0 ${4096 * SIZE}`]);
    h.release();
    const b = await first;
    expect(b.done ? -1 : b.value.length).toBe(4096);
    expect(h.log).toEqual([`read 0 ${4096 * SIZE}`, `read ${4096 * SIZE} ${4096 * SIZE}`]);
    // while it reads, the core's slots are its own
    expect(engine().aheadSlots(layout)).toBeUndefined();
    // left early: the read under way is waited for, then the file closed
    const leaving = batches.return(undefined);
    await Promise.resolve();
    expect(h.closed).toBe(0);
    h.release();
    await leaving;
    expect(h.closed).toBe(1);
    const slots = engine().aheadSlots(layout);
    expect(slots).toBeDefined();
    slots!.release();
  });

  it("backward: the window before is read while the last one is given", async () => {
    const h = heldSource(bytes);
    const batches = new Database(h.source, { layout }).batchesBackwardAhead();
    const first = batches.next();
    await new Promise((r) => setTimeout(r, 0));
    expect(h.log).toEqual([`read ${(10_000 - 64) * SIZE} ${64 * SIZE}`]);
    h.release();
    expect((await first).value?.length).toBe(64);
    expect(h.log[1]).toBe(`read ${(10_000 - 192) * SIZE} ${128 * SIZE}`);
    h.release();
    await batches.return(undefined);
    expect(h.closed).toBe(1);
  });

  it("a failed read is raised after the batches before it, and the file closed", async () => {
    const h = heldSource(bytes);
    h.failReadAt(4096 * SIZE);
    const got: number[] = [];
    const reading = (async () => {
      for await (const b of new Database(h.source, { layout }).batchesAhead()) got.push(b.length);
    })();
    const failure = reading.then(() => undefined, (err: unknown) => err);
    for (let k = 0; k < 10 && h.closed === 0; k++) {
      await new Promise((r) => setTimeout(r, 0));
      h.release();
    }
    expect(String(await failure)).toBe("Error: no read at 1572864");
    expect(got).toEqual([4096]);
    expect(h.closed).toBe(1);
  });
});
