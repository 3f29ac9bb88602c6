// `utmpx last` on a .gz takes bounded memory, whatever the archive's size: its
// decompressed bytes go to a temporary file past 16 MiB and are read from the
// end, as a plain file is. Kept as decoded batches instead (as before, and still
// where no temporary file can be made), 400,000 records took about 175 MiB
// against 102 MiB (the plain file: 68), and 10,000,000 took 1.36 GB against
// 144 MB. Measured in child processes, each its own peak RSS (VmHWM).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { findLayout } from "../../src/index.ts";
import { cliChild } from "../support/childNode.ts";
import { buildRecord } from "../support/fixtureBuilder.ts";
import { REPO } from "../support/paths.ts";

const layout = findLayout("linux384-le")!;
const RECORDS = 400_000;
const BOUND = 140 * 2 ** 20;

/** Logins and logouts on 2,000 lines from 50,000 hosts and addresses, a boot now and then. */
function history(count: number): Uint8Array {
  const bytes = new Uint8Array(count * layout.recordSize);
  for (let k = 0, t = 1_700_000_000; k < count; k++, t += 1 + (k % 7)) {
    const line = `pts/${(k * 31) % 2000}`;
    const v = k % 20_000 === 0 ? { type: 2, user: "reboot", line: "~", host: "6.1.0" }
      : k % 2 === 1 ? { type: 8, line }
        : { type: 7, user: `user${k % 97}`, line, host: `h${k % 50_000}.example`, addr: `10.${k % 7}.${k % 251}.${k % 13}` };
    bytes.set(buildRecord(layout, { ...v, pid: 100 + (k % 30_000), seconds: t, microseconds: k % 1_000_000 }), k * layout.recordSize);
  }
  return bytes;
}

describe.skipIf(!existsSync(join(REPO, "dist", "cli", "main.js")) || !existsSync("/proc/self/status"))("utmpx last on a large .gz", () => {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-spool-memory-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`lists ${RECORDS.toLocaleString("en")} records (154 MB decompressed) under ${BOUND / 2 ** 20} MiB, as the plain file lists them`, () => {
    const plain = join(dir, "wtmp"), gz = join(dir, "wtmp.1.gz");
    const bytes = history(RECORDS);
    writeFileSync(plain, bytes);
    writeFileSync(gz, gzipSync(bytes, { level: 1 }));
    const spooled = cliChild(["last", "-F", "-w", "-x", "-i", "-f", gz], { TZ: "UTC" });
    expect(spooled.status, spooled.stderr).toBe(0);
    expect(spooled.peak).toBeLessThan(BOUND);
    const reference = cliChild(["last", "-F", "-w", "-x", "-i", "-f", plain], { TZ: "UTC" });
    expect(spooled.stdout).toBe(reference.stdout.replace("\nwtmp begins", "\nwtmp.1.gz begins"));
    expect(spooled.stdout.split("\n").length).toBeGreaterThan(RECORDS / 2);
    // the batches kept, where no temporary file can be made: the same rows, the memory this test guards against
    const kept = cliChild(["last", "-F", "-w", "-x", "-i", "-f", gz], { TZ: "UTC", TMPDIR: join(dir, "no such folder") });
    expect(kept.stdout).toBe(spooled.stdout);
    expect(kept.peak).toBeGreaterThan(BOUND);
  }, 120_000);
});
