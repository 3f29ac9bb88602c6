// A file's sessions, as `last` pairs its records, turned into columns for the
// timeline. Paired straight from the kept batches' columns (the package's
// eachSession(): no Entry or Session object per record). A btmp is read as
// lastb reads it: every record a failed login of its own.
import { eachSession, type EntryBatch } from "../../src/index.ts";
import { SESSION_KINDS, SESSION_STATUSES } from "../types.ts";
import type { SessionColumns } from "../protocol.ts";
import type { Dictionary } from "./dictionary.ts";

export function sessionColumns(batches: readonly EntryBatch[], btmp: boolean, dict: Dictionary): SessionColumns {
  // a row is opened by one record: the records bound the rows
  let records = 0;
  for (const b of batches) records += b.length;
  const out = {
    kind: new Uint8Array(records), status: new Uint8Array(records),
    user: new Uint32Array(records), line: new Uint32Array(records), host: new Uint32Array(records),
    start: new Float64Array(records), end: new Float64Array(records), open: new Uint32Array(records), close: new Int32Array(records),
  };
  // rows come newest first, as last lists them: stored oldest first, as the timeline draws them
  let k = records;
  eachSession(batches, { lastb: btmp }, (s) => {
    k--;
    out.kind[k] = Math.max(0, SESSION_KINDS.indexOf(s.kind));
    out.status[k] = Math.max(0, SESSION_STATUSES.indexOf(s.status));
    out.user[k] = dict.id(s.user);
    out.line[k] = dict.id(s.line);
    out.host[k] = dict.id(s.host);
    out.start[k] = s.login.seconds + s.login.microseconds / 1e6;
    const logout = s.logout;
    out.end[k] = logout ? logout.seconds + logout.microseconds / 1e6 : NaN;
    const evidence = s.evidence;
    out.open[k] = evidence.open.index;
    out.close[k] = evidence.close ? evidence.close.index : -1;
  });
  // the rows alone, in buffers of their own (they are transferred to the page)
  return {
    kind: out.kind.slice(k), status: out.status.slice(k), user: out.user.slice(k), line: out.line.slice(k), host: out.host.slice(k),
    start: out.start.slice(k), end: out.end.slice(k), open: out.open.slice(k), close: out.close.slice(k),
  };
}
