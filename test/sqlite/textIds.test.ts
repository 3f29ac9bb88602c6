// TextIds finds a text's id by its UTF-8 bytes; on valid UTF-8 it must give the
// ids a Map of decoded strings gave (one id per distinct text, in order of first
// sight), however many texts. Invalid UTF-8 keeps its bytes: two sequences that
// decode to one text (U+FFFD) are two ids, each printed as wtmpdb prints it.
import { describe, expect, it } from "vitest";
import { TextIds } from "../../src/sqlite/textIds.ts";

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** The ids a Map of decoded strings gives, as wtmpdbColumns did before TextIds. */
function mapIds(texts: Uint8Array[]): { ids: number[]; strings: string[] } {
  const byText = new Map<string, number>();
  const strings: string[] = [];
  const ids = texts.map((b) => {
    const s = decoder.decode(b);
    let id = byText.get(s);
    if (id === undefined) { id = strings.length; strings.push(s); byText.set(s, id); }
    return id;
  });
  return { ids, strings };
}

function textIds(texts: Uint8Array[]): { ids: number[]; strings: string[] } {
  const t = new TextIds();
  // each text placed inside a larger buffer, as a value inside a record
  const ids = texts.map((b) => {
    const p = new Uint8Array(b.length + 7);
    p.set(b, 3);
    return t.idOfBytes(p, 3, b.length);
  });
  return { ids, strings: Array.from({ length: t.count }, (_, id) => t.text(id)) };
}

describe("TextIds", () => {
  it("gives a Map's ids over 120,000 texts with repeats (growing and rehashing many times)", () => {
    const texts: Uint8Array[] = [];
    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (let i = 0; i < 120_000; i++) {
      const n = next() % 5;
      // a few texts repeat often, many once: a wtmpdb's users and hosts
      const s = n === 0 ? `host-${next() % 200_000}.example` : n === 1 ? "sshd" : n === 2 ? `user${next() % 50}` : n === 3 ? "" : `10.${next() % 256}.${next() % 256}.${next() % 256}`;
      texts.push(encoder.encode(s));
    }
    const got = textIds(texts), want = mapIds(texts);
    // compared as one string each: a deep equal of 120,000 items takes seconds
    expect(got.ids.join(",")).toBe(want.ids.join(","));
    expect(got.strings.join("\n")).toBe(want.strings.join("\n"));
    expect(want.strings.length).toBeGreaterThan(20_000);
  });

  it("reads non-ASCII and long texts as TextDecoder does", () => {
    const texts = ["grüße", "пользователь", "日本語のホスト", "x".repeat(64), "y".repeat(65), "é".repeat(200), "grüße"].map((s) => encoder.encode(s));
    expect(textIds(texts)).toEqual(mapIds(texts));
  });

  it("gives each byte sequence its own id, invalid UTF-8 too, and hands back its bytes as they were", () => {
    const texts = [
      Uint8Array.of(0x61, 0xff, 0x62), // a, invalid byte, b
      Uint8Array.of(0x61, 0xfe, 0x62), // another invalid byte: the same text
      Uint8Array.of(0x61, 0xef, 0xbf, 0xbd, 0x62), // a real U+FFFD: the same text again
      Uint8Array.of(0x61, 0xff, 0x62),
      Uint8Array.of(0xc3), // a truncated sequence
      Uint8Array.of(0xff),
    ];
    const t = new TextIds();
    const ids = texts.map((b) => t.idOfBytes(b, 0, b.length));
    expect(ids).toEqual([0, 1, 2, 0, 3, 4]);
    // the texts as TextDecoder reads them
    const strings = Array.from({ length: t.count }, (_, id) => t.text(id));
    expect(strings).toEqual([0, 1, 2, 4, 5].map((k) => decoder.decode(texts[k])));
    expect(strings.slice(0, 3)).toEqual(["a\uFFFDb", "a\uFFFDb", "a\uFFFDb"]);
    const into = { bytes: new Uint8Array(0), start: 0, length: 0 };
    texts.forEach((b, k) => {
      t.utf8Into(ids[k]!, into);
      expect(into.bytes.subarray(into.start, into.start + into.length)).toEqual(b);
    });
  });

  it("gives a text passed as a string the id of its bytes", () => {
    const t = new TextIds();
    const b = encoder.encode("12345");
    const id = t.idOfBytes(b, 0, b.length);
    expect(t.idOf("12345")).toBe(id);
    expect(t.idOf("")).toBe(t.idOfBytes(new Uint8Array(0), 0, 0));
    expect([t.text(0), t.text(1)]).toEqual(["12345", ""]);
    expect(t.bytes(0)).toEqual(b);
  });
});
