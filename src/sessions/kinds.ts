// Record types as last's switch sees them (its ut_type), as small numbers: the
// pairer compares them per record, so a number beats a type name.
import type { EntryType } from "../layouts/entryType.ts";

export const EMPTY = 0, RUN_LVL = 1, BOOT_TIME = 2, NEW_TIME = 3, OLD_TIME = 4, INIT_PROCESS = 5,
  LOGIN_PROCESS = 6, USER_PROCESS = 7, DEAD_PROCESS = 8, ACCOUNTING = 9, SHUTDOWN_TIME = 10,
  /** A type last does not know (its "unrecognized ut_type" warning). */
  OTHER = 11;

const KIND_OF: Record<string, number> = {
  EMPTY, RUN_LVL, BOOT_TIME, NEW_TIME, OLD_TIME, INIT_PROCESS, LOGIN_PROCESS, USER_PROCESS, DEAD_PROCESS, ACCOUNTING, SHUTDOWN_TIME,
  // NetBSD's and Solaris's "system down" record is last's SHUTDOWN_TIME
  DOWN_TIME: SHUTDOWN_TIME,
  // the first record of NetBSD/macOS utmpx files: nothing to list
  SIGNATURE: EMPTY,
};

/** last's type number of a canonical type. */
export function kindOf(type: EntryType | string): number {
  return KIND_OF[type] ?? OTHER;
}

/** Boots, shutdowns and clock changes: typed as such by other systems' layouts, they keep that meaning. */
export function isSystemEvent(kind: number): boolean {
  return kind === BOOT_TIME || kind === SHUTDOWN_TIME || kind === NEW_TIME || kind === OLD_TIME;
}
