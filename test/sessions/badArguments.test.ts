// Bad arguments to sessions() and eachSession() are refused up front, naming
// them: a null record failed inside the pairer as "reading 'seconds'", and
// eachSession(batches, undefined, visit) as "reading 'now'".
import { describe, expect, it } from "vitest";
import { eachSession, encode, fromBytes, sessions } from "../../src/index.ts";

const bytes = encode([
  { type: "USER_PROCESS", user: "alice", line: "pts/1", id: "ts/1", seconds: 1_700_000_000 },
  { type: "DEAD_PROCESS", line: "pts/1", id: "ts/1", seconds: 1_700_000_060 },
], "linux384-le");

describe("sessions() and eachSession() arguments", () => {
  it("a record that is no object is a TypeError naming its index", () => {
    const [login] = fromBytes(bytes);
    expect(() => sessions([login!, null as never])).toThrow(new TypeError("utmpx: sessions() record 1 is null, not a record (an Entry or an object)"));
    expect(() => sessions(["x" as never])).toThrow(new TypeError('utmpx: sessions() record 0 is the string "x", not a record (an Entry or an object)'));
  });

  it("eachSession() takes undefined options as the defaults, and refuses null", () => {
    const batches = [...fromBytes(bytes).batches()];
    const users: string[] = [];
    expect(eachSession(batches, undefined, (row) => users.push(row.user))).toBe(1);
    expect(users).toEqual(["alice"]);
    expect(() => eachSession(batches, null as never, () => {})).toThrow(new TypeError("utmpx: eachSession() options are null, not an object"));
  });
});
