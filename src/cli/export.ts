// `utmpx export`: every record of every input as rows of one documented
// schema (src/format/exportSchema.ts), as a Hive-partitioned Parquet dataset
// or as JSON lines or CSV; with --sessions, last's sessions as a second table.
// Written while reading: memory holds one window of records and one row group.
import { createWriteStream, existsSync, fstatSync, openSync, rmSync } from "node:fs";
import type { Writable } from "node:stream";
import { isFile } from "./pathKind.ts";
import { syncFileStream } from "./syncFileStream.ts";
import { resolve, sep } from "node:path";
import type { OptionSpec, ParsedArgs } from "./args.ts";
import type { CommandContext } from "./commands.ts";
import { CliError } from "./cliError.ts";
import { cliMessage } from "./errorText.ts";
import { Output } from "./output.ts";
import { streamBatches } from "../read/stream.ts";
import type { DecodedStrings } from "../core/engine.ts";
import { inTimeOrder } from "../read/openAll.ts";
import { resolveLayout } from "../detect/chooseLayout.ts";
import type { Layout } from "../layouts/table.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { PARTITIONED_RECORD_COLUMNS, RECORD_COLUMNS, type RecordOrigin, type RecordRow } from "../format/exportSchema.ts";
import { PARTITIONED_SESSION_COLUMNS, SESSION_COLUMNS, type SessionRow } from "../format/exportSessionSchema.ts";
import { ExportText } from "../format/exportText.ts";
import { ExportRecordBytes } from "../format/exportRecordBytes.ts";
import { ByteWriter } from "../format/byteWriter.ts";
import type { RecordBatch } from "../core/recordBatch.ts";
import { PARQUET_CODECS, type ParquetCodec } from "../format/parquetCodecs.ts";
import { exportInputs, isHistory, type ExportInput } from "./exportInputs.ts";
import { warnSkipped } from "./collection.ts";
import { ParquetDataset } from "./exportDataset.ts";
import { pairHistory } from "./exportSessions.ts";
import { exportFollow, EXPORT_FOLLOW_OPTIONS } from "./exportFollow.ts";

export const EXPORT_USAGE = `Usage: utmpx export [--format parquet|ndjson|csv] [-o OUT] [options] PATH...

Every record of every PATH as rows of one schema (host, source, layout, offset,
type, raw_type, user, line, id, ut_host, addr, pid, session, exit_termination,
exit_status, time, zeroed). A PATH that is a folder is a collection of hosts'
files (PATH/<host>/var/log/wtmp*): every wtmp, btmp, utmp and utx.log under it,
the host named by the first folder below PATH.

Options:
      --format F          parquet (default): OUT is a new folder, written as
                          OUT/host=<host>/part-N.parquet (Hive partitions);
                          ndjson or csv: OUT is a file (default standard output)
  -o, --output OUT        where the records go: a new file or folder
      --host NAME         the host of files given directly (default: unknown)
      --sessions OUT      also write last's sessions of each host's wtmp files
                          (a folder for parquet, a file for ndjson and csv)
      --codec C           Parquet compression: SNAPPY (default), ZSTD, GZIP, UNCOMPRESSED
      --rows-per-file N   Parquet rows per part file (default 1000000)
      --row-group N       Parquet rows per row group (default 65536)
  -l, --layout ID         read the files with this layout instead of detecting it
  -f, --follow            follow one file as it grows: rows of each record appended
                          (ndjson or csv, to standard output or appended to OUT)
      --from WHERE        with --follow: end (default), start, or a byte offset
      --checkpoint FILE   with --follow: where to resume from, saved after each batch
      --poll MS           with --follow: look at the file at least this often (1000)
  -h, --help              show this help
`;

export const EXPORT_OPTIONS: OptionSpec[] = [
  { name: "format", value: true }, { name: "output", short: "o", value: true }, { name: "host", value: true },
  { name: "sessions", value: true }, { name: "codec", value: true }, { name: "rows-per-file", value: true },
  { name: "row-group", value: true }, { name: "layout", short: "l", value: true }, { name: "help", short: "h" },
  ...EXPORT_FOLLOW_OPTIONS,
];

const str = (v: string | true | undefined) => (typeof v === "string" ? v : undefined);

function count(args: ParsedArgs, name: string, fallback: number): number {
  const v = str(args.options.get(name));
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new CliError(`--${name} takes a positive whole number, not '${v}'`);
  return Number(v);
}

