// --json (one document), --ndjson (a line each) or --csv (a header, a row
// each) of a command's rows, for the commands whose rows fit in memory.
import { csvCell } from "../format/csv.ts";
import type { Output } from "./output.ts";
import type { ParsedArgs } from "./args.ts";
import { CliError } from "./cliError.ts";

export type StructuredFormat = "json" | "ndjson" | "csv";

/** The structured output a command was asked for (--json, --ndjson, --csv), if any. */
export function structuredFormat(args: ParsedArgs): StructuredFormat | undefined {
  const asked = (["json", "ndjson", "csv"] as const).filter((f) => args.options.has(f));
  if (asked.length > 1) throw new CliError("choose one of --json, --ndjson, --csv");
  return asked[0];
}

export function writeStructuredRows<T extends object>(format: StructuredFormat, rows: Iterable<T>, fields: readonly (keyof T & string)[], out: Output): void {
  if (format === "csv") out.write(fields.join(",") + "\r\n");
  if (format === "json") out.write("[");
  let first = true;
  for (const row of rows) {
    if (format === "csv") {
      out.write(fields.map((f) => { const v = row[f]; return csvCell(v === null ? undefined : (v as string | number | undefined)); }).join(",") + "\r\n");
    } else if (format === "ndjson") {
      out.write(JSON.stringify(row) + "\n");
    } else {
      out.write((first ? "\n" : ",\n") + JSON.stringify(row));
    }
    first = false;
  }
  if (format === "json") out.write(first ? "]\n" : "\n]\n");
}
