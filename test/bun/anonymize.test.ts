// Bun: anonymize() makes the same bytes as in Node (WebCrypto here too), from
// bytes and from a Blob's stream (Bun.file), and `utmpx anonymize` writes the
// same copy. Run: npx bun test test/bun/anonymize.test.ts
import { expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { anonymize, anonymizeStream } from "../../src/write/anonymize.ts";
import { anonymizeCommand, ANONYMIZE_OPTIONS } from "../../src/cli/anonymize.ts";
import { parseArgs } from "../../src/cli/args.ts";
import { sha256 } from "../support/fixtures-shared.ts";
import { sinkContext } from "../support/outputSink.ts";
import { KNOWN_ANSWERS, KNOWN_KEY } from "../write/anonymizeKnownAnswers.ts";

const fixturePath = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

for (const [fixture, digest] of KNOWN_ANSWERS) {
  test(`${fixture}: the copy Node makes, from bytes, a Blob and the command`, async () => {
    const bytes = new Uint8Array(readFileSync(fixturePath(fixture)));
    expect(await sha256(await anonymize(bytes, { key: KNOWN_KEY }))).toBe(digest);
    const parts: Uint8Array[] = [];
    for await (const part of anonymizeStream(Bun.file(fixturePath(fixture)), { key: KNOWN_KEY })) parts.push(part);
    expect(await sha256(new Uint8Array(await new Blob(parts).arrayBuffer()))).toBe(digest);
    const dir = mkdtempSync(join(tmpdir(), "utmpx-anonymize-bun-"));
    try {
      const out = join(dir, "copy");
      const { ctx } = sinkContext();
      expect(await anonymizeCommand(parseArgs(["--key", KNOWN_KEY, "-o", out, fixturePath(fixture)], ANONYMIZE_OPTIONS), ctx)).toBe(0);
      expect(await sha256(new Uint8Array(readFileSync(out)))).toBe(digest);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
}
