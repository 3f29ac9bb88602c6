// Login sessions from a wtmp history: logins paired with their logouts, as
// util-linux `last` pairs them (FORMATS §1.7). The rules are the streaming
// pairer's (src/sessions/pairer.ts), which reads records newest first;
// sessions() walks a whole history through it and collects its rows.
//
// Strings are compared as last compares them, byte by byte: each record's
// user, line and host are kept as "byte strings" (one char per byte, 0..255).
import { valueKind } from "../util/valueKind.ts";
import { checkOptions } from "../util/optionsObject.ts";
import { Entry } from "../core/entry.ts";
import type { EntryBatch } from "../core/batch.ts";
import { SessionPairer } from "./pairer.ts";
import type { Session, SessionRecord, SessionsOptions } from "./session.ts";
import { BatchRecords } from "./batchRecords.ts";
import { PlainRecords } from "./plainRecords.ts";

/**
 * The rows `last` lists for these records (given oldest first, as a file
 * holds them), newest first. Every row is returned; what `last` hides without
 * -x (shutdown, runlevel and clock-change rows) is for the formatter to drop.
 * This library's entries are read from their batches' columns; other records
 * field by field.
 */
export function sessions(entries: Iterable<SessionRecord>, options: SessionsOptions = {}): Session[] {
  checkOptions(options, "sessions() options");
  const all = Array.isArray(entries) ? entries as readonly SessionRecord[] : [...entries];
  const out: Session[] = [];
  const pairer = new SessionPairer(options, (row) => out.push(row));
  const columns = new BatchRecords();
  const plain = new PlainRecords(all);
  for (let i = all.length - 1; i >= 0; i--) {
    const r = all[i]!;
    if (r instanceof Entry) pairer.push(columns.use(r.batch), r.index, i);
    // a null record failed inside the pairer, as "reading 'seconds'"
    else if (typeof r !== "object" || r === null) throw new TypeError(`utmpx: sessions() record ${i} is ${valueKind(r)}, not a record (an Entry or an object)`);
    else pairer.push(plain, i, i);
  }
  return out;
}

/**
 * sessions() of the records of `batches` (oldest first, as a file is read,
 * zeroed records included or not), paired straight from their columns: no
 * Entry and no Session object is made per row. `visit` sees each row newest
 * first, as one object refilled for the next row: read what it needs before it
 * returns. A row's evidence indexes count the batches' records in order (the
 * first batch's first record is 0). For a reader of a million records (a
 * viewer's timeline) that would otherwise hold a million entries and rows.
 * Returns the number of rows.
 */
export function eachSession(batches: readonly EntryBatch[], options: SessionsOptions | undefined, visit: (row: Session) => void): number {
  // undefined options are the defaults, as for sessions(); they failed as "reading 'now'"
  checkOptions(options, "eachSession() options");
  // a visit of another kind failed at the first session, as "visit is not a function"
  if (typeof visit !== "function") throw new TypeError(`utmpx: eachSession(visit) is ${valueKind(visit)}, not a function`);
  options ??= {};
  let rows = 0;
  const pairer = new SessionPairer(options, (row) => { rows++; visit(row); }, true);
  const columns = new BatchRecords();
  let index = 0;
  for (const batch of batches) index += batch.length;
  for (let k = batches.length - 1; k >= 0; k--) {
    const batch = batches[k]!;
    columns.use(batch);
    index -= batch.length;
    for (let i = batch.length - 1; i >= 0; i--) pairer.push(columns, i, index + i);
  }
  return rows;
}

export { listReason, REASON } from "./session.ts";
export type { RecordRef, Session, SessionJSON, SessionKind, SessionRecord, SessionsOptions, SessionStatus, SessionTime } from "./session.ts";
