// Conformance on the GPL/AGPL files of the shared corpus (util-linux, apparmor,
// dissect.target, velociraptor), read in place from <repo>/../shared/corpus:
// their licences keep them out of this package. Same checks as the package
// fixtures. Without that folder the suite is reported as skipped, by name.
import { describe, expect, it } from "vitest";
import { errorOf } from "../support/errorOf.ts";
import { fromBytes, LAYOUTS, open, UtmpError, UtmpErrorCode } from "../../src/index.ts";
import { describeFixture } from "./fixtureSuite.ts";
import { corpusPresent, linuxFixtures, readBytes, SHARED_CORPUS, type Fixture } from "../support/corpus.ts";

const FOLDERS = ["util-linux", "apparmor", "dissect.target", "velociraptor"];

/** Files whose bytes fit no layout (a fuzzer's output): decoded with the layout utmpdump used. */
const FORCED: Record<string, string> = { "util-linux/github-1097": "linux384-le" };

const present = corpusPresent();

describe.skipIf(!present)(`shared corpus conformance (GPL/AGPL files read from ${SHARED_CORPUS})`, () => {
  const fixtures: Fixture[] = present
    ? linuxFixtures(SHARED_CORPUS).filter((f) => FOLDERS.includes(f.name.split("/")[0]!))
    : [];

  it("finds every conformance file", () => {
    expect(fixtures.map((f) => f.name).sort()).toStrictEqual([
      "apparmor/wtmp-aarch64", "apparmor/wtmp-s390x", "apparmor/wtmp-truncated", "apparmor/wtmp-x86_64",
      "apparmor/wtmp-x86_64-past",
      "dissect.target/btmp", "dissect.target/btmp-ipv6", "dissect.target/wtmp", "dissect.target/wtmp-ipv6",
      "util-linux/github-1097",
      "util-linux/wtmp-a.BE", "util-linux/wtmp-a.LE", "util-linux/wtmp-b.BE", "util-linux/wtmp-b.LE",
      "util-linux/wtmp-ipv6.BE", "util-linux/wtmp-ipv6.LE",
      "velociraptor/wtmp.1",
    ]);
  });

  for (const fx of fixtures) {
    const layout = FORCED[fx.name];
    describeFixture(fx, layout ? { layout } : {});
    if (layout) {
      describe(`${fx.name} without { layout }`, () => {
        for (const how of ["open", "fromBytes"] as const) {
          it(`${how}(): raises UNKNOWN_LAYOUT naming the file, its size and the candidates`, () => {
            const db = how === "open" ? open(fx.path) : fromBytes(readBytes(fx.path));
            const error = errorOf(() => db.layout);
            expect(error).toBeInstanceOf(UtmpError);
            const err = error as UtmpError;
            expect(err.code).toBe(UtmpErrorCode.UNKNOWN_LAYOUT);
            if (how === "open") {
              expect(err.message).toContain(fx.path);
              expect(err.path).toBe(fx.path);
            }
            expect(err.message).toContain(`${fx.expected.size} bytes`);
            // the best candidates, by layout id, with their evidence
            const named = [...err.message.matchAll(/([\w-]+): \d+ of \d+ sampled records plausible/g)].map((m) => m[1]);
            expect(named.length, err.message).toBeGreaterThan(0);
            for (const id of named) expect(LAYOUTS.map((l) => l.id)).toContain(id);
            // iterating raises the same error rather than yielding anything
            expect(() => [...db]).toThrow(UtmpError);
          });
        }
      });
    }
  }
});

// Visible in every run without the corpus: which files were not checked, and where they were looked for.
if (!present) {
  describe("shared corpus conformance", () => {
    it.skip(`SKIPPED: ${SHARED_CORPUS} is absent, so the util-linux, apparmor, dissect.target and velociraptor files were not checked`, () => {});
  });
}
