// The address texts the package writes (src/util/address.ts): formatIPv6 and
// the byte writers are one implementation, so they are held against sources
// of their own: glibc's inet_ntop (its texts below, from Python's
// socket.inet_ntop on Debian 12, glibc 2.36) and the WHATWG URL serializer,
// which compresses zero words by the same rule but never writes a dotted quad.
import { describe, expect, it } from "vitest";
import { formatIPv4, formatIPv6, parseAddress, writeIPv4, writeIPv6 } from "../../src/index.ts";

const hexBytes = (hex: string) => Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
const written = (write: (b: Uint8Array, at: number, out: Uint8Array, to: number) => number, b: Uint8Array, at: number) => {
  const out = new Uint8Array(64).fill(0x2a);
  const end = write(b, at, out, 3); // from an offset: the bytes before it are left alone
  expect([...out.subarray(0, 3)]).toEqual([0x2a, 0x2a, 0x2a]);
  return String.fromCharCode(...out.subarray(3, end));
};

describe("IPv4 text", () => {
  it("writes formatIPv4's dotted quad for every digit count", () => {
    const b = new Uint8Array(6);
    for (const v of [0, 1, 9, 10, 99, 100, 199, 255]) for (const w of [0, 7, 42, 250]) {
      b.set([v, w, 255 - v, (v * w) & 255], 2);
      expect(written(writeIPv4, b, 2)).toBe(formatIPv4(b, 2));
    }
  });
});

describe("IPv6 text", () => {
  it("is glibc inet_ntop's: zero runs, IPv4-compatible and -mapped forms and near misses of them", () => {
    const glibc: [string, string][] = [
      ["00000000000000000000ffffc0a80117", "::ffff:192.168.1.23"],
      ["000000000000000000000000c0a80117", "::192.168.1.23"],
      ["00000000000000000000fffec0a80117", "::fffe:c0a8:117"],
      ["000000000000000000000001c0a80117", "::1:c0a8:117"],
      ["00000000000000000000000000000001", "::1"],
      ["00000000000000000000000000000000", "::"],
      ["00010000000000000000000000000000", "1::"],
      ["20010db8000000010000000000000001", "2001:db8:0:1::1"],
      ["20010db8000000000001000000000001", "2001:db8::1:0:0:1"],
    ];
    for (const [hex, text] of glibc) {
      const b = new Uint8Array(20);
      b.set(hexBytes(hex), 4);
      expect([formatIPv6(b, 4), written(writeIPv6, b, 4)]).toEqual([text, text]);
    }
  });

  it("compresses zero words as the URL serializer does, for every pattern of zero words and 20,000 random addresses", () => {
    const b = new Uint8Array(16);
    const words = new Array<number>(8);
    const check = () => {
      for (let i = 0; i < 8; i++) { b[2 * i] = words[i]! >> 8; b[2 * i + 1] = words[i]! & 255; }
      // where glibc ends in a dotted quad (words 0-4 zero, then 0 with word 6 non-zero, or ffff) the URL cannot say
      if (words.slice(0, 5).every((w) => w === 0) && ((words[5] === 0 && words[6] !== 0) || words[5] === 0xffff)) return;
      const url = new URL(`http://[${words.map((w) => w.toString(16)).join(":")}]/`).hostname.slice(1, -1);
      expect([formatIPv6(b), written(writeIPv6, b, 0)]).toEqual([url, url]);
    };
    for (let zeros = 0; zeros < 256; zeros++) for (const w of [1, 0xa, 0x1f, 0xabc, 0xffff, 0x8000]) {
      for (let i = 0; i < 8; i++) words[i] = zeros & (1 << i) ? 0 : (w + i) & 0xffff;
      check();
    }
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let k = 0; k < 20_000; k++) {
      for (let i = 0; i < 8; i++) words[i] = random() < 0.5 ? 0 : Math.floor(random() * 0x10000);
      check();
    }
  });
});

// formatIPv4(bytes, 99) returned "undefined.undefined.undefined.undefined".
describe("an address past the bytes given", () => {
  it("is a RangeError, not text of undefined", () => {
    expect(() => formatIPv4(new Uint8Array(4), 99)).toThrow(new RangeError("utmpx: formatIPv4: no 4 bytes at 99 of 4"));
    expect(() => formatIPv4(new Uint8Array(4), -1)).toThrow(RangeError);
    expect(() => formatIPv6(new Uint8Array(16), 1)).toThrow(new RangeError("utmpx: formatIPv6: no 16 bytes at 1 of 16"));
    expect(formatIPv4(new Uint8Array([0, 10, 0, 0, 1]), 1)).toBe("10.0.0.1");
  });
});

// formatIPv4(undefined) failed as "reading 'length'"; writeIPv6 into a 5-byte
// out returned 32, the end of text it had mostly dropped.
describe("bytes that are no Uint8Array, and an out without room", () => {
  it("are a TypeError and a RangeError naming them", () => {
    expect(() => formatIPv4(undefined as never)).toThrow(new TypeError("utmpx: formatIPv4(bytes) is undefined, not a Uint8Array"));
    expect(() => formatIPv6("::1" as never)).toThrow(new TypeError('utmpx: formatIPv6(bytes) is the string "::1", not a Uint8Array'));
    const v6 = hexBytes("20010db8000100020003000400050006");
    expect(() => writeIPv6(v6, 0, new Uint8Array(5))).toThrow(new RangeError("utmpx: writeIPv6: out has no room for 45 bytes at 0 of 5"));
    expect(() => writeIPv6(v6, 0, new Uint8Array(45), 1)).toThrow(RangeError);
    expect(() => writeIPv6(v6, 1, new Uint8Array(45))).toThrow(new RangeError("utmpx: writeIPv6: no 16 bytes at 1 of 16"));
    expect(() => writeIPv4(v6, 0, new Uint8Array(14))).toThrow(new RangeError("utmpx: writeIPv4: out has no room for 15 bytes at 0 of 14"));
    expect(() => writeIPv4(v6, 0, null as never)).toThrow(new TypeError("utmpx: writeIPv4(out) is null, not a Uint8Array"));
    expect(writeIPv6(v6, 0, new Uint8Array(45))).toBe("2001:db8:1:2:3:4:5:6".length);
  });
});

// parseAddress(undefined) failed as "reading 'includes'".
describe("parseAddress() of what is no text", () => {
  it("is a TypeError naming it", () => {
    expect(() => parseAddress(undefined as never)).toThrow(new TypeError("utmpx: parseAddress(text) is undefined, not a string"));
    expect(() => parseAddress(0x7f000001 as never)).toThrow(new TypeError("utmpx: parseAddress(text) is the number 2130706433, not a string"));
    expect(parseAddress("10.0.0.1")?.family).toBe(4);
  });
});
