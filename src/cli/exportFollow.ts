// `utmpx export --follow --format ndjson|csv FILE`: the rows of records
// appended to a live file, to standard output (or -o FILE) as they come, for
// a log shipper; with --checkpoint it resumes where it stopped.
import { closeSync, createWriteStream, openSync, readSync } from "node:fs";
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
  const rows = new ExportRecordBytes(RECORD_COLUMNS, format);
  const shipped = out === undefined ? undefined : firstLine(out);
  if (shipped !== undefined && !isExportLine(shipped, format, rows)) {
    throw new CliError(`${out} is not ${format} rows of utmpx export: --follow appends to it (give a new file, or one an earlier export --follow wrote)`, { hint: false });
  }
  // to a file: appended, so a restart from a checkpoint adds to what was shipped
  const output = out ? new Output(createWriteStream(out, { flags: "a" }) as unknown as NodeJS.WriteStream) : ctx.stdout;
  const w = new ByteWriter(1 << 16);
  const host = typeof args.options.get("host") === "string" ? String(args.options.get("host")) : "unknown";
  const origin = { source: s.path, host };
  if (shipped === undefined) output.write(rows.start()); // a resumed CSV has its header

  return runFollow(s, { ...ctx, stdout: output }, (batch) => {
    rows.writeBatch(w, batch, origin);
    output.writeFrom(w);
  });
}

/**
 * The first line of a file --follow would append to (at most 4 KiB of it), or
 * undefined when there is none yet: no file, or an empty one.
 */
function firstLine(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return undefined; // not there yet: appending creates it (or says why it cannot)
  }
  try {
    const head = new Uint8Array(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    if (n === 0) return undefined;
    const text = new TextDecoder("latin1").decode(head.subarray(0, n));
    const end = text.indexOf("\n");
    return end < 0 ? text : text.slice(0, end);
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether a line is what this export writes first: its CSV header, or a JSON
 * object of its columns. Anything else (a wtmp named by mistake) would be
 * corrupted by rows of text appended to it.
 */
function isExportLine(line: string, format: ExportTextFormat, rows: ExportRecordBytes): boolean {
  if (format === "csv") return line.trimEnd() === rows.start().trimEnd();
  return line.startsWith(`{"${RECORD_COLUMNS[0]!.name}":`);
}
