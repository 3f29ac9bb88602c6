// What the audit hands back: findings as plain data (format/auditReport.ts
// prints them). The shape is the documented JSON schema of `utmpx audit
// --json`, so its fields change only by addition.

/** The family of checks a finding comes from. */
export type FindingCategory = "zeroed" | "time" | "structure" | "sequence" | "cross-source" | "sqlite" | "attack";

export interface Finding {
  /** What was found, in kebab case (see AUDIT_CHECKS for each kind). */
  readonly kind: string;
  readonly category: FindingCategory;
  /** The file as given (its path, or a Blob's or bytes' name). */
  readonly file: string;
  /** Byte offset of the first record concerned; for a SQLite database, a row ID (see offsetUnit); null when none applies. */
  readonly offset: number | null;
  readonly offsetUnit: "byte" | "rowid";
  /** How many records (rows, attempts) the finding covers. */
  readonly records: number;
  /** Time of the record just before, ISO-8601 UTC with microseconds; null when none. */
  readonly before: string | null;
  /** Time of the record just after (or of the record itself, as the kind says); null when none. */
  readonly after: string | null;
  /** One line a responder can paste into a report: the evidence, never a stronger verdict. */
  readonly explanation: string;
  /** Values that back the explanation, by kind. */
  readonly details: Readonly<Record<string, unknown>>;
}

/** A finding's fields before the file is known (checks work per file; the driver adds it). */
export type FindingBody = Omit<Finding, "file" | "offsetUnit"> & { readonly offsetUnit?: "byte" | "rowid" };
