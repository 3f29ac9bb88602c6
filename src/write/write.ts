// Writing to a database's file without ever corrupting it: appends are one
// O_APPEND write of whole records, never extending a partial record; in-place
// updates (utmp) choose and write their slot holding the write guard
// (writeGuard.ts: our writers exclude each other, and the system's where fcntl
// can be had) and re-read it just before writing it. A write that comes up
// short is taken back (safeWrite.ts); nothing else truncates or rewrites a file.
import { Entry } from "../core/entry.ts";
import { encode, type EntryInput } from "./encode.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { valueKind } from "../util/valueKind.ts";
import { findLayout, type Layout } from "../layouts/table.ts";
import {
  BOOT_TIME, DEAD_PROCESS, EMPTY, INIT_PROCESS, LOGIN_PROCESS, NEW_TIME, OLD_TIME, RUN_LVL, USER_PROCESS, type EntryType,
} from "../layouts/entryType.ts";
import type { ByteSource } from "../sources/sources.ts";
import { isGzipFile } from "../sources/streamSources.ts";
import { engine } from "../core/engine.ts";
import { withFile, withFileAsync } from "../sources/fileAccess.ts";
import { appendFile, appendFileAsync, overwriteFile, overwriteFileAsync } from "../sources/safeWrite.ts";
import { withWriteGuard, withWriteGuardAsync } from "../sources/writeGuard.ts";
import { concatBytes } from "../util/concatBytes.ts";
import { utxlogTail } from "./utxlogTail.ts";

export interface AppendOptions {
  /**
   * When the file ends in a partial record, first fill it up with zero bytes to a
   * whole (zeroed) record. Without it such a file is refused: appending after it
   * would misalign every record that follows.
   */
  padPartial?: boolean;
}

/** The layout of the records this machine's C library writes (for a file that is empty or new). */
export function nativeLayout(): Layout {
  const arch = (globalThis as { process?: { arch?: string } }).process?.arch;
  const id = arch === "arm64" ? "linux400-le" : arch === "s390x" ? "linux400-be"
    : arch === "ppc64" || arch === "ppc" || arch === "mips" ? "linux384-be" : "linux384-le";
  return findLayout(id)!;
}

/** The path of the source's file, or UNSUPPORTED for bytes and blobs. */
function writablePath(source: ByteSource): string {
  if (!source.append || !source.writeAt || source.path === undefined) {
    // a file source offers no writes once it knows the file is a .gz
    const why = source.path !== undefined && isGzipFile(source.path) ? "is gzip-compressed: decompress it to write to it"
      : "is not a file: only databases opened from a path can be written";
    throw new UtmpError(UtmpErrorCode.UNSUPPORTED, `utmpx: ${source.name} ${why}`, { path: source.path });
  }
  return source.path;
}

/**
 * Appends `entries` to the database's file in its own layout (detected, or the
 * `layout` option, or this machine's for an empty or new file), as one write.
 * Returns the byte offset the first record was written at.
 * @throws UtmpError when the file ends in a partial record (see padPartial), or a value does not fit the layout;
 *   IO when the write comes up short (the file is then as it was, see safeWrite.ts) or another writer holds the file for 10 s
 */
export function appendEntries(source: ByteSource, entries: Iterable<Entry | EntryInput>, layout: Layout, options: AppendOptions = {}): number {
  const path = writablePath(source);
  const plan = appendPlan(source, encode(entries, layout), layout, options);
  withFile(path, "append to", () => withWriteGuard(path, () => appendFile(path, plan.bytes)));
  return plan.offset();
}

/** The same, with the runtime's asynchronous file calls (and waiting for the guard without blocking). */
export async function appendEntriesAsync(source: ByteSource, entries: Iterable<Entry | EntryInput>, layout: Layout, options: AppendOptions = {}): Promise<number> {
  const path = writablePath(source);
  const plan = appendPlan(source, encode(entries, layout), layout, options);
  await withFileAsync(path, "append to", () => withWriteGuardAsync(path, () => appendFileAsync(path, plan.bytes)));
  return plan.offset();
}

