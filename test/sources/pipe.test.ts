// A FIFO where a file is wanted: refused by name on the size and the read a
// reader starts with (a FIFO stats as empty: it was read as a file of no
// records), and by a write, which would otherwise wait for a reader.
import { spawnSync } from "node:child_process";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileSource } from "../../src/sources/sources.ts";
import { refusePipe } from "../../src/sources/pipe.ts";
import { open, UtmpError } from "../../src/index.ts";

const dir = mkdtempSync(join(tmpdir(), "utmpx-fifo-"));
const fifo = join(dir, "fifo");
const hasMkfifo = spawnSync("mkfifo", [fifo]).status === 0;
const REFUSED = /^utmpx: .*fifo is a pipe: utmpx reads a file at offsets, which a pipe cannot give; save it to a file and read that$/;

describe.skipIf(!hasMkfifo)("a FIFO given as a file", () => {
  it("refusePipe refuses a FIFO's stat, not a regular file's", () => {
    expect(() => refusePipe(fifo, statSync(fifo))).toThrow(REFUSED);
    const plain = join(dir, "plain");
    writeFileSync(plain, "");
    expect(() => refusePipe(plain, statSync(plain))).not.toThrow();
  });

  it("its size is refused, not 0 (no open: with no writer, an open would wait)", () => {
    const err = (() => { try { fileSource(fifo).size(); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(UtmpError);
    expect((err as UtmpError).code).toBe("UNSUPPORTED");
    expect((err as Error).message).toMatch(REFUSED);
  });

  it("reading it as a database, or appending to it, is refused, not an empty file", () => {
    expect(() => [...open(fifo)]).toThrow(REFUSED);
    expect(() => open(fifo).append({ type: "BOOT_TIME" })).toThrow(REFUSED);
  });
});
