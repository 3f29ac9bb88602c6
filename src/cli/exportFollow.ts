// `utmpx export --follow --format ndjson|csv FILE`: the rows of records
// appended to a live file, to standard output (or -o FILE) as they come, for
// a log shipper; with --checkpoint it resumes where it stopped.
import { createWriteStream } from "node:fs";
import type { ParsedArgs } from "./args.ts";
import type { CommandContext } from "./commands.ts";
import { Output } from "./output.ts";
import { CliError } from "./cliError.ts";
import { sameFile } from "./sameFile.ts";
import type { Layout } from "../layouts/table.ts";
import { RECORD_COLUMNS } from "../format/exportSchema.ts";
import type { ExportTextFormat } from "../format/exportText.ts";
import { ExportRecordBytes } from "../format/exportRecordBytes.ts";
import { ByteWriter } from "../format/byteWriter.ts";
import { FOLLOW_OPTIONS, followSettings, runFollow } from "./follow.ts";

export const EXPORT_FOLLOW_OPTIONS = FOLLOW_OPTIONS;

export async function exportFollow(args: ParsedArgs, ctx: CommandContext, format: ExportTextFormat, layout: Layout | undefined): Promise<number> {
  const s = followSettings(args, args.operands, layout, "end");
  const out = typeof args.options.get("output") === "string" && args.options.get("output") !== "-" ? String(args.options.get("output")) : undefined;
  // appended to the file followed, each row would be read back as records, without end
  if (out !== undefined && sameFile(s.path, out)) throw new CliError(`the output ${out} is the file followed: export never writes into its input`, { hint: false });
  // to a file: appended, so a restart from a checkpoint adds to what was shipped
  const output = out ? new Output(createWriteStream(out, { flags: "a" }) as unknown as NodeJS.WriteStream) : ctx.stdout;
  const rows = new ExportRecordBytes(RECORD_COLUMNS, format);
  const w = new ByteWriter(1 << 16);
  const host = typeof args.options.get("host") === "string" ? String(args.options.get("host")) : "unknown";
  const origin = { source: s.path, host };
  if (format === "csv") output.write(rows.start());
  return runFollow(s, { ...ctx, stdout: output }, (batch) => {
    rows.writeBatch(w, batch, origin);
    output.writeFrom(w);
  });
}
