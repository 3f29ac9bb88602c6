// THE table of checks: every check the audit runs, in the order findings are
// reported. Adding a check is adding a row (a file exporting an AuditCheck).
import type { AuditCheck } from "./check.ts";
import { zeroRuns } from "./zeroRuns.ts";
import { timeRegressions } from "./timeRegression.ts";
import { structure } from "./structure.ts";
import { sequences } from "./sequences.ts";

export const AUDIT_CHECKS: readonly AuditCheck[] = [
  zeroRuns,
  timeRegressions,
  structure,
  sequences,
];
