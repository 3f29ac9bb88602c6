// openWtmpdbColumns reads a database's pages as it walks them, so a database
// written meanwhile (sshd logging someone in) could give rows of two states of
// the file. The source's size and change counter are compared before and
// after; when they moved, the database is read again whole. These sources
// change under the reader at chosen moments.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sourceColumns } from "../../src/read/wtmpdbSource.ts";
import { WtmpdbColumns } from "../../src/sqlite/wtmpdbColumns.ts";
import type { ByteSource } from "../../src/sources/sources.ts";
import { FIXTURES } from "../support/paths.ts";

const db = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, "wtmpdb", "db", `${name}.db`)));

/** A source that serves `first`, then `second` from its `after`-th read on; it counts whole-file reads. */
function changing(first: Uint8Array, second: Uint8Array, after: number) {
  let reads = 0;
  const wholeReads: number[] = [];
  const now = () => (reads >= after ? second : first);
  const source: ByteSource = {
    name: "wtmp.db", path: undefined,
    size: () => now().length,
    readInto(offset, target) {
      const bytes = now();
      reads++;
      if (offset === 0 && target.length >= bytes.length) wholeReads.push(bytes.length);
      const got = bytes.subarray(offset, offset + target.length);
      target.set(got);
      return got.length;
    },
  };
  return { source, wholeReads, get reads() { return reads; } };
}

const rows = (c: WtmpdbColumns) => c.rows();

describe("a wtmpdb written while its columns are read", () => {
  const volume = db("volume"), normal = db("normal"), glibc = db("glibc");
  const alone = (bytes: Uint8Array) => rows(sourceColumns(changing(bytes, bytes, Infinity).source, undefined).columns);

  it("reads an unchanged database in blocks, never whole", () => {
    const s = changing(volume, volume, Infinity);
    const { columns } = sourceColumns(s.source, undefined);
    expect(columns.count).toBe(2434);
    expect(s.wholeReads).toEqual([]);
    // 64 KiB blocks, the header and the two stamps
    expect(s.reads).toBeLessThanOrEqual(Math.ceil(volume.length / 65536) + 8);
  });

  it("reads it again whole when it changed during the walk, keeping the rows it was given before", () => {
    // the first database's pages for a read or two, then the other one's: a torn walk
    const probe = changing(volume, volume, Infinity);
    sourceColumns(probe.source, undefined);
    for (let after = 2; after < probe.reads; after++) {
      const s = changing(volume, normal, after);
      const into = new WtmpdbColumns();
      sourceColumns(changing(glibc, glibc, Infinity).source, undefined, into);
      const before = rows(into);
      const { columns } = sourceColumns(s.source, undefined, into);
      expect(s.wholeReads, `after ${after}`).toEqual([normal.length]);
      expect(rows(columns), `after ${after}`).toEqual([...before, ...alone(normal)]);
    }
  });

  it("reads it again whole when only its change counter moved (a write that kept its size)", () => {
    const bumped = volume.slice();
    bumped[27] = (bumped[27]! + 1) & 0xff;
    // changes after the walk, before the second stamp
    const probe = changing(volume, volume, Infinity);
    sourceColumns(probe.source, undefined);
    const s = changing(volume, bumped, probe.reads - 1);
    const { columns } = sourceColumns(s.source, undefined);
    expect(s.wholeReads).toEqual([bumped.length]);
    expect(rows(columns)).toEqual(alone(volume));
  });
});
