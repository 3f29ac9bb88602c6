// A database read a second time into the size its first read counted
// (gatherSqlite's sources read twice, audit's GzipArchive): more or fewer bytes
// the second time is a source that changed between its reads, refused with an
// IO error naming it; the same bytes come back whole.
import { describe, expect, it } from "vitest";
import { CountedBytes } from "../../src/read/gatherSqlite.ts";
import { UtmpError } from "../../src/util/errors.ts";

const from = { name: "wtmp.db.gz", path: "/var/log/wtmp.db.gz" };
const changed = /^utmpx: wtmp\.db\.gz changed while it was read: its database is not read from two different states of it$/;

describe("CountedBytes", () => {
  it("gives back the bytes put, in order, when they are the size counted", () => {
    const bytes = new CountedBytes(5, from);
    bytes.put(Uint8Array.of(1, 2));
    bytes.put(Uint8Array.of(3, 4, 5));
    expect(bytes.whole()).toStrictEqual(Uint8Array.of(1, 2, 3, 4, 5));
  });

  it("refuses a chunk past the size counted, as a change, with the path", () => {
    const bytes = new CountedBytes(3, from);
    bytes.put(Uint8Array.of(1, 2));
    let err: unknown;
    try {
      bytes.put(Uint8Array.of(3, 4));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UtmpError);
    expect((err as UtmpError).code).toBe("IO");
    expect((err as UtmpError).path).toBe(from.path);
    expect((err as Error).message).toMatch(changed);
  });

  it("refuses fewer bytes than counted", () => {
    const bytes = new CountedBytes(3, from);
    bytes.put(Uint8Array.of(1, 2));
    expect(() => bytes.whole()).toThrow(changed);
  });
});
