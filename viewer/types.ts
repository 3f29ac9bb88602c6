// The names behind the small numbers the columns carry: entry types, session
// kinds and statuses, in a fixed order both the page and the worker use.
import { EntryType, type SessionKind, type SessionStatus } from "../src/index.ts";

export const TYPE_NAMES: readonly string[] = Object.values(EntryType);
export const TYPE_CODE = new Map(TYPE_NAMES.map((t, i) => [t, i]));

export const SESSION_KINDS: readonly SessionKind[] = ["session", "boot", "shutdown", "runlevel", "new-time", "old-time"];
export const SESSION_STATUSES: readonly SessionStatus[] = ["logged-out", "still-logged-in", "crash", "down", "gone", "event", "time-change", "failed"];
