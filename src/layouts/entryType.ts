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
/** FreeBSD's and macOS's shutdown record (Linux writes a RUN_LVL "shutdown" record instead). */
export const SHUTDOWN_TIME = "SHUTDOWN_TIME";
/** The first record of NetBSD, DragonFly and macOS utmpx files, naming the format version. */
export const SIGNATURE = "SIGNATURE";
/** NetBSD's and Solaris's "system down" record. */
export const DOWN_TIME = "DOWN_TIME";
/** A type number the layout does not define (a damaged or foreign record). */
export const UNKNOWN = "UNKNOWN";

export const EntryType = {
  EMPTY, RUN_LVL, BOOT_TIME, NEW_TIME, OLD_TIME, INIT_PROCESS, LOGIN_PROCESS,
  USER_PROCESS, DEAD_PROCESS, ACCOUNTING, SHUTDOWN_TIME, SIGNATURE, DOWN_TIME, UNKNOWN,
} as const;

export type EntryType = (typeof EntryType)[keyof typeof EntryType];

/** Linux (glibc, musl/utmps, libc5) numbering, FORMATS.md §1.6. */
export const LINUX_TYPES: readonly EntryType[] = [
  EMPTY, RUN_LVL, BOOT_TIME, NEW_TIME, OLD_TIME, INIT_PROCESS, LOGIN_PROCESS,
  USER_PROCESS, DEAD_PROCESS, ACCOUNTING,
];

/** System V numbering (AIX), FORMATS.md §5.4: OLD_TIME=3, NEW_TIME=4. */
export const SYSV_TYPES: readonly EntryType[] = [
  EMPTY, RUN_LVL, BOOT_TIME, OLD_TIME, NEW_TIME, INIT_PROCESS, LOGIN_PROCESS,
  USER_PROCESS, DEAD_PROCESS, ACCOUNTING,
];
/** NetBSD and DragonFly: SysV plus SIGNATURE=10, DOWN_TIME=11. */
export const NETBSD_TYPES: readonly EntryType[] = [...SYSV_TYPES, SIGNATURE, DOWN_TIME];
/** Solaris and illumos: SysV plus DOWN_TIME=10. */
export const SOLARIS_TYPES: readonly EntryType[] = [...SYSV_TYPES, DOWN_TIME];
/** macOS: SysV plus SIGNATURE=10, SHUTDOWN_TIME=11. */
export const MACOS_TYPES: readonly EntryType[] = [...SYSV_TYPES, SIGNATURE, SHUTDOWN_TIME];
/** FreeBSD ≥ 9 (include/utmpx.h), FORMATS.md §4.2. */
export const FREEBSD_TYPES: readonly EntryType[] = [
  EMPTY, BOOT_TIME, OLD_TIME, NEW_TIME, USER_PROCESS, INIT_PROCESS, LOGIN_PROCESS, DEAD_PROCESS, SHUTDOWN_TIME,
];

/** The Linux number of a canonical type, for printing any layout in utmpdump's shape. */
export function linuxTypeNumber(type: EntryType): number | undefined {
  const n = LINUX_TYPES.indexOf(type);
  return n < 0 ? undefined : n;
}
