// Bytes given as any binary value are read as the bytes they hold: a
// Uint16Array was read by its element count (the first `length` bytes), a
// Uint8Array given to stream() was iterated as numbers (no records), and
// ArrayBuffer or DataView chunks were skipped; all without a word. Anything
// that is not bytes is a TypeError that names it.
import { describe, expect, it } from "vitest";
import { encode, fromBytes, openAll, stream, type StreamSource } from "../../src/index.ts";
import { errorOf } from "../support/errorOf.ts";

const users = Array.from({ length: 10 }, (_, i) => `u${i}`);
const bytes = encode(users.map((user, i) => ({ type: "USER_PROCESS" as const, user, line: `pts/${i}`, id: `ts/${i}`, seconds: 1_700_000_000 + i })), "linux384-le");

/** The same bytes in a buffer of their own at an odd offset, so every view must honour byteOffset. */
function placed(): { buffer: ArrayBuffer; offset: number } {
  const buffer = new ArrayBuffer(bytes.length + 16);
  new Uint8Array(buffer, 8, bytes.length).set(bytes);
  return { buffer, offset: 8 };
}
const views: [string, () => ArrayBufferView | ArrayBuffer][] = [
  ["Uint16Array", () => { const { buffer, offset } = placed(); return new Uint16Array(buffer, offset, bytes.length / 2); }],
  ["Float64Array", () => { const { buffer, offset } = placed(); return new Float64Array(buffer, offset, bytes.length / 8); }],
  ["DataView", () => { const { buffer, offset } = placed(); return new DataView(buffer, offset, bytes.length); }],
  ["ArrayBuffer", () => bytes.slice().buffer],
  ["Uint8Array", () => bytes],
];

async function usersOf(source: StreamSource): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of stream(source)) for (const e of batch) out.push(e.user!);
  return out;
}

describe("binary values of every kind are read as the bytes they hold", () => {
  for (const [kind, view] of views) {
    it(`fromBytes(${kind})`, () => {
      const db = fromBytes(view());
      expect([...db].map((e) => e.user)).toStrictEqual(users);
      expect(db.warnings).toStrictEqual([]);
    });
    it(`stream(${kind}), and as a chunk of an iterable, an async iterable and a ReadableStream`, async () => {
      expect(await usersOf(view() as StreamSource)).toStrictEqual(users);
      expect(await usersOf([view()] as unknown as Iterable<Uint8Array>)).toStrictEqual(users);
      expect(await usersOf((async function* () { yield view(); })() as unknown as AsyncIterable<Uint8Array>)).toStrictEqual(users);
      expect(await usersOf(new ReadableStream({ start(c) { c.enqueue(view() as Uint8Array); c.close(); } }) as ReadableStream<Uint8Array>)).toStrictEqual(users);
    });
  }
  it("openAll([bytes])", async () => {
    const out: string[] = [];
    for await (const batch of openAll([bytes])) for (const e of batch) out.push(e.user!);
    expect(out).toStrictEqual(users);
  });
});

describe("what is not bytes is refused, naming it", () => {
  it("fromBytes", () => {
    for (const [value, kind] of [["x", 'the string "x"'], [5, "the number 5"], [null, "null"], [[1, 2], "an array"]] as const) {
      const error = errorOf(() => fromBytes(value as never));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe(`utmpx: fromBytes(bytes) is ${kind}, not bytes (a Uint8Array, another typed array or DataView, or an ArrayBuffer)`);
    }
  });
  it("stream: a source, and a chunk", async () => {
    const first = (source: unknown) => stream(source as StreamSource).next().then(() => undefined, (err: unknown) => err);
    expect(String(await first(5))).toMatch(/TypeError: utmpx: the source is the number 5: give a path, a Blob/);
    // a chunk: the caller's error (BAD_INPUT), not a failure to read the source (IO)
    expect(String(await first([bytes.subarray(0, 384), "x"]))).toMatch(/UtmpError: utmpx: chunk 1 of the source is the string "x", not bytes/);
    expect(String(await first(new ReadableStream({ start(c) { c.enqueue(7); c.close(); } })))).toMatch(/chunk 0 of the stream is the number 7, not bytes/);
  });
});

// { layout: 5 } was taken, and failed mid-read as "Cannot read properties of undefined (reading 'type')".
describe("a layout option that is no layout", () => {
  it.each([[5, "the number 5"], [{}, "an object (Object)"], [null, "null"]])("%o is BAD_LAYOUT_NAME at once", (layout, kind) => {
    const error = errorOf(() => [...fromBytes(bytes, { layout: layout as never })]);
    expect((error as { code?: string }).code).toBe("BAD_LAYOUT_NAME");
    expect((error as Error).message).toBe(`utmpx: the layout option is ${kind}, not a layout's name or a Layout row (findLayout())`);
  });
});

// The other openers of bytes: a string failed inside them ("all.subarray is not a function"),
// and a Uint16Array was read by its element count.
describe("detect, lastlogFromBytes, wtmpdbFromBytes and anonymize read any binary value, and refuse the rest", () => {
  it("a Uint16Array view reads as its bytes; a string is a TypeError naming the argument", async () => {
    const { detect, lastlogFromBytes, wtmpdbFromBytes, anonymize } = await import("../../src/index.ts");
    const [kind, view] = views[0]!;
    expect(kind).toBe("Uint16Array");
    expect(detect(view()).layout?.id).toBe("linux384-le");
    expect((await anonymize(view(), { key: "k" })).length).toBe(bytes.length);
    for (const [name, call] of [
      ["detect(bytes)", () => detect("x" as never)],
      ["lastlogFromBytes(bytes)", () => lastlogFromBytes("x" as never)],
      ["wtmpdbFromBytes(bytes)", () => wtmpdbFromBytes("x" as never)],
    ] as const) {
      expect(call).toThrow(new TypeError(`utmpx: ${name} is the string "x", not bytes (a Uint8Array, another typed array or DataView, or an ArrayBuffer)`));
    }
    await expect(anonymize("x" as never, { key: "k" })).rejects.toThrow(TypeError);
  });
});

// formatLast(rows, { timeFormat: "bogus" }) failed at its first row as "reading 'inFmt'"; null options as "reading 'timeZone'".
describe("options of the wrong kind for last's text and sessions()", () => {
  it("are TypeErrors that name them", async () => {
    const { formatLast, sessions } = await import("../../src/index.ts");
    expect(() => formatLast([], { timeFormat: "bogus" as never })).toThrow(new TypeError('utmpx: timeFormat "bogus" is not one of notime, short, full, iso'));
    expect(() => formatLast([], null as never)).toThrow(new TypeError("utmpx: last's options are null, not an object"));
    expect(() => sessions(fromBytes(bytes), null as never)).toThrow(new TypeError("utmpx: sessions() options are null, not an object"));
    expect(sessions(fromBytes(bytes)).length).toBe(10);
  });
});
