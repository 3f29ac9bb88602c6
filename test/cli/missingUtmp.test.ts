// A system with no utmp (containers): the system's databases read as empty,
// as coreutils who reads them, while a FILE the user names must exist.
// defaultPaths() is replaced so no system file is touched.
import { describe, expect, it, vi } from "vitest";
import { utmp, wtmp, btmp, lastlog, open } from "../../src/index.ts";
import { who } from "../../src/cli/who.ts";
import { parseArgs } from "../../src/cli/args.ts";
import { WHO_OPTIONS } from "../../src/cli/who.ts";
import { UtmpError, UtmpErrorCode } from "../../src/util/errors.ts";
import { sinkContext } from "../support/outputSink.ts";

const MISSING = "/nonexistent-utmpx-test";
vi.mock("../../src/sources/defaultPaths.ts", () => {
  const dir = "/nonexistent-utmpx-test"; // vi.mock runs before the module's constants
  return { defaultPaths: () => ({ utmp: `${dir}/utmp`, wtmp: `${dir}/wtmp`, btmp: `${dir}/btmp`, lastlog: `${dir}/lastlog` }) };
});

describe("a missing system database", () => {
  it("is empty through the API's utmp, wtmp, btmp and lastlog", () => {
    expect(utmp.length).toBe(0);
    expect([...utmp]).toStrictEqual([]);
    expect(wtmp.length).toBe(0);
    expect(btmp.length).toBe(0);
    expect([...lastlog]).toStrictEqual([]);
  });

  it("but a named path that is missing is still an IO error", () => {
    let caught: unknown;
    try { void open(`${MISSING}/utmp`).length; } catch (err) { caught = err; }
    expect(caught).toBeInstanceOf(UtmpError);
    expect((caught as UtmpError).code).toBe(UtmpErrorCode.IO);
  });

  it("utmpx who prints nothing, status 0, as coreutils who does", async () => {
    const { out, err, ctx } = sinkContext();
    expect(await who(parseArgs([], WHO_OPTIONS), ctx)).toBe(0);
    ctx.stdout.flush();
    expect(out.text).toBe("");
    expect(err.text).toBe("");
    const heading = sinkContext();
    expect(await who(parseArgs(["-H"], WHO_OPTIONS), heading.ctx)).toBe(0);
    heading.ctx.stdout.flush();
    expect(heading.out.text).toBe("NAME     LINE         TIME             COMMENT\n");
  });

  it("utmpx who FILE with FILE missing is an error", async () => {
    const { ctx } = sinkContext();
    await expect(who(parseArgs([`${MISSING}/utmp`], WHO_OPTIONS), ctx)).rejects.toThrow(/cannot read/);
  });
});
