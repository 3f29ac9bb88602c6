// `utmpx anonymize --key KEY|--key-file FILE -o OUT FILE`: a copy of FILE that
// can be shared, with users, hosts and addresses replaced by keyed pseudonyms
// (src/write/anonymize*.ts). The input is read, never written; the output is a
// new file, complete or absent (anonymizeOutput.ts). Fixed-size records are
// rewritten window by window in place in the copy, holes skipped where the
// runtime can see them; FreeBSD utx.log entries, whose length may change, are
// written one after another; a wtmpdb or lastlog2 database is rebuilt whole.
import { existsSync, readFileSync, statSync } from "node:fs";
import type { OptionSpec, ParsedArgs } from "./args.ts";
import type { CommandContext } from "./commands.ts";
import { CliError } from "./cliError.ts";
import { checkOutput, OutputFile } from "./anonymizeOutput.ts";
import { fileSource, type ByteSource } from "../sources/sources.ts";
import { refuseLargeArchive } from "../sources/archiveCount.ts";
import { isGzipFile } from "../sources/streamSources.ts";
import { anonymizeLayout, layoutAtData } from "../write/anonymizeLayout.ts";
import { LAYOUTS, type Layout } from "../layouts/table.ts";
import type { Described } from "../detect/chooseLayout.ts";
import { Anonymizer } from "../write/anonymizeRecords.ts";
import { Pseudonyms } from "../write/pseudonym.ts";
import { anonymizeSqlite } from "../write/anonymizeSqlite.ts";
import { isSqlite } from "../sqlite/header.ts";
import { walBeside } from "../read/wal.ts";

export const ANONYMIZE_OPTIONS: OptionSpec[] = [
  { name: "key", value: true },
  { name: "key-file", value: true },
  { name: "output", short: "o", value: true },
  { name: "layout", short: "l", value: true },
  { name: "help", short: "h" },
];

export const ANONYMIZE_USAGE = `Usage: utmpx anonymize (--key KEY | --key-file FILE) -o OUTPUT FILE

Writes a copy of FILE (utmp, wtmp, btmp, utx.log, lastlog of any layout; a
wtmpdb or lastlog2 database, with the committed rows of its -wal) with users,
hosts and addresses replaced by pseudonyms: HMAC-SHA-256 under the key, so one
name gets one pseudonym in every file anonymized with the same key. Addresses
stay addresses of their family (IPv4 in 240.0.0.0/4, IPv6 in 2001:db8::/32),
host names end in .invalid. Times, types, pids, lines and every other byte are
kept, and so are "reboot", "shutdown", "LOGIN" and the like, and loopback.

  --key KEY          the key (visible to other users in the process list: prefer --key-file)
  --key-file FILE    read the key from FILE (one trailing newline is not part of it)
  -o, --output FILE  the copy to write; must not exist and must not be FILE
  -l, --layout ID    read FILE with this layout instead of detecting it
`;

/** Bytes read and rewritten at a time. */
const WINDOW = 4 << 20;

const text = (args: ParsedArgs, name: string): string | undefined => {
  const v = args.options.get(name);
  return typeof v === "string" ? v : undefined;
};

/** The key's bytes: --key as UTF-8, or --key-file's contents less one trailing newline (as `echo KEY > FILE` writes it). */
function keyOf(args: ParsedArgs): Uint8Array {
  const given = text(args, "key"), file = text(args, "key-file");
  if (given !== undefined && file !== undefined) throw new CliError("give the key once: --key or --key-file, not both");
  if (given === undefined && file === undefined) throw new CliError("anonymize needs a key: --key KEY or --key-file FILE");
  let key: Uint8Array;
  if (given !== undefined) key = new TextEncoder().encode(given);
  else {
    try {
      key = new Uint8Array(readFileSync(file!));
    } catch (err) {
      throw new CliError(`cannot read the key file ${file}: ${(err as Error).message}`, { hint: false });
    }
    let end = key.length;
    if (key[end - 1] === 0x0a) end--;
    if (key[end - 1] === 0x0d) end--;
    key = key.subarray(0, end);
  }
  // the key itself is never printed, not even in part
  if (key.length === 0) throw new CliError(given !== undefined ? "the key is empty" : `the key file ${file} holds an empty key`, { hint: false });
  return key;
}

