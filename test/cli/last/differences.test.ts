// Where utmpx last differs from util-linux 2.38 last on purpose.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { fromBytes, open } from "../../../src/index.ts";
import { sessions } from "../../../src/sessions/sessions.ts";
import { formatLast } from "../../../src/format/last.ts";
import { livePhantomCheck } from "../../../src/sessions/live.ts";

const FIXTURE = new URL("../../fixtures/generated-glibc-x86_64/wtmp", import.meta.url).pathname;
const NOW = 1_900_000_000;

function lastText(bytes: Uint8Array): string {
  const entries = [...fromBytes(bytes)];
  return Buffer.from(formatLast(sessions(entries, { now: NOW }), { timeZone: "UTC", extended: true, begins: { file: "wtmp", seconds: entries[0]!.seconds } })).toString("latin1");
}

describe("deliberate differences from util-linux last", () => {
  it("a partial trailing record is dropped (with a warning), not read misaligned", () => {
    // util-linux reads wtmp backwards from its end in record-sized steps: after a
    // partial trailing record every record it reads straddles two real ones and
    // it prints garbage rows. We decode whole records from the start (a
    // PARTIAL_RECORD warning names the tail), so the rows are those of the file
    // without its tail.
    const whole = readFileSync(FIXTURE);
    const torn = new Uint8Array(whole.length + 100);
    torn.set(whole);
    torn.fill(0x41, whole.length);
    expect(lastText(torn)).toBe(lastText(whole));
  });
});

describe("files of other systems (util-linux last reads only Linux files)", () => {
  it("keeps the boots and shutdowns a FreeBSD utx.log types with an empty user and line, named as Linux names them", () => {
    // last's rules for old Linux writers would turn a record with no user into
    // a logout, losing every boot and shutdown of a FreeBSD, macOS or Solaris file
    const file = new URL("../../fixtures/s4/FreeBSD14.0/x86_64/utx.log", import.meta.url).pathname;
    const rows = sessions(open(file), { now: NOW });
    expect(rows.map((s) => [s.kind, s.user, s.line, s.status])).toEqual([
      ["session", "root", "pts/0", "gone"],
      ["session", "root", "ttyv0", "gone"],
      ["boot", "reboot", "system boot", "event"],
      ["shutdown", "shutdown", "system down", "event"],
      // its logout has no line, only the id: paired by id, as FreeBSD's last shows it (13:05 - 21:05)
      ["session", "root", "ttyv0", "logged-out"],
      ["boot", "reboot", "system boot", "event"],
    ]);
  });
});

describe("the live-system check", () => {
  it("calls a session of an unknown user, or one older than this boot, stale", () => {
    const phantom = livePhantomCheck();
    expect(phantom({ user: "no-such-user-utmpx", line: "pts/0", pid: 1, seconds: NOW })).toBe(true);
    expect(phantom({ user: "root", line: "pts/0", pid: 1, seconds: 0 })).toBe(true);
  });
});
