// In real Chromium: an uploaded wtmp.db (a File) reads through fromBlob(),
// stream() and wtmpdbFromBlob(), compared with what sqlite3 read from it
// (test/support/wtmpdbShared.ts).
import { describe, expect, it } from "vitest";
import { commands } from "vitest/browser";
import { fromBlob, stream, wtmpdbFromBlob, type Entry } from "../../src/index.ts";
import { WTMPDB_FIXTURES, wtmpdbPairs } from "../support/wtmpdbShared.ts";

async function bytesOf(path: string): Promise<Uint8Array<ArrayBuffer>> {
  const base64 = await commands.readFile(path, "base64");
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

describe("wtmpdb in Chromium", () => {
  it.each(WTMPDB_FIXTURES)("%s.db as an uploaded File", async (name) => {
    const bytes = await bytesOf(`test/fixtures/wtmpdb/db/${name}.db`);
    const json = await commands.readFile(`test/fixtures/wtmpdb/db/${name}.rows.json`, "utf8");
    const file = new File([bytes], "wtmp.db");
    for (const [got, want] of wtmpdbPairs(json, await wtmpdbFromBlob(file), await fromBlob(file))) expect(got).toEqual(want);
    const streamed: Entry[] = [];
    for await (const batch of stream(file)) streamed.push(...batch);
    expect(streamed.map((e) => JSON.stringify(e))).toEqual([...(await fromBlob(file))].map((e) => JSON.stringify(e)));
  });
});