export async function anonymizeCommand(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  if (args.options.has("help")) {
    ctx.stdout.write(ANONYMIZE_USAGE);
    return 0;
  }
  const output = text(args, "output");
  if (output === undefined) throw new CliError("anonymize needs -o OUTPUT: the copy to write");
  if (args.operands.length !== 1) throw new CliError("anonymize needs exactly one input FILE");
  const input = args.operands[0]!;
  const key = keyOf(args);
  checkOutput(input, output);

  await refuseLargeArchive(input); // a .gz is decompressed whole: counted first
  const source = fileSource(input);
  const size = source.size();
  // a rotated wtmp.1.gz reads decompressed; say so, as the copy's name may suggest otherwise
  if (isGzipFile(input)) ctx.stderr.write(`utmpx: note: ${input} is gzip-compressed: ${output} is written uncompressed\n`);
  const what = { name: input, path: input, size };
  const pseudonyms = await Pseudonyms.create(key);
  if (isSqlite(readAt(source, 0, 16))) {
    // a wtmpdb or lastlog2 database, read whole with the committed rows of the -wal beside it, as its readers read it
    // SQLite would read a -wal left beside the new name as part of the copy
    if (existsSync(`${output}-wal`)) throw new CliError(`${output}-wal exists: SQLite would take it as part of the copy; remove it first`, { hint: false });
    const copy = await anonymizeSqlite(readAt(source, 0, size), walBeside(input), pseudonyms, input);
    const file = new OutputFile(output, statSync(input).mode);
    try {
      file.writeAt(0, copy);
      file.commit();
    } catch (err) {
      file.abandon();
      throw err;
    }
    return 0;
  }
  const layout = anonymizeLayout((n) => readAt(source, 0, n), what, text(args, "layout")) ?? layoutPastZeros(source, size, what);
  const anonymizer = new Anonymizer(layout, pseudonyms);
  const file = new OutputFile(output, statSync(input).mode);
  try {
    if (layout.framing) await copyFramed(source, size, anonymizer, file);
    else await copyFixed(source, size, anonymizer, file);
    file.commit(layout.framing ? undefined : size);
  } catch (err) {
    file.abandon();
    throw err;
  }
  return 0;
}

/**
 * The layout of a file that begins with more zeros than detection reads (a
 * sparse lastlog, a zeroed wtmp), judged at its first data: found by the
 * runtime's SEEK_DATA where it has one, else by reading; none at all, and
 * any layout copies the zeros as they are.
 */
function layoutPastZeros(source: ByteSource, size: number, what: Described): Layout {
  for (let offset = 0; offset < size; ) {
    const data = source.nextData?.(offset);
    if (data !== undefined && data > offset) offset = data;
    if (offset >= size) break;
    const bytes = readAt(source, offset, Math.min(WINDOW, size - offset));
    if (bytes.length === 0) break;
    const first = bytes.findIndex((b) => b !== 0);
    if (first >= 0) return layoutAtData(readAt(source, offset + first, WINDOW), offset + first, what);
    offset += bytes.length;
  }
  return LAYOUTS[0]!;
}

function readAt(source: ByteSource, offset: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  return bytes.subarray(0, source.readInto(offset, bytes));
}

/** Fixed-size records: each window rewritten at its own offset; holes the runtime can see are skipped, so they stay holes. */
async function copyFixed(source: ByteSource, size: number, anonymizer: Anonymizer, file: OutputFile): Promise<void> {
  const recordSize = anonymizer.layout.recordSize;
  const whole = size - (size % recordSize);
  const step = Math.max(1, Math.floor(WINDOW / recordSize)) * recordSize;
  for (let offset = 0; offset < whole; ) {
    const data = source.nextData?.(offset);
    if (data !== undefined && data > offset) {
      offset = Math.floor(data / recordSize) * recordSize; // the record the data starts in
      if (offset >= whole) break;
    }
    const bytes = readAt(source, offset, Math.min(step, whole - offset));
    if (bytes.length === 0) break; // the file shrank while we read it
    file.writeAt(offset, await anonymizer.push(bytes));
    offset += bytes.length;
  }
  // a cut-off last record: rewritten as readers read it, and cut where it was
  if (size > whole) await anonymizer.push(readAt(source, whole, size - whole));
  file.writeAt(whole, await anonymizer.finish());
}

/** FreeBSD utx.log: entries change length, so the copy is written in order. */
async function copyFramed(source: ByteSource, size: number, anonymizer: Anonymizer, file: OutputFile): Promise<void> {
  let written = 0;
  for (let offset = 0; offset < size; ) {
    const bytes = readAt(source, offset, Math.min(WINDOW, size - offset));
    if (bytes.length === 0) break;
    offset += bytes.length;
    const out = await anonymizer.push(bytes);
    file.writeAt(written, out);
    written += out.length;
  }
  file.writeAt(written, await anonymizer.finish());
}
