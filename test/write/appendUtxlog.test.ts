// Appending to a FreeBSD utx.log that ends inside an entry: its length would
// claim the appended bytes, and the new records would never be read back. Such
// a file is refused as a fixed-size one ending in a partial record is, and with
// padPartial the cut entry is completed with zeros first.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { encode, open, UtmpError } from "../../src/index.ts";

const tmp = mkdtempSync(join(tmpdir(), "utmpx-utxlog-append-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const login = (user: string, n: number) => ({ type: "USER_PROCESS" as const, user, line: `pts/${n}`, id: `t${n}`, host: "h.example", seconds: 1_700_000_000 + n, microseconds: 0 });
const three = encode([login("alice", 1), login("bob", 2), login("carol", 3)], "utxlog");
const carolAt = encode([login("alice", 1), login("bob", 2)], "utxlog").length;

function file(name: string, bytes: Uint8Array): string {
  const path = join(tmp, name);
  writeFileSync(path, bytes);
  return path;
}
/** The users read back, and the warnings of that read. */
function read(path: string): { users: (string | undefined)[]; warnings: string[] } {
  const db = open(path, { layout: "utxlog" });
  const users = [...db].map((e) => e.user);
  return { users, warnings: db.warnings.map((w) => w.code) };
}

describe("append to a utx.log", () => {
  it("goes on after whole entries, and after a stepped-over zero byte", () => {
    // the zero byte is stepped over, as FreeBSD's reader does, with a warning
    for (const [name, bytes, warnings] of [["whole", three, []], ["zero-byte", new Uint8Array([...three, 0]), ["RESYNC"]]] as const) {
      const path = file(name, bytes);
      expect(open(path, { layout: "utxlog" }).append(login("dave", 4))).toBe(bytes.length);
      expect(readFileSync(path).subarray(0, bytes.length)).toStrictEqual(Buffer.from(bytes));
      expect(read(path)).toStrictEqual({ users: ["alice", "bob", "carol", "dave"], warnings });
    }
  });

  for (const [what, cut] of [
    ["inside an entry", three.subarray(0, three.length - 10)],
    ["after an entry's length", three.subarray(0, carolAt + 2)],
    ["in a lone high byte of a length", new Uint8Array([...three, 1])],
  ] as const) {
    it(`refuses a file ending ${what}, and completes it when asked`, () => {
      const path = file(`cut-${what}`, cut);
      const error = (() => { try { open(path, { layout: "utxlog" }).append(login("dave", 4)); } catch (err) { return err; } })();
      expect(error).toBeInstanceOf(UtmpError);
      expect((error as UtmpError).code).toBe("PARTIAL_RECORD");
      expect(readFileSync(path)).toStrictEqual(Buffer.from(cut)); // untouched

      const offset = open(path, { layout: "utxlog" }).append(login("dave", 4), { padPartial: true });
      const after = readFileSync(path);
      expect(after.subarray(0, cut.length)).toStrictEqual(Buffer.from(cut));
      expect(after.subarray(cut.length, offset).every((b) => b === 0)).toBe(true);
      const { users, warnings } = read(path);
      expect(users.slice(0, 2)).toStrictEqual(["alice", "bob"]);
      expect(users.at(-1)).toBe("dave");
      expect(warnings).toStrictEqual([]);
    });
  }
});
