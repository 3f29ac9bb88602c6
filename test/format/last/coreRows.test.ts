// Rows written by the core (assembly/lastRows.ts via src/format/last/coreRows.ts)
// are the bytes the formatter writes itself: random records with odd bytes and
// far times, written as files of several layouts, paired as `utmpx last` pairs
// them, for every option set, time zone and rule for bytes past ASCII. Rows
// the core cannot write (times past its reach) are the formatter's, in order.
import { describe, it, expect } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LastFormatter, type LastFormatOptions } from "../../../src/format/last.ts";
import { ByteWriter } from "../../../src/format/byteWriter.ts";
import { BatchRecords } from "../../../src/sessions/batchRecords.ts";
import { NewestFirstFile } from "../../../src/sessions/newestFirst.ts";
import { SessionPairer } from "../../../src/sessions/pairer.ts";
import { CoreRows } from "../../../src/format/last/coreRows.ts";
import { Engine, type DecodedStrings } from "../../../src/core/engine.ts";
import { RecordBatch } from "../../../src/core/recordBatch.ts";
import { typeFromStrings } from "../../../src/layouts/conventions.ts";
import { findLayout, formatIPv6 } from "../../../src/index.ts";
import type { Layout } from "../../../src/layouts/table.ts";
import { buildFile, buildRecord } from "../../support/fixtureBuilder.ts";
import { NOW, OPTION_SETS, records, ZONES } from "../../support/last/randomRecords.ts";
import { prng } from "../../support/prng.ts";

const text = (b: Uint8Array) => Buffer.from(b).toString("latin1");

/** The records as a file of `layout` (types by the layout's numbers; an address it cannot hold left out). */
function fileOf(layout: Layout, seed: number, count: number): Uint8Array {
  const rows = records(seed, count);
  const cut = (b: Uint8Array | undefined, field: { length: number } | undefined) => (b ?? new Uint8Array()).subarray(0, field?.length ?? 0);
  const f = layout.fields;
  const out = new Uint8Array(rows.length * layout.recordSize);
  rows.forEach((r, k) => {
    const values = {
      type: Math.max(0, layout.types.indexOf(r.type as never)), pid: r.pid ?? 0, seconds: r.seconds, microseconds: r.microseconds,
      user: cut(r.raw!.user, f.user), line: cut(r.raw!.line, f.line), host: cut(r.raw!.host, f.host),
    };
    const addr = r.raw!.addr!;
    let record: Uint8Array;
    try {
      record = buildRecord(layout, addr.some((b) => b !== 0) ? { ...values, addr: formatIPv6(addr, 0) } : values);
    } catch {
      record = buildRecord(layout, values);
    }
    out.set(record, k * layout.recordSize);
  });
  return out;
}

/**
 * `utmpx last`'s loop over the file (newest first, a batch at a time), rows
 * written by the core or not; with `lastb`, lastb's. Its batches are read with
 * the strings `strings` says (utmpx last reads users and lines, lastb none).
 */
async function listing(path: string, layout: Layout, options: LastFormatOptions, byCore: boolean,
  lastb = false, strings: DecodedStrings = "all"): Promise<{ text: string; rows: number }> {
  const f = new LastFormatter(options, byCore);
  const w = new ByteWriter();
  const records = new BatchRecords();
  let rows = 0;
  const pairer = new SessionPairer({ now: NOW, lastb }, (row) => { if (f.write(w, row)) rows++; }, true);
  for await (const { batch, firstIndex } of new NewestFirstFile(path, { layout, transient: true, skipZeroed: !lastb, strings }).batches()) {
    records.use(batch);
    for (let i = batch.length - 1; i >= 0 && !f.full; i--) pairer.push(records, i, firstIndex + i);
    f.flushRows(w);
    if (f.full) break;
  }
  f.flushRows(w);
  return { text: text(w.view()) + f.end({ file: path, seconds: 0 }), rows };
}

const LAYOUTS = ["linux384-le", "linux382-be", "musl396-le", "libc5-56-le", "aix648-be", "dfly512-le", "bsd36-le"];
const RULES = ["raw", "escape", "utf8"] as const;