/**
 * What one append writes, decided on the open file's size: the records, after
 * zeros completing a partial record or a cut-off utx.log entry (when asked) or a
 * SIGNATURE record (a new NetBSD, DragonFly or macOS utmpx file begins with one).
 */
function appendPlan(source: ByteSource, records: Uint8Array, layout: Layout, options: AppendOptions) {
  let offset = 0;
  // settled: the size has been the same partial record long enough not to be another writer's append in flight
  const bytes = (size: number, settled: boolean): Uint8Array => {
    if (size === 0 && layout.signature) {
      const signature = encode([{ type: "SIGNATURE", user: layout.signature }], layout);
      offset = signature.length;
      return concatBytes([signature, records]);
    }
    const partial = partialEnd(source, size, layout);
    if (!partial) { offset = size; return records; }
    if (!settled || !options.padPartial) {
      throw new UtmpError(UtmpErrorCode.PARTIAL_RECORD,
        `utmpx: ${source.name} ends in a partial ${partial.what} (${size - partial.at} bytes at offset ${partial.at}): ` +
        `appending would misalign every record after it; pass { padPartial: true } to complete it with zeros first`, { path: source.path, offset: partial.at });
    }
    offset = size + partial.missing;
    return concatBytes([new Uint8Array(partial.missing), records]);
  };
  return { bytes, offset: () => offset };
}

/** The partial record the file's first `size` bytes end in: where it starts, what it is, the zeros that would complete it. */
function partialEnd(source: ByteSource, size: number, layout: Layout): { at: number; what: string; missing: number } | undefined {
  if (layout.framing) {
    const cut = utxlogTail(source, size);
    return cut && { ...cut, what: "utx.log entry" };
  }
  const tail = size % layout.recordSize;
  return tail === 0 ? undefined : { at: size - tail, what: `${layout.recordSize}-byte record`, missing: layout.recordSize - tail };
}

const PROCESS_TYPES: ReadonlySet<EntryType> = new Set([INIT_PROCESS, LOGIN_PROCESS, USER_PROCESS, DEAD_PROCESS]);
const SINGLE_SLOT_TYPES: ReadonlySet<EntryType> = new Set([BOOT_TIME, RUN_LVL, OLD_TIME, NEW_TIME]);

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined) =>
  (a?.length ?? 0) === (b?.length ?? 0) && (a ?? []).every((x, i) => x === b![i]);

/** pututxline's choice of slot for `entry` among the file's records, or -1 to append. */
function chooseSlot(records: readonly Entry[], entry: Entry): number {
  const type = entry.type;
  const untyped = entry.batch.layout.untyped === true;
  let free = -1;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    // BSD utmp has no id: a slot belongs to its line
    if (untyped ? r.line === entry.line && r.line !== "" : PROCESS_TYPES.has(type) && PROCESS_TYPES.has(r.type) && sameBytes(r.raw.id, entry.raw.id)) return i;
    if (SINGLE_SLOT_TYPES.has(type) && r.type === type) return i;
    if (free < 0 && (r.type === EMPTY || r.type === DEAD_PROCESS || r.zeroed)) free = i;
  }
  return free;
}

/**
 * The records of a file's bytes in `layout`, zeroed ones too, as its reader
 * decodes them (put() chooses a slot among them): the Database passes its own
 * reading, so this layer needs none.
 */
export type RecordsOf = (bytes: Uint8Array, layout: Layout) => Iterable<Iterable<Entry>>;

/**
 * Writes `entry` into the utmp file as pututxline does: over the slot with the
 * same id for INIT/LOGIN/USER/DEAD_PROCESS, over the one slot of BOOT_TIME,
 * RUN_LVL, OLD_TIME and NEW_TIME, else over an EMPTY or DEAD_PROCESS slot, else
 * at the end. The choice and the write are made holding the write guard, as
 * pututxline holds its fcntl lock; the slot is also read again just before it
 * is written, and if a writer that takes no lock changed it meanwhile, the
 * choice is made again. Returns the slot number.
 */
