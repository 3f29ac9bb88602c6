// Decompressing a large archive from a file waits on zlib's back-pressure once
// per compressed chunk (4 MiB). Each wait left a "close" listener behind, and
// past ten Node printed a MaxListenersExceededWarning on stderr, in the middle
// of `utmpx last -f wtmp.1.gz`'s output (a 100 MB archive showed it).
import { randomFillSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { expect, it } from "vitest";
import { byteChunks } from "../../src/sources/streamSources.ts";

it("a 48 MiB archive of 12 compressed chunks decompresses without a warning, every byte", async () => {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-listeners-"));
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
  process.on("warning", onWarning);
  try {
    const bytes = randomFillSync(new Uint8Array(48 << 20)); // random: the archive is as large
    const path = join(dir, "noise.gz");
    writeFileSync(path, gzipSync(bytes, { level: 1 }));
    const { chunks } = await byteChunks(path);
    let at = 0, same = true;
    for await (const chunk of chunks!) {
      same &&= Buffer.from(chunk).equals(Buffer.from(bytes.subarray(at, at + chunk.length)));
      at += chunk.length;
    }
    expect(at).toBe(bytes.length);
    expect(same).toBe(true);
    await new Promise((r) => setImmediate(r)); // a warning is emitted on the next tick
    expect(warnings).toStrictEqual([]);
  } finally {
    process.off("warning", onWarning);
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
