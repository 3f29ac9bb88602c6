// Inputs the fuzzers once failed on (test/fuzz/regressions/*.json, in the form
// a failing run writes to build/fuzz-failures/), replayed through their API.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fromJson, type FuzzApi } from "./harness.ts";
import { BYTE_APIS } from "./apis/bytes.ts";
import { ENCODE_APIS } from "./apis/encode.ts";
import { STREAM_APIS } from "./apis/stream.ts";
import { TEXT_APIS } from "./apis/text.ts";
import { REPO } from "../support/paths.ts";
import { errorOf } from "../support/errorOf.ts";
import { encode, fromBytes, UtmpError, UtmpErrorCode } from "../../src/index.ts";

const APIS = new Map<string, FuzzApi<unknown>>([...BYTE_APIS, ...STREAM_APIS, ...ENCODE_APIS, ...TEXT_APIS].map((api) => [api.name, api]));
const DIR = join(REPO, "test", "fuzz", "regressions");
const CASES = readdirSync(DIR).filter((name) => name.endsWith(".json")).sort();

describe("fuzz regressions", () => {
  it("has cases, each naming a fuzzed API", () => {
    expect(CASES.length).toBeGreaterThan(0);
    for (const name of CASES) {
      const { api } = fromJson(readFileSync(join(DIR, name), "utf8")) as { api: string };
      expect([...APIS.keys()], name).toContain(api);
    }
  });

  for (const name of CASES) {
    it(name, async () => {
      const { api, input } = fromJson(readFileSync(join(DIR, name), "utf8")) as { api: string; input: unknown };
      await APIS.get(api)!.check(input);
    });
  }
});

// Bugs the fuzzers found (report of issue 10), asserted directly. One not
// fixed yet is an it.fails(): when it passes, make it an it() and drop the
// exemption its title names in apis/*.ts.
describe("bugs the fuzzers found", () => {
  it("encode() refuses fractional microseconds in FreeBSD's u64 time as other layouts do", () => {
    for (const layout of ["futx197", "utxlog"]) {
      const err = errorOf(() => encode([{ type: "USER_PROCESS", user: "x", seconds: 1_700_000_000, microseconds: 1.5 }], layout));
      expect(err, layout).toBeInstanceOf(UtmpError);
      expect((err as UtmpError).code).toBe(UtmpErrorCode.OUT_OF_RANGE);
    }
  });

  it("encode() refuses exit and rawType values an i32 cannot hold", () => {
    for (const input of [{ rawType: 2 ** 32 + 7 }, { rawType: 7.9 }, { exit: { termination: 2 ** 32, exit: 0 } }, { exit: { termination: 0, exit: 1.5 } }]) {
      const err = errorOf(() => encode([input], "linux384-le"));
      expect(err, JSON.stringify(input)).toBeInstanceOf(UtmpError);
      expect((err as UtmpError).code).toBe(UtmpErrorCode.OUT_OF_RANGE);
    }
  });

  it("filter({ type: 'UNKNOWN' }) keeps raw types past the table below 31", () => {
    const bytes = encode([{ rawType: 10, user: "x" }, { rawType: 40, user: "y" }, { rawType: 7, user: "z" }], "linux384-le");
    const db = fromBytes(bytes, { layout: "linux384-le" });
    expect([...db].map((e) => e.type)).toStrictEqual(["UNKNOWN", "UNKNOWN", "USER_PROCESS"]);
    expect([...db.filter({ type: "UNKNOWN" })].map((e) => e.rawType)).toStrictEqual([10, 40]);
    expect(db.count({ type: "UNKNOWN" })).toBe(2);
  });
});
