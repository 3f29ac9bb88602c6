// The CLI's commands. Each takes its parsed arguments and resolves to an exit status.
import { streamBatches } from "../read/stream.ts";
import { inTimeOrder } from "../read/openAll.ts";
import { resolveLayout } from "../detect/chooseLayout.ts";
import type { EntryBatch } from "../core/batch.ts";
import type { Layout } from "../layouts/table.ts";
import type { Detection } from "../detect/detect.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { ByteWriter } from "../format/byteWriter.ts";
import { FORMATTERS, outOfRangeNote, type FormatName } from "./formatters.ts";
import { describeCandidates } from "../detect/detect.ts";
import { Output } from "./output.ts";
import type { ParsedArgs } from "./args.ts";
import { chooseInputs } from "./inputs.ts";
import { CliError } from "./cliError.ts";
import { cliMessage } from "./errorText.ts";
import { encode, type EntryInput } from "../write/encode.ts";
import { boot, login, logout, shutdown, type AccountingFiles } from "../sessions/accounting.ts";
import { utmpdumpEntries } from "../format/undump.ts";
import { parseIsoTime } from "../time/isoTime.ts";
import { csvHeader, csvRow } from "../format/csv.ts";
import { Progress } from "./progress.ts";
import { sameFile } from "./sameFile.ts";
import { structuredFormat, writeStructuredRows } from "./structured.ts";
import { accessSync, closeSync, constants, lstatSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { lineBlocks, type LineBlock } from "./lineBlocks.ts";
import { followDump } from "./follow.ts";
import type { DecodedStrings } from "../core/engine.ts";

export interface CommandContext {
  readonly stdout: Output;
  readonly stderr: Output;
}

interface Input {
  readonly path: string;
  readonly batches: AsyncGenerator<EntryBatch, void, undefined>;
  /** Set once the first batch has been asked for. */
  layout(): { layout: Layout; detection: Detection | undefined } | undefined;
}

/**
 * Runs `each` on every input file, oldest first unless `inTime` is false (a
 * rotated set given in any order, .gz members included, reads as one history). A file that cannot be
 * read or fits no layout is reported on stderr and the others still run; the
 * status is then 1.
 */
async function forEachInput(args: ParsedArgs, ctx: CommandContext, each: (input: Input) => Promise<void>, inTime = true, strings: DecodedStrings = "all"): Promise<number> {
  const option = args.options.get("layout");
  const layout = typeof option === "string" ? resolveLayout(option) : undefined;
  const choice = chooseInputs(args.operands, args.options.has("sample"), args.options.has("sample-if-empty"));
  if (choice.note) ctx.stderr.write(`utmpx: ${choice.note}\n`);
  let status = 0;
  const fail = (err: unknown) => {
    if (!(err instanceof UtmpError) || err.code === UtmpErrorCode.BAD_LAYOUT_NAME) throw err;
    ctx.stderr.write(`${cliMessage(err)}\n`);
    status = 1;
  };
  // files that fail here are reported when their turn comes
  const files = inTime && choice.files.length > 1 ? await inTimeOrder<string>(choice.files, { layout }).catch(() => choice.files) : choice.files;
  for (const path of files) {
    let chosen: { layout: Layout; detection: Detection | undefined } | undefined;
    // no strings for dump and json: the core writes them from the records
    const batches = streamBatches(path, {
      layout,
      transient: true, // every command here writes a batch before it asks for the next
      onLayout: (l, detection) => (chosen = { layout: l, detection }),
      onWarning: (w) => ctx.stderr.write(`utmpx: warning: ${w.message}\n`),
    }, strings);
    try {
      await each({ path, batches, layout: () => chosen });
    } catch (err) {
      fail(err);
    }
  }
  return status;
}

/**
 * Writes each batch's text to stdout as it comes, waiting for the reader after
 * each: however slow it is, we hold one batch's text, not the file's. One
 * thread: a second one formatting every other window cost CPU and, measured on
 * two cores, gained no time (issue 9).
 */
async function writeAll(input: Input, ctx: CommandContext, format: FormatName): Promise<void> {
  const write = FORMATTERS[format];
  const w = new ByteWriter(1 << 22);
  w.passThrough = ctx.stdout.immediateWriter();
  const progress = Progress.for(fileSize(input.path));
  for await (const batch of input.batches) {
    if (!ctx.stdout.open) break;
    write(w, batch, (i) => ctx.stderr.write(outOfRangeNote(batch, i)));
    ctx.stdout.writeFrom(w);
    progress?.update(batch.offsetOf(batch.length - 1));
    await ctx.stdout.ready();
  }
  progress?.done();
}

/** Whether `path` can be opened for reading (access(2): no open, so a FIFO without a writer does not block here). */
function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** For the progress bar only: the size of the file as we start (0 when it cannot be read; reading reports that). */
function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * `utmpx dump -r`: utmpdump text (FILE, or standard input) back into records of
 * `--layout` (default linux384-le), to `--output` or standard output.
 */
async function undump(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const option = args.options.get("layout");
  const layout = resolveLayout(typeof option === "string" ? option : "linux384-le");
  if (args.operands.length > 1) throw new CliError("dump -r reads one FILE (or standard input)");
  const name = args.operands[0] ?? "<stdin>";
  const stdin = args.operands[0] === undefined || args.operands[0] === "-";
  const output = args.options.get("output");
  // as convert and anonymize: a new file, never the input nor records already there (-o replaced a wtmp whole)
  if (typeof output === "string") {
    if (!stdin && sameFile(args.operands[0]!, output)) throw new CliError(`the output ${output} is the input: dump -r never writes over its input`, { hint: false });
    if (lstatSync(output, { throwIfNoEntry: false }) !== undefined) throw new CliError(`${output} exists: dump -r writes a new file (remove it first, or write to standard output)`, { hint: false });
  }
  // read a block of lines at a time, its records written before the next is read: memory is a block's, not the input's
  const input = stdin ? 0 : openInput(args.operands[0]!);
  let out: number | undefined;
  try {
    // -o: created now (never one made meanwhile written over), and removed again when the text fails
    out = typeof output === "string" ? createOutput(output) : undefined;
    for (const block of lineBlocks(input, stdin ? "standard input" : args.operands[0]!)) {
      let line = block.linesBefore;
      let bytes: Uint8Array;
      try {
        bytes = encode(cutSaid(utmpdumpEntries(block.text, name, (n) => (line = n), block.linesBefore), layout, (field, length, width) =>
          ctx.stderr.write(`utmpx: warning: ${name}:${line}: ${field} of ${length} bytes cut to its field's ${width}, as utmpdump -r cuts it\n`)), layout);
      } catch (err) {
        throw namingLine(err, block, name);
      }
      if (out !== undefined) writeOutput(out, output as string, bytes);
      else {
        ctx.stdout.writeBytes(bytes);
        if (ctx.stdout.full) await ctx.stdout.ready();
      }
    }
  } catch (err) {
    if (out !== undefined) {
      closeSync(out);
      out = undefined;
      rmSync(output as string, { force: true });
    }
    throw err;
  } finally {
    if (out !== undefined) closeSync(out);
    if (!stdin) closeSync(input);
  }
  return 0;
}

/**
 * encode()'s refusal of a value ("entry N: pid ... does not fit"), said of the
 * line of `text` that gave entry N, as a parse error names its line: encode
 * checks entries a batch at a time, so the line is found by reading the text
 * again up to that entry (the command stops here anyway).
 */
function namingLine(err: unknown, block: LineBlock, name: string): unknown {
  const entry = err instanceof UtmpError ? /^utmpx: entry (\d+): /.exec(err.message) : null;
  if (!entry) return err;
  const n = Number(entry[1]);
  let line = 0, k = 0;
  for (const _ of utmpdumpEntries(block.text, name, (at) => (line = at), block.linesBefore)) if (k++ === n) break;
  return new UtmpError((err as UtmpError).code, `utmpx: ${name}:${line}: ${(err as UtmpError).message.slice(entry[0].length)}`, { cause: err });
}

/** The entries, each string longer than its field in `layout` told to `cut` (encode cuts it; utmpdump -r cuts it without a word). */
function* cutSaid(entries: Iterable<EntryInput>, layout: Layout, cut: (field: string, length: number, width: number) => void): Generator<EntryInput> {
  for (const entry of entries) {
    for (const field of ["user", "line", "host", "id"] as const) {
      const value = entry[field], width = layout.fields[field]?.length;
      if (value instanceof Uint8Array && width !== undefined && value.length > width) cut(field, value.length, width);
    }
    yield entry;
  }
}

function openInput(path: string): number {
  try {
    return openSync(path, "r");
  } catch (err) {
    throw new UtmpError(UtmpErrorCode.IO, `utmpx: cannot read ${path}: ${(err as Error).message}`, { path, cause: err });
  }
}

function createOutput(path: string): number {
  try {
    return openSync(path, "wx"); // created here, not one made meanwhile written over
  } catch (err) {
    throw new UtmpError(UtmpErrorCode.IO, `utmpx: cannot write ${path}: ${(err as Error).message}`, { path, cause: err });
  }
}

function writeOutput(fd: number, path: string, bytes: Uint8Array): void {
  try {
    for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
  } catch (err) {
    throw new UtmpError(UtmpErrorCode.IO, `utmpx: cannot write ${path}: ${(err as Error).message}`, { path, cause: err });
  }
}

/** Entries in a structured format: one JSON document, JSON lines, or CSV with a header. */
async function writeStructured(format: "json" | "ndjson" | "csv", args: ParsedArgs, ctx: CommandContext): Promise<number> {
  // utmpx json's lines, read as it reads them (no strings: the core writes them from the records);
  // read with every string, as the other two need, dump --ndjson of 1M records took 0.50 s, json 0.26
  if (format === "ndjson") return json(args, ctx);
  let first = true;
  if (format === "json") ctx.stdout.write("[");
  if (format === "csv") ctx.stdout.write(csvHeader());
  const status = await forEachInput(args, ctx, async (input) => {
    for await (const batch of input.batches) {
      if (!ctx.stdout.open) break;
      for (const e of batch) {
        if (format === "csv") ctx.stdout.write(csvRow(e));
        else { ctx.stdout.write((first ? "\n" : ",\n") + JSON.stringify(e)); first = false; }
      }
      await ctx.stdout.ready(); // as writeAll: a batch's text at a time, whatever the reader's pace
    }
  });
  if (format === "json") ctx.stdout.write(first ? "]\n" : "\n]\n");
  return status;
}

/** `utmpx dump`: what util-linux utmpdump prints, for any layout; with -r, the reverse. */
export function dump(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  if (args.options.has("reverse")) return undump(args, ctx);
  if (args.options.has("follow")) return followDump(args, ctx); // utmpdump -f: the file, then each record appended
  const structured = structuredFormat(args);
  if (structured) return writeStructured(structured, args, ctx);
  return forEachInput(args, ctx, async (input) => {
    // utmpdump names the file once it has opened it: a file it cannot read has its error alone
    if (readable(input.path)) {
      ctx.stderr.write(`Utmp dump of ${input.path}\n`);
      ctx.stderr.flush();
    }
    await writeAll(input, ctx, "dump");
  }, true, "none");
}

/** `utmpx json`: one JSON object per entry, one per line. */
export function json(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  return forEachInput(args, ctx, (input) => writeAll(input, ctx, "json"), true, "none");
}

/** `utmpx detect`: the layout of each file, how sure, and the runner-up (as text, or --json/--ndjson/--csv). */
export async function detectCommand(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const structured = structuredFormat(args);
  const rows: DetectRow[] = [];
  const status = await forEachInput(args, ctx, async (input) => {
    await input.batches.next(); // enough to choose the layout
    await input.batches.return(undefined);
    const chosen = input.layout();
    if (!chosen) return;
    const { layout, detection: d } = chosen;
    const row: DetectRow = {
      file: input.path, layout: layout.id, os: layout.os, byteOrder: layout.byteOrder, recordSize: layout.recordSize,
      confidence: d ? Number(d.confidence.toFixed(3)) : null, runnerUp: d?.runnerUp?.layout.id ?? null,
    };
    if (structured) return void rows.push(row);
    const confidence = d ? d.confidence.toFixed(2) : "given";
    const runnerUp = d?.runnerUp ? `; runner-up ${describeCandidates([d.runnerUp], 1)}` : "";
    // a wtmpdb database has no records of its own: its rows are read as records of the wtmpdb layout
    const what = layout.id === "wtmpdb" ? "SQLite database of sessions and boots" : `${layout.os}, ${layout.byteOrder}-endian, ${layout.recordSize}-byte records`;
    ctx.stdout.write(`${input.path}: ${layout.id} (${what}), confidence ${confidence}${runnerUp}\n`);
  }, false); // each file as given: detection is not a history
  if (structured) writeStructuredRows(structured, rows, DETECT_FIELDS, ctx.stdout);
  return status;
}

interface DetectRow {
  file: string;
  layout: string;
  os: string;
  byteOrder: string;
  recordSize: number;
  /** null when the layout was given (--layout) */
  confidence: number | null;
  runnerUp: string | null;
}
const DETECT_FIELDS: readonly (keyof DetectRow)[] = ["file", "layout", "os", "byteOrder", "recordSize", "confidence", "runnerUp"];

/**
 * `utmpx add --login|--logout|--boot|--shutdown`: writes the records login(1)
 * and init write, to the system's utmp and wtmp, or to --utmp/--wtmp FILE, or
 * (a FILE operand) appended to that one file.
 */
export async function add(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const o = args.options;
  const text = (name: string) => { const v = o.get(name); return typeof v === "string" ? v : undefined; };
  const number = (name: string) => {
    const v = text(name);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new CliError(`--${name} takes a number, not '${v}'`);
    return Number(v);
  };
  const events = ["login", "logout", "boot", "shutdown"].filter((e) => o.has(e));
  if (events.length !== 1) throw new CliError("add needs exactly one of --login, --logout, --boot, --shutdown");
  if (args.operands.length > 1) throw new CliError("add writes to at most one FILE");
  const file = args.operands[0];
  const files = { ...(file !== undefined ? { utmp: null, wtmp: file } : { utmp: text("utmp"), wtmp: text("wtmp") }), padPartial: o.has("pad-partial") };
  const time = text("time");
  const parsed = time === undefined ? undefined : parseIsoTime(time);
  if (parsed && "why" in parsed) throw new CliError(`--time takes an ISO-8601 time such as 2024-01-01T08:00:00Z, not '${time}': ${parsed.why}`);
  const when = parsed ? { date: parsed.date } : {};
  try {
    addEvent(events[0]!, o, files, when, text, number);
  } catch (err) {
    // the API's message names its option; here it is a flag
    if (err instanceof UtmpError && err.code === UtmpErrorCode.PARTIAL_RECORD) {
      throw new UtmpError(err.code, err.message.replace(/; pass \{ padPartial: true \}/, "; look at it (utmpx dump), then pass --pad-partial"), { path: err.path, offset: err.offset, cause: err });
    }
    throw err;
  }
  void ctx;
  return 0;
}

/** Writes the one event add was asked for. */
function addEvent(event: string, o: ParsedArgs["options"], files: AccountingFiles, when: { date?: Date },
  text: (name: string) => string | undefined, number: (name: string) => number | undefined): void {
  switch (event) {
    case "login": {
      const user = text("user"), line = text("line");
      if (!user || !line) throw new CliError("--login needs --user and --line");
      login({ user, line, ...opt("host", text("host")), ...opt("addr", text("addr")), ...opt("pid", number("pid")), ...opt("id", text("id")), ...when }, files);
      break;
    }
    case "logout": {
      const line = text("line");
      if (!line) throw new CliError("--logout needs --line");
      logout({ line, ...opt("pid", number("pid")), ...opt("id", text("id")), ...when }, files);
      break;
    }
    case "boot": boot({ ...when, ...opt("kernel", text("host")) }, files); break;
    default: shutdown({ ...when, ...opt("kernel", text("host")) }, files);
  }
}

/** `{ [key]: value }`, or nothing when the value is undefined (exactOptionalPropertyTypes). */
function opt<K extends string, V>(key: K, value: V | undefined): { [k in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [k in K]?: V });
}
