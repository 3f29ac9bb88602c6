// Canonical types for layouts without a type field (FORMATS.md §5.1, FreeBSD's
// wtmpcvt): classic BSD wtmp marks reboots, shutdowns and clock changes by
// names on special lines, and a logout by an empty name.
import {
  BOOT_TIME, DEAD_PROCESS, EMPTY, NEW_TIME, OLD_TIME, SHUTDOWN_TIME, USER_PROCESS, type EntryType,
} from "./entryType.ts";
import type { Layout } from "./layout.ts";

/** The system event a record names by its user and line (reboot, shutdown, clock change), if any. */
export function namedEventType(user: string, line: string): EntryType | undefined {
  if (line === "~") {
    if (user === "reboot") return BOOT_TIME;
    if (user === "shutdown") return SHUTDOWN_TIME;
  }
  if (user === "date") {
    if (line === "|") return OLD_TIME;
    if (line === "{" || line === "}") return NEW_TIME; // very old Unix wrote "}"
  }
  return undefined;
}

/** The type a classic BSD utmp/wtmp record stands for. */
export function bsdRecordType(user: string, line: string, zeroed: boolean): EntryType {
  if (zeroed) return EMPTY;
  const event = namedEventType(user, line);
  if (event) return event;
  if (line !== "") return user === "" ? DEAD_PROCESS : USER_PROCESS;
  return EMPTY;
}

/** Whether the layout's canonical types depend on a record's strings (so only entries can be tested for them). */
export function typeFromStrings(layout: Layout): boolean {
  return layout.untyped === true || layout.kind === "lastlog" || layout.namedEvents === true;
}

/** A lastlog slot: a login, or EMPTY where the uid never logged in (time 0). */
export function lastlogRecordType(seconds: number, zeroed: boolean): EntryType {
  return zeroed || seconds === 0 ? EMPTY : USER_PROCESS;
}
