// utmpx json writes bytes from caches; its text must be exactly what
// JSON.stringify(entry) gives (Entry.toJSON), for every fixture of every layout.
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { fromBytes, open } from "../../src/index.ts";
import { ByteWriter, writerText } from "../../src/format/byteWriter.ts";
import { writeJsonLines } from "../../src/format/jsonLines.ts";
import { FIXTURES, REPO, walk } from "../support/paths.ts";
import { UtmpError } from "../../src/util/errors.ts";

const binaries = walk(FIXTURES).filter((p) => !/\.(json|txt|md)$/.test(p));

function jsonLinesOf(path: string): { ours: string; reference: string } | undefined {
  const db = open(path);
  try {
    void db.layout;
  } catch (err) {
    if (err instanceof UtmpError) return undefined; // not a format we decode (lastlogx); tested elsewhere
    throw err;
  }
  const w = new ByteWriter();
  let reference = "";
  for (const batch of db.batches()) {
    writeJsonLines(w, batch);
    for (const entry of batch) reference += JSON.stringify(entry) + "\n";
  }
  return { ours: new TextDecoder().decode(w.view()), reference };
}

describe("utmpx json equals JSON.stringify(entry)", () => {
  it("has fixtures to check", () => expect(binaries.length).toBeGreaterThan(20));
  for (const path of binaries) {
    it(relative(REPO, path), () => {
      const result = jsonLinesOf(path);
      if (result) expect(result.ours).toBe(result.reference);
    });
  }

  it("writes numbers as JSON does: unsafe integers, negative values", () => {
    const bytes = new Uint8Array(400);
    const v = new DataView(bytes.buffer);
    v.setInt16(0, 7, true);
    v.setInt32(4, -1, true);
    v.setBigInt64(344, 2n ** 62n + 4096n, true); // seconds beyond 2^53
    v.setBigInt64(352, -5n, true); // negative microseconds
    v.setBigInt64(336, -(2n ** 40n), true); // session
    const batch = [...fromBytes(bytes, { layout: "linux400-le" }).batches()][0]!;
    const w = new ByteWriter();
    writeJsonLines(w, batch);
    expect(writerText(w)).toBe(JSON.stringify(batch.get(0)) + "\n");
  });
});
