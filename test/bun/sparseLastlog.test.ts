// Bun (bun:ffi): a sparse lastlog of 1.25 TB apparent size (a login by uid
// 4294967294, as nfsnobody gives on real systems) is read by its data only,
// through lseek(SEEK_DATA), in well under a second.
import { expect, test } from "bun:test";
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openLastlog } from "../../src/index.ts";

test("a sparse 1.25 TB lastlog is read by its data only", () => {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-sparse-"));
  const path = join(dir, "lastlog");
  const size = 292;
  const fd = openSync(path, "w");
  ftruncateSync(fd, 4294967295 * size);
  const logins: [number, number, string][] = [[0, 1700000000, "pts/0"], [1000, 1700000100, "tty1"], [4294967294, 1700000200, "pts/9"]];
  for (const [uid, seconds, line] of logins) {
    const record = new Uint8Array(size);
    new DataView(record.buffer).setUint32(0, seconds, true);
    record.set(new TextEncoder().encode(line), 4);
    writeSync(fd, record, 0, size, uid * size);
  }
  closeSync(fd);
  try {
    const started = performance.now();
    const db = openLastlog(path);
    expect(db.layout.id).toBe("lastlog292-le");
    expect([...db].map((e) => [e.uid, e.seconds, e.line])).toEqual(logins);
    expect(db.get(4294967294)?.line).toBe("pts/9");
    expect(db.get(5)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(5000);
  } finally {
    rmSync(dir, { recursive: true });
  }
});
