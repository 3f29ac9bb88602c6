// Entries as CSV (RFC 4180): a header of stable field names, one row a record,
// times as ISO-8601 UTC with microseconds.
import type { Entry } from "../core/entry.ts";

export const CSV_FIELDS = [
  "type", "rawType", "uid", "id", "user", "line", "host", "date", "seconds", "microseconds",
  "pid", "session", "exitTermination", "exitExit", "addr", "offset",
] as const;

/** A CSV cell: quoted when it holds a comma, a quote or a line break. */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return "";
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvHeader = (): string => CSV_FIELDS.join(",") + "\r\n";

export type EntryRecord = Record<(typeof CSV_FIELDS)[number], string | number | undefined>;

/** The entry flattened to the CSV fields. */
export function entryRecord(e: Entry): EntryRecord {
  const j = e.toJSON();
  return {
    type: j.type, rawType: j.rawType, uid: j.uid, id: j.id, user: j.user, line: j.line, host: j.host, date: j.date,
    seconds: j.seconds, microseconds: j.microseconds, pid: j.pid, session: j.session,
    exitTermination: j.exit?.termination, exitExit: j.exit?.exit, addr: j.addr, offset: j.offset,
  };
}

export function csvRow(e: Entry): string {
  const values = entryRecord(e);
  return CSV_FIELDS.map((f) => csvCell(values[f])).join(",") + "\r\n";
}
