// Bad arguments to sessions(), eachSession() and wtmpdbSessions() are refused
// up front, naming them: a null record failed inside the pairer as "reading
// 'seconds'", eachSession(batches, undefined, visit) as "reading 'now'", and a
// wtmpdb row with text for its login as a SyntaxError from BigInt.
import { describe, expect, it } from "vitest";
import { eachSession, encode, fromBytes, sessions, wtmpdbSessions, type WtmpdbRow } from "../../src/index.ts";

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
    // a visit of another kind failed at the first session, as "visit is not a function"
    expect(() => eachSession(batches, {}, 5 as never)).toThrow(new TypeError("utmpx: eachSession(visit) is the number 5, not a function"));
  });
});

describe("wtmpdbSessions() rows", () => {
  const row: WtmpdbRow = { id: 1, type: 3, user: "alice", login: 1_700_000_000_000_000, logout: null, tty: "pts/1", remoteHost: null, service: null };

  it("whose times are no microseconds are TypeErrors naming the row and the field", () => {
    expect(() => wtmpdbSessions([row, { ...row, id: 2, login: "x" as never }])).toThrow(new TypeError('utmpx: wtmpdbSessions() row 1: login is the string "x", not microseconds (a whole number or bigint) or null'));
    expect(() => wtmpdbSessions([{ ...row, logout: 1.5 }])).toThrow(new TypeError("utmpx: wtmpdbSessions() row 0: logout is the number 1.5, not microseconds (a whole number or bigint) or null"));
    expect(() => wtmpdbSessions([null as never])).toThrow(new TypeError("utmpx: wtmpdbSessions() row 0 is null, not a row (openWtmpdb().rows)"));
    expect(wtmpdbSessions([row, { ...row, id: 2, login: 2n ** 60n, logout: 2n ** 60n + 1n }]).map((s) => s.login.seconds)).toEqual([Number(2n ** 60n / 1_000_000n), 1_700_000_000]);
  });
});
