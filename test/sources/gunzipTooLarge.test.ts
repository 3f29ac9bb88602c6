// Gzip input past the 1 GiB held whole is refused with advice that follows
// what it holds: records are streamed (stream(), utmpx dump), but a SQLite
// database is read by page number and gathered whole by every reader, so it
// is read within bounds only as a file. open() and fromBytes() of a gzipped
// database said "read it with stream()", which refuses it too.
import { describe, expect, it } from "vitest";
import { databaseTooLarge, gunzipTooLarge } from "../../src/sources/gunzipTooLarge.ts";
import { cliMessage } from "../../src/cli/errorText.ts";

const SQLITE_HEAD = new TextEncoder().encode("SQLite format 3\0");
const RECORDS_HEAD = new Uint8Array(16).fill(7);

describe("gunzipTooLarge", () => {
  it("a database opened by path: gunzip -k it, and read the file page by page", () => {
    const err = gunzipTooLarge("/var/log/wtmp.db.1.gz", SQLITE_HEAD, "/var/log/wtmp.db.1.gz");
    expect(err.code).toBe("UNSUPPORTED");
    expect(err.message).toBe("utmpx: /var/log/wtmp.db.1.gz is a gzip-compressed SQLite database of more than 1073741824 bytes decompressed: " +
      "too large to gather into memory, as a database read from an archive is; decompress it first (gunzip -k /var/log/wtmp.db.1.gz) and read the file it gives, which is read page by page");
  });

  it("a database given as bytes: decompress it to a file, and open that", () => {
    const err = gunzipTooLarge("<5857062 bytes>", SQLITE_HEAD);
    expect(err.message).toContain("as a database read from an archive is; decompress it to a file first and open that by its path");
    expect(err.message).not.toMatch(/stream\(\)/);
  });

  it("records: read them with stream()", () => {
    const err = gunzipTooLarge("wtmp.1.gz", RECORDS_HEAD, "wtmp.1.gz");
    expect(err.message).toBe("utmpx: wtmp.1.gz is gzip-compressed and decompresses to more than 1073741824 bytes: read it with stream(), which holds one window at a time");
  });

  it("a head too short to tell is records' (the magic is 16 bytes)", () => {
    expect(gunzipTooLarge("x.gz", SQLITE_HEAD.subarray(0, 15)).message).toMatch(/read it with stream\(\)/);
  });
});

// audit reads a database file page by page too, but keeps every row: the advice says so
describe("databaseTooLarge for audit", () => {
  it("by path: gunzip -k it and audit the file, whose rows are kept in memory", () => {
    const err = databaseTooLarge({ name: "wtmp.db.1.gz", path: "/var/log/wtmp.db.1.gz", compressed: true }, "audit");
    expect(err.code).toBe("UNSUPPORTED");
    expect(err.message).toMatch(/; decompress it first \(gunzip -k \/var\/log\/wtmp.db.1.gz\) and audit the file it gives, which audit reads page by page, keeping its rows in memory \(a few hundred bytes each\)$/);
  });

  it("a Blob or bytes: decompress it to a file and audit that", () => {
    const err = databaseTooLarge({ name: "wtmp.db.1.gz", path: undefined, compressed: true }, "audit");
    expect(err.message).toMatch(/; decompress it to a file first and audit that by its path, which audit reads page by page, keeping its rows in memory \(a few hundred bytes each\)$/);
  });
});

describe("the CLI's words for records past the bound", () => {
  const records = gunzipTooLarge("wtmp.1.gz", RECORDS_HEAD, "wtmp.1.gz");

  it("who is told of dump, json and last, which read what it reads", () => {
    expect(cliMessage(records, "who")).toMatch(/: decompress it first, or read it with utmpx dump, json or last$/);
  });

  it("lastlog (and any other) is told of dump and json only: last reads no lastlog", () => {
    for (const command of ["lastlog", "convert", "anonymize", undefined]) {
      expect(cliMessage(records, command)).toMatch(/: decompress it first, or read it with utmpx dump or json$/);
    }
  });

  it("a database's advice is left as it is", () => {
    const db = gunzipTooLarge("wtmp.db.gz", SQLITE_HEAD, "wtmp.db.gz");
    expect(cliMessage(db, "last")).toBe(db.message);
  });
});
