// Deno: anonymize() makes the same bytes as in Node (WebCrypto here too), from
// bytes and from a file's ReadableStream; and `utmpx anonymize` copies a sparse
// 1.25 TB lastlog by its data only (lseek(SEEK_DATA) through --allow-ffi),
// leaving the copy as sparse as the original.
// Run: npx deno test --allow-read --allow-write --allow-env --allow-ffi --allow-run test/deno/anonymize.test.ts
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { lastlogFromBytes } from "../../src/index.ts";
import { anonymize, anonymizeStream } from "../../src/write/anonymize.ts";
import { anonymizeCommand, ANONYMIZE_OPTIONS } from "../../src/cli/anonymize.ts";
import { parseArgs } from "../../src/cli/args.ts";
import { sha256 } from "../support/fixtures-shared.ts";
import { sinkContext } from "../support/outputSink.ts";
import { KNOWN_ANSWERS, KNOWN_KEY } from "../write/anonymizeKnownAnswers.ts";

const fixturePath = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

for (const [fixture, digest] of KNOWN_ANSWERS) {
  Deno.test(`${fixture}: the copy Node makes, from bytes and from a stream`, async () => {
    const bytes = Deno.readFileSync(fixturePath(fixture));
    assert.equal(await sha256(await anonymize(bytes, { key: KNOWN_KEY })), digest);
    const file = await Deno.open(fixturePath(fixture));
    const parts: Uint8Array[] = [];
    for await (const part of anonymizeStream(file.readable, { key: KNOWN_KEY })) parts.push(part);
    const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (joined.set(p, at), at + p.length), 0);
    assert.equal(await sha256(joined), digest);
  });
}

Deno.test("utmpx anonymize copies a sparse 1.25 TB lastlog by its data, and the copy stays sparse", async () => {
  const dir = Deno.makeTempDirSync();
  const input = `${dir}/lastlog`, output = `${dir}/anonymized`;
  const size = 292;
  const file = Deno.openSync(input, { write: true, create: true });
  file.truncateSync(4294967295 * size);
  const logins: [number, string, string][] = [[1000, "tty1", "203.0.113.5"], [4294967294, "pts/9", "vpn.example.net"]];
  for (const [uid, line, host] of logins) {
    const record = new Uint8Array(size);
    new DataView(record.buffer).setUint32(0, 1_700_000_000 + uid % 1000, true);
    record.set(new TextEncoder().encode(line), 4);
    record.set(new TextEncoder().encode(host), 36);
    file.seekSync(uid * size, Deno.SeekMode.Start);
    file.writeSync(record);
  }
  file.close();
  try {
    const started = performance.now();
    const { ctx } = sinkContext();
    const status = await anonymizeCommand(parseArgs(["--key", KNOWN_KEY, "-o", output, input], ANONYMIZE_OPTIONS), ctx);
    assert.equal(status, 0);
    assert.ok(performance.now() - started < 20_000, `took ${performance.now() - started} ms: the holes were read`);
    const stat = Deno.statSync(output);
    assert.equal(stat.size, 4294967295 * size);
    assert.ok((stat.blocks ?? 0) * 512 < 16 << 20, `${stat.blocks} blocks: the copy is not sparse`);
    // each login's slot: same time and line, host replaced (an address by an address)
    const copy = Deno.openSync(output);
    for (const [uid, line, host] of logins) {
      const slot = new Uint8Array(size);
      copy.seekSync(uid * size, Deno.SeekMode.Start);
      copy.readSync(slot);
      const entry = lastlogFromBytes(slot, { layout: "lastlog292-le" }).get(0)!;
      assert.equal(entry.seconds, 1_700_000_000 + uid % 1000);
      assert.equal(entry.line, line);
      assert.notEqual(entry.host, host);
      assert.match(entry.host!, host === "203.0.113.5" ? /^\d+\.\d+\.\d+\.\d+$/ : /^h[a-z2-7]{15}\.invalid$/);
    }
    copy.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
