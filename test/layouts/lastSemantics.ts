// What BSD last(1) prints for the records of a file, so a captured `last`
// output can be compared with decoded records line by line, pairings included.
// From the sources of last(1): FreeBSD usr.bin/last/last.c (doentry:
// boot/shutdown close every session, USER/DEAD_PROCESS paired by memcmp of
// ut_id), NetBSD usr.bin/last/want.c and OpenBSD usr.bin/last/last.c (line "~"
// closes every session, pairing by ut_line, "{" "|" skipped, SIGNATURE skipped).
import type { Entry } from "../../src/index.ts";

export interface LastRules {
  /** What a later record must share with a login to be its logout. */
  key(e: Entry): string;
  /** For a boot/shutdown record: the word printed for the sessions it closes. */
  down(e: Entry): "shutdown" | "crash" | undefined;
  /** Records that neither print as a login nor close one. */
  ignored(e: Entry): boolean;
  /** Records printed as a login line (with an end). */
  login(e: Entry): boolean;
}

const hex = (b: Uint8Array | undefined) => Array.from(b ?? [], (x) => x.toString(16).padStart(2, "0")).join("");

export const FREEBSD_LAST: LastRules = {
  key: (e) => hex(e.raw.id),
  down: (e) => (e.type === "SHUTDOWN_TIME" ? "shutdown" : e.type === "BOOT_TIME" ? "crash" : undefined),
  ignored: (e) => e.type !== "USER_PROCESS" && e.type !== "DEAD_PROCESS",
  login: (e) => e.type === "USER_PROCESS",
};

export const BSD_LAST: LastRules = {
  key: (e) => e.line ?? "",
  down: (e) => (e.line === "~" ? (e.user === "shutdown" ? "shutdown" : "crash") : undefined),
  ignored: (e) => e.line === "{" || e.line === "|" || e.type === "SIGNATURE",
  login: (e) => (e.user ?? "") !== "" && e.line !== "~" && e.line !== "{" && e.line !== "|" && e.type !== "SIGNATURE",
};

export type ComputedEnd =
  | { kind: "still" }
  | { kind: "down"; word: "shutdown" | "crash"; at: number }
  | { kind: "logout"; at: number };

/** How last ends the session of login `entries[i]`: the first later record sharing its key, or a boot/shutdown before it. */
export function sessionEnd(entries: readonly Entry[], i: number, rules: LastRules): ComputedEnd {
  const key = rules.key(entries[i]!);
  for (let j = i + 1; j < entries.length; j++) {
    const e = entries[j]!;
    const word = rules.down(e);
    if (word) return { kind: "down", word, at: e.seconds };
    if (rules.ignored(e)) continue;
    if (rules.key(e) === key) return { kind: "logout", at: e.seconds };
  }
  return { kind: "still" };
}
