// `utmpx convert --to LAYOUT`: records of any layout re-encoded in another,
// so that an s390x wtmp becomes one this machine's last(1) reads; and the
// rows of wtmp.db files as the records a wtmp would hold for them
// (convertWtmpdbRecords.ts). Several inputs are written oldest first, as one
// history. The output is streamed into a temporary file and moved into place
// when complete.
import type { EntryBatch } from "../core/batch.ts";
import type { Entry } from "../core/entry.ts";
import { inTimeOrder } from "../read/openAll.ts";
import { stream } from "../read/stream.ts";
import { BOOT_TIME, RUN_LVL, SHUTDOWN_TIME, SIGNATURE, UNKNOWN } from "../layouts/entryType.ts";
import { openWtmpdbColumns } from "../read/wtmpdb.ts";
import { refuseLargeArchive } from "../sources/archiveCount.ts";
import { refuseLastlog } from "./convertInputs.ts";
import { isSqliteFile } from "./sqliteFile.ts";
import { wtmpdbRecords } from "./convertWtmpdbRecords.ts";
import type { Layout } from "../layouts/table.ts";
import { encode, type EntryInput } from "../write/encode.ts";
import { writeWholeFile } from "../write/sqliteFileWrite.ts";
import { withFileAsync } from "../sources/fileAccess.ts";
import { withWriteGuardAsync } from "../sources/writeGuard.ts";
import type { CommandContext } from "./commands.ts";
import { warn, type ConvertPlan } from "./convertOutput.ts";
import { CliError } from "./cliError.ts";
import { UtmpError } from "../util/errors.ts";
import { fitType, leftOutWarning, type LeftOut } from "./convertTypes.ts";

const sameNumbering = (a: Layout, b: Layout) => a.types.length === b.types.length && a.types.every((t, i) => b.types[i] === t);

/**
 * An entry as a record of `target`: its canonical type (each system numbers
 * types its own way), its stored bytes and numbers. A record of a type its
 * layout does not define keeps its number where both layouts number alike,
 * and is left out otherwise (undefined).
 */
export function recordOf(entry: Entry, target: Layout): EntryInput | undefined {
  const source = entry.batch.layout;
  const type = entry.type;
  if (type === SIGNATURE) return undefined; // a new file gets its own, first
  const raw = entry.raw;
  const input: EntryInput = {
    id: raw.id, user: raw.user, line: raw.line, host: raw.host, pid: entry.pid, session: entry.session, exit: entry.exit,
    seconds: entry.seconds, microseconds: entry.microseconds, addr: raw.addr,
  };
  if (type !== UNKNOWN) input.type = type;
  else if (entry.rawType !== undefined && sameNumbering(source, target)) input.rawType = entry.rawType;
  else return undefined;
  if (!source.fields.id && target.fields.id && (type === BOOT_TIME || type === RUN_LVL || type === SHUTDOWN_TIME) && entry.line === "~") {
    input.id = "~~"; // a BSD reboot or shutdown, marked as Linux marks them
  }
  return input;
}

/**
 * Records per encode() call from a wtmp.db: its rows are held as columns, their
 * records made and written a chunk at a time; a small chunk, so that a record
 * made is still in the processor's cache when encode() reads it (65,536 a
 * chunk: 6.2 s and 398 MB for 1.98M records; 4,096: 4.4 s and 238 MB).
 */
const CHUNK = 4096;

async function* recordsOf(plan: ConvertPlan, target: Layout, ctx: CommandContext, skipped: { count: number }, leftOut: LeftOut): AsyncGenerator<Uint8Array> {
  if (target.signature) yield encode([{ type: SIGNATURE, user: target.signature }], target);
  const inputs = plan.inputs.length > 1 ? await inTimeOrder<string>(plan.inputs, { layout: plan.inputLayout }) : plan.inputs;
  for (const path of inputs) {
    if (plan.inputLayout === undefined && isSqliteFile(path)) {
      await refuseLargeArchive(path); // a .gz is decompressed whole: counted first
      const { columns, warnings } = openWtmpdbColumns(path);
      warnings.forEach((w) => warn(ctx, w));
      for (const records of wtmpdbRecords(columns, skipped, CHUNK)) yield encode(fitting(records, target, leftOut), target);
      continue;
    }
    for await (const batch of stream(path, { layout: plan.inputLayout, transient: true, onWarning: (w) => warn(ctx, w) })) {
      refuseLastlog(path, batch.layout);
      yield encodeBatch(path, batch, target, skipped, leftOut);
    }
  }
}

/** The batch's records in `target`; a value that does not fit is refused naming the file and the record's offset. */
function encodeBatch(path: string, batch: EntryBatch, target: Layout, skipped: { count: number }, leftOut: LeftOut): Uint8Array {
  try {
    return encode(fitting(inputsOf(batch, target, skipped), target, leftOut), target);
  } catch (err) {
    if (!(err instanceof UtmpError)) throw err;
    // encode counts entries within its call: the record is found again, one at a time (the conversion stops here anyway)
    for (let i = 0; i < batch.length; i++) {
      const record = recordOf(batch.get(i)!, target);
      const fit = record && fitType(record, target, new Map());
      if (!fit) continue;
      try {
        encode([fit], target);
      } catch (one) {
        if (!(one instanceof UtmpError)) throw one;
        const offset = batch.offsetOf(i);
        throw new UtmpError(one.code, `utmpx: ${path}: the record at byte ${offset} cannot be written as ${target.id}: ${one.message.replace(/^utmpx: entry 0: /, "")}`,
          { path, offset, cause: one });
      }
    }
    throw err;
  }
}

function* inputsOf(batch: EntryBatch, target: Layout, skipped: { count: number }): Generator<EntryInput> {
  for (const entry of batch) {
    const record = recordOf(entry, target);
    if (record) yield record;
    else if (entry.type !== SIGNATURE) skipped.count++;
  }
}

function* fitting(inputs: Iterable<EntryInput>, target: Layout, leftOut: LeftOut): Generator<EntryInput> {
  for (const input of inputs) {
    const record = fitType(input, target, leftOut);
    if (record) yield record;
  }
}

export async function convertToRecords(plan: ConvertPlan, target: Layout, ctx: CommandContext): Promise<number> {
  if (target.kind !== "records") throw new CliError(`--to ${target.id} is a lastlog layout: convert writes wtmp records (or --to lastlog2)`);
  const skipped = { count: 0 };
  const leftOut: LeftOut = new Map();
  await withFileAsync(plan.output, "write", () => withWriteGuardAsync(plan.output, () => writeWholeFile(plan.output, undefined, recordsOf(plan, target, ctx, skipped, leftOut))));
  const warning = leftOutWarning(leftOut, skipped.count, target);
  if (warning) ctx.stderr.write(warning);
  return 0;
}
