// A session utmp says is open was logged in wtmp by the same write (login,
// sshd and libutempter call updwtmp with the record they put in utmp), so a
// utmp session whose time lies within the wtmp's span should be there, with
// the same user and line. Sessions whose host is an X display (":0") are left
// out: terminal emulators put their windows in utmp (so who lists them) and
// many never write wtmp (NetBSD's xterm in the corpus does not).
import type { Finding } from "./finding.ts";
import type { AuditCheck } from "./check.ts";
import type { HostFacts } from "./facts.ts";
import { isoTime } from "./time.ts";
import { textOf } from "../sessions/byteStrings.ts";
import type { AuditSettings } from "./options.ts";
import { AcrossFindings } from "./findingList.ts";

function across(facts: HostFacts, settings: AuditSettings): Finding[] {
  if (facts.wtmp.length === 0) return [];
  const findings = new AcrossFindings(settings.maxPerKind);
  for (const utmp of facts.utmp) {
    for (const s of utmp.sessions) {
      if (s.host.startsWith(":")) continue;
      const file = facts.covering(s.seconds);
      if (file === undefined || facts.wtmp.some((w) => w.matchedUtmp.has(s))) continue;
      findings.add(file, "utmp-session-missing-from-wtmp", "cross-source", null, 1, () => ({
        kind: "utmp-session-missing-from-wtmp", category: "cross-source", offset: null, offsetUnit: "byte", records: 1,
        before: isoTime(s.seconds, s.microseconds), after: null,
        explanation: `utmp shows ${textOf(s.user)} logged in on ${textOf(s.line)} since ${isoTime(s.seconds, s.microseconds)}, within the time this wtmp covers, but the wtmp has no such login: its record removed, or a program that writes utmp only`,
        details: { user: textOf(s.user), line: textOf(s.line), host: textOf(s.host), utmpFile: utmp.file, utmpOffset: s.offset },
      }));
    }
  }
  return findings.list();
}

export const utmpVsWtmp: AuditCheck = {
  id: "utmp-wtmp",
  category: "cross-source",
  description: "utmp sessions within the wtmp's span with no login of the same user and line in wtmp",
  across,
};
