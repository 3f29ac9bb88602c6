// A Session's toJSON(): a plain object whose address is the text of its login
// record's address (as Entry.addr gives it, decoded by the core), not the 16
// bytes a Uint8Array stringifies as {"0":…}; for wtmpdb rows, the RemoteHost
// that is an address.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { open, openWtmpdb, sessions, wtmpdbSessions } from "../../src/index.ts";
import { FIXTURES } from "../support/paths.ts";

describe("Session toJSON", () => {
  it("gives each row's address as its login record's address text", () => {
    const entries = [...open(join(FIXTURES, "generated-glibc-x86_64", "wtmp"))];
    const rows = sessions(entries, { now: 1_900_000_000 }).filter((r) => r.kind === "session");
    expect(rows.length).toBeGreaterThan(5);
    const texts = new Set<string>();
    for (const r of rows) {
      const json = JSON.parse(JSON.stringify(r));
      const login = entries[r.evidence.open.index]!;
      expect(json.addr).toBe(login.addr);
      expect([json.user, json.line, json.status, json.login.seconds]).toEqual([r.user, r.line, r.status, r.login.seconds]);
      texts.add(json.addr);
    }
    expect([...texts].some((t) => t.includes(":"))).toBe(true); // IPv6 among them
    expect([...texts].some((t) => /^\d+\.\d+\.\d+\.\d+$/.test(t) && t !== "0.0.0.0")).toBe(true);
  });

  it("wtmpdb rows: RemoteHost when it is an address", () => {
    const db = openWtmpdb(join(FIXTURES, "wtmpdb", "db", "normal.db"));
    let addresses = 0;
    for (const s of wtmpdbSessions(db.rows)) {
      const json = JSON.parse(JSON.stringify(s));
      if (/^\d+\.\d+\.\d+\.\d+$/.test(s.host)) { expect(json.addr).toBe(s.host); addresses++; }
      else if (!s.host.includes(":")) expect(json.addr).toBeUndefined();
    }
    expect(addresses).toBeGreaterThan(0);
  });
});
