// utmpx dump -r: utmpdump text back into records. For every Linux fixture,
// dump -> read back -> dump gives the same text, and the bytes come back
// exactly wherever the text held everything (no session or exit status, no
// byte utmpdump cleansed to "?").
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { encode, fromBytes, open } from "../../src/index.ts";
import { utmpdumpBatch } from "../../src/format/utmpdump.ts";
import { parseUtmpdump } from "../../src/format/undump.ts";
import { FIXTURES, REPO, utmpdumpPairs } from "../support/paths.ts";

const CLI = join(REPO, "dist", "cli", "main.js");

describe("dump -r reads our dump back", () => {
  for (const { binary, text } of utmpdumpPairs(FIXTURES)) {
    it(relative(REPO, binary), () => {
      const db = open(binary);
      const dumped = readFileSync(text, "latin1"); // util-linux's own output for this file
      const bytes = encode(parseUtmpdump(dumped), db.layout);
      let again = "";
      for (const batch of fromBytes(bytes, { layout: db.layout }).batches({ includeZeroed: true })) again += utmpdumpBatch(batch);
      expect(again).toBe(dumped);
      const entries = [...db.batches({ includeZeroed: true })].flatMap((b) => [...b]);
      // lossless when the text held everything: no session or exit status, no cleansed byte, and
      // no id padded with spaces (files written by utmpdump -r have those: we do not keep padding as data)
      const lossless = entries.every((e) => e.session === 0 && e.exit?.termination === 0 && e.exit.exit === 0 && !/ $/.test(e.id ?? "")) &&
        !dumped.includes("?");
      if (lossless) {
        const original = new Uint8Array(readFileSync(binary)).subarray(0, entries.length * db.layout.recordSize);
        const back = fromBytes(bytes, { layout: db.layout });
        expect([...back].map((e) => e.toJSON())).toStrictEqual(entries.map((e) => e.toJSON()));
        expect(bytes).toStrictEqual(original);
      }
    });
  }

  it("keeps what utmpdump -r loses: spaces inside values, the id without padding, IPv4-mapped addresses", () => {
    const line = "[7] [01234] [ts/3] [first last] [pts/3       ] [a host name         ] [::ffff:192.0.2.44] [2024-03-09T08:00:00,000005+00:00]";
    const [e] = parseUtmpdump(line);
    expect(e).toMatchObject({ rawType: 7, pid: 1234, seconds: 1709971200, microseconds: 5 });
    // string fields are the text's bytes (see test/format/undumpFidelity.test.ts)
    expect([e!.id, e!.user, e!.line, e!.host].map((v) => new TextDecoder().decode(v as Uint8Array))).toStrictEqual(["ts/3", "first last", "pts/3", "a host name"]);
    const decoded = fromBytes(encode([e!], "linux384-le")).at(0)!;
    expect(decoded.addr).toBe("::ffff:192.0.2.44");
    expect(decoded.user).toBe("first last");
  });

  // util-linux 2.38's utmpdump -r writes the same records from text with CRLF line ends (checked by hand)
  it("takes CRLF line ends as utmpdump -r does: the records of the same text with LF", () => {
    const { binary, text } = utmpdumpPairs(FIXTURES)[0]!;
    const lf = readFileSync(text, "latin1");
    expect(lf.length).toBeGreaterThan(0);
    const layout = open(binary).layout;
    expect(encode(parseUtmpdump(lf.replaceAll("\n", "\r\n")), layout)).toStrictEqual(encode(parseUtmpdump(lf), layout));
    // a CR anywhere else is still no utmpdump line
    expect(() => parseUtmpdump(lf.replace("\n", "\r\r\n"), "t.txt")).toThrow(/t\.txt:1: not a utmpdump line/);
  });

  it.skipIf(!existsSync(CLI))("says which line's string it cuts to its field, and writes what utmpdump -r writes", () => {
    const dir = mkdtempSync(join(tmpdir(), "utmpx-undump-"));
    const text = join(dir, "long.txt");
    writeFileSync(text, "\n[7] [01234] [ts/3] [" + "A".repeat(40) + "] [pts/3       ] [host] [0.0.0.0] [2024-03-09T08:00:00,000005+00:00]\n", "latin1");
    const out = join(dir, "long.bin");
    const r = spawnSync(process.execPath, [CLI, "dump", "-r", text, "-o", out], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`utmpx: warning: ${text}:2: user of 40 bytes cut to its field's 32, as utmpdump -r cuts it\n`);
    const written = readFileSync(out);
    expect(fromBytes(new Uint8Array(written), { layout: "linux384-le" }).at(0)!.user).toBe("A".repeat(32));
    const theirs = spawnSync("utmpdump", ["-r"], { input: readFileSync(text) });
    if (theirs.status === 0) expect(written.equals(theirs.stdout)).toBe(true);
  });

  it.skipIf(!existsSync(CLI))("names the line whose value the layout cannot hold, as it names a line it cannot read", () => {
    const dir = mkdtempSync(join(tmpdir(), "utmpx-undump-"));
    const line = (pid: string) => `[7] [${pid}] [ts/3] [alice   ] [pts/3       ] [host] [0.0.0.0] [2024-03-09T08:00:00,000005+00:00]\n`;
    // the fourth entry on line 6: a comment-free text with a blank line first, as utmpdump -r takes it
    const text = join(dir, "wide.txt");
    writeFileSync(text, "\n" + line("00001") + line("00002") + "\n" + line("00003") + line("99999999999") + line("00005"), "latin1");
    const out = join(dir, "wide.bin");
    const r = spawnSync(process.execPath, [CLI, "dump", "-r", text, "-o", out], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`utmpx: ${text}:6: pid 99999999999 does not fit layout linux384-le (i32: -2147483648 to 2147483647); refusing to wrap it\n`);
    expect(existsSync(out)).toBe(false);
  });

  it("names the line it cannot read", () => {
    expect(() => parseUtmpdump("[7] [1] [x] [a]\n", "t.txt")).toThrow(/t\.txt:1: not a utmpdump line/);
  });
});

