// What the commands that follow a file share: the options (--from,
// --checkpoint, --poll), stopping on SIGINT or SIGTERM with status 0, and the
// checkpoint file, saved after each batch is written (atomically: a crash
// leaves the old one or the new one), read back at the next start.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { OptionSpec, ParsedArgs } from "./args.ts";
import type { Output } from "./output.ts";
import { CliError } from "./cliError.ts";
import { sameFile } from "./sameFile.ts";
import { follow, type FollowCheckpoint, type FollowOptions } from "../read/follow.ts";
import type { EntryBatch } from "../core/batch.ts";
import type { Layout } from "../layouts/table.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { ByteWriter } from "../format/byteWriter.ts";
import { FORMATTERS, outOfRangeNote } from "./formatters.ts";
import { resolveLayout } from "../detect/chooseLayout.ts";

/** A command's outputs (commands.ts's CommandContext, named here so that dump can call in without a cycle). */
export interface FollowContext {
  readonly stdout: Output;
  readonly stderr: Output;
  /** Ends following as SIGINT does (for callers in-process: tests, an embedding program). */
  readonly signal?: AbortSignal | undefined;
}

export { FOLLOW_OPTIONS } from "./followOptions.ts";

export interface FollowSettings {
  readonly path: string;
  readonly from: FollowOptions["from"];
  /** The file the checkpoint is kept in, when asked for. */
  readonly checkpointFile: string | undefined;
  readonly pollInterval: number;
  readonly layout: Layout | undefined;
}

const str = (v: string | true | undefined) => (typeof v === "string" ? v : undefined);

/** A saved checkpoint, or undefined when the file does not exist yet. */
function readCheckpoint(file: string): FollowCheckpoint | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as { code?: string }).code === "ENOENT") return undefined;
    throw new UtmpError(UtmpErrorCode.IO, `utmpx: cannot read checkpoint ${file}: ${(err as Error).message}`, { path: file, cause: err });
  }
  let cp: unknown;
  try { cp = JSON.parse(text); } catch { cp = undefined; }
  const ok = (v: unknown) => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
  const c = cp as Partial<FollowCheckpoint> | undefined;
  if (!c || !ok(c.offset) || !ok(c.inode) || !ok(c.size)) {
    throw new UtmpError(UtmpErrorCode.BAD_INPUT, `utmpx: ${file} is not a checkpoint ({"offset":N,"inode":N,"size":N})`, { path: file });
  }
  return c as FollowCheckpoint;
}

function saveCheckpoint(file: string, cp: FollowCheckpoint): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, JSON.stringify(cp) + "\n");
  renameSync(temporary, file);
}

/** The follow options of `args` for its one FILE; `fallbackFrom` when neither --from nor a saved checkpoint says. */
export function followSettings(args: ParsedArgs, files: readonly string[], layout: Layout | undefined, fallbackFrom: "start" | "end"): FollowSettings {
  if (files.length !== 1) throw new CliError("--follow follows one FILE");
  const checkpointFile = str(args.options.get("checkpoint"));
  // saved over the file followed (one not there yet, or empty), it would take the records' place
  if (checkpointFile !== undefined && sameFile(files[0]!, checkpointFile)) throw new CliError(`--checkpoint ${checkpointFile} is the file followed: keep it elsewhere`, { hint: false });
  const fromText = str(args.options.get("from"));
  let from: FollowOptions["from"] = fallbackFrom;
  if (fromText !== undefined) {
    if (fromText === "start" || fromText === "end") from = fromText;
    else if (/^\d+$/.test(fromText)) from = Number(fromText);
    else throw new CliError(`--from is start, end or a byte offset, not '${fromText}'`);
  }
  const saved = checkpointFile ? readCheckpoint(checkpointFile) : undefined;
  if (saved) from = saved; // a restart goes on where the last run stopped
  const poll = str(args.options.get("poll"));
  if (poll !== undefined && !/^\d+$/.test(poll)) throw new CliError(`--poll takes milliseconds, not '${poll}'`);
  return { path: files[0]!, from, checkpointFile, pollInterval: poll === undefined ? 1000 : Math.max(1, Number(poll)), layout };
}

/**
 * Follows the file until SIGINT or SIGTERM, calling `each` with every new
 * batch and saving the checkpoint once it is done. Status 0 when stopped so.
 */
export async function runFollow(s: FollowSettings, ctx: FollowContext, each: (batch: EntryBatch) => Promise<void> | void): Promise<number> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  if (ctx.signal?.aborted) return 0;
  ctx.signal?.addEventListener("abort", onSignal, { once: true });
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  // followed by name, as tail -F: a file not there yet is waited for, which is said, not left to look like a hang
  if (!existsSync(s.path)) { ctx.stderr.write(`utmpx: ${s.path} does not exist (yet): waiting for it to appear\n`); ctx.stderr.flush(); }
  try {
    for await (const { batch, checkpoint } of follow(s.path, {
      from: s.from, layout: s.layout, signal: stop.signal, pollInterval: s.pollInterval,
      onWarning: (w) => { ctx.stderr.write(`utmpx: warning: ${w.message}\n`); ctx.stderr.flush(); },
    })) {
      await each(batch);
      ctx.stdout.flush();
      await ctx.stdout.ready();
      if (s.checkpointFile) saveCheckpoint(s.checkpointFile, checkpoint);
      if (!ctx.stdout.open) break; // the reader went away
    }
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  return 0;
}

/** `utmpx dump --follow FILE`: the file's records as utmpdump prints them, then each one appended, as `utmpdump -f` does. */
export function followDump(args: ParsedArgs, ctx: FollowContext): Promise<number> {
  const layout = str(args.options.get("layout"));
  const s = followSettings(args, args.operands, layout === undefined ? undefined : resolveLayout(layout), "start");
  const w = new ByteWriter(1 << 16);
  return runFollow(s, ctx, (batch) => {
    FORMATTERS.dump(w, batch, (i) => ctx.stderr.write(outOfRangeNote(batch, i)));
    ctx.stdout.writeFrom(w);
  });
}
