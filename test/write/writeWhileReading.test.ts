// A database written while it is being iterated: the pass goes on from where it
// was and reads what was appended when it gets there, as a read of a growing
// file would. It once started over after every write, so a loop that appended
// as it read never ended and grew the file without bound.
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { encode, open } from "../../src/index.ts";

const tmp = mkdtempSync(join(tmpdir(), "utmpx-write-reading-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const login = (user: string, n: number, id = `ts/${n}`) => ({ type: "USER_PROCESS" as const, user, line: `pts/${n}`, id, pid: 100 + n, seconds: 1_700_000_000 + n });

/** A wtmp of `n` logins, user0..; in many windows when `n` is large. */
function wtmp(name: string, n: number): string {
  const path = join(tmp, name);
  writeFileSync(path, encode(Array.from({ length: n }, (_, i) => login(`user${i}`, i)), "linux384-le"));
  return path;
}

describe("writing to a database while iterating it", () => {
  for (const [what, write] of [
    // ids of their own (z0..): put() takes the slot of a record with the same id
    ["append", (db: ReturnType<typeof open>, i: number, k: number) => db.append(login(`audit${i}`, 9000 + i, `z${k}`))],
    ["put", (db: ReturnType<typeof open>, i: number, k: number) => db.put(login(`audit${i}`, 9000 + i, `z${k}`))],
  ] as const) {
    it(`${what}: the pass goes on where it was and reaches the new records at the end`, () => {
      const n = 10_000; // several windows: the pass is mid-file when it writes
      const db = open(wtmp(`${what}-many`, n));
      const users: string[] = [];
      let writes = 0;
      for (const e of db) {
        users.push(e.user!);
        if (users.length > n + 3 || (users.length > 1 && e.user === "user0")) break; // the defect: a pass that started over after each write
        // the first record, one mid-file, and the last: its window read, the pass had seen the end
        if (e.user === "user0" || e.user === `user${n - 1}` || e.user === "user5000") write(db, users.length, writes++);
      }
      const expected = [...Array.from({ length: n }, (_, i) => `user${i}`), "audit1", "audit5001", `audit${n}`];
      expect(users).toStrictEqual(expected);
      expect(statSync(db.path!).size).toBe((n + 3) * 384);
    });
  }

  it("appendAsync: the same", async () => {
    const db = open(wtmp("async", 5));
    const users: string[] = [];
    for (const e of db) {
      users.push(e.user!);
      if (users.length > 10 || (users.length > 1 && e.user === "user0")) break;
      if (e.user!.startsWith("user")) await db.appendAsync(login(`audit-${e.user}`, 50));
    }
    expect(users).toStrictEqual(["user0", "user1", "user2", "user3", "user4", "audit-user0", "audit-user1", "audit-user2", "audit-user3", "audit-user4"]);
  });

  it("a pass that has ended stays ended; a new one reads from the first record", () => {
    const db = open(wtmp("again", 3));
    expect(db.next().value!.user).toBe("user0");
    db.append(login("late", 7));
    expect(db.next().value!.user).toBe("user1"); // the pass goes on
    expect([...db].map((e) => e.user)).toStrictEqual(["user0", "user1", "user2", "late"]);
    expect(db.next().done).toBe(true);
    db.append(login("later", 8));
    expect(db.next().done).toBe(true);
  });

  it("a file that was empty is judged from what was written to it", () => {
    const path = join(tmp, "empty");
    writeFileSync(path, new Uint8Array(0));
    const db = open(path);
    expect([...db]).toStrictEqual([]);
    db.append(login("first", 1));
    expect(db.layout.recordSize).toBe(statSync(path).size);
    expect([...db].map((e) => e.user)).toStrictEqual(["first"]);
  });
});
