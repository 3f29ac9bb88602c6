// Deno with --allow-ffi: a sparse lastlog of 1.25 TB apparent size (a login by
// uid 4294967294, as nfsnobody gives on real systems) is read by its data only,
// through lseek(SEEK_DATA), in well under a second.
import assert from "node:assert/strict";
import { openLastlog } from "../../src/index.ts";

Deno.test("a sparse 1.25 TB lastlog is read by its data only", () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/lastlog`;
  const size = 292;
  const file = Deno.openSync(path, { write: true, create: true });
  file.truncateSync(4294967295 * size);
  const logins: [number, number, string][] = [[0, 1700000000, "pts/0"], [1000, 1700000100, "tty1"], [4294967294, 1700000200, "pts/9"]];
  for (const [uid, seconds, line] of logins) {
    const record = new Uint8Array(size);
    new DataView(record.buffer).setUint32(0, seconds, true);
    record.set(new TextEncoder().encode(line), 4);
    file.seekSync(uid * size, Deno.SeekMode.Start);
    file.writeSync(record);
  }
  file.close();
  try {
    const started = performance.now();
    const db = openLastlog(path);
    assert.equal(db.layout.id, "lastlog292-le");
    assert.deepEqual([...db].map((e) => [e.uid, e.seconds, e.line]), logins);
    assert.equal(db.get(4294967294)?.line, "pts/9");
    assert.equal(db.get(5), undefined); // never logged in
    assert.ok(performance.now() - started < 5000, `took ${performance.now() - started} ms: the holes were read`);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
