// The wtmp logins of one host, all its wtmp files together (a rotated set reads
// as one history): by user and by line, and the span of time the files cover,
// for the checks that hold another file against them.
import type { HostFacts, Login } from "./facts.ts";

export interface HostLogins {
  /** USER_PROCESS records by user (byte string), each with its file. */
  readonly byUser: ReadonlyMap<string, readonly (Login & { readonly file: string })[]>;
  /** Whether time `t` lies within one of the wtmp files (from its first to its last non-zero time). */
  covers(t: number, slack: number): string | undefined;
}

export function hostLogins(facts: HostFacts): HostLogins | undefined {
  if (facts.wtmp.length === 0) return undefined;
  const byUser = new Map<string, (Login & { readonly file: string })[]>();
  for (const w of facts.wtmp) {
    for (const [user, logins] of w.logins) {
      const list = byUser.get(user) ?? [];
      for (const l of logins) list.push({ ...l, file: w.file });
      byUser.set(user, list);
    }
  }
  return {
    byUser,
    covers(t, slack) {
      return facts.wtmp.find((w) => t >= w.first - slack && t <= w.last + slack)?.file;
    },
  };
}
