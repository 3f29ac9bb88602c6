// A layout given for a write, checked against the records already in the file:
// appending 400-byte big-endian records after 384-byte little-endian ones (or
// utx.log entries after either) left the file ending in records no reader
// would read, and anonymize by a wrong layout left the names in its copy. Both
// are refused when detection is sure of another layout that the given one fits
// far worse; a near variant, or a file detection is unsure of, is written.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { anonymize, encode, open, UtmpError } from "../../src/index.ts";
import { errorOf } from "../support/errorOf.ts";
import { expectedLayout, FIXTURES, linuxFixtures, SHARED_CORPUS } from "../support/corpus.ts";

const tmp = mkdtempSync(join(tmpdir(), "utmpx-given-layout-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const login = (user: string, n: number) => ({ type: "USER_PROCESS" as const, user, line: `pts/${n}`, id: `t${n}`, host: "h.example", seconds: 1_700_000_000 + n });
/** 25 glibc x86-64 records: 9,600 bytes, also a whole number of 400-byte ones. */
const wtmp = encode(Array.from({ length: 25 }, (_, i) => login(`user${i}`, i)), "linux384-le");

function file(name: string, bytes: Uint8Array): string {
  const path = join(tmp, name);
  writeFileSync(path, bytes);
  return path;
}

describe("append and put in a layout the file is not in", () => {
  for (const given of ["linux400-be", "linux384-be", "utxlog", "openbsd304-le"]) {
    it(`refuse ${given} on a linux384-le wtmp, leaving it as it was`, () => {
      const path = file(`foreign-${given}`, wtmp);
      for (const write of [(db: ReturnType<typeof open>) => db.append(login("eve", 99)), (db: ReturnType<typeof open>) => db.put(login("eve", 99))]) {
        if (given === "utxlog" && write.toString().includes("put")) continue; // a log has no slots: UNSUPPORTED before
        const error = errorOf(() => write(open(path, { layout: given })));
        expect(error).toBeInstanceOf(UtmpError);
        expect((error as UtmpError).code).toBe("BAD_INPUT");
        expect((error as UtmpError).message).toContain(`its records are linux384-le (confidence 1.00), not the layout given, ${given}`);
        expect(readFileSync(path)).toStrictEqual(Buffer.from(wtmp));
      }
    });
  }

  it("write in the layout given when it is the file's, whichever the fixture", () => {
    const fixtures = [...linuxFixtures(FIXTURES), ...(existsSync(SHARED_CORPUS) ? linuxFixtures(SHARED_CORPUS) : [])];
    expect(fixtures.length).toBeGreaterThan(40);
    for (const fx of fixtures) {
      if (fx.expected.size === 0 || fx.expected.size % expectedLayout(fx.expected).recordSize !== 0) continue;
      const path = join(tmp, "own");
      copyFileSync(fx.path, path);
      const layout = expectedLayout(fx.expected);
      expect(open(path, { layout: layout.id }).append(login("eve", 99)), fx.name).toBe(fx.expected.size);
    }
  });

  it("write where detection is unsure", () => {
    // zeros: no evidence of any layout; noise: none sure
    let seed = 7;
    const noise = Uint8Array.from({ length: 9600 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    for (const [name, bytes] of [["zeros", new Uint8Array(9600)], ["noise", noise]] as const) {
      expect(open(file(name, bytes), { layout: "linux400-be" }).append(login("eve", 1)), name).toBe(9600);
    }
  });
});

describe("anonymize by a layout the file is not in", () => {
  it("is refused, where it would have left the names in the copy", async () => {
    const error = await anonymize(wtmp, { key: "k", layout: "linux400-be" }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(UtmpError);
    expect((error as UtmpError).code).toBe("BAD_INPUT");
    expect((error as UtmpError).message).toContain("anonymizing by it would leave the names where they are");
    // by its own layout the names go
    const copy = await anonymize(wtmp, { key: "k", layout: "linux384-le" });
    expect(Buffer.from(copy).includes("user1")).toBe(false);
  });
});
