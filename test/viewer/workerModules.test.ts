// The decoding worker's plain modules, in Node: the SHA-256 it computes
// itself (against Node's), and the dictionary, whose ids must be the same for
// one text however it arrives (as a string, as a field's raw bytes, as bytes
// that are not plain ASCII), since the page groups and filters by id.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../viewer/worker/sha256.ts";
import { Dictionary } from "../../viewer/worker/dictionary.ts";
import { ByteIds } from "../../viewer/worker/byteIds.ts";
import { Texts } from "../../viewer/texts.ts";
import { BatchIds } from "../../viewer/worker/batchIds.ts";
import { encode, findLayout, fromBytes } from "../../src/index.ts";
import { madeUpRecords, RECORDS, SLICE_RECORDS, warmUp } from "../../viewer/worker/warmUp.ts";
import { ColumnsBuilder } from "../../viewer/worker/recordColumns.ts";
import type { NewTexts } from "../../viewer/protocol.ts";

const nodeSha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("sha256Hex", () => {
  it("equals Node's at every length around the block and padding edges, and over several pieces", async () => {
    let seed = 11;
    const bytes = Uint8Array.from({ length: 200 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff);
    for (let n = 0; n <= 200; n++) expect(await sha256Hex(bytes.subarray(0, n))).toBe(nodeSha(bytes.subarray(0, n)));
    // past one piece (16 MiB): the state carries over the pauses
    const big = new Uint8Array((17 << 20) + 13).map((_, i) => (i * 2654435761) >>> 24);
    let pauses = 0;
    expect(await sha256Hex(big, async () => { pauses++; })).toBe(nodeSha(big));
    expect(pauses).toBe(1);
  });
});

describe("Dictionary", () => {
  const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
  /** The texts a message carries, decoded as the page does. */
  const texts = (t: NewTexts) => {
    const page = new Texts();
    for (let id = 1; id < t.start; id++) page.append({ start: id, bytes: ascii("x"), ends: Uint32Array.of(1) });
    page.append(t);
    return { start: t.start, texts: Array.from({ length: t.ends.length }, (_, k) => page.text(t.start + k)) };
  };

  it("gives one id per text, as a string or as bytes, in either order", () => {
    const d = new Dictionary();
    expect(d.id("")).toBe(0);
    expect(d.findBytes(new Uint8Array(0), 0, 0)).toBe(0);
    const a = d.id("root");
    const bytes = ascii("xxrootyy");
    expect(d.findBytes(bytes, 2, 4)).toBe(a);
    const host = ascii("10.0.0.1");
    expect(d.findBytes(host, 0, host.length)).toBe(-1);
    const h = d.keepAscii(host, 0, host.length);
    expect(d.id("10.0.0.1")).toBe(h);
    expect(d.findBytes(host, 0, host.length)).toBe(h);
    expect(texts(d.unsent())).toEqual({ start: 1, texts: ["root", "10.0.0.1"] });
    expect(texts(d.unsent())).toEqual({ start: 3, texts: [] });
  });

  it("keeps bytes that are not plain ASCII as an alias of their text's id", () => {
    const d = new Dictionary();
    const utf8 = new TextEncoder().encode("jürgen");
    expect(d.keepAscii(utf8, 0, utf8.length)).toBe(-1);
    const j = d.keepText(utf8, 0, utf8.length, "jürgen");
    expect(d.id("jürgen")).toBe(j);
    expect(d.findBytes(utf8, 0, utf8.length)).toBe(j);
    // a binary id cut at its NUL reads as the ASCII before it
    const cut = Uint8Array.of(0x61, 0x62, 0, 0x63);
    expect(d.keepAscii(cut, 0, cut.length)).toBe(-1);
    const ab = d.keepText(cut, 0, cut.length, "ab");
    expect(d.id("ab")).toBe(ab);
    expect(d.findBytes(ascii("ab"), 0, 2)).toBe(ab);
    expect(d.findBytes(cut, 0, cut.length)).toBe(ab);
    expect(texts(d.unsent()).texts).toEqual(["jürgen", "ab"]);
  });
});

describe("Texts (the page's dictionary)", () => {
  it("decodes each text from the chunks it was sent in, refuses a chunk out of step, and lists them all", () => {
    const utf8 = new TextEncoder();
    const chunk = (start: number, list: string[]) => {
      const parts = list.map((s) => utf8.encode(s));
      const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      const ends = new Uint32Array(parts.length);
      let at = 0;
      parts.forEach((p, k) => { bytes.set(p, at); at += p.length; ends[k] = at; });
      return { start, bytes, ends };
    };
    const t = new Texts();
    t.append(chunk(1, ["root", "jürgen", "10.0.0.1"]));
    t.append(chunk(4, []));
    expect(() => t.append(chunk(5, ["x"]))).toThrow(/out of step/);
    t.append(chunk(4, ["pts/0", "日本", "\uFEFFroot"]));
    expect(t.length).toBe(7);
    // a leading byte-order mark is kept, as the package decodes: "\uFEFFroot" is not "root"
    expect([t.text(5), t.text(2), t.text(0), t.text(4), t.text(6), t.text(99)]).toEqual(["日本", "jürgen", "", "pts/0", "\uFEFFroot", ""]);
    expect(t.all()).toEqual(["", "root", "jürgen", "10.0.0.1", "pts/0", "日本", "\uFEFFroot"]);
  });
});

describe("BatchIds", () => {
  it("gives every row's address and host the id of the text the package gives, raw or interned", () => {
    // addresses mostly new (the package then leaves them raw), some repeated; IPv4 of every digit count, and IPv6
    const entries = Array.from({ length: 40_000 }, (_, i) => {
      const n = i % 5 === 0 ? 7 : i;
      const addr = i % 3 !== 0 ? `${(n * 37) & 255}.${n & 255}.${(n >> 8) & 255}.${(n * 7) & 9}` : `2001:db8::${n.toString(16)}`;
      return { type: "USER_PROCESS" as const, user: `u${i % 50}`, line: "pts/1", host: i % 2 ? addr : `h${n}.example`, addr, pid: 1, seconds: 1_700_000_000 + i };
    });
    const dict = new Dictionary(), ids = new BatchIds(dict);
    const got: number[] = [], want: string[] = [];
    let raw = 0;
    for (const batch of fromBytes(encode(entries, "linux384-le")).batches({ includeZeroed: true }, true)) {
      const addr = new Uint32Array(batch.length), host = new Uint32Array(batch.length);
      ids.addresses(batch, addr, 0);
      ids.field(batch, "host", host, 0);
      if (batch.isRaw("addr")) raw++;
      for (let i = 0; i < batch.length; i++) {
        got.push(addr[i]!, host[i]!);
        want.push(batch.addrText(i) ?? "", batch.fieldText("host", i) ?? "");
      }
    }
    expect(raw).toBeGreaterThan(0); // the raw path was taken
    const page = new Texts();
    page.append(dict.unsent());
    expect(got.map((id) => page.text(id))).toEqual(want);
  });
});

describe("ColumnsBuilder", () => {
  // values at the edges of each layout's fields: a narrow column must hold them exactly, a wide field must get a wide column
  const cases: [string, { pid: number; session: number; seconds: number; microseconds: number; exit: { termination: number; exit: number } }][] = [
    ["linux384-le", { pid: 2 ** 31 - 1, session: -(2 ** 31), seconds: 2 ** 32 - 1, microseconds: 999_999, exit: { termination: -32768, exit: 32767 } }],
    ["linux400-le", { pid: -(2 ** 31), session: 2 ** 40 + 3, seconds: 2 ** 40, microseconds: 2 ** 33, exit: { termination: 32767, exit: -1 } }],
    ["linux384-be", { pid: 12345, session: 2 ** 31 - 1, seconds: 0, microseconds: -5, exit: { termination: 1, exit: 2 } }],
  ];
  for (const [id, v] of cases) {
    it(`keeps every number of a ${id} file exactly, however narrow its columns`, () => {
      const layout = findLayout(id)!;
      const bytes = encode([{ type: "DEAD_PROCESS", rawType: 8, user: "u", line: "pts/1", ...v }, { type: "BOOT_TIME", seconds: 1_700_000_001 }], layout);
      const builder = new ColumnsBuilder(2, new Dictionary(), layout, bytes.length);
      const batches = [...fromBytes(bytes, { layout }).batches({ includeZeroed: true })];
      for (const batch of batches) builder.add(batch);
      const c = builder.finish();
      const entries = batches.flatMap((b) => [...b]);
      expect(entries.map((e) => [e.pid, e.session, e.microseconds, e.exit?.termination, e.exit?.exit, e.rawType, e.seconds, e.offset]))
        .toEqual(entries.map((_, i) => [c.pid[i], c.session[i], c.micros[i], c.exitTerm[i], c.exitCode[i], c.rawType[i], c.seconds[i], c.offset[i]]));
    });
  }
});

describe("warmUp", () => {
  const layout = findLayout("linux384-le")!;

  it("makes records whose hosts and addresses the package leaves raw in some slices and interns in others", () => {
    const bytes = madeUpRecords(layout);
    expect(bytes.length).toBe(RECORDS * layout.recordSize);
    const seen = { rawHost: 0, internedHost: 0, rawAddr: 0, internedAddr: 0, records: 0 };
    for (let at = 0; at < bytes.length; at += SLICE_RECORDS * layout.recordSize) {
      for (const batch of fromBytes(bytes.subarray(at, at + SLICE_RECORDS * layout.recordSize), { layout }).batches({}, true)) {
        seen[batch.isRaw("host") ? "rawHost" : "internedHost"]++;
        seen[batch.isRaw("addr") ? "rawAddr" : "internedAddr"]++;
        seen.records += batch.length;
      }
    }
    expect(seen.records).toBe(RECORDS);
    for (const n of [seen.rawHost, seen.internedHost, seen.rawAddr, seen.internedAddr]) expect(n).toBeGreaterThan(0);
  });

  it("stops at its next step once a file comes, and leaves nothing that changes how a file decodes", async () => {
    const entries = Array.from({ length: 20_000 }, (_, i) => ({ type: "USER_PROCESS" as const, user: `u${i % 7}`, line: `pts/${i % 9}`,
      host: i % 4 ? `10.1.${(i >> 8) & 255}.${i & 255}` : `h${i % 13}.example`, addr: `10.1.${(i >> 8) & 255}.${i & 255}`, pid: i, seconds: 1_700_000_000 + i }));
    const file = encode(entries, layout);
    const texts = () => {
      const dict = new Dictionary(), ids = new BatchIds(dict), got: number[] = [];
      for (const batch of fromBytes(file).batches({ includeZeroed: true }, true)) {
        const host = new Uint32Array(batch.length), addr = new Uint32Array(batch.length);
        ids.field(batch, "host", host, 0);
        ids.addresses(batch, addr, 0);
        for (let i = 0; i < batch.length; i++) got.push(host[i]!, addr[i]!);
      }
      const page = new Texts();
      page.append(dict.unsent());
      return got.map((id) => page.text(id));
    };
    const before = texts();
    let breaths = 0;
    await warmUp(() => breaths >= 2, async () => { breaths++; });
    expect(breaths).toBe(2);
    await warmUp(() => false, async () => { breaths++; });
    // a pause before it starts, before each of a slice's two decodes, and before the sessions
    expect(breaths).toBe(2 + 2 + 2 * Math.ceil(RECORDS / SLICE_RECORDS));
    expect(texts()).toEqual(before);
  });
});

describe("ByteIds", () => {
  it("finds every one of many keys after growing, and no key it was not given", () => {
    const ids = new ByteIds();
    const key = (i: number) => ascii(`host-${i}.example`);
    const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
    for (let i = 0; i < 50_000; i++) { const k = key(i); expect(ids.get(k, 0, k.length)).toBe(-1); ids.set(k, 0, k.length, i); }
    for (let i = 0; i < 50_000; i++) { const k = key(i); expect(ids.get(k, 0, k.length)).toBe(i); }
    const other = ascii("host-50000.example");
    expect(ids.get(other, 0, other.length)).toBe(-1);
    expect(ids.get(other, 0, 5)).toBe(-1); // a prefix of many keys
  });

  it("hashes the bytes set() is given, whatever get() looked up last", () => {
    const ids = new ByteIds();
    const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
    const a = ascii("alpha"), b = ascii("bravo-7");
    expect(ids.get(b, 0, b.length)).toBe(-1);
    ids.set(a, 0, a.length, 1); // not the bytes of the last get()
    ids.set(b, 0, b.length, 2);
    expect(ids.get(a, 0, a.length)).toBe(1);
    expect(ids.get(b, 0, b.length)).toBe(2);
    // keys of every length around the four-byte steps, each found only as itself
    const long = ascii("0123456789abcdef0123");
    for (let n = 1; n <= long.length; n++) ids.set(long, 0, n, 100 + n);
    for (let n = 1; n <= long.length; n++) expect(ids.get(long, 0, n)).toBe(100 + n);
  });
});
