// utmpx who against coreutils 9.1 who: the stored `who -a` of our generated
// utmp, and (where who is installed) who itself on every 384-byte Linux
// fixture with each option, in a UTF-8 locale and TZ=UTC.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { open } from "../../src/index.ts";
import { whoText } from "../../src/format/who.ts";
import { FIXTURES, REPO, walk } from "../support/paths.ts";

const CLI = join(REPO, "dist", "cli", "main.js");
const env = { ...process.env, TZ: "UTC", LC_ALL: "C.UTF-8" };

describe("utmpx who", () => {
  it("prints the stored coreutils `who -a` of the generated utmp", () => {
    const dir = join(FIXTURES, "generated-glibc-x86_64");
    expect(whoText(open(join(dir, "utmp")), { all: true, statDevice: () => undefined }))
      .toBe(readFileSync(join(dir, "utmp.who-a.txt"), "utf8"));
  });

  const haveWho = spawnSync("sh", ["-c", "command -v who"]).status === 0;
  const files = walk(FIXTURES).filter((p) => /\/(utmp|wtmp)[^/.]*$/.test(p) && !p.includes("BSD"))
    .filter((p) => open(p).layout.id === "linux384-le");
  for (const file of files) {
    it.runIf(haveWho)(`equals coreutils who on ${relative(REPO, file)}`, () => {
      for (const opts of [[], ["-a"], ["-aH"], ["-b"], ["-d"], ["-l"], ["-p"], ["-q"], ["-r"], ["-s"], ["-t"], ["-T"], ["-u"], ["-bdHlprtTu"]]) {
        const theirs = spawnSync("who", [...opts, file], { encoding: "utf8", env }).stdout;
        const ours = spawnSync(process.execPath, [CLI, "who", ...opts, file], { encoding: "utf8", env }).stdout;
        expect(ours, `who ${opts.join(" ")}`).toBe(theirs);
      }
    });
  }
});