// dump -r read its whole input before writing a record: /dev/zero ran it to 11.8 GB, and 64 MB of text took
// 894 MB. It now reads a block of lines at a time, its records written before the next is read.
describe("dump -r reads its input a block of lines at a time", () => {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-undump-stream-"));
  const LINE = "[7] [00001] [ts/1] [u] [pts/1] [h] [1.2.3.4] [2024-01-01T00:00:00,000000+00:00]\n";
  // a run that reads without end (the old /dev/zero) is stopped: 20 s, where one block takes milliseconds
  const run = (args: string[]) => spawnSync(process.execPath, [CLI, "dump", "-r", ...args], { encoding: "latin1", maxBuffer: 1 << 30, timeout: 20_000 });

  it("100,000 lines (32 blocks) give the records the library's parser and encoder give", () => {
    const text = join(dir, "many.txt");
    writeFileSync(text, LINE.repeat(100_000));
    const r = run([text]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.length).toBe(100_000 * 384);
    expect(Buffer.from(r.stdout, "latin1").equals(Buffer.from(encodeLines(LINE, 100_000)))).toBe(true);
  });

  it("a bad line after several blocks is named by its line in the input, and -o leaves no file", () => {
    const text = join(dir, "bad.txt");
    writeFileSync(text, LINE.repeat(10_000) + "not a record\n" + LINE);
    const out = join(dir, "bad.out");
    const r = run(["-o", out, text]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`utmpx: ${text}:10001: not a utmpdump line: "not a record"\n`);
    expect(existsSync(out)).toBe(false);
  });

  it("/dev/zero: refused at once, a line of over 1 MiB being no utmpdump line", () => {
    const r = run(["/dev/zero"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("utmpx: /dev/zero:1: a line of over 1 MiB is no utmpdump line\n");
  });
});

/** The records of `count` copies of `line`, by the library's parser and encoder. */
function encodeLines(line: string, count: number): Uint8Array {
  return encode(parseUtmpdump(line.repeat(count)), "linux384-le");
}
