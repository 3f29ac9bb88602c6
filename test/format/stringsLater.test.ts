// utmpx dump and json read their batches without strings (streamBatches(…, "none")): the core writes
// each string from the record, so the decode leaves the string columns out, and
// a row the core leaves to the JavaScript writer (a time past what the core
// computes, a session JSON writes as a float) gets its batch decoded again with
// strings (RecordBatch.withStrings). Both outputs must equal those of batches
// decoded with every string, over files and streams, and such rows must come.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findLayout, fromBytes, type Layout } from "../../src/index.ts";
import { streamBatches } from "../../src/read/stream.ts";
import type { RecordBatch } from "../../src/core/recordBatch.ts";
import { ByteWriter, writerText } from "../../src/format/byteWriter.ts";
import { writeJsonLines } from "../../src/format/jsonLines.ts";
import { writeUtmpdump } from "../../src/format/utmpdump.ts";
import { buildFile, type RecordValues } from "../support/fixtureBuilder.ts";

// times the core writes, and some it leaves: past 2^40 seconds (JSON), past what gmtime converts (utmpdump skips them)
const SECONDS = [1_700_000_000, 0, -1, 2 ** 41, 2 ** 53 + 2, -(2 ** 60), 253_402_300_800, 1_699_999_999];
const SESSIONS = [0, 7, 2 ** 53 + 2];

function records(count: number): RecordValues[] {
  const out: RecordValues[] = [];
  for (let k = 0; k < count; k++) {
    out.push({
      type: 7, pid: k, seconds: SECONDS[k % SECONDS.length]!, microseconds: (k * 7919) % 1_000_000, session: SESSIONS[k % SESSIONS.length]!,
      user: k % 5 === 0 ? "jürgen" : `user${k % 97}`, line: `pts/${k % 13}`, id: Uint8Array.of(0x73, 0x2f, 0x30 + (k % 10)),
      host: k % 7 === 0 ? Uint8Array.of(0x61, 0xff, 0x5b, 0x22, 0x0a) : `h${k}.example.org`, addr: k % 3 ? `10.0.${k % 256}.${(k * 3) % 256}` : "2001:db8::1",
    });
  }
  return out;
}

const FORMATS = { dump: (w: ByteWriter, b: RecordBatch) => writeUtmpdump(w, b), json: writeJsonLines };

/** The bytes of every batch's text (one char a byte), each written before the next is asked for (as utmpx dump does). */
async function written(batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>, format: keyof typeof FORMATS, later: { batches: number }): Promise<string> {
  const w = new ByteWriter();
  for await (const batch of batches) {
    if (batch.stringsLater) later.batches++;
    FORMATS[format](w, batch);
  }
  return writerText(w);
}

describe("dump and json of batches read without strings equal those of batches with them", () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), "utmpx-strings-later-")); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const id of ["linux400-le", "linux384-le", "linux392-be"]) {
    for (const format of ["dump", "json"] as const) {
      it(`${id}, ${format}`, async () => {
        const layout: Layout = findLayout(id)!;
        const bytes = buildFile(layout, records(layout.fields.seconds!.kind === "i64" ? 9000 : 3000).map((r) =>
          layout.fields.seconds!.kind === "i64" ? r : { ...r, seconds: r.seconds! % 2 ** 31, session: 3 }));
        const path = join(dir, `${id}-${format}`);
        writeFileSync(path, bytes);
        const want = await written(fromBytes(bytes, { layout }).batches(), format, { batches: 0 });
        expect(want).toContain(format === "dump" ? "[h8.example.org" : '"host":"h8.example.org"');
        for (const source of [path, [bytes.subarray(0, 100_000), bytes.subarray(100_000)]]) {
          const later = { batches: 0 };
          const got = await written(streamBatches(source, { layout, transient: true }, "none"), format, later);
          expect(later.batches).toBeGreaterThan(0);
          expect(got).toBe(want);
        }
      });
    }
  }

  it("rows the core leaves to the JavaScript writer come, with their strings", async () => {
    const layout = findLayout("linux400-le")!;
    const bytes = buildFile(layout, records(40));
    const text = await written(streamBatches([bytes], { layout, transient: true }, "none"), "json", { batches: 0 });
    const lines = new TextDecoder().decode(Uint8Array.from(text, (c) => c.charCodeAt(0))).trimEnd().split("\n");
    // 2^53 + 2 seconds: beyond the core's arithmetic, written by JavaScript
    const far = lines.filter((l) => JSON.parse(l).seconds === 2 ** 53 + 2);
    expect(far.length).toBeGreaterThan(2);
    for (const l of far) expect(JSON.parse(l).line).toMatch(/^pts\/\d+$/);
    expect(lines.map((l) => JSON.parse(l).user)).toContain("jürgen");
  });
});
