// What encode() refuses in the entries it is given, and that an append of such
// entries leaves the file byte for byte as it was: a value of the wrong type is
// never written as something else, nor lets the record's other fields shift.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { encode, fromBytes, open, UtmpError } from "../../src/index.ts";

const tmp = mkdtempSync(join(tmpdir(), "utmpx-encode-refusals-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const login = { type: "USER_PROCESS" as const, user: "alice", line: "pts/1", id: "ts/1", host: "h", pid: 42, seconds: 1_700_000_000 };

/** A wtmp of one record, and a check that `write` throws `error` and leaves that file's bytes unchanged. */
function refusedAppend(write: (path: string) => unknown, error: RegExp | (new (...args: never[]) => Error)): void {
  const path = join(tmp, `wtmp-${n++}`);
  writeFileSync(path, encode([login], "linux384-le"));
  const before = readFileSync(path);
  expect(() => write(path)).toThrow(error);
  expect(readFileSync(path)).toStrictEqual(before);
}

describe("entries that are not a collection of entries", () => {
  it("a string, a number or null where entries are expected is a TypeError naming entries", () => {
    for (const entries of ["alice", 7, null, undefined]) {
      expect(() => encode(entries as never, "linux384-le")).toThrow(TypeError);
      expect(() => encode(entries as never, "linux384-le")).toThrow(/entries must be an iterable of entries/);
    }
    expect(() => encode(["alice"] as never, "linux384-le")).toThrow(/entries\[0\] is the string "alice", not an entry/);
    expect(() => encode([login, null] as never, "linux384-le")).toThrow(/entries\[1\] is null/);
  });

  it("db.append(\"alice\") appends nothing (it appended five EMPTY records, one a character)", () => {
    refusedAppend((path) => open(path).append("alice" as never), /entries must be an iterable of entries .*not the string "alice"/);
    refusedAppend((path) => open(path).append([login, 5] as never), /entries\[1\] is the number 5/);
  });
});

describe("a string field holding something else than a string or bytes", () => {
  const codeOf = (f: () => unknown) => {
    try {
      f();
    } catch (err) {
      return err instanceof UtmpError ? `${err.code}: ${err.message}` : String(err);
    }
    return "no error";
  };

  it("is refused with BAD_INPUT naming the entry and the field (it shifted the other fields: line pts/1 read hts/1)", () => {
    expect(codeOf(() => encode([login, { ...login, user: 1234 }] as never, "linux384-le"))).toMatch(/^BAD_INPUT: utmpx: entry 1: user is the number 1234, not a string or bytes/);
    expect(codeOf(() => encode([{ ...login, user: {} }] as never, "linux384-le"))).toMatch(/^BAD_INPUT: utmpx: entry 0: user is an object/);
    expect(codeOf(() => encode([{ ...login, line: 7, host: "example.org" }] as never, "linux384-le"))).toMatch(/^BAD_INPUT: .*entry 0: line is the number 7/);
    expect(codeOf(() => encode([{ ...login, id: ["ts/1"] }] as never, "utxlog"))).toMatch(/^BAD_INPUT: .*entry 0: id is an array/);
    expect(codeOf(() => encode([{ ...login, host: true }] as never, "linux400-be"))).toMatch(/^BAD_INPUT: .*entry 0: host is the boolean true/);
  });

  it("undefined and null are a missing field, written empty, the other fields intact", () => {
    for (const missing of [undefined, null]) {
      const e = fromBytes(encode([{ ...login, user: missing, host: missing } as never], "linux384-le"), { layout: "linux384-le" }).at(0)!;
      expect([e.user, e.line, e.id, e.host, e.pid]).toStrictEqual(["", "pts/1", "ts/1", "", 42]);
    }
  });

  it("append refuses it and leaves the file as it was", () => {
    refusedAppend((path) => open(path).append([login, { ...login, user: 1234 }] as never), /entry 1: user is the number 1234/);
    refusedAppend((path) => open(path).put({ ...login, line: 7 } as never), /entry 0: line is the number 7/);
  });
});

describe("strings longer than their field, of any length", () => {
  const rawUser = (user: string) => fromBytes(encode([{ ...login, user }], "linux384-le"), { layout: "linux384-le" }).at(0)!.raw.user;
  const head = (text: string, width: number) => new TextEncoder().encode(text).subarray(0, width);

  it("are cut to the field, not refused with an internal RangeError (a 5 MB user overflowed the core's string region)", () => {
    expect(rawUser("y".repeat(5e6))).toStrictEqual(head("y".repeat(32), 32));
    const e = fromBytes(encode([{ ...login, host: "h".repeat(3e7), line: "l".repeat(3e6) }], "linux384-le"), { layout: "linux384-le" }).at(0)!;
    expect([e.user, e.line, e.host]).toStrictEqual(["alice", "l".repeat(32), "h".repeat(256)]);
    const bytes = new Uint8Array(6e6).fill(0x41);
    expect(rawUser(bytes as never)).toStrictEqual(bytes.subarray(0, 32));
  });

  it("keep the same first bytes as the whole string's UTF-8, a character split by the cut included", () => {
    for (const text of ["a".repeat(31) + "😀", "a".repeat(30) + "😀b", "a".repeat(31) + "é", "é".repeat(40), "😀".repeat(1e6), "a".repeat(32) + "\uD83D"]) {
      expect(rawUser(text), JSON.stringify(text.slice(28, 34))).toStrictEqual(head(text, 32));
    }
  });
});

describe("address text that is no address", () => {
  const addrOf = (addr: unknown) => fromBytes(encode([{ ...login, addr } as never], "linux384-le"), { layout: "linux384-le" }).at(0)!.addr;

  it("is refused with OUT_OF_RANGE naming the entry and the text (it was written as 0.0.0.0)", () => {
    for (const addr of ["not an ip", "300.1.1.1", "1.2.3", " 1.2.3.4", "1.2.3.4 ", "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "::g"]) {
      let error: unknown;
      try {
        encode([login, { ...login, addr }], "linux384-le");
      } catch (err) {
        error = err;
      }
      expect((error as UtmpError).code, addr).toBe("OUT_OF_RANGE");
      expect((error as UtmpError).message).toContain(`entry 1: addr ${JSON.stringify(addr)} is not an IPv4 or IPv6 address`);
    }
    expect(() => encode([{ ...login, addr: 5 } as never], "linux384-le")).toThrow(/entry 0: addr is the number 5, not address text/);
  });

  it("while addresses, and a missing one, are written as before", () => {
    expect([addrOf("192.0.2.7"), addrOf("2001:db8::7"), addrOf("::ffff:192.0.2.1"), addrOf("0.0.0.0")]).toStrictEqual(["192.0.2.7", "2001:db8::7", "::ffff:192.0.2.1", "0.0.0.0"]);
    expect([addrOf(undefined), addrOf(null), addrOf("")]).toStrictEqual(["0.0.0.0", "0.0.0.0", "0.0.0.0"]);
  });

  it("append refuses it and leaves the file as it was", () => {
    refusedAppend((path) => open(path).append({ ...login, addr: "300.1.1.1" }), /entry 0: addr "300\.1\.1\.1"/);
  });
});

// "seconds 1700000000 ... does not fit layout linux384-le (u32: 0 to 4294967295)": it fits; it is a string.
describe("a number field holding something else than a number", () => {
  it.each([["seconds", "1700000000", 'the string "1700000000"'], ["pid", "12", 'the string "12"'], ["session", 5n, "the bigint 5"]])(
    "%s: %o is BAD_INPUT saying it is no number", (field, value, kind) => {
      const entry = { type: "USER_PROCESS", user: "u", line: "pts/1", seconds: 1_700_000_000, [field]: value };
      const error = (() => { try { encode([entry as never], "linux400-le"); } catch (err) { return err; } })();
      expect(error).toMatchObject({ code: "BAD_INPUT", message: `utmpx: entry 0: ${field} is ${kind}, not a number` });
    });
});
