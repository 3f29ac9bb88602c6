// wtmpdb's row IDs are handed out in insertion order and its Login is the time
// of the insertion (a boot row's is the kernel's boot time: time starts afresh
// there). `wtmpdb rotate` deletes rows with Login up to a cutoff, so the IDs it
// removes are the first ones: IDs missing between rows still present, or a row
// logged in earlier than the row before it, are rows deleted or edited since.
import type { WtmpdbRow } from "../sqlite/wtmpdb.ts";
import { WTMPDB_TYPE } from "../sqlite/wtmpdb.ts";
import type { AuditCheck } from "./check.ts";
import type { FindingBody } from "./finding.ts";
import type { AuditSettings } from "./options.ts";
import type { SqliteInput } from "./sqliteInput.ts";
import { isoTime } from "./time.ts";

/** A Login (microseconds) as an ISO time. */
function loginTime(row: WtmpdbRow | undefined): string | null {
  if (!row || row.login === null) return null;
  const us = Number(row.login);
  return isoTime(Math.floor(us / 1e6), us % 1e6);
}

function check(input: SqliteInput, settings: AuditSettings): FindingBody[] {
  const rows = input.rows;
  const findings: FindingBody[] = [];
  const tolerance = settings.regressionTolerance * 1e6;
  let high = -Infinity;
  let highRow: WtmpdbRow | undefined;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!;
    const prev = rows[k - 1];
    if (prev && row.id - prev.id > 1) {
      const missing = row.id - prev.id - 1;
      findings.push({
        kind: "wtmpdb-id-gap", category: "sqlite", offset: prev.id + 1, offsetUnit: "rowid", records: missing,
        before: loginTime(prev), after: loginTime(row),
        explanation: `row ID${missing === 1 ? ` ${prev.id + 1} is` : `s ${prev.id + 1}..${row.id - 1} are`} missing between rows still present: rows deleted from the middle (wtmpdb rotate removes only the oldest, from the first ID)`,
        details: { firstMissing: prev.id + 1, lastMissing: row.id - 1, previousRow: prev.id, nextRow: row.id },
      });
    }
    if (row.login === null) continue;
    const login = Number(row.login);
    if (row.type === WTMPDB_TYPE.BOOT_TIME) {
      high = login;
      highRow = row;
      continue;
    }
    if (login < high - tolerance) {
      findings.push({
        kind: "wtmpdb-login-order", category: "sqlite", offset: row.id, offsetUnit: "rowid", records: 1,
        before: loginTime(highRow), after: loginTime(row),
        explanation: `row ${row.id} logged in ${((high - login) / 1e6).toFixed(0)} seconds before row ${highRow!.id}, inserted before it: its Login was edited, or the clock was set back`,
        details: { row: row.id, earlierRow: highRow!.id, user: row.user },
      });
    }
    if (login > high) {
      high = login;
      highRow = row;
    }
  }
  return findings;
}

export const wtmpdbOrder: AuditCheck = {
  id: "wtmpdb-order",
  category: "sqlite",
  description: "wtmpdb row IDs missing between rows present (not rotate's prefix); a Login earlier than a row inserted before it",
  sqlite: (input, settings) => (input.kind === "wtmpdb" ? check(input, settings) : []),
};
