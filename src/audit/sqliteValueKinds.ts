// wtmpdb writes integers in Type, Login and Logout and text in the others
// (libwtmpdb binds them so); liblastlog2 text in Name, TTY, RemoteHost and
// Service and an integer in Time. A value of another kind (text in Login, a
// blob in User, a real in Time) was put there by something else: an older
// non-STRICT table edited by hand, or a tool that rewrote rows. The tools
// still print it, parsing its text (so "abc" logs in at 1970); the finding
// says where and what.
import type { AuditCheck } from "./check.ts";
import type { FindingBody } from "./finding.ts";
import type { SqliteInput } from "./sqliteInput.ts";

function check(input: SqliteInput): FindingBody[] {
  const kind = `${input.kind}-value-kind`;
  const writer = input.kind === "wtmpdb" ? "wtmpdb" : "liblastlog2";
  const findings: FindingBody[] = input.valueKinds.map((w) => ({
    kind, category: "sqlite", offset: w.id, offsetUnit: "rowid", records: 1, before: null, after: null,
    explanation: `row ${w.id}: ${w.column} ${w.kind === "NULL" ? "is NULL" : `holds ${w.kind} ${JSON.stringify(w.text)}`}, which ${writer} never writes there (${input.kind === "wtmpdb" ? "it reads it as" : "lastlog2 reads it as"} ${w.read}): the row was written by something else, or edited`,
    details: { row: w.id, column: w.column, kind: w.kind, value: w.text, readAs: w.read, cellOffset: w.offset },
  }));
  const more = input.valueKindCount - input.valueKinds.length;
  if (more > 0) {
    const last = input.valueKinds.at(-1)!;
    findings.push({
      kind, category: "sqlite", offset: null, offsetUnit: "rowid", records: more, before: null, after: null,
      explanation: `${more} more values of kinds ${writer} never writes after row ${last.id}, not each listed`,
      details: { more, afterRow: last.id },
    });
  }
  return findings;
}

export const wtmpdbValueKinds: AuditCheck = {
  id: "wtmpdb-value-kind",
  category: "sqlite",
  description: "wtmpdb values of a kind wtmpdb never writes (text or a real in Login, a blob in User), as wtmpdb last reads them",
  sqlite: (input) => (input.kind === "wtmpdb" ? check(input) : []),
};

export const lastlog2ValueKinds: AuditCheck = {
  id: "lastlog2-value-kind",
  category: "sqlite",
  description: "lastlog2 values of a kind liblastlog2 never writes (text or a real in Time, a blob or NULL Name), as lastlog2 reads them",
  sqlite: (input) => (input.kind === "lastlog2" ? check(input) : []),
};
