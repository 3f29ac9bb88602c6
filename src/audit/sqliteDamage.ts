// A wtmpdb or lastlog2 database whose table is damaged below its root page: a
// page, cell or record that cannot be read. SQLite stops a query there, so
// wtmpdb and lastlog2 list nothing; the reader passes over each such place and
// reads the rest. The rows under it are lost to every reader: overwritten,
// cut by a bad copy or a failing disk, or edited by hand without care. Each
// place is a finding, with its byte offset, for a responder to look at.
import type { AuditCheck } from "./check.ts";
import type { FindingBody } from "./finding.ts";
import type { SqliteInput } from "./sqliteInput.ts";

function check(input: SqliteInput): FindingBody[] {
  const findings: FindingBody[] = input.damaged.map((p) => ({
    kind: "sqlite-damaged", category: "sqlite", offset: p.offset, offsetUnit: "byte", records: 0, before: null, after: null,
    explanation: `${p.inWal ? "in the -wal file beside it: " : ""}${p.problem}: ${p.lost}; SQLite stops reading the table there, and the rest was read past it`,
    // the offset is the -wal file's where the damaged page came from the log
    details: { problem: p.problem, lost: p.lost, offsetIn: p.inWal ? "wal" : "database" },
  }));
  const more = input.damagedCount - input.damaged.length;
  if (more > 0) {
    findings.push({
      kind: "sqlite-damaged", category: "sqlite", offset: null, offsetUnit: "byte", records: 0, before: null, after: null,
      explanation: `${more} more damaged places in the table after the first ${input.damaged.length}, not each listed`,
      details: { more },
    });
  }
  return findings;
}

export const sqliteDamage: AuditCheck = {
  id: "sqlite-damaged",
  category: "sqlite",
  description: "a wtmpdb or lastlog2 table damaged below its root (a page, cell or record that cannot be read): SQLite stops there, the rest is read past it",
  sqlite: (input) => check(input),
};
