// The CLI's commands. Each takes its parsed arguments and returns an exit status.
import { open } from "../index.ts";
import type { Database } from "../database.ts";
import { utmpdumpRecord } from "../format/utmpdump.ts";
import { describeCandidates } from "../detect.ts";
import { Output } from "./output.ts";
import type { ParsedArgs } from "./args.ts";
import { chooseInputs } from "./inputs.ts";

export interface CommandContext {
  readonly stdout: Output;
  readonly stderr: Output;
}

function openAll(args: ParsedArgs, ctx: CommandContext): { path: string; db: Database }[] {
  const layout = args.options.get("layout");
  const choice = chooseInputs(args.operands, args.options.has("sample"), args.options.has("sample-if-empty"));
  if (choice.note) ctx.stderr.write(`utmpx: ${choice.note}\n`);
  return choice.files.map((path) => ({ path, db: open(path, { layout: typeof layout === "string" ? layout : undefined }) }));
}

function reportWarnings(db: Database, ctx: CommandContext): void {
  for (const w of db.warnings) ctx.stderr.write(`utmpx: warning: ${w.message}\n`);
}

/** `utmpx dump`: what util-linux utmpdump prints, for any layout. */
export function dump(args: ParsedArgs, ctx: CommandContext): number {
  for (const { path, db } of openAll(args, ctx)) {
    ctx.stderr.write(`Utmp dump of ${path}\n`);
    ctx.stderr.flush();
    for (const batch of db.batches()) {
      for (let i = 0; i < batch.length && ctx.stdout.open; i++) {
        const line = utmpdumpRecord(batch, i);
        if (line !== undefined) ctx.stdout.write(line);
        else ctx.stderr.write(`utmpx: time ${batch.columns.seconds[i]} is out of range.\n`);
      }
    }
    reportWarnings(db, ctx);
  }
  return 0;
}

/** `utmpx json`: one JSON object per entry, one per line. */
export function json(args: ParsedArgs, ctx: CommandContext): number {
  for (const { db } of openAll(args, ctx)) {
    for (const batch of db.batches()) {
      for (let i = 0; i < batch.length && ctx.stdout.open; i++) {
        ctx.stdout.write(JSON.stringify(batch.get(i)) + "\n");
      }
    }
    reportWarnings(db, ctx);
  }
  return 0;
}

/** `utmpx detect`: the layout of each file, how sure, and the runner-up. */
export function detectCommand(args: ParsedArgs, ctx: CommandContext): number {
  for (const { path, db } of openAll(args, ctx)) {
    const layout = db.layout;
    const d = db.detection;
    const confidence = d ? d.confidence.toFixed(2) : "given";
    const runnerUp = d?.runnerUp ? `; runner-up ${describeCandidates([d.runnerUp], 1)}` : "";
    ctx.stdout.write(`${path}: ${layout.id} (${layout.os}, ${layout.byteOrder}-endian, ${layout.recordSize}-byte records), ` +
      `confidence ${confidence}${runnerUp}\n`);
  }
  return 0;
}