export async function exportCommand(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  if (args.options.has("help")) { ctx.stdout.write(EXPORT_USAGE); return 0; }
  const format = str(args.options.get("format")) ?? "parquet";
  if (format !== "parquet" && format !== "ndjson" && format !== "csv") throw new CliError(`--format is parquet, ndjson or csv, not '${format}'`);
  const layoutName = str(args.options.get("layout"));
  const layout = layoutName ? resolveLayout(layoutName) : undefined;
  if (args.options.has("follow")) {
    if (format === "parquet") throw new CliError("--follow writes rows as they come: use --format ndjson or csv (a Parquet file is written whole)");
    return exportFollow(args, ctx, format, layout);
  }
  if (args.operands.length === 0) throw new CliError("export needs at least one PATH (a file, or a folder of hosts' files)");
  const codec = (str(args.options.get("codec")) ?? "SNAPPY").toUpperCase() as ParquetCodec;
  if (!PARQUET_CODECS.includes(codec)) throw new CliError(`--codec is one of ${PARQUET_CODECS.join(", ")}, not '${str(args.options.get("codec"))}'`);
  const rowsPerFile = count(args, "rows-per-file", 1_000_000);
  const rowGroupSize = count(args, "row-group", 65_536);
  const out = str(args.options.get("output"));
  const sessionsOut = str(args.options.get("sessions"));
  if (format === "parquet" && !out) throw new CliError("--format parquet needs -o OUT, a new folder for the dataset");
  if (out && sessionsOut && overlaps(out, sessionsOut)) {
    throw new CliError("--sessions needs a place of its own, not OUT nor inside it (a reader of OUT/** would mix the two tables)");
  }
  const hosts = exportInputs(args.operands, str(args.options.get("host")), warnSkipped(ctx.stderr));

  let status = 0;
  const report = (err: unknown) => {
    if (!(err instanceof UtmpError) || err.code === UtmpErrorCode.BAD_LAYOUT_NAME) throw err;
    ctx.stderr.write(`${cliMessage(err)}\n`);
    status = 1;
  };
  const onWarning = (w: { message: string }) => ctx.stderr.write(`utmpx: warning: ${w.message}\n`);

  if (format === "parquet") {
    ParquetDataset.prepare(out!);
    if (sessionsOut) ParquetDataset.prepare(sessionsOut);
    const options = { codec, rowGroupSize, rowsPerFile };
    const records = new ParquetDataset<RecordRow>(out!, PARTITIONED_RECORD_COLUMNS, options);
    await eachRecord(hosts, layout, onWarning, report, async (host, batch, origin) => {
      const row: RecordRow = { batch, i: 0, origin };
      for (let i = 0; i < batch.length; i++) {
        row.i = i;
        const wait = records.add(host, row);
        if (wait) await wait;
      }
    });
    await records.close();
    if (sessionsOut) {
      const sessions = new ParquetDataset<SessionRow>(sessionsOut, PARTITIONED_SESSION_COLUMNS, options);
      await eachSession(hosts, layout, onWarning, report, (row) => sessions.add(row.host, row));
      await sessions.close();
    }
    return status;
  }
  // both outputs judged before either is written: a refusal of the second came after every record
  for (const path of [out, sessionsOut]) if (path !== undefined && path !== "-") refuseExisting(path);
  await writeRecords(out, ctx, new ExportRecordBytes(RECORD_COLUMNS, format), (write) =>
    // the core writes these rows from the records: a row it leaves decodes its batch's strings then
    eachRecord(hosts, layout, onWarning, report, (_host, batch, origin) => write(batch, origin), "none"));
  if (sessionsOut) {
    await writeText(sessionsOut, ctx, new ExportText(SESSION_COLUMNS, format), (write) =>
      eachSession(hosts, layout, onWarning, report, write));
  }
  return status;
}

/** Whether one path is the other or lies inside it. */
function overlaps(a: string, b: string): boolean {
  const [x, y] = [resolve(a), resolve(b)];
  return x === y || x.startsWith(y + sep) || y.startsWith(x + sep);
}

/** Every record of every host's files (each host's in time order), a batch at a time; a file that fails is reported and skipped. */
async function eachRecord(hosts: Map<string, ExportInput[]>, layout: Layout | undefined, onWarning: (w: { message: string }) => void,
  report: (err: unknown) => void, add: (host: string, batch: RecordBatch, origin: RecordOrigin) => Promise<void>,
  strings: DecodedStrings = "all"): Promise<number> {
  let read = 0;
  for (const [host, inputs] of hosts) {
    for (const input of await timeOrder(inputs, layout)) {
      const origin = { source: input.source, host };
      try {
        // each batch's rows are written before the next is asked for: views of the decoder's memory do
        for await (const batch of streamBatches(input.path, { layout, onWarning, transient: true }, strings)) await add(host, batch, origin);
        read++;
      } catch (err) {
        report(err);
      }
    }
  }
  return read;
}

