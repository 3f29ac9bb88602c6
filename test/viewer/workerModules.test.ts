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
import { LookupOrFresh } from "../../viewer/worker/lookupOrFresh.ts";
import type { EntryBatch } from "../../src/index.ts";

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

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
  /** The texts a message carries, decoded as the page does. */
  const texts = (chunks: readonly NewTexts[]) => {
    const page = new Texts();
    const start = chunks[0]?.start;
    for (let id = 1; id < (start ?? 1); id++) page.append({ start: id, bytes: ascii("x"), ends: Uint32Array.of(1) });
    for (const t of chunks) page.append(t);
    return { start, texts: chunks.flatMap((t) => Array.from({ length: t.ends.length }, (_, k) => page.text(t.start + k))) };
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
    expect(texts(d.unsent())).toEqual({ start: undefined, texts: [] });
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

describe("Dictionary chunks and fresh ids", () => {

  it("gives fresh ids to ASCII bytes only, and sends every text in chunks the page decodes in order", () => {
    const d = new Dictionary();
    expect(d.fresh(new TextEncoder().encode("jürgen"), 0, 7)).toBe(-1);
    expect(d.fresh(ascii("a\0b"), 0, 3)).toBe(-1);
    const want = [""];
    const sent: NewTexts[] = [];
    // texts past the first chunks' sizes, one longer than a chunk, and a message sent midway
    for (let i = 0; i < 60_000; i++) {
      const text = i === 30_000 ? "L".repeat((1 << 22) + 5) : `host-${i}.example`.repeat(1 + (i % 7));
      const bytes = ascii(`..${text}..`);
      // the same text twice: two ids, each giving it
      expect(d.fresh(bytes, 2, text.length)).toBe(want.length);
      want.push(text);
      if (i === 20_000) sent.push(...d.unsent());
    }
    sent.push(...d.unsent());
    expect(sent.length).toBeGreaterThan(10);
    const page = new Texts();
    for (const chunk of sent) page.append(chunk);
    expect(page.length).toBe(want.length);
    for (let id = 0; id < want.length; id++) if (page.text(id) !== want[id]) expect([id, page.text(id)]).toEqual([id, want[id]]);
    // the texts were never looked up: the same bytes get yet another id
    expect(d.findBytes(ascii("host-1.example"), 0, 14)).toBe(-1);
    expect(d.unsent()).toEqual([]);
  });
});

describe("LookupOrFresh", () => {
  /** Runs one batch of `values` through the policy as BatchIds does; `known`: what the dictionary holds. */
  const run = (policy: LookupOrFresh, values: string[], known: Set<string>) => {
    if (policy.begin()) return "fresh";
    values.forEach((v, k) => {
      const b = ascii(v);
      policy.looked(b, 0, b.length, known.has(v), k);
      known.add(v);
    });
    policy.end();
    return "looked";
  };
  const batches = (policy: LookupOrFresh, n: number, make: (b: number) => string[], known = new Set<string>()) =>
    Array.from({ length: n }, (_, b) => run(policy, make(b), known));

  it("gives fresh ids once most values are new, and looks a batch up again every 33rd", () => {
    const got = batches(new LookupOrFresh(), 70, (b) => Array.from({ length: 1000 }, (_, i) => `new-${b}-${i}`));
    expect(got.map((m, b) => (m === "looked" ? b : -1)).filter((b) => b >= 0)).toEqual([0, 33, 66]);
  });

  it("says a batch looked up again after fresh ones only looks (rechecking), and no other", () => {
    const policy = new LookupOrFresh(), known = new Set<string>(), rechecks: number[] = [];
    for (let b = 0; b < 70; b++) {
      const mode = run(policy, Array.from({ length: 1000 }, (_, i) => `new-${b}-${i}`), known);
      if (policy.rechecking) rechecks.push(b);
      expect(policy.rechecking && mode === "fresh").toBe(false);
    }
    expect(rechecks).toEqual([33, 66]);
  });

  it("keeps looking values up while the dictionary finds repeats the recent texts forgot", () => {
    const known = new Set(Array.from({ length: 100_000 }, (_, i) => `old-${i}`));
    // 60 % of each batch are values seen long ago, 40 % new
    const got = batches(new LookupOrFresh(), 5, (b) => Array.from({ length: 1000 }, (_, i) => (i % 5 < 3 ? `old-${(b * 7919 + i * 104729) % 100_000}` : `new-${b}-${i}`)), known);
    expect(got).toEqual(["looked", "looked", "looked", "looked", "looked"]);
  });

  it("gives fresh ids when the repeats are recent ones (a logout naming its login's line)", () => {
    const got = batches(new LookupOrFresh(), 3, (b) => Array.from({ length: 1000 }, (_, i) => `line-${b}-${i >> 1}`));
    expect(got).toEqual(["looked", "fresh", "fresh"]);
  });

  it("asks the recent texts first only where they held some of the values", () => {
    const allNew = new LookupOrFresh(), soon = new LookupOrFresh();
    batches(allNew, 2, (b) => Array.from({ length: 1000 }, (_, i) => `new-${b}-${i}`));
    batches(soon, 2, (b) => Array.from({ length: 1000 }, (_, i) => `line-${b}-${i >> 1}`));
    expect([allNew.useRecent, soon.useRecent]).toEqual([false, true]);
  });

  it("decides nothing on a batch of few values", () => {
    const got = batches(new LookupOrFresh(), 3, (b) => Array.from({ length: 100 }, (_, i) => `new-${b}-${i}`));
    expect(got).toEqual(["looked", "looked", "looked"]);
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
    for (const chunk of dict.unsent()) page.append(chunk);
    expect(got.map((id) => page.text(id))).toEqual(want);
  });
});

describe("BatchIds with fresh ids", () => {
  it("keeps none of what a batch looked up again after fresh ones missed, and still gives every row its text", () => {
    // a batch of new hosts the package leaves raw (its first window of a file it may intern, to learn)
    const rawHosts = (from: number) => [...fromBytes(encode(Array.from({ length: 3 * 4096 }, (_, i) => ({ type: "USER_PROCESS" as const, user: "root",
      line: "pts/1", host: `peer-${from + i}.example.net`, pid: 1, seconds: 1_700_000_000 + i })), "linux384-le")).batches({ includeZeroed: true })]
      .find((b) => b.isRaw("host") && b.length >= 1000);
    const first = rawHosts(0), other = rawHosts(100_000);
    expect(first && other).toBeTruthy();
    const dict = new Dictionary(), ids = new BatchIds(dict);
    const got: number[] = [], want: string[] = [];
    const feed = (batch: EntryBatch) => {
      const out = new Uint32Array(batch.length);
      ids.field(batch, "host", out, 0);
      for (let i = 0; i < batch.length; i++) { got.push(out[i]!); want.push(batch.fieldText("host", i)!); }
    };
    // looked up (and kept), then 32 batches of fresh ids, then one looked up again: the other batch
    for (let b = 0; b < 33; b++) feed(first!);
    const text = (batch: EntryBatch) => ascii(batch.fieldText("host", 5)!);
    expect(dict.findBytes(text(first!), 0, text(first!).length)).toBeGreaterThan(0);
    feed(other!);
    expect(dict.findBytes(text(other!), 0, text(other!).length)).toBe(-1);
    const page = new Texts();
    for (const chunk of dict.unsent()) page.append(chunk);
    expect(got.map((id) => page.text(id))).toEqual(want);
  });

  it("gives every field of a file whose every string is new the package's text, repeats long after and all", () => {
    // every login a new user, line, id, host and address; every logout a new user and host, and the line and id
    // of a login from 10,000 records before (long forgotten by the recent texts); half the hosts are the address
    const n = 30_000;
    const entries = Array.from({ length: n }, (_, i) => {
      const login = i % 2 === 0 ? i : i - 10_001;
      const addr = i % 3 === 0 ? `2001:db8::${i.toString(16)}` : `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      return { type: (i % 2 === 0 || login < 0 ? "USER_PROCESS" : "DEAD_PROCESS") as "USER_PROCESS" | "DEAD_PROCESS",
        user: `user_${i.toString(36)}`, line: `pts/${Math.max(0, login)}`, id: (Math.max(0, login) % 60_000).toString(36).padStart(4, "0"),
        host: i % 4 < 2 ? addr : `peer-${i}.example.net`, addr, pid: i, seconds: 1_700_000_000 + i };
    });
    const dict = new Dictionary(), ids = new BatchIds(dict);
    const got: number[] = [], want: string[] = [];
    let sameIdForHostAndAddr = 0, rawBatches = 0;
    for (const batch of fromBytes(encode(entries, "linux384-le")).batches({ includeZeroed: true }, true)) {
      const fields = ["user", "line", "host", "id"] as const;
      const columns = fields.map(() => new Uint32Array(batch.length));
      fields.forEach((f, k) => ids.field(batch, f, columns[k]!, 0));
      const addr = new Uint32Array(batch.length);
      ids.addresses(batch, addr, 0, columns[2]);
      if (fields.every((f) => batch.isRaw(f)) && batch.isRaw("addr")) rawBatches++;
      for (let i = 0; i < batch.length; i++) {
        fields.forEach((f, k) => { got.push(columns[k]![i]!); want.push(batch.fieldText(f, i) ?? ""); });
        got.push(addr[i]!);
        want.push(batch.addrText(i) ?? "");
        if (addr[i] === columns[2]![i]) sameIdForHostAndAddr++;
      }
    }
    expect(rawBatches).toBeGreaterThan(3);
    const page = new Texts();
    for (const chunk of dict.unsent()) page.append(chunk);
    expect(got.map((id) => page.text(id))).toEqual(want);
    // fresh ids were given: some texts were sent twice; and an address that is its host's text took the host's id
    expect(page.length - 1).toBeGreaterThan(new Set(want).size);
    expect(sameIdForHostAndAddr).toBeGreaterThan(n / 4);
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
      for (const chunk of dict.unsent()) page.append(chunk);
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
    for (let i = 0; i < 50_000; i++) { const k = key(i); expect(ids.get(k, 0, k.length)).toBe(-1); ids.set(k, 0, k.length, i); }
    for (let i = 0; i < 50_000; i++) { const k = key(i); expect(ids.get(k, 0, k.length)).toBe(i); }
    const other = ascii("host-50000.example");
    expect(ids.get(other, 0, other.length)).toBe(-1);
    expect(ids.get(other, 0, 5)).toBe(-1); // a prefix of many keys
  });

  it("hashes the bytes set() is given, whatever get() looked up last", () => {
    const ids = new ByteIds();
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
