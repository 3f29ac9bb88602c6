// A gzip source held in memory (a .gz opened by path, fromBytes of one) keeps
// the failure of its decompression: its bytes do not change, and openLastlog
// asks twice (whether it is SQLite, then its size), so a refused gzip bomb was
// decompressed a second time, up to the 1 GiB limit, before the error came.
// gunzipSync is wrapped to count its calls; a corrupt archive stands for a bomb.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { FIXTURES } from "../support/paths.ts";

let calls = 0;
vi.mock("../../src/sources/gzip.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/sources/gzip.ts")>();
  return { ...real, gunzipSync: (...args: Parameters<typeof real.gunzipSync>) => {
    calls++;
    return real.gunzipSync(...args);
  } };
});

const { fromBytes, open, openLastlog } = await import("../../src/index.ts");
const dir = mkdtempSync(join(tmpdir(), "utmpx-gunzip-failure-"));
const corrupt = gzipSync(readFileSync(join(FIXTURES, "s4", "CentOS7", "x86_64", "wtmp")));
// the deflate stream's first bytes garbled: zlib fails at once
corrupt.fill(0xff, 10, 30);
const path = join(dir, "lastlog.gz");
writeFileSync(path, corrupt);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(() => {
  calls = 0;
});

describe("a gzip source whose decompression fails", () => {
  it("openLastlog(path) decompresses it once, and says why it cannot", () => {
    expect(() => [...openLastlog(path)]).toThrow(/cannot read .*lastlog\.gz: gzip/);
    expect(calls).toBe(1);
  });

  it("every later read gives the same error without decompressing again", () => {
    const db = fromBytes(corrupt);
    const first = (() => { try { db.layout; } catch (e) { return e; } })();
    expect(first).toBeInstanceOf(Error);
    expect(() => db.count()).toThrow((first as Error).message);
    expect(calls).toBe(1);
  });

  it("open(path) of it fails with the same message as before", () => {
    expect(() => open(path).layout).toThrow(/cannot read .*lastlog\.gz: gzip/);
  });
});