/** Each host's sessions, from its history files (wtmp, utx.log, wtmp.db). */
async function eachSession(hosts: Map<string, ExportInput[]>, layout: Layout | undefined, onWarning: (w: { message: string }) => void,
  report: (err: unknown) => void, add: (row: SessionRow) => Promise<void> | undefined): Promise<number> {
  let read = 0;
  for (const [host, inputs] of hosts) {
    const history = await timeOrder(inputs.filter((i) => isHistory(i.path)), layout);
    try {
      await pairHistory(history, host, { layout, onWarning }, add);
      read++;
    } catch (err) {
      report(err);
    }
  }
  return read;
}

/** A host's files oldest first (rotated sets in any order read as one history); as given when that cannot be told. */
async function timeOrder(inputs: ExportInput[], layout: Layout | undefined): Promise<ExportInput[]> {
  if (inputs.length < 2) return inputs;
  const byPath = new Map(inputs.map((i) => [i.path, i]));
  const paths = await inTimeOrder<string>(inputs.map((i) => i.path), { layout }).catch(() => inputs.map((i) => i.path));
  return paths.map((p) => byPath.get(p)!);
}

/** Rows as text to `path` (or standard output for none or "-"), waiting for the reader after each row group's worth. */
async function writeText<R>(path: string | undefined, ctx: CommandContext, text: ExportText<R>,
  produce: (write: (row: R) => Promise<void> | undefined) => Promise<number>): Promise<void> {
  await toOutput(path, ctx, async (output) => {
    output.write(text.start());
    let since = 0;
    return produce((row) => {
      output.write(text.row(row));
      if (++since < 4096) return undefined;
      since = 0;
      return output.ready();
    });
  });
}

/** Record rows as bytes to `path` (or standard output), a batch's at a time, waiting for the reader after each. */
async function writeRecords(path: string | undefined, ctx: CommandContext, rows: ExportRecordBytes,
  produce: (write: (batch: RecordBatch, origin: RecordOrigin) => Promise<void>) => Promise<number>): Promise<void> {
  await toOutput(path, ctx, async (output) => {
    output.write(rows.start());
    const w = new ByteWriter(1 << 22);
    return produce((batch, origin) => {
      rows.writeBatch(w, batch, origin);
      output.writeFrom(w);
      return output.ready();
    });
  });
}

/**
 * Runs `write` on an Output to `path` (a new file, see openNew) or standard
 * output for none or "-"; a failed write is an IO error. `write` says how many
 * inputs it read: with none (each was reported), the file it made is removed
 * rather than left looking like an export of nothing.
 */
async function toOutput(path: string | undefined, ctx: CommandContext, write: (output: Output) => Promise<number>): Promise<void> {
  let file: Writable | undefined;
  let failure: Error | undefined;
  if (path && path !== "-") {
    const fd = openNew(path);
    file = fstatSync(fd).isFile() ? syncFileStream(fd) : createWriteStream(path, { fd });
  }
  const output = file ? new Output(file as unknown as NodeJS.WriteStream, (err) => (failure = err)) : ctx.stdout;
  const read = await write(output);
  output.flush();
  if (file) await new Promise<void>((resolve) => file!.end(resolve));
  if (failure) throw new UtmpError(UtmpErrorCode.IO, `utmpx: cannot write ${path}: ${failure.message}`, { path, cause: failure });
  if (file && read === 0 && isFile(path!)) rmSync(path!, { force: true });
}

/**
 * OUT opened for writing: a new file, never one already there. Opened with
 * "w", -o wtmp truncated the wtmp it was about to read (and any other file)
 * before a record was read. A device or FIFO (/dev/null, a named pipe) is
 * written to as it is.
 */
function openNew(path: string): number {
  refuseExisting(path);
  try {
    return openSync(path, existsSync(path) ? "w" : "wx");
  } catch (err) {
    throw new UtmpError(UtmpErrorCode.IO, `utmpx: cannot write ${path}: ${(err as Error).message}`, { path, cause: err });
  }
}

function refuseExisting(path: string): void {
  if (isFile(path)) throw new CliError(`${path} exists: export writes a new file (remove it first, or write to standard output)`, { hint: false });
}
