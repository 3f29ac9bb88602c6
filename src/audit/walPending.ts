// A -wal beside a wtmpdb or lastlog2 database holds committed transactions
// SQLite has not yet copied into the database file: a copy of the .db alone
// lacks them, and a later checkpoint will overwrite the pages they replace. Not
// tampering: what a responder must keep with the evidence.
import type { AuditCheck } from "./check.ts";
import type { FindingBody } from "./finding.ts";
import type { SqliteInput } from "./sqliteInput.ts";

function check(input: SqliteInput): FindingBody[] {
  const wal = input.database.wal;
  if (wal?.ignored !== undefined) {
    // a -wal SQLite would not apply: what it held (the latest rows, perhaps) is out of reach
    return [{
      kind: "sqlite-wal-unreadable", category: "sqlite", offset: null, offsetUnit: "rowid", records: 0,
      before: null, after: null,
      explanation: `the -wal file beside the database is not a log SQLite would apply (${wal.ignored}): overwritten or damaged; the database is read alone, and whatever transactions it held are out of reach`,
      details: { reason: wal.ignored, framesIgnored: wal.framesIgnored },
    }];
  }
  if (!wal || wal.framesApplied === 0) return [];
  return [{
    kind: "sqlite-wal-uncheckpointed", category: "sqlite", offset: null, offsetUnit: "rowid", records: wal.transactionsApplied,
    before: null, after: null,
    explanation: `${wal.transactionsApplied} committed transaction(s) (${wal.framesApplied} pages) are only in the -wal file, not yet in the database: keep the -wal with the database, or its latest rows are lost`,
    details: { framesApplied: wal.framesApplied, transactionsApplied: wal.transactionsApplied, framesIgnored: wal.framesIgnored },
  }];
}

export const walPending: AuditCheck = {
  id: "sqlite-wal",
  category: "sqlite",
  description: "a -wal file with committed transactions not yet checkpointed into the database, or one SQLite would not apply (overwritten or damaged)",
  sqlite: (input) => check(input),
};
