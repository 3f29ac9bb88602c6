// Raw string fields are read from their window's bytes in 32 KiB pieces
// (src/core/rawText.ts): an ASCII piece (or 64-byte block of one) by substrings, a field past ASCII, with
// bad UTF-8 or a NUL on its own, a field across two pieces on its own. Every
// such field must read as the reference decoder and the interned path read it,
// and entries must still read so after their batch (and the core's window) has
// moved on.
import { describe, expect, it } from "vitest";
import { findLayout, type Layout } from "../../src/index.ts";
import { Engine } from "../../src/core/engine.ts";
import { instantiateCore } from "../../src/core/core.ts";
import { InternPolicy } from "../../src/core/internPolicy.ts";
import type { Entry } from "../../src/core/entry.ts";
import { decodeReference } from "../../src/reference/dataViewDecoder.ts";
import { buildFile, type RecordValues } from "../support/fixtureBuilder.ts";

const raw = new Engine(instantiateCore(), new InternPolicy("raw"));
const interned = new Engine(instantiateCore(), new InternPolicy("interned"));
const enc = new TextEncoder();
const FIELDS = ["id", "user", "line", "host"] as const;

const ASCII = ["root", "pts/0", "bastion.corp.example.org", "a-name-of-exactly-thirteen", "x"];
const UTF8 = ["jürgen", "zoë", "münchen.例え.jp", "😀 emoji host"];
const BAD: Uint8Array[] = [
  Uint8Array.of(0xff, 0x61), // never valid
  Uint8Array.of(0x61, 0xc3), // truncated sequence at the field's end
  Uint8Array.of(0x80, 0x62), // a lone continuation byte
  Uint8Array.of(0x80, 0x9f, 0x41), // windows-1252 maps these to chars past Latin-1
  Uint8Array.of(0xed, 0xa0, 0x80), // a surrogate, not UTF-8
];

/** `width` bytes of `k`-varied ASCII: fields at their full width (no NUL). */
const full = (width: number, k: number) => enc.encode(String.fromCharCode(97 + (k % 26)).repeat(width));

/** Record k's string field: mostly ASCII of varied length (so fields fall across pieces), some past ASCII, some invalid, some full width. */
function stringFor(layout: Layout, field: (typeof FIELDS)[number], k: number, ascii: boolean): Uint8Array {
  const width = layout.fields[field]!.length;
  const pick = (k * 7 + field.length) % 23;
  let bytes: Uint8Array;
  if (pick === 0) bytes = full(width, k);
  else if (!ascii && pick === 1) bytes = enc.encode(UTF8[k % UTF8.length]!);
  else if (!ascii && pick === 2) bytes = BAD[k % BAD.length]!;
  else bytes = enc.encode(`${ASCII[k % ASCII.length]!}${k.toString(36)}`.repeat(1 + (k % 9)));
  return bytes.subarray(0, width);
}

function fileOf(layout: Layout, count: number, ascii: boolean): Uint8Array {
  const records: RecordValues[] = [];
  for (let k = 0; k < count; k++) {
    const r: RecordValues = { type: 7, pid: k, seconds: 1_700_000_000 + k };
    for (const f of FIELDS) r[f] = stringFor(layout, f, k, ascii);
    records.push(r);
  }
  return buildFile(layout, records);
}

/** Entries of every window of `bytes`, decoded one window after another by `e` (the core's window and columns reused each time). */
function entriesOf(e: Engine, bytes: Uint8Array, layout: Layout): Entry[] {
  const out: Entry[] = [];
  const step = e.windowBytesFor(layout);
  for (let at = 0; at < bytes.length; at += step) {
    const n = Math.min(step, bytes.length - at);
    e.window().set(bytes.subarray(at, at + n));
    out.push(...e.decodeWindow(layout, n, at));
  }
  return out;
}

/** Each entry's string fields, one line each (one string to compare: nested arrays this long compare slowly). */
const texts = (entries: readonly { [F in (typeof FIELDS)[number]]: string | undefined }[]) =>
  entries.map((e) => JSON.stringify(FIELDS.map((f) => e[f]))).join("\n");

describe("raw string fields", () => {
  const glibc = findLayout("linux384-le")!;
  // more than one window, and windows of many 32 KiB pieces
  const count = raw.windowBytesFor(glibc) / glibc.recordSize + 123;

  for (const ascii of [true, false]) {
    it(`read as the reference decoder reads them (${ascii ? "ASCII only" : "with UTF-8, bad UTF-8 and windows-1252 bytes"})`, () => {
      const bytes = fileOf(glibc, count, ascii);
      const entries = entriesOf(raw, bytes, glibc);
      expect(entries[0]!.batch.isRaw("host")).toBe(true);
      // read only now, every window decoded since: entries outlive their batch's turn in the core
      const want = texts(decodeReference(bytes, glibc));
      expect(texts(entries)).toBe(want);
      expect(texts(entriesOf(interned, bytes, glibc))).toBe(want);
      // the raw bytes are the stored ones
      const view = entries.map((e) => FIELDS.map((f) => e.batch.fieldBytes(f, e.index)!.join()).join(" ")).join("\n");
      expect(view).toBe(entries.map((_, k) => FIELDS.map((f) => stringFor(glibc, f, k, ascii).join()).join(" ")).join("\n"));
    });
  }

  it("read the same in any order, and twice", () => {
    const bytes = fileOf(glibc, 3000, false);
    const entries = entriesOf(raw, bytes, glibc);
    const want = texts(decodeReference(bytes, glibc));
    const backwards = [...entries].reverse().map((e) => JSON.stringify(FIELDS.map((f) => e[f])));
    expect(backwards.reverse().join("\n")).toBe(want);
    expect(texts(entries)).toBe(want);
  });

  it("cut a binary id at its NUL, in an ASCII piece too", () => {
    const freebsd = findLayout("futx197")!;
    const records: RecordValues[] = [];
    for (let k = 0; k < 2000; k++) {
      // ids such as utmpx's binary ones: ASCII, some with a NUL inside, some full width
      const id = k % 3 === 0 ? Uint8Array.of(0x61, 0, 0x62, 0x63) : k % 3 === 1 ? full(8, k) : enc.encode(`i${k}`);
      records.push({ type: 7, pid: k, seconds: 1_700_000_000 + k, id, user: enc.encode(`user${k}`), line: "pts/1", host: enc.encode(`h${k}.example`) });
    }
    const bytes = buildFile(freebsd, records);
    const entries = entriesOf(raw, bytes, freebsd);
    expect(entries[0]!.batch.isRaw("id")).toBe(true);
    expect(entries.slice(0, 3).map((e) => e.id)).toStrictEqual(["a", "b".repeat(8), "i2"]);
    expect(texts(entries)).toBe(texts(entriesOf(interned, bytes, freebsd)));
  });
});
