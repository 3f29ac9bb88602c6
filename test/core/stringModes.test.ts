// The core interns a string field or leaves it raw (internPolicy.ts) per window.
// Both must read every record the same: every fixture is decoded with every
// field interned and with every field raw, and entries, raw bytes, utmpdump
// text, JSON lines and filtered reads are compared.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fromBytes, type Layout } from "../../src/index.ts";
import { Engine } from "../../src/core/engine.ts";
import { instantiateCore } from "../../src/core/core.ts";
import { InternPolicy } from "../../src/core/internPolicy.ts";
import { compileFilter } from "../../src/core/filter.ts";
import type { EntryBatch } from "../../src/core/batch.ts";
import { utmpdumpBatch } from "../../src/format/utmpdump.ts";
import { writeJsonLines } from "../../src/format/jsonLines.ts";
import { ByteWriter, writerText } from "../../src/format/byteWriter.ts";
import { FIXTURES } from "../support/corpus.ts";
import { recordFixtures } from "../support/recordFixtures.ts";

const interned = new Engine(instantiateCore(), new InternPolicy("interned"));
const raw = new Engine(instantiateCore(), new InternPolicy("raw"));

/** Every record of `bytes` as batches decoded by `e`, window by window, as Database reads them. */
function decodeAll(e: Engine, bytes: Uint8Array, layout: Layout, user?: string): EntryBatch[] {
  const filter = user === undefined ? undefined : compileFilter({ user, includeZeroed: true }, layout);
  const out: EntryBatch[] = [];
  for (let at = 0; at < bytes.length;) {
    const n = Math.min(layout.framing ? e.windowCapacity : e.windowBytesFor(layout), bytes.length - at);
    e.window().set(bytes.subarray(at, at + n));
    if (layout.framing) {
      const r = e.decodeFramedWindow(layout, n, at, filter);
      out.push(r.batch);
      if (r.consumed === 0) break;
      at += r.consumed;
    } else {
      const whole = n - (n % layout.recordSize);
      if (whole === 0) break;
      out.push(e.decodeWindow(layout, whole, at, filter));
      at += whole;
    }
  }
  return out;
}

/** What a reader can see of a batch: every entry's fields and raw bytes, and both text formats. */
function seen(batches: EntryBatch[]) {
  const w = new ByteWriter();
  for (const b of batches) writeJsonLines(w, b);
  return {
    entries: batches.flatMap((b) => [...b].map((e) => ({ ...e.toJSON(), raw: e.raw, zeroed: e.zeroed, warnings: e.warnings }))),
    dump: batches.map((b) => utmpdumpBatch(b)).join(""),
    json: writerText(w),
  };
}

describe("interned and raw strings read alike", () => {
  for (const { name, bytes, layout } of recordFixtures()) {
    if (layout.kind === "lastlog") continue; // read through Lastlog, whose slots share this decoder; covered by its suite
    it(name, () => {
      const a = decodeAll(interned, bytes, layout), b = decodeAll(raw, bytes, layout);
      expect(b.every((batch) => batch.isRaw("user") && batch.isRaw("host"))).toBe(true);
      expect(seen(b)).toStrictEqual(seen(a));
      // a string condition finds the same records either way
      const user = a.flatMap((batch) => [...batch]).map((e) => e.user).find((u) => u);
      if (user) {
        const offsets = (batches: EntryBatch[]) => batches.flatMap((batch) => [...batch].map((e) => e.offset));
        const want = offsets(decodeAll(interned, bytes, layout, user));
        expect(want.length).toBeGreaterThan(0);
        expect(offsets(decodeAll(raw, bytes, layout, user))).toStrictEqual(want);
      }
    });
  }
});

describe("the adaptive policy", () => {
  // the repeating hosts: a few; 42 in turn (21 of them sampled: two pairs shared a slot of the sketch's
  // table of recent samples, which kept the field raw for good); alike but for one character inside a vector
  const repeating: [string, (i: number) => string][] = [
    ["5 hosts", (i) => `h${i % 5}.example`],
    ["42 hosts", (i) => `s${i % 42}.example`],
    ["8 hosts differing in their 6th byte", (i) => `host-${2 * (i % 8)}.example.net`],
  ];
  for (const [what, repeated] of repeating) {
    it(`leaves a field raw while its strings are new, and interns it again once they repeat (${what})`, () => {
      const layout = fromBytes(readFileSync(join(FIXTURES, "generated-glibc-x86_64", "wtmp"))).layout;
      const e = new Engine(instantiateCore(), new InternPolicy("adaptive"));
      const perWindow = e.windowBytesFor(layout) / layout.recordSize;
      const enc = new TextEncoder();
      /** A window of records whose host is new in every record (distinct) or a repeated one. */
      const window = (distinct: boolean, w: number) => {
        const bytes = new Uint8Array(perWindow * layout.recordSize);
        for (let i = 0; i < perWindow; i++) {
          const at = i * layout.recordSize;
          bytes[at] = 7; // USER_PROCESS
          bytes.set(enc.encode("alice"), at + 44);
          bytes.set(enc.encode(distinct ? `h${w}-${i}.example` : repeated(i)), at + 76);
        }
        return bytes;
      };
      const modes: boolean[] = [];
      for (let w = 0; w < 8; w++) {
        const bytes = window(w < 4, w);
        e.window().set(bytes);
        const batch = e.decodeWindow(layout, bytes.length, w * bytes.length);
        modes.push(batch.isRaw("host"));
        expect(batch.fieldText("host", 7)).toBe(w < 4 ? `h${w}-7.example` : repeated(7));
        expect(batch.isRaw("user")).toBe(false);
      }
      // measured interned, raw while new, back to interned one window after the strings repeat
      expect(modes).toStrictEqual([false, true, true, true, true, false, false, false]);
    });
  }
});
