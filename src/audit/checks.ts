// THE table of checks: every check the audit runs, in the order findings are
// reported. Adding a check is adding a row (a file exporting an AuditCheck).
import type { AuditCheck } from "./check.ts";
import { zeroRuns } from "./zeroRuns.ts";
import { timeRegressions } from "./timeRegression.ts";
import { structure } from "./structure.ts";
import { sequences } from "./sequences.ts";
import { lastlogVsWtmp } from "./lastlogVsWtmp.ts";
import { utmpVsWtmp } from "./utmpVsWtmp.ts";
import { wtmpdbOrder } from "./wtmpdbOrder.ts";
import { wtmpdbFreeSpace } from "./wtmpdbFreeSpace.ts";
import { lastlog2ValueKinds, wtmpdbValueKinds } from "./sqliteValueKinds.ts";
import { walPending } from "./walPending.ts";
import { sqliteDamage } from "./sqliteDamage.ts";
import { attackSummary } from "./attacks.ts";
import { attackThenLogin } from "./attackThenLogin.ts";

export const AUDIT_CHECKS: readonly AuditCheck[] = [
  zeroRuns,
  timeRegressions,
  structure,
  sequences,
  lastlogVsWtmp,
  utmpVsWtmp,
  wtmpdbOrder,
  wtmpdbFreeSpace,
  wtmpdbValueKinds,
  lastlog2ValueKinds,
  walPending,
  sqliteDamage,
  attackSummary,
  attackThenLogin,
];
