// A TEXT column's value as the SQLite writers (wtmpdb, lastlog2) bind it,
// checked first: a string, or its exact bytes (a Uint8Array, cast to TEXT by
// the statement). Anything else was handed to SQLite as it was, and came back
// as a constraint or API error reported as our bug (INTERNAL), or was stored
// as a NULL that made the database unreadable.
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { valueKind } from "../util/valueKind.ts";
import type { SqlValue } from "./sqliteLibrary.ts";

/** Text, or its exact bytes (stored as TEXT unchanged, as the C writers store whatever bytes they are given). */
export type SqliteText = string | Uint8Array;

function refuse(value: unknown, what: string): never {
  throw new UtmpError(UtmpErrorCode.BAD_INPUT, `utmpx: ${what} is ${valueKind(value)}, not a string or bytes (Uint8Array); nothing written`);
}

/** A column that may be NULL: text as given, undefined or null as NULL. */
export function optionalText(value: unknown, what: string): SqlValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "string" || value instanceof Uint8Array) return value;
  return refuse(value, what);
}

/** A column that must hold text (wtmpdb's User NOT NULL, lastlog2's Name): a missing value is refused too. */
export function requiredText(value: unknown, what: string): SqlValue {
  if (typeof value === "string" || value instanceof Uint8Array) return value;
  return refuse(value, what);
}
