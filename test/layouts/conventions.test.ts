// Canonical types that come from a record's strings (FORMATS.md §5.1): classic
// BSD wtmp has no type field, and NetBSD's utmpx writes its reboot and shutdown
// records as INIT_PROCESS on line "~".
import { describe, expect, it } from "vitest";
import { open } from "../../src/index.ts";
import { bsdRecordType, namedEventType } from "../../src/layouts/conventions.ts";
import { join } from "node:path";
import { FIXTURES } from "../support/paths.ts";

describe("named events", () => {
  it.each([
    ["reboot", "~", "BOOT_TIME"], ["shutdown", "~", "SHUTDOWN_TIME"], ["date", "|", "OLD_TIME"],
    ["date", "{", "NEW_TIME"], ["date", "}", "NEW_TIME"], ["reboot", "tty1", undefined], ["root", "~", undefined],
  ])("user %j on line %j is %s", (user, line, type) => expect(namedEventType(user, line)).toBe(type));

  it.each([
    ["", "ttyp0", false, "DEAD_PROCESS"], ["alice", "ttyp0", false, "USER_PROCESS"], ["", "", false, "EMPTY"],
    ["", "", true, "EMPTY"], ["reboot", "~", false, "BOOT_TIME"],
  ])("classic BSD record user %j line %j (zeroed %j) is %s", (user, line, zeroed, type) =>
    expect(bsdRecordType(user, line, zeroed)).toBe(type));
});

describe("NetBSD 9.3 wtmpx: reboot and shutdown are INIT_PROCESS records on line ~", () => {
  const db = open(join(FIXTURES, "s4", "NetBSD9.3", "x86_64", "wtmpx"));
  const entries = [...db];

  it("reads them as SHUTDOWN_TIME and BOOT_TIME, keeping the stored number", () => {
    expect(entries.map((e) => [e.type, e.rawType, e.user, e.line]).slice(0, 6)).toEqual([
      ["SHUTDOWN_TIME", 5, "shutdown", "~"],
      ["DEAD_PROCESS", 8, "", "ttyE3"], ["DEAD_PROCESS", 8, "", "ttyE2"], ["DEAD_PROCESS", 8, "", "ttyE1"],
      ["DEAD_PROCESS", 8, "", "constty"],
      ["BOOT_TIME", 5, "reboot", "~"],
    ]);
  });

  it("filters and counts them by that type", () => {
    expect([...db.filter({ type: "BOOT_TIME" })].map((e) => e.offset)).toEqual([5 * 520]);
    expect(db.count({ type: ["BOOT_TIME", "SHUTDOWN_TIME"] })).toBe(2);
  });
});
