// Canonical entry types. Every layout maps its own type numbers onto these
// (Linux NEW_TIME=3/OLD_TIME=4 is the reverse of System V's, FreeBSD numbers
// differently again); the number as stored stays available as Entry.rawType.

export const EMPTY = "EMPTY";
export const RUN_LVL = "RUN_LVL";
export const BOOT_TIME = "BOOT_TIME";
export const NEW_TIME = "NEW_TIME";
export const OLD_TIME = "OLD_TIME";
export const INIT_PROCESS = "INIT_PROCESS";
export const LOGIN_PROCESS = "LOGIN_PROCESS";
export const USER_PROCESS = "USER_PROCESS";
export const DEAD_PROCESS = "DEAD_PROCESS";
export const ACCOUNTING = "ACCOUNTING";
/** A type number the layout does not define (a damaged or foreign record). */
export const UNKNOWN = "UNKNOWN";

export const EntryType = {
  EMPTY, RUN_LVL, BOOT_TIME, NEW_TIME, OLD_TIME, INIT_PROCESS, LOGIN_PROCESS,
  USER_PROCESS, DEAD_PROCESS, ACCOUNTING, UNKNOWN,
} as const;

export type EntryType = (typeof EntryType)[keyof typeof EntryType];

/** Linux (glibc, musl/utmps) numbering, FORMATS.md §1.6. */
export const LINUX_TYPES: readonly EntryType[] = [
  EMPTY, RUN_LVL, BOOT_TIME, NEW_TIME, OLD_TIME, INIT_PROCESS, LOGIN_PROCESS,
  USER_PROCESS, DEAD_PROCESS, ACCOUNTING,
];
