// What a check is: a function over one file's batches (a scan), over a SQLite
// database, or over what several files of one host say together (across). The
// table of them is checks.ts; adding a check is adding a row there.
import type { Layout } from "../layouts/table.ts";
import type { ByteSource } from "../sources/sources.ts";
import type { Finding, FindingBody, FindingCategory } from "./finding.ts";
import type { AuditSettings } from "./options.ts";
import type { HostFacts } from "./facts.ts";
import type { SqliteInput } from "./sqliteInput.ts";
import type { RecordScan } from "./scan.ts";

export type { RecordScan } from "./scan.ts";

/**
 * What a file holds, which decides the checks that apply: a utmp's unused
 * slots are zero by design, a btmp's records are attempts, not sessions.
 */
export type FileRole = "wtmp" | "btmp" | "utmp" | "lastlog" | "wtmpdb" | "lastlog2";

/** A record file as a scan sees it. */
export interface ScanContext {
  readonly name: string;
  readonly role: FileRole;
  readonly layout: Layout;
  /** The file's bytes, for the checks that must look again at where records stop making sense. */
  readonly source: ByteSource;
  readonly settings: AuditSettings;
  /** What the files of the same host gather for the checks across them. */
  readonly facts: HostFacts;
}

export interface AuditCheck {
  /** Stable name (the --check option selects by it). */
  readonly id: string;
  readonly category: FindingCategory;
  /** One line for the README and --list-checks. */
  readonly description: string;
  /** The record files this check scans. */
  readonly roles?: readonly FileRole[];
  scan?(context: ScanContext): RecordScan;
  /** A wtmpdb or lastlog2 database. */
  sqlite?(input: SqliteInput, settings: AuditSettings): FindingBody[];
  /** The files of one host together (see facts.ts). */
  across?(facts: HostFacts, settings: AuditSettings): Finding[];
}
