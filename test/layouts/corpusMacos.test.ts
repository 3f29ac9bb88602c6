// plaso's utmpx_mac, a real Mac OS X /var/run/utmpx (628-byte records,
// little-endian, "utmpx-1.00" signature first), against plaso's own test
// (tests/parsers/utmpx.py, transcribed in its expected.json).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { open } from "../../src/index.ts";
import { expectedJson, fixture } from "./corpusFiles.ts";

const PATH = "plaso/utmpx_mac";

interface PlasoEventData {
  hostname: string; login_type: number; pid: number; terminal: string;
  terminal_identifier: number; username: string; written_time: string;
}

describe(PATH, () => {
  const source = expectedJson(PATH).expected.find((e) => e.kind === "upstream_test_assertions")!;
  const values = source.values as { number_of_event_data: number; "event_data[1]": PlasoEventData };
  const db = open(fixture(PATH));
  const entries = [...db];

  it("starts with the utmpx-1.00 signature record, which plaso does not count as event data", () => {
    expect(db.detection!.signature).toBe("utmpx-1.00");
    expect([entries[0]!.type, entries[0]!.rawType, entries[0]!.user]).toStrictEqual(["SIGNATURE", 10, "utmpx-1.00"]);
    expect(entries.length - 1).toBe(values.number_of_event_data);
  });

  it("decodes plaso's event_data[1] (record 2): user, pid, terminal, type, time to the µs", () => {
    const want = values["event_data[1]"];
    const e = entries[2]!;
    expect({ user: e.user, pid: e.pid, line: e.line, rawType: e.rawType, type: e.type, date: e.toJSON().date })
      .toStrictEqual({
        user: want.username, pid: want.pid, line: want.terminal, rawType: want.login_type, type: "USER_PROCESS",
        date: want.written_time.replace("+00:00", "Z"),
      });
    // plaso reports "localhost" when ut_host is empty (expected.json notes): the bytes hold nothing
    expect(want.hostname).toBe("localhost");
    expect(e.host).toBe("");
    // plaso reads ut_id as a little-endian u32: 0x0001002f, i.e. "/", NUL, 0x01, NUL. The API
    // gives the id up to its first NUL; the whole field is read here at the entry's offset.
    expect(e.id).toBe("/");
    const bytes = readFileSync(fixture(PATH));
    expect(bytes.readUInt32LE(e.offset + 256)).toBe(want.terminal_identifier);
  });
});
