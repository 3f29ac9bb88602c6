// The finding a responder looks for first: a source that failed to log in (in
// a btmp) and later logged in (in a wtmp of the same host). Matched by the host
// field, which sshd fills with the address (or the name, with UseDNS) in both.
import type { AuditCheck } from "./check.ts";
import type { HostFacts } from "./facts.ts";
import type { Finding } from "./finding.ts";
import { isoTime } from "./time.ts";
import { textOf } from "../sessions/byteStrings.ts";
import type { AuditSettings } from "./options.ts";
import { AcrossFindings } from "./findingList.ts";

function across(facts: HostFacts, settings: AuditSettings): Finding[] {
  const findings = new AcrossFindings(settings.maxPerKind);
  for (const wtmp of facts.wtmp) {
    for (const { attack, source, login, count } of wtmp.afterAttack.values()) {
      const failed = attack.lookup(source)!;
      findings.add(wtmp.file, "attack-then-login", "attack", login.offset, failed.attempts, () => ({
        kind: "attack-then-login", category: "attack", offset: login.offset, offsetUnit: "byte", records: failed.attempts,
        before: isoTime(failed.first, failed.firstMicroseconds), after: isoTime(login.seconds, login.microseconds),
        explanation: `${textOf(source)} failed to log in ${failed.attempts} time(s) (${attack.file}, the first at ${isoTime(failed.first, failed.firstMicroseconds)}) and logged in as ${textOf(login.user)} on ${textOf(login.line)} after that first failure: look at this session first`,
        details: { source: textOf(source), user: textOf(login.user), line: textOf(login.line), btmpFile: attack.file, failedAttempts: failed.attempts, loginsAfter: count },
      }));
    }
  }
  return findings.list();
}

export const attackThenLogin: AuditCheck = {
  id: "attack-then-login",
  category: "attack",
  description: "sources with failed logins in btmp that later logged in (wtmp of the same host)",
  across,
};
