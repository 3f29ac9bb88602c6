// --json, --ndjson and --csv of last's rows, one row at a time, so that rows
// can be written as the pairer decides them: the same text as
// writeStructuredRows (src/cli/structured.ts) gives for the whole list.
import { csvCell } from "../csv.ts";
import { sessionObject, SESSION_FIELDS, type SessionObject } from "../sessionObject.ts";
import type { Session } from "../../sessions/sessions.ts";

export type StructuredRowFormat = "json" | "ndjson" | "csv";

export class StructuredRows {
  private rows = 0;

  constructor(private readonly format: StructuredRowFormat) {}

  /** What comes before the first row. */
  start(): string {
    return this.format === "csv" ? SESSION_FIELDS.join(",") + "\r\n" : this.format === "json" ? "[" : "";
  }

  row(session: Session): string {
    const o = sessionObject(session);
    const first = this.rows++ === 0;
    if (this.format === "csv") {
      return SESSION_FIELDS.map((f) => { const v = o[f as keyof SessionObject]; return csvCell(v === null ? undefined : v); }).join(",") + "\r\n";
    }
    if (this.format === "ndjson") return JSON.stringify(o) + "\n";
    return (first ? "\n" : ",\n") + JSON.stringify(o);
  }

  /** What comes after the last row. */
  end(): string {
    return this.format === "json" ? (this.rows === 0 ? "]\n" : "\n]\n") : "";
  }
}
