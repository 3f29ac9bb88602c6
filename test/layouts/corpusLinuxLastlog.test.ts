// Linux /var/log/lastlog files (s4) against the lastlog(8) output captured on
// each machine. lastlog prints every passwd user by name, not uid, so rows are
// matched to uid slots by port, host and time (exact: the capture prints
// seconds and the UTC offset); root is uid 0 on every Linux.
import { describe, expect, it } from "vitest";
import { openLastlog } from "../../src/index.ts";
import { capturedUtc, captureLines, parseDated } from "./captures.ts";
import { CORPUS, fixture } from "./corpusFiles.ts";

const LINUX = CORPUS.filter((f) => f.layout.startsWith("lastlog29"));

/**
 * openSUSE 15's capture is not /var/log/lastlog's: it lists only the two users
 * that logged in (lastlog(8) lists every passwd user, as all other captures do)
 * and shows Port "ssh", the PAM_TTY sshd sets, which is what lastlog2 stores.
 * Its hosts and times agree with the binary; its ports cannot (pts/N there).
 */
const PORT_NOT_COMPARABLE = new Set(["s4/OpenSUSE15/lastlog"]);

describe.each(LINUX.map((f) => [f.path, f] as const))("%s", (path) => {
  it("holds exactly the logins lastlog(8) printed: port, host, time to the second; root in slot 0", () => {
    const entries = [...openLastlog(fixture(path))];
    const rows = captureLines(fixture(`${path}.txt`)).slice(1); // after the "Username Port From Latest" header
    const never = rows.filter((r) => /\*\*Never logged in\*\*\s*$/.test(r));
    const logins = rows.filter((r) => !never.includes(r)).map((r) => parseDated(r)!);
    expect(never.length + logins.length).toBe(rows.length);
    expect(logins.length).toBe(entries.length);
    const unmatched = [...entries];
    for (const row of logins) {
      const [user, port, host = ""] = row.words;
      const at = capturedUtc(row.date, "UTC"); // the row prints its own offset (-0800)
      const i = unmatched.findIndex((e) => e.seconds === at && e.host === host && (PORT_NOT_COMPARABLE.has(path) || e.line === port));
      expect(i, `no slot for ${JSON.stringify(row.text)}`).toBeGreaterThanOrEqual(0);
      const [e] = unmatched.splice(i, 1);
      if (user === "root") expect(e!.uid).toBe(0);
      else expect(e!.uid).not.toBe(0);
    }
    expect(unmatched).toStrictEqual([]);
    // every used slot is a login; a never-logged-in uid is a hole (all zero)
    expect(entries.map((e) => e.type)).toStrictEqual(entries.map(() => "USER_PROCESS"));
  });
});
