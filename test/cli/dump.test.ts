// `utmpx dump` against util-linux 2.38.1 utmpdump's own output for the same
// files (stored beside each fixture), byte for byte: LE and BE, 384 and 400.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { open } from "../../src/index.ts";
import { utmpdumpBatch } from "../../src/format/utmpdump.ts";
import { FIXTURES, REPO, SHARED_CORPUS, sharedCorpusPresent, utmpdumpPairs } from "../support/paths.ts";

// Files no layout fits (a fuzzer's output): dumped with the layout utmpdump used.
const FORCED_LAYOUT: Record<string, string> = { "github-1097": "linux384-le" };

function dumpText(binary: string): string {
  const name = binary.split("/").pop()!;
  const db = open(binary, { layout: FORCED_LAYOUT[name] });
  let out = "";
  for (const batch of db.batches()) out += utmpdumpBatch(batch);
  return out;
}

function checkPairs(pairs: { binary: string; text: string }[]) {
  for (const { binary, text } of pairs) {
    it(relative(REPO, binary), () => {
      expect(dumpText(binary)).toBe(readFileSync(text, "latin1"));
    });
  }
}

describe("utmpx dump equals util-linux utmpdump: test/fixtures", () => {
  const pairs = utmpdumpPairs(FIXTURES);
  it("has fixtures of both byte orders and both common record sizes", () => {
    const layouts = new Set(pairs.map(({ binary }) => open(binary).layout.id));
    expect(layouts).toContain("linux384-le");
    expect(layouts).toContain("linux400-le");
    expect(layouts).toContain("linux400-be");
  });
  checkPairs(pairs);
});

describe.skipIf(!sharedCorpusPresent)(`utmpx dump equals util-linux utmpdump: GPL/AGPL files in ${SHARED_CORPUS}`, () => {
  checkPairs(["util-linux", "apparmor", "dissect.target", "velociraptor"]
    .flatMap((source) => utmpdumpPairs(`${SHARED_CORPUS}/${source}`)));
});

if (!sharedCorpusPresent) {
  describe("shared corpus", () => {
    it.skip(`absent: ${SHARED_CORPUS} not found, the GPL/AGPL conformance files were not checked`, () => {});
  });
}
