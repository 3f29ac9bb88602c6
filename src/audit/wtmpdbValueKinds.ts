// wtmpdb writes integers in Type, Login and Logout and text in the others
// (libwtmpdb binds them so). A value of another kind (text in Login, a blob in
// User) was put there by something else: an older non-STRICT table edited by
// hand, or a tool that rewrote rows. wtmpdb last still prints it, parsing its
// text (so "abc" logs in at 1970); the finding says where and what.
import type { AuditCheck } from "./check.ts";
import type { FindingBody } from "./finding.ts";
import type { SqliteInput } from "./sqliteInput.ts";

function check(input: SqliteInput): FindingBody[] {
  const findings: FindingBody[] = input.valueKinds.map((w) => ({
    kind: "wtmpdb-value-kind", category: "sqlite", offset: w.id, offsetUnit: "rowid", records: 1, before: null, after: null,
    explanation: `row ${w.id}: ${w.column} holds ${w.kind} ${JSON.stringify(w.text)}, which wtmpdb never writes there (it reads it as ${w.read}): the row was written by something else, or edited`,
    details: { row: w.id, column: w.column, kind: w.kind, value: w.text, readAs: w.read, cellOffset: w.offset },
  }));
  const more = input.valueKindCount - input.valueKinds.length;
  if (more > 0) {
    const last = input.valueKinds.at(-1)!;
    findings.push({
      kind: "wtmpdb-value-kind", category: "sqlite", offset: null, offsetUnit: "rowid", records: more, before: null, after: null,
      explanation: `${more} more values of kinds wtmpdb never writes after row ${last.id}, not each listed`,
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
