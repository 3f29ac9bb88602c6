// Short writes (a full disk, a file size limit) leave the file as it was before
// the call, and say so (issue 10). Three ways in: fake handles for the rollback
// rules, node:fs writes made short under the public API, and a real short write
// under a file size limit (RLIMIT_FSIZE) in a child process.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { open, UtmpError } from "../../src/index.ts";
import { appendWhole, overwrite } from "../../src/sources/safeWrite.ts";
import type { WriteHandle } from "../../src/sources/writeHandle.ts";
import { errorOf } from "../support/errorOf.ts";
import { FIXTURES, REPO } from "../support/paths.ts";

const tmp = mkdtempSync(join(tmpdir(), "utmpx-short-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * A file in memory whose disk takes `room` more bytes, then fails once with
 * ENOSPC (after which writes go through again: rewriting bytes already on disk
 * takes no new space); `others` appends another writer's bytes after each write.
 */
function fakeFile(initial: Uint8Array, room: number, others?: Uint8Array) {
  let bytes = initial.slice();
  const enospc = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
  const handle: WriteHandle = {
    size: () => bytes.length,
    read(offset, target) {
      const part = bytes.subarray(offset, offset + target.length);
      target.set(part);
      return part.length;
    },
    write(data, position) {
      if (room === 0) {
        room = Infinity;
        throw enospc;
      }
      const n = Math.min(room, data.length);
      room -= n;
      const at = position ?? bytes.length;
      const next = new Uint8Array(Math.max(bytes.length, at + n));
      next.set(bytes);
      next.set(data.subarray(0, n), at);
      bytes = next;
      if (others) bytes = new Uint8Array([...bytes, ...others]);
      return n;
    },
    truncate(size) {
      bytes = bytes.slice(0, size);
    },
    close() {},
  };
  return { handle, bytes: () => bytes };
}

const records = (n: number, fill: number) => new Uint8Array(n * 384).fill(fill);

describe("short writes, on a fake file", () => {
  it("an append that comes up short (two records and a 256-byte fragment) is truncated back", () => {
    const original = records(3, 1);
    const file = fakeFile(original, 2 * 384 + 256);
    const error = errorOf(() => appendWhole(file.handle, "wtmp", () => records(3, 2))) as UtmpError;
    expect(error).toBeInstanceOf(UtmpError);
    expect(error.code).toBe("IO");
    expect(error.message).toBe("utmpx: cannot append to wtmp: only 1024 of 1152 bytes were written (the disk took no more); nothing was added: the file is as it was (1152 bytes)");
    expect(file.bytes()).toStrictEqual(original);
  });

  it("an append refused outright (ENOSPC) changes nothing and says why", () => {
    const original = records(1, 1);
    const file = fakeFile(original, 0);
    const error = errorOf(() => appendWhole(file.handle, "wtmp", () => records(1, 2))) as UtmpError;
    expect(error.message).toContain("only 0 of 384 bytes were written (ENOSPC: no space left on device, write); nothing was added");
    expect(file.bytes()).toStrictEqual(original);
  });

  it("a short append is left in place, and said so, when another writer appended after it", () => {
    const other = records(1, 9);
    const file = fakeFile(records(1, 1), 100, other);
    const error = errorOf(() => appendWhole(file.handle, "wtmp", () => records(1, 2))) as UtmpError;
    expect(error.message).toContain("another writer appended after them, so they could not be taken back: the file holds a partial record after offset 384");
    expect(file.bytes().length).toBe(384 + 100 + 384); // its record is kept
  });

  it("an in-place write that fails halfway gets the bytes it replaced written back", () => {
    const original = new Uint8Array(3 * 384).map((_, i) => i % 251);
    const file = fakeFile(original, 200);
    const error = errorOf(() => overwrite(file.handle, "utmp", 384, records(1, 7))) as UtmpError;
    expect(error.message).toContain("only 200 of 384 bytes at offset 384 were written");
    expect(error.message).toContain("the bytes they replaced were written back: the file is as it was");
    expect(file.bytes()).toStrictEqual(original);
  });

  it("a complete write is never undone", () => {
    const file = fakeFile(records(1, 1), 10_000);
    expect(appendWhole(file.handle, "wtmp", () => records(2, 2))).toBe(384);
    overwrite(file.handle, "wtmp", 0, records(1, 3));
    expect(file.bytes()).toStrictEqual(new Uint8Array([...records(1, 3), ...records(2, 2)]));
  });
});

describe("short writes through the API (node:fs writes cut short)", () => {
  const fs = process.getBuiltinModule("node:fs");
  const realWrite = fs.writeSync;
  afterEach(() => {
    fs.writeSync = realWrite;
  });
  /** Lets the disk take `room` more bytes, then fail once with ENOSPC (as fakeFile). */
  const diskTakes = (room: number) => {
    fs.writeSync = ((fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null) => {
      if (room === 0) {
        room = Infinity;
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      }
      const n = realWrite(fd, buffer, offset, Math.min(length, room), position);
      room -= n;
      return n;
    }) as typeof fs.writeSync;
  };
  const entry = (i: number) => ({ type: "USER_PROCESS" as const, user: `u${i}`, line: `pts/${i}`, id: `ts/${i}`, pid: 100 + i, seconds: 1_700_000_000 + i });

  it("append: two records and a fragment are taken back; the next append goes on as usual", () => {
    const file = join(tmp, "wtmp-api");
    copyFileSync(join(FIXTURES, "utmp-rs", "basic32.utmp"), file);
    const before = readFileSync(file);
    diskTakes(2 * 384 + 256);
    const error = errorOf(() => open(file).append([entry(1), entry(2), entry(3)])) as UtmpError;
    fs.writeSync = realWrite;
    expect(error).toBeInstanceOf(UtmpError);
    expect(error.code).toBe("IO");
    expect(error.message).toMatch(/only 1024 of 1152 bytes were written .*the file is as it was \(1920 bytes\)/);
    expect(readFileSync(file)).toStrictEqual(before);
    expect(open(file).append(entry(4))).toBe(before.length); // not refused as a partial record
  });

  it("put: a slot written halfway gets its old bytes back", () => {
    const file = join(tmp, "utmp-api");
    const db = () => open(file, { layout: "linux384-le" });
    db().put(entry(1));
    db().put(entry(2));
    db().put({ ...entry(1), type: "DEAD_PROCESS", user: "" });
    const before = readFileSync(file);
    diskTakes(100);
    const error = errorOf(() => db().put({ ...entry(1), user: "again" })) as UtmpError;
    fs.writeSync = realWrite;
    expect(error.message).toMatch(/only 100 of 384 bytes at offset 0 were written .*written back: the file is as it was/);
    expect(readFileSync(file)).toStrictEqual(before);
  });
});

describe("a real short write: a file size limit (ulimit -f) in a child process", () => {
  const dist = join(REPO, "dist", "index.js");
  const haveBash = spawnSync("sh", ["-c", "command -v bash"]).status === 0;
  it.runIf(haveBash)("append and appendAsync leave the file as it was, and later appends within the limit work", () => {
    if (!existsSync(dist)) throw new Error(`${dist} is missing: run npm run build first`);
    const file = join(tmp, "wtmp-limit");
    const script = `
      import { open } from ${JSON.stringify(pathToFileURL(dist).href)};
      import { readFileSync } from "node:fs";
      const file = ${JSON.stringify(file)};
      const entry = (i) => ({ type: "USER_PROCESS", user: "u" + i, line: "pts/" + i, id: "ts/" + i, pid: i, seconds: 1700000000 + i });
      const db = () => open(file, { layout: "linux384-le" });
      db().append(entry(0));
      const seen = [];
      const note = (err) => seen.push({ code: err.code, message: err.message, size: readFileSync(file).length });
      try { db().append([1, 2, 3, 4, 5].map(entry)); } catch (err) { note(err); }
      try { await db().appendAsync([1, 2, 3, 4, 5].map(entry)); } catch (err) { note(err); }
      db().append([1, 2, 3].map(entry));
      seen.push({ size: readFileSync(file).length, users: [...open(file)].map((e) => e.user).join() });
      console.log(JSON.stringify(seen));`;
    // 2 KiB: one record (384 bytes) in the file, five more (1920) would need 2304; 4 records and a 128-byte fragment fit
    const run = spawnSync("bash", ["-c", `ulimit -f 2 && exec "$0" --input-type=module -e "$1"`, process.execPath, script], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    const seen = JSON.parse(run.stdout) as { code?: string; message?: string; size: number; users?: string }[];
    for (const s of seen.slice(0, 2)) {
      expect(s.code).toBe("IO");
      expect(s.message).toMatch(/only 1664 of 1920 bytes were written .*nothing was added: the file is as it was \(384 bytes\)/);
      expect(s.size).toBe(384);
    }
    expect(seen[2]).toStrictEqual({ size: 4 * 384, users: "u0,u1,u2,u3" });
  });
});
