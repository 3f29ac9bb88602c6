// The CLI's commands. Each takes its parsed arguments and returns an exit status.
import { open } from "../index.ts";
import { resolveLayout, type Database } from "../database.ts";
import { UtmpError, UtmpErrorCode } from "../errors.ts";
import { writeUtmpdump } from "../format/utmpdump.ts";
import { ByteWriter } from "../format/byteWriter.ts";
import { writeJsonLines } from "../format/jsonLines.ts";
import { describeCandidates } from "../detect.ts";
import { Output } from "./output.ts";
import type { ParsedArgs } from "./args.ts";
import { chooseInputs } from "./inputs.ts";

export interface CommandContext {
  readonly stdout: Output;
  readonly stderr: Output;
}

/**
 * Runs `each` on every input file. A file that cannot be read or fits no layout
 * is reported on stderr and the others still run; the status is then 1.
 */
function forEachInput(args: ParsedArgs, ctx: CommandContext, each: (path: string, db: Database) => void): number {
  const layout = args.options.get("layout");
  const choice = chooseInputs(args.operands, args.options.has("sample"), args.options.has("sample-if-empty"));
  if (choice.note) ctx.stderr.write(`utmpx: ${choice.note}\n`);
  let status = 0;
  for (const path of choice.files) {
    try {
      each(path, open(path, { layout: typeof layout === "string" ? resolveLayout(layout) : undefined }));
    } catch (err) {
      if (!(err instanceof UtmpError) || err.code === UtmpErrorCode.BAD_LAYOUT_NAME) throw err;
      ctx.stderr.write(`${err.message}\n`);
      status = 1;
    }
  }
  return status;
}

function reportWarnings(db: Database, ctx: CommandContext): void {
  for (const w of db.warnings) ctx.stderr.write(`utmpx: warning: ${w.message}\n`);
}

/** `utmpx dump`: what util-linux utmpdump prints, for any layout. */
export function dump(args: ParsedArgs, ctx: CommandContext): number {
  return forEachInput(args, ctx, (path, db) => {
    ctx.stderr.write(`Utmp dump of ${path}\n`);
    ctx.stderr.flush();
    const w = new ByteWriter(1 << 22);
    for (const batch of db.batches()) {
      if (!ctx.stdout.open) break;
      writeUtmpdump(w, batch, (i) => ctx.stderr.write(`utmpx: time ${batch.columns.seconds[i]} is out of range.\n`));
      ctx.stdout.writeBytes(w.view());
      w.clear();
    }
    reportWarnings(db, ctx);
  });
}

/** `utmpx json`: one JSON object per entry, one per line. */
export function json(args: ParsedArgs, ctx: CommandContext): number {
  return forEachInput(args, ctx, (_path, db) => {
    const w = new ByteWriter(1 << 22);
    for (const batch of db.batches()) {
      if (!ctx.stdout.open) break;
      writeJsonLines(w, batch);
      ctx.stdout.writeBytes(w.view());
      w.clear();
    }
    reportWarnings(db, ctx);
  });
}

/** `utmpx detect`: the layout of each file, how sure, and the runner-up. */
export function detectCommand(args: ParsedArgs, ctx: CommandContext): number {
  return forEachInput(args, ctx, (path, db) => {
    const layout = db.layout;
    const d = db.detection;
    const confidence = d ? d.confidence.toFixed(2) : "given";
    const runnerUp = d?.runnerUp ? `; runner-up ${describeCandidates([d.runnerUp], 1)}` : "";
    ctx.stdout.write(`${path}: ${layout.id} (${layout.os}, ${layout.byteOrder}-endian, ${layout.recordSize}-byte records), ` +
      `confidence ${confidence}${runnerUp}\n`);
  });
}
