// fputs_careful's rules for bytes outside ASCII: `utmpx last` prints as
// util-linux 2.38.1 `last` (Debian 12) does in a UTF-8 locale: printable
// UTF-8 characters as they are, other bytes as "\ooo" (a user name cut at 8
// bytes inside a character shows its lead byte escaped).
import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ByteWriter } from "../../../src/format/byteWriter.ts";
import { printableUtf8, printsAsIs, writeCareful, type NonAsciiRule } from "../../../src/format/last/careful.ts";
import { findLayout } from "../../../src/index.ts";
import { last, parseLastArgs } from "../../../src/cli/last.ts";
import { buildRecord } from "../../support/fixtureBuilder.ts";
import { sinkContext } from "../../support/outputSink.ts";

const bytes = (...b: (number | string)[]) => Uint8Array.from(b.flatMap((x) => (typeof x === "string" ? [...Buffer.from(x, "latin1")] : [x])));
function careful(row: Uint8Array, rule: NonAsciiRule): string {
  const w = new ByteWriter(16);
  writeCareful(w, row, rule);
  return Buffer.from(w.view()).toString("latin1");
}

describe("fputs_careful", () => {
  it("reads UTF-8 as mbtowc and iswprint do", () => {
    expect(printableUtf8(bytes(0xc3, 0xbc), 0, 2)).toBe(2); // ü
    expect(printableUtf8(bytes(0xe4, 0xbe, 0x8b), 0, 3)).toBe(3); // 例
    expect(printableUtf8(bytes(0xf0, 0x9f, 0x98, 0x80), 0, 4)).toBe(4); // 😀
    expect(printableUtf8(bytes(0xc3), 0, 1)).toBe(0); // cut short
    expect(printableUtf8(bytes(0xc3, 0x20), 0, 2)).toBe(0); // no continuation
    expect(printableUtf8(bytes(0xc0, 0xaf), 0, 2)).toBe(0); // overlong
    expect(printableUtf8(bytes(0xed, 0xa0, 0x80), 0, 3)).toBe(0); // a surrogate
    expect(printableUtf8(bytes(0xc2, 0x85), 0, 2)).toBe(0); // C1 control NEL
    expect(printableUtf8(bytes(0xe2, 0x80, 0xa8), 0, 3)).toBe(0); // line separator
    expect(printableUtf8(bytes(0xbc), 0, 1)).toBe(0); // a lone continuation byte
  });

  it("prints each byte by its rule", () => {
    const row = bytes("m", 0xc3, 0xbc, "x", 0x01, 0x7f, " ", 0xc3, "\n");
    expect(careful(row, "raw")).toBe("m\u00c3\u00bcx*A*? \u00c3\n");
    expect(careful(row, "escape")).toBe("m\\303\\274x*A*? \\303\n");
    expect(careful(row, "utf8")).toBe("m\u00c3\u00bcx*A*? \\303\n");
    expect(printsAsIs(bytes("j", 0xc3, 0xbc, "rgen\n"), 0, 8, "utf8")).toBe(true);
    expect(printsAsIs(bytes("j", 0xc3, 0xbc, "rgen\n"), 0, 8, "escape")).toBe(false);
  });
});

const haveLast = spawnSync("sh", ["-c", "command -v last"]).status === 0;

describe("utmpx last prints names cut inside a character as util-linux last does", () => {
  const layout = findLayout("linux384-le")!;
  // 8 bytes of "alice.müller" end inside "ü"; a host with a C1 control and one with invalid bytes
  const users = ["alice.m\u00fcller", "j\u00fcrgen", "zo\u00eb", "\u4f8b\u3048\u4f8b\u3048\u4f8b", "ab\u00e9\u00e9\u00e9"];
  const hosts = ["m\u00fcnchen.example", "x\u0085y", "bad\udc80host", "\u4f8b.jp", "plain"];
  const records: Uint8Array[] = [];
  users.forEach((user, k) => {
    const host = Buffer.from(hosts[k]!.replace("\udc80", "\u0000"), "utf8");
    if (k === 2) host[3] = 0xff; // an invalid byte in the host
    records.push(buildRecord(layout, { type: 7, user, line: `pts/${k}`, host, pid: 100 + k, seconds: 1_700_000_000 + 60 * k }));
    records.push(buildRecord(layout, { type: 8, line: `pts/${k}`, pid: 100 + k, seconds: 1_700_000_030 + 60 * k }));
  });
  const dir = mkdtempSync(join(tmpdir(), "utmpx-careful-"));
  const file = join(dir, "wtmp");
  writeFileSync(file, Buffer.concat(records));

  async function ours(options: string[]): Promise<string> {
    const { out, ctx } = sinkContext();
    await last(parseLastArgs(["--tz", "UTC", "-f", file, ...options]), ctx, { now: 1_900_000_000 });
    ctx.stdout.flush();
    return out.text;
  }

  it("escapes the cut lead byte and invalid bytes, keeps whole characters", async () => {
    const text = await ours([]);
    expect(text).toContain("alice.m\\303 pts/0");
    expect(text).toContain("j\u00c3\u00bcrgen  pts/1");
    expect(text).toContain("x\\302\\205y");
  });

  for (const options of [[], ["-w"], ["-a"], ["-F", "-w", "-x"]]) {
    it.skipIf(!haveLast)(`equals util-linux last ${options.join(" ")} (LC_ALL=C.UTF-8)`, async () => {
      const theirs = spawnSync("last", ["-f", file, ...options], { env: { ...process.env, TZ: "UTC", LC_ALL: "C.UTF-8" } }).stdout.toString("latin1");
      expect(await ours(options)).toBe(theirs);
    });
  }
});
