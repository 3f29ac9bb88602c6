// The package's own way, for what reading in slices does not fit: a gzip
// archive (fromBlob gunzips it with the browser's DecompressionStream), a
// wtmpdb or lastlog2 database (with its -wal applied when it came with it),
// framed (utx.log) or lastlog layouts, and a file whose first
// MiB leaves the layout in doubt (the package then looks further). The file is
// read whole with arrayBuffer(), the fastest whole read measured (a stream
// copied into one buffer was twice as slow), then decoded from memory.
import { fromBlob, fromBytes, lastlogFromBlob, lastlogFromBytes, Lastlog2, UtmpError, UtmpErrorCode, type Database, type Lastlog, type OpenOptions } from "../../src/index.ts";
import type { Dictionary } from "./dictionary.ts";
import { addBatches, Warnings, type DecodeContext, type Decoded, type PlacedBatch } from "./decoding.ts";
import { ColumnsBuilder } from "./recordColumns.ts";

export async function decodeWhole(ctx: DecodeContext, dict: Dictionary): Promise<Decoded> {
  const started = performance.now();
  const whole = new Uint8Array(await ctx.blob.arrayBuffer());
  ctx.signal.throwIfAborted();
  const readMillis = performance.now() - started;
  ctx.post({ op: "progress", file: ctx.file, done: 0.5, total: 1 });
  const gzip = whole[0] === 0x1f && whole[1] === 0x8b;
  const warnings = new Warnings(ctx.name);
  if (isWal(whole)) throw new Error(`${ctx.name} is the -wal (write-ahead log) of a SQLite database, not a database: drop it together with its database${ctx.name.endsWith("-wal") ? ` (${ctx.name.slice(0, -4)})` : ""}`);
  const wal = ctx.wal ? new Uint8Array(await ctx.wal.arrayBuffer()) : undefined;
  const options = { layout: ctx.layout, onWarning: warnings.from(whole.length), wal };
  try {
    // a File (a copy of the bytes) only for an archive, which the Blob openers gunzip
    const archive = () => new File([whole as Uint8Array<ArrayBuffer>], ctx.name);
    const db = gzip ? await orLastlog2(await fromBlob(archive(), options), options, () => lastlogFromBlob(archive(), options))
      : await orLastlog2(fromBytes(whole, options), options, () => lastlogFromBytes(whole, options));
    ctx.signal.throwIfAborted();
    const layout = db.layout, d = db.detection;
    ctx.post({ op: "layout", file: ctx.file, layout: layout.id, confidence: d?.confidence, runnerUp: d?.runnerUp?.layout.id, gzip });
    // records at the layout's size one after another: the file's size tells their count, and the progress
    const sized = !gzip && !layout.framing && layout.id !== "wtmpdb" && !(db instanceof Lastlog2);
    const columns = new ColumnsBuilder(sized ? Math.ceil(whole.length / layout.recordSize) : 1024, dict, layout, gzip ? undefined : whole.length);
    const batches: PlacedBatch[] = [];
    // the second half of the bar
    await addBatches(db, 0, columns, batches, ctx, (batch) => sized ? 0.5 + batch.offset / whole.length / 2 : 0.5);
    const onWarning = warnings.from(whole.length);
    for (const w of db.warnings) onWarning(w);
    return { gzip, columns, batches, layout, warnings: warnings.list, bytes: whole, readMillis };
  } catch (err) {
    if (err instanceof Error) err.message = warnings.named(err.message, whole.length);
    throw err;
  }
}

/** The SQLite -wal's magic (big-endian 0x377f0682 or 0x377f0683). */
export function isWal(head: Uint8Array): boolean {
  return head[0] === 0x37 && head[1] === 0x7f && head[2] === 0x06 && (head[3] === 0x82 || head[3] === 0x83);
}

/**
 * `db`, or, for a lastlog2 database (which the history openers send to the
 * lastlog ones), `lastlog()`: the database read as the lastlog openers read
 * it, one row per user's last login.
 */
async function orLastlog2(db: Database, options: OpenOptions, lastlog: () => Lastlog | Promise<Lastlog>): Promise<Database> {
  try {
    void db.layout; // a SQLite database is told here
    return db;
  } catch (err) {
    if (!(err instanceof UtmpError) || err.code !== UtmpErrorCode.UNSUPPORTED_FORMAT || options.layout !== undefined) throw err;
    const lastlog2 = await lastlog();
    if (!(lastlog2 instanceof Lastlog2)) throw err;
    try {
      lastlog2.rows();
    } catch {
      throw err; // a SQLite database neither wtmpdb nor lastlog2: the first error says so
    }
    return lastlog2;
  }
}
