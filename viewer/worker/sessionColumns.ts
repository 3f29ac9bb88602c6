// A file's sessions, as `last` pairs its records (the package's sessions()),
// turned into columns for the timeline. A btmp is read as lastb reads it:
// every record a failed login of its own.
import { sessions, type Entry } from "../../src/index.ts";
import { SESSION_KINDS, SESSION_STATUSES } from "../types.ts";
import type { SessionColumns } from "../protocol.ts";
import type { Dictionary } from "./dictionary.ts";

export function sessionColumns(entries: readonly Entry[], btmp: boolean, dict: Dictionary): SessionColumns {
  const rows = sessions(entries, { lastb: btmp });
  const n = rows.length;
  const out = {
    kind: new Uint8Array(n), status: new Uint8Array(n),
    user: new Uint32Array(n), line: new Uint32Array(n), host: new Uint32Array(n),
    start: new Float64Array(n), end: new Float64Array(n), open: new Uint32Array(n), close: new Int32Array(n),
  };
  // newest first as last lists them: stored oldest first, as the timeline draws them
  for (let k = 0; k < n; k++) {
    const s = rows[n - 1 - k]!;
    out.kind[k] = Math.max(0, SESSION_KINDS.indexOf(s.kind));
    out.status[k] = Math.max(0, SESSION_STATUSES.indexOf(s.status));
    out.user[k] = dict.id(s.user);
    out.line[k] = dict.id(s.line);
    out.host[k] = dict.id(s.host);
    out.start[k] = s.login.seconds + s.login.microseconds / 1e6;
    out.end[k] = s.logout ? s.logout.seconds + s.logout.microseconds / 1e6 : NaN;
    out.open[k] = s.evidence.open.index;
    out.close[k] = s.evidence.close ? s.evidence.close.index : -1;
  }
  return out;
}
