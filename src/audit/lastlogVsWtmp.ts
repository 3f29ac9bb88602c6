// chklastlog's check, generalised to every layout, lastlog2 and FreeBSD's
// utx.lastlogin: a user's last login as lastlog keeps it against the logins
// wtmp records. login and sshd write both at the same moment, so (within the
// tolerance) wtmp should hold no later login of the user than lastlog does, and
// a lastlog time inside the span the wtmp files cover should be a wtmp login.
import type { Finding } from "./finding.ts";
import type { AuditCheck } from "./check.ts";
import type { HostFacts, Login } from "./facts.ts";
import type { AuditSettings } from "./options.ts";
import { isoTime } from "./time.ts";
import { textOf } from "../sessions/byteStrings.ts";
import { AcrossFindings } from "./findingList.ts";

function across(facts: HostFacts, settings: AuditSettings): Finding[] {
  if (facts.wtmp.length === 0) return [];
  const slack = settings.crossTolerance;
  const findings = new AcrossFindings(settings.maxPerKind);
  for (const lastlog of facts.lastlog) {
    for (const last of lastlog.logins) {
      const user = textOf(last.user);
      let newest: (Login & { file: string }) | undefined;
      for (const w of facts.wtmp) {
        const l = w.newest.get(last.user);
        if (l && (!newest || l.seconds > newest.seconds)) newest = { ...l, file: w.file };
      }
      if (newest && newest.seconds > last.seconds + slack) {
        const wtmp = newest;
        findings.add(lastlog.file, "lastlog-older-than-wtmp", "cross-source", last.offset, 1, () => ({
          kind: "lastlog-older-than-wtmp", category: "cross-source", offset: last.offset, offsetUnit: last.unit, records: 1,
          before: isoTime(last.seconds), after: isoTime(wtmp.seconds, wtmp.microseconds),
          explanation: `${user}'s last login in lastlog (${isoTime(last.seconds)}) is older than a login wtmp records for ${user}: lastlog rewritten, or a login by a program that writes wtmp but not lastlog`,
          details: { user, wtmpFile: wtmp.file, wtmpOffset: wtmp.offset, line: textOf(wtmp.line), host: textOf(wtmp.host) },
        }));
        continue;
      }
      const file = facts.covering(last.seconds);
      if (file === undefined || facts.wtmp.some((w) => w.matchedLastlog.has(last))) continue;
      findings.add(file, "lastlog-login-missing-from-wtmp", "cross-source", null, 1, () => ({
        kind: "lastlog-login-missing-from-wtmp", category: "cross-source", offset: null, offsetUnit: "byte", records: 1,
        before: isoTime(last.seconds), after: null,
        explanation: `lastlog has ${user} logging in at ${isoTime(last.seconds)}, within the time this wtmp covers, but the wtmp has no login of ${user} then: its record removed (chklastlog's check)`,
        details: { user, lastlogFile: lastlog.file, lastlogOffset: last.offset, lastlogOffsetUnit: last.unit },
      }));
    }
  }
  return findings.list();
}

export const lastlogVsWtmp: AuditCheck = {
  id: "lastlog-wtmp",
  category: "cross-source",
  description: "a wtmp login newer than the user's lastlog/lastlog2 time; a lastlog login inside the wtmp's span with no wtmp record (chklastlog, generalised)",
  across,
};
