// The timeline's rows: sessions grouped by user, line or host (each group's
// sessions sorted by start, with its longest duration, so drawing a window
// looks only at the sessions that can reach into it), the failed logins of
// btmp files on a lane of their own, and the boot, shutdown and crash times.
import type { Store } from "./store.ts";
import { SESSION_KINDS, SESSION_STATUSES } from "./types.ts";

export type GroupBy = "user" | "line" | "host";

export interface Lane {
  readonly label: string;
  /** Indexes into store.sessions, by start. */
  readonly sessions: Uint32Array;
  /** Their start times, in the same order (for binary search). */
  readonly starts: Float64Array;
  /** The longest session, in seconds: a session starting this long before a window may still reach into it. */
  readonly longest: number;
}

export interface Lanes {
  readonly lanes: Lane[];
  /** Failed logins (btmp), by time: times and session indexes. */
  readonly failed: Float64Array;
  readonly failedSessions: Uint32Array;
  readonly boots: Float64Array;
  readonly shutdowns: Float64Array;
  readonly crashes: Float64Array;
  /** Where sessions without an end are drawn to: the latest time seen. */
  readonly now: number;
}

const FAILED = SESSION_STATUSES.indexOf("failed");
const CRASH = SESSION_STATUSES.indexOf("crash");
const SESSION = SESSION_KINDS.indexOf("session");
const BOOT = SESSION_KINDS.indexOf("boot");
const SHUTDOWN = SESSION_KINDS.indexOf("shutdown");

/**
 * `idx` (ascending indexes) ordered by start time, ties by index. Sessions come
 * in time order but for a few (they are stored in the order of their login
 * records, which is nearly time order): those need no sort, and a comparator
 * sort of half a million sessions took ~0.5 s of the page's thread.
 */
function sortedBy(idx: number[], start: Float64Array): Uint32Array {
  let inOrder = true;
  for (let j = 1; j < idx.length && inOrder; j++) inOrder = start[idx[j]!]! >= start[idx[j - 1]!]!;
  return Uint32Array.from(inOrder ? idx : idx.sort((a, b) => start[a]! - start[b]! || a - b));
}

export function buildLanes(store: Store, groupBy: GroupBy): Lanes {
  const s = store.sessions;
  const n = s.kind.length;
  const groups = new Map<number, number[]>();
  const failed: number[] = [];
  const boots: number[] = [], shutdowns: number[] = [], crashes = new Set<number>();
  let now = store.extent[1];
  for (let k = 0; k < n; k++) {
    const start = s.start[k]!;
    if (s.status[k] === FAILED) { failed.push(k); continue; }
    if (s.kind[k] === BOOT) boots.push(start);
    else if (s.kind[k] === SHUTDOWN) shutdowns.push(start);
    if (s.kind[k] !== SESSION) continue;
    if (s.status[k] === CRASH && !Number.isNaN(s.end[k]!)) crashes.add(s.end[k]!);
    const key = s[groupBy][k]!;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(k);
    if (s.end[k]! > now) now = s.end[k]!;
  }
  const lanes: Lane[] = [];
  for (const [key, list] of groups) {
    const sessions = sortedBy(list, s.start);
    let longest = 0;
    for (const k of sessions) {
      const end = Number.isNaN(s.end[k]!) ? now : s.end[k]!;
      longest = Math.max(longest, end - s.start[k]!);
    }
    lanes.push({ label: store.dict.text(key) || "(empty)", sessions, starts: Float64Array.from(sessions, (k) => s.start[k]!), longest });
  }
  // the group seen first comes first: the story reads top to bottom
  lanes.sort((a, b) => s.start[a.sessions[0]!]! - s.start[b.sessions[0]!]!);
  const failedSessions = sortedBy(failed, s.start);
  return {
    lanes, failedSessions, failed: Float64Array.from(failedSessions, (k) => s.start[k]!),
    boots: Float64Array.from(boots).sort(), shutdowns: Float64Array.from(shutdowns).sort(),
    crashes: Float64Array.from(crashes).sort(), now,
  };
}

/** The first index of a sorted array whose value is at least `value`. */
export function lowerBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
