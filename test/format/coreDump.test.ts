// The core writes utmpdump's text of a window it still holds (assembly/dump.ts);
// the JavaScript writer of src/format/utmpdump.ts writes the same text for
// batches the core no longer holds. Both are compared here on every fixture and
// on records built to hit every branch: every layout, odd times and
// microseconds, every address form, bytes to cleanse, full-width fields.
import { describe, expect, it } from "vitest";
import { LAYOUTS, findLayout, type Layout } from "../../src/index.ts";
import { Engine } from "../../src/core/engine.ts";
import { instantiateCore } from "../../src/core/core.ts";
import { InternPolicy } from "../../src/core/internPolicy.ts";
import { writeUtmpdump } from "../../src/format/utmpdump.ts";
import { ByteWriter, writerText } from "../../src/format/byteWriter.ts";
import { buildFile, type RecordValues } from "../support/fixtureBuilder.ts";
import { recordFixtures } from "../support/recordFixtures.ts";

const engine = new Engine(instantiateCore(), new InternPolicy("adaptive"));

/** utmpdump text of `bytes` read as `layout`, by the core (each window formatted while held) and by JavaScript. */
function bothWays(bytes: Uint8Array, layout: Layout): { core: string; js: string; skippedCore: number[]; skippedJs: number[] } {
  const core = new ByteWriter(), js = new ByteWriter();
  const skippedCore: number[] = [], skippedJs: number[] = [];
  for (let at = 0; at < bytes.length;) {
    const n = Math.min(layout.framing ? engine.windowCapacity : engine.windowBytesFor(layout), bytes.length - at);
    engine.window().set(bytes.subarray(at, at + n));
    let batch;
    if (layout.framing) {
      const r = engine.decodeFramedWindow(layout, n, at);
      batch = r.batch;
      at = r.consumed === 0 ? bytes.length : at + r.consumed;
    } else {
      const whole = n - (n % layout.recordSize);
      if (whole === 0) break;
      batch = engine.decodeWindow(layout, whole, at);
      at += whole;
    }
    expect(batch.coreText(), "held right after its decode").toBeDefined();
    writeUtmpdump(core, batch, (i) => skippedCore.push(batch.offsetOf(i)));
    engine.window(); // the core's next call: the batch is no longer held
    expect(batch.coreText()).toBeUndefined();
    writeUtmpdump(js, batch, (i) => skippedJs.push(batch.offsetOf(i)));
  }
  return { core: writerText(core), js: writerText(js), skippedCore, skippedJs };
}

describe("the core's utmpdump text equals the JavaScript writer's", () => {
  for (const { name, bytes, layout } of recordFixtures()) {
    it(name, () => {
      const r = bothWays(bytes, layout);
      expect(r.core).toBe(r.js);
      expect(r.skippedCore).toStrictEqual(r.skippedJs);
    });
  }

  // records that reach every branch of the writer
  const CLEANSE = new Uint8Array([0x41, 0x5b, 0x5d, 0x09, 0x7f, 0xc3, 0xb6, 0x20, 0x7e]);
  const ADDRESSES = ["", "0.0.0.0", "1.2.3.4", "255.255.255.255", "::", "::1", "1::", "::ffff:a01:203", "::a01:203",
    "2001:db8::8a2e:370:7334", "fe80::1ff:fe23:4567:890a", "1:0:0:1:0:0:0:1", "1:0:0:1:0:0:1:1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "0:1:0:1:0:1:0:1"];
  const TIMES: [number, number][] = [[0, 0], [1_700_000_000, 123456], [4_294_967_295, 999_999], [1_700_000_000, 1_000_000],
    [1_700_000_000, 99_999_999], [-1, -1], [-86_401, 5], [-62_135_596_800, 0], [253_402_300_799, 0], [1_099_511_627_776, 0],
    [1_099_511_627_777, 0], [-1_099_511_627_777, 0], [2 ** 53, 7], [-(2 ** 60), 0], [2 ** 62, 0]];
  function records(layout: Layout): RecordValues[] {
    const width = (name: "id" | "user" | "line" | "host") => layout.fields[name]?.length ?? 0;
    const fill = (name: "id" | "user" | "line" | "host", byte: number) => new Uint8Array(width(name)).fill(byte);
    const out: RecordValues[] = [];
    const types = layout.types.length ? layout.types.map((_, i) => i) : [0];
    for (let k = 0; k < 60; k++) {
      const [seconds, microseconds] = TIMES[k % TIMES.length]!;
      const addr = ADDRESSES[k % ADDRESSES.length]!;
      const v: RecordValues = {
        type: types[k % types.length]!, pid: [0, 1, 99999, 123456, -5, 2147483647][k % 6]!,
        user: k % 3 === 0 ? fill("user", 0x61) : k % 3 === 1 ? CLEANSE.subarray(0, Math.min(9, width("user"))) : `u${k}`,
        line: k % 2 ? fill("line", 0x7a) : `pts/${k}`,
        host: k % 4 === 0 ? fill("host", 0x68) : k % 4 === 1 ? CLEANSE.subarray(0, Math.min(9, width("host"))) : `h${k}.example`,
        id: k % 2 ? fill("id", 0x5d) : "ab",
        seconds: layout.fields.seconds?.kind.startsWith("u") ? Math.abs(seconds) : seconds, microseconds: Math.abs(microseconds),
        ...(addr && layout.fields.addr && !(layout.fields.addr.kind === "net4" && addr.includes(":")) ? { addr } : {}),
      };
      out.push(v);
    }
    return out;
  }
  it("every byte value of an IPv4 address, hex words of every length", () => {
    // the core writes an address byte from a table of 256 texts, and IPv6 words without leading zeros
    const layout = findLayout("linux384-le")!;
    const addrs = [
      ...Array.from({ length: 64 }, (_, k) => `${4 * k}.${4 * k + 1}.${4 * k + 2}.${4 * k + 3}`),
      "1:12:123:1234:abcd:f:10:100", "fff:ff:f::", "100:0:0:1000::",
    ];
    // inet_ntop prints an IPv4-mapped address with a dotted quad
    const mapped = "::ffff:9:a63";
    const bytes = buildFile(layout, [...addrs, mapped].map((addr, k) => ({ type: 7, pid: k, user: "u", line: `pts/${k}`, host: "h", addr, seconds: 1_700_000_000 + k })));
    const r = bothWays(bytes, layout);
    for (const addr of [...addrs, "::ffff:0.9.10.99"]) expect(r.core).toContain(`[${addr.padEnd(15)}]`);
    expect(r.core).toBe(r.js);
  });

  for (const layout of LAYOUTS) {
    it(`built records of ${layout.id}`, () => {
      let bytes: Uint8Array;
      try {
        bytes = buildFile(layout, records(layout));
      } catch (err) {
        // a value the layout's field cannot hold (a negative time in an unsigned field): build without times
        bytes = buildFile(layout, records(layout).map((r) => ({ ...r, seconds: 1_700_000_000, microseconds: 1 })));
        void err;
      }
      const r = bothWays(bytes, layout);
      expect(r.core.length).toBeGreaterThan(0);
      expect(r.core).toBe(r.js);
      expect(r.skippedCore).toStrictEqual(r.skippedJs);
    });
  }
});
