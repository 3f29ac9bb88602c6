// `utmpx dump` and `json` with standard output a file: the core's text of each
// window goes from its output region to the file without a copy (a file's
// writes are done when they return). The bytes must be the ones a pipe gets
// (where the text is copied), and the ones the library's formatters make.
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fromBytes } from "../../src/index.ts";
import { utmpdumpBatch } from "../../src/format/utmpdump.ts";
import { ByteWriter } from "../../src/format/byteWriter.ts";
import { REPO } from "../support/paths.ts";
import { generateWtmp } from "../read/stream/support.ts";

const CLI = join(REPO, "dist", "cli", "main.js");
const env = { ...process.env, TZ: "UTC" };

/** stdout of `utmpx ARGS` written to a file, and the same through a pipe. */
function toFileAndPipe(dir: string, args: string[]): { file: Buffer; pipe: Buffer } {
  const out = join(dir, `${args[0]}.out`);
  const fd = openSync(out, "w");
  try {
    const r = spawnSync(process.execPath, [CLI, ...args], { stdio: ["ignore", fd, "pipe"], env });
    expect(r.status).toBe(0);
  } finally {
    closeSync(fd);
  }
  const piped = spawnSync(process.execPath, [CLI, ...args], { env, maxBuffer: 1 << 28 });
  expect(piped.status).toBe(0);
  return { file: readFileSync(out), pipe: piped.stdout };
}

describe("dump and json with standard output a file", async () => {
  // 30,000 records: a few dozen windows, each a block of text above the pass-through's minimum
  const bytes = await generateWtmp(30_000, 3);
  const dir = mkdtempSync(join(tmpdir(), "utmpx-stdout-"));
  const path = join(dir, "wtmp");
  writeFileSync(path, bytes);
  const entries = [...fromBytes(bytes)];

  it("dump: the file holds what the pipe gets, and what utmpdumpBatch makes", () => {
    const { file, pipe } = toFileAndPipe(dir, ["dump", path]);
    expect(file.equals(pipe)).toBe(true);
    let want = "";
    for (const batch of fromBytes(bytes).batches()) want += utmpdumpBatch(batch);
    expect(file.toString("latin1")).toBe(want);
  });

  it("json: the file holds what the pipe gets, a line of JSON.stringify(entry) per record", () => {
    const { file, pipe } = toFileAndPipe(dir, ["json", path]);
    expect(file.equals(pipe)).toBe(true);
    const lines = file.toString("utf8").split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(entries.length);
    lines.forEach((line, i) => expect(line).toBe(JSON.stringify(entries[i])));
  });
});

describe("ByteWriter.block", () => {
  const text = (n: number, c: number) => new Uint8Array(n).fill(c);

  it("hands what is written, then a large block, to the pass-through in order, and goes on empty", () => {
    const got: string[] = [];
    const w = new ByteWriter(64);
    w.passThrough = (b) => got.push(Buffer.from(b).toString("latin1"));
    w.ascii("head ");
    w.block(text(1 << 14, 0x61));
    expect(got).toStrictEqual(["head ", "a".repeat(1 << 14)]);
    expect(w.length).toBe(0);
  });

  it("copies a small block, and every block without a pass-through", () => {
    const w = new ByteWriter(64);
    w.passThrough = () => { throw new Error("not for a small block"); };
    w.block(text(100, 0x62));
    expect(w.length).toBe(100);
    const plain = new ByteWriter(64);
    const big = text(1 << 15, 0x63);
    plain.block(big);
    big.fill(0); // the owner overwrites its buffer: the writer's copy stands
    expect(plain.view().every((c) => c === 0x63)).toBe(true);
  });
});