export function putEntry(recordsOf: RecordsOf, source: ByteSource, entryInput: Entry | EntryInput, layout: Layout, options: AppendOptions = {}): number {
  const record = putRecord(entryInput, layout);
  const path = writablePath(source);
  return withFile(path, "write", () => withWriteGuard(path, () => {
    const target = putTarget(recordsOf, source, record, layout);
    if (target.slot >= 0) {
      overwriteFile(path, target.offset, target.bytes);
      return target.slot;
    }
    const plan = appendPlan(source, target.bytes, layout, options);
    appendFile(path, plan.bytes);
    return plan.offset() / layout.recordSize;
  }));
}

/** The same, with the runtime's asynchronous file calls for the write (the scan of utmp, a small file, reads synchronously). */
export async function putEntryAsync(recordsOf: RecordsOf, source: ByteSource, entryInput: Entry | EntryInput, layout: Layout, options: AppendOptions = {}): Promise<number> {
  const record = putRecord(entryInput, layout);
  const path = writablePath(source);
  return withFileAsync(path, "write", () => withWriteGuardAsync(path, async () => {
    const target = putTarget(recordsOf, source, record, layout);
    if (target.slot >= 0) {
      await overwriteFileAsync(path, target.offset, target.bytes);
      return target.slot;
    }
    const plan = appendPlan(source, target.bytes, layout, options);
    await appendFileAsync(path, plan.bytes);
    return plan.offset() / layout.recordSize;
  }));
}

/**
 * The record put() writes, encoded before the file is opened: an entry that is
 * no object (null) failed inside the write, reported as IO "cannot write …:
 * Cannot read properties of null"; it is BAD_INPUT, and nothing is written.
 */
function putRecord(entryInput: unknown, layout: Layout): Uint8Array {
  if (layout.framing) throw new UtmpError(UtmpErrorCode.UNSUPPORTED, `utmpx: ${layout.id} is a log: append to it, there are no slots`);
  if (typeof entryInput !== "object" || entryInput === null) throw new TypeError(`utmpx: put(entry) is ${valueKind(entryInput)}, not an entry (an object)`); // as append([null])
  return encode([entryInput as EntryInput], layout);
}

/**
 * Where put() writes: the slot pututxline would choose (slot -1: append), its
 * bytes just read again and found unchanged since the scan; if another writer
 * changed it meanwhile, the choice is made again.
 */
function putTarget(recordsOf: RecordsOf, source: ByteSource, bytes: Uint8Array, layout: Layout): { slot: number; offset: number; bytes: Uint8Array } {
  const entry = decodeOne(bytes, layout);
  let size: number;
  try {
    size = source.size();
  } catch {
    return { slot: -1, offset: 0, bytes }; // no file yet: appending creates it
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    // one read of the file; the slot is chosen from this copy and compared with a fresh read of it
    const scanned = readSlot(source, 0, size);
    const records: Entry[] = [];
    for (const batch of recordsOf(scanned, layout)) records.push(...batch);
    const slot = chooseSlot(records, entry);
    if (slot < 0) return { slot, offset: 0, bytes };
    const offset = records[slot]!.offset;
    if (sameBytes(readSlot(source, offset, layout.recordSize), scanned.subarray(offset, offset + layout.recordSize))) return { slot, offset, bytes };
    size = source.size();
  }
  throw new UtmpError(UtmpErrorCode.IO, `utmpx: ${source.name} kept changing while a slot was chosen; nothing written`, { path: source.path });
}

function readSlot(source: ByteSource, offset: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  return out.subarray(0, source.readInto(offset, out));
}

/** The one record of `bytes`, decoded (to read its canonical type and raw id as the file will hold them). */
function decodeOne(bytes: Uint8Array, layout: Layout): Entry {
  const e = engine();
  e.window().set(bytes);
  return e.decodeWindow(layout, bytes.length, 0).get(0)!;
}