describe("rows the core writes are the formatter's own", () => {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-core-rows-"));
  for (const id of LAYOUTS) {
    it(`${id}: random rows, every option set, zone and rule for bytes past ASCII`, async () => {
      const layout = findLayout(id)!;
      const path = join(dir, id);
      writeFileSync(path, fileOf(layout, LAYOUTS.indexOf(id) + 11, 300));
      let byCore = 0;
      const add = CoreRows.prototype.add;
      CoreRows.prototype.add = function (...args: Parameters<typeof add>) {
        const ok = add.apply(this, args);
        if (ok) byCore++;
        return ok;
      };
      try {
        for (const [o, options] of OPTION_SETS.entries()) {
          for (const [z, timeZone] of ZONES.entries()) {
            // each rule for bytes past ASCII in turn (all three with every pair would triple the time)
            const nonAscii = RULES[(o + z) % RULES.length]!;
            const opts = { ...options, timeZone, nonAscii };
            const want = await listing(path, layout, opts, false);
            const got = await listing(path, layout, opts, true);
            expect(got.text, `${JSON.stringify(options)} ${timeZone} ${nonAscii}`).toBe(want.text);
          }
        }
      } finally {
        CoreRows.prototype.add = add;
      }
      // the core wrote most rows, and not all: some times are past its reach
      expect(byCore).toBeGreaterThan(500);
    });
  }

  for (const [command, lastb, strings] of [["last", false, "usersAndLines"], ["lastb", true, "none"]] as const) {
    for (const id of LAYOUTS) {
      it(`${id}: ${command}'s rows, from batches read with ${strings === "none" ? "no strings" : "users and lines"}, are those of batches read with every one`, async () => {
        const layout = findLayout(id)!;
        const path = join(dir, `${id}.${command}`);
        writeFileSync(path, fileOf(layout, LAYOUTS.indexOf(id) + 41, 300));
        // batches that came without strings, and those of them a row the core could not write decoded again
        let deferred = 0, decodedAgain = 0;
        let again = false;
        const decode = Engine.prototype.decodeWindow;
        Engine.prototype.decodeWindow = function (...args: Parameters<typeof decode>) {
          const batch = decode.apply(this, args);
          if (batch.stringsLater) deferred++;
          else if (again) decodedAgain++;
          return batch;
        };
        const withStrings = RecordBatch.prototype.withStrings;
        RecordBatch.prototype.withStrings = function () {
          again = true;
          try {
            return withStrings.call(this);
          } finally {
            again = false;
          }
        };
        try {
          for (const [o, options] of OPTION_SETS.entries()) {
            const opts = { ...options, timeZone: ZONES[o % ZONES.length]!, nonAscii: RULES[o % RULES.length]! };
            const want = await listing(path, layout, opts, false, lastb);
            const got = await listing(path, layout, opts, true, lastb, strings);
            expect(got.text, `${JSON.stringify(options)}`).toBe(want.text);
          }
        } finally {
          Engine.prototype.decodeWindow = decode;
          RecordBatch.prototype.withStrings = withStrings;
        }
        // layouts whose types are read from the strings (BSD's, DragonFly's) are always decoded with them
        if (typeFromStrings(layout)) expect(deferred).toBe(0);
        else expect(deferred, "batches read without strings").toBeGreaterThan(0);
        // layouts of 64-bit times hold rows past the core's reach (lastb's, every record; last's, on
        // musl396-le's seed): their batches are decoded again, once each
        const farRows = lastb ? layout.fields.seconds!.kind.includes("64") : id === "musl396-le";
        if (deferred > 0 && farRows) expect(decodedAgain).toBeGreaterThan(0);
        expect(decodedAgain).toBeLessThanOrEqual(deferred);
      });
    }
  }

  it("a logout with only an id ends its login, from a batch read without ids, and the core writes the rows after", async () => {
    const layout = findLayout("linux384-le")!;
    const path = join(dir, "lineless");
    const t = 1_700_000_000;
    writeFileSync(path, buildFile(layout, [
      { type: 7, pid: 10, line: "pts/1", id: "ts/1", user: "al", host: "h.example", seconds: t },
      { type: 7, pid: 11, line: "pts/2", id: "ts/2", user: "bo", host: "g.example", seconds: t + 5 },
      // FreeBSD-like: the logout names only the id
      { type: 8, pid: 10, id: "ts/1", seconds: t + 3600 },
      { type: 8, pid: 11, line: "pts/2", id: "ts/2", seconds: t + 7200 },
    ]));
    const options = { timeZone: "UTC" };
    const want = await listing(path, layout, options, true);
    const got = await listing(path, layout, options, true, false, "usersAndLines");
    expect(got.text).toBe(want.text);
    expect(got.text).toContain("al       pts/1        h.example        Tue Nov 14 22:13 - 23:13  (01:00)");
  });

  it("a batch decoded again mid-way reads every later user and line from the second decode, raw ones too", async () => {
    // every user and line new (the policy leaves them raw after the first window), and logins past
    // the core's reach in the later windows: their rows make the batch decode again with hosts and ids,
    // which rewrites the raw region the batch's own users and lines were read from
    const layout = findLayout("musl396-le")!;
    const path = join(dir, "raw-again");
    const records = [];
    for (let k = 0; k < 12_000; k++) {
      const far = k % 1000 === 500 && k > 5000;
      const seconds = far ? 2 ** 42 + k : 1_700_000_000 + k * 10;
      records.push({ type: 7, pid: k, line: `pts/${k}`, id: `${k % 10000}`, user: `user-${k}`, host: `host-${k}.example`, seconds });
      records.push({ type: 8, pid: k, line: `pts/${k}`, id: `${k % 10000}`, seconds: seconds + 5 });
    }
    writeFileSync(path, buildFile(layout, records));
    for (const options of [{ timeZone: "UTC" }, { timeZone: "UTC", fullTimes: true, ip: true }]) {
      const want = await listing(path, layout, options, true);
      const got = await listing(path, layout, options, true, false, "usersAndLines");
      expect(got.rows).toBe(12_000);
      expect(got.text === want.text, "the same text").toBe(true);
    }
  });

  // windows that turn the policy from interned to raw and back, lineless logouts (ids read), boots,
  // and times past the core's reach here and there (batches decoded again at random points)
  for (const id of ["linux384-le", "musl396-le", "aix648-be"]) {
    it(`${id}: many windows of changing strings, last and lastb from fewer strings equal those from every one`, async () => {
      const layout = findLayout(id)!;
      const wide = layout.fields.seconds!.kind.includes("64");
      const random = prng(LAYOUTS.length + id.length);
      const records = [];
      let t = 1_700_000_000;
      for (let k = 0; k < 14_000; k++) {
        // a pool of 5 strings, or one new string a record, by stretches of 2,000 records
        const pool = Math.floor(k / 2000) % 2 === 0 ? 5 : 1e9;
        const name = (prefix: string) => `${prefix}${Math.floor(random() * pool)}`;
        t += 1 + Math.floor(random() * 60);
        const seconds = wide && random() < 0.002 ? 2 ** 42 + k : t;
        const line = name("pts/"), slot = String(Math.floor(random() * Math.min(pool, 10_000))); // ids are 4 bytes
        const r = random();
        if (r < 0.01) records.push({ type: layout.types.indexOf("BOOT_TIME" as never), user: "reboot", line: "~", id: "~~", host: "6.1.0", seconds });
        else if (r < 0.55) records.push({ type: layout.types.indexOf("USER_PROCESS" as never), pid: k, line, id: slot, user: name("u"), host: name("h") + ".example", seconds });
        else if (r < 0.6) records.push({ type: layout.types.indexOf("DEAD_PROCESS" as never), pid: k, id: slot, seconds }); // no line: its id ends a login
        else records.push({ type: layout.types.indexOf("DEAD_PROCESS" as never), pid: k, line, id: slot, seconds });
      }
      const path = join(dir, `${id}.windows`);
      writeFileSync(path, buildFile(layout, records));
      for (const options of [{ timeZone: "Europe/Berlin", extended: true }, { timeZone: "UTC", fullTimes: true, fullNames: true, ip: true }]) {
        for (const [lastb, strings] of [[false, "usersAndLines"], [true, "none"]] as const) {
          const want = await listing(path, layout, options, true, lastb);
          const got = await listing(path, layout, options, true, lastb, strings);
          expect(got.rows, `${JSON.stringify(options)} ${strings}`).toBe(want.rows);
          expect(got.text === want.text, `${JSON.stringify(options)} ${strings}: the same text`).toBe(true);
        }
      }
    });
  }

  it("rows naming more texts than the texts region holds keep each their own user and line", async () => {
    const path = join(dir, "texts");
    const layout = findLayout("linux384-le")!;
    writeFileSync(path, fileOf(layout, 5, 50));
    const { batch } = (await new NewestFirstFile(path, { layout, transient: true }).batches().next()).value!;
    const fixed = [{ logout: "  still running", length: "" }];
    const rows = new CoreRows({ times: 0, nameLen: 32, domainLen: 16, address: false, hostLast: false, noHost: true, nonAscii: "raw", fixed });
    const w = new ByteWriter();
    // two new texts of 100 bytes a row: the 4 KiB region fills every 20 rows or so, between a row's user and its line
    const name = (c: string, k: number) => `${c}${String(k).padStart(3, "0")}`.padEnd(100, c);
    for (let k = 0; k < 60; k++) {
      expect(rows.add(w, batch, 0, 1_700_000_000, 0, 1_700_000_000, 0, 0, name("u", k), name("l", k))).toBe(true);
    }
    rows.flush(w);
    const lines = text(w.view()).split("\n").slice(0, -1);
    expect(lines).toHaveLength(60);
    lines.forEach((l, k) => expect(l, `row ${k}`).toBe(`${name("u", k).slice(0, 32)} ${name("l", k).slice(0, 12)}`));
  });

  it("a batch left unflushed is refused, not written from a window read since", async () => {
    const path = join(dir, "big");
    const layout = findLayout("linux384-le")!;
    const one = fileOf(layout, 3, 400);
    const big = new Uint8Array(one.length * 30);
    for (let k = 0; k < 30; k++) big.set(one, k * one.length);
    writeFileSync(path, big);
    const f = new LastFormatter({ timeZone: "UTC", extended: true }, true);
    const w = new ByteWriter();
    const records = new BatchRecords();
    const pairer = new SessionPairer({ now: NOW }, (row) => f.write(w, row), true);
    await expect((async () => {
      for await (const { batch, firstIndex } of new NewestFirstFile(path, { layout, transient: true }).batches()) {
        records.use(batch);
        for (let i = batch.length - 1; i >= 0; i--) pairer.push(records, i, firstIndex + i);
        // no flushRows here
      }
      f.flushRows(w);
    })()).rejects.toThrow(/no longer holds/);
  });
});
