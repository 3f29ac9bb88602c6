// `last` text against util-linux 2.38.1 `last` outputs stored with the
// generated glibc fixture (../shared/corpus/generated-glibc-x86_64: TZ=UTC).
import { describe, it, expect } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { open } from "../../../src/index.ts";
import { sessions } from "../../../src/sessions/sessions.ts";
import { formatLast, type LastFormatOptions } from "../../../src/format/last.ts";

const DIR = new URL("../../../../shared/corpus/generated-glibc-x86_64/", import.meta.url).pathname;
const have = existsSync(DIR + "wtmp");
if (!have) console.warn(`test/cli/last: ${DIR} is absent; the stored last outputs are not compared`);

function run(file: string, options: LastFormatOptions, lastb = false): Buffer {
  const db = open(file);
  const entries = [...db];
  const rows = sessions(entries, { now: 1_900_000_000, lastb });
  return Buffer.from(formatLast(rows, { timeZone: "UTC", begins: { file: file.split("/").pop()!, seconds: entries[0]!.seconds }, ...options }));
}

describe.skipIf(!have)("last on the generated glibc wtmp", () => {
  it("last -F -w -x -i", () => {
    expect(run(DIR + "wtmp", { fullTimes: true, fullNames: true, extended: true, ip: true }).toString("latin1"))
      .toBe(readFileSync(DIR + "wtmp.last-Fwxi.txt").toString("latin1"));
  });
  it("last -F -w -x", () => {
    expect(run(DIR + "wtmp", { fullTimes: true, fullNames: true, extended: true }).toString("latin1"))
      .toBe(readFileSync(DIR + "wtmp.last-Fwx.txt").toString("latin1"));
  });
  it("last --time-format=iso -w -x -a", () => {
    expect(run(DIR + "wtmp", { timeFormat: "iso", fullNames: true, extended: true, hostLast: true }).toString("latin1"))
      .toBe(readFileSync(DIR + "wtmp.last-iso-wxa.txt").toString("latin1"));
  });
  it("lastb -F -w -i on btmp", () => {
    expect(run(DIR + "btmp", { fullTimes: true, fullNames: true, ip: true }, true).toString("latin1"))
      .toBe(readFileSync(DIR + "btmp.lastb-Fwi.txt").toString("latin1"));
  });
  it("lastb -F -w on btmp", () => {
    expect(run(DIR + "btmp", { fullTimes: true, fullNames: true }, true).toString("latin1"))
      .toBe(readFileSync(DIR + "btmp.lastb-Fw.txt").toString("latin1"));
  });
});
