// A SQLite database in a .gz that is opened by path (open(), openLastlog(),
// openWtmpdbColumns()) is decompressed whole, synchronously: node:zlib's
// one-shot gunzipSync holds all it makes, so a gzip bomb (a SQLite first page,
// then GBs of zeros in a few MB) is held up to the 1 GiB limit before it is
// refused: 1.11 GB of RSS for utmpx last, who or lastlog of one. node:zlib
// streams only asynchronously, so an async caller (the CLI) counts the
// database first, one chunk at a time as stream() does (gatherSqlite.ts), and
// refuses it past the bound before anything holds it.
import { byteChunks, isGzipFile } from "../sources/streamSources.ts";
import { fileHead } from "../sources/fileHead.ts";
import { databaseTooLarge } from "../sources/gunzipTooLarge.ts";
import { isSqlite } from "../sqlite/header.ts";
import { MAX_SQLITE_BYTES } from "./gatherSqlite.ts";

/**
 * Refuses the file at `path` when it is a gzip-compressed SQLite database that
 * decompresses past MAX_SQLITE_BYTES, having held one chunk at a time; anything
 * else (records, a plain file, a damaged or missing one) is left to its reader,
 * which says what is wrong with it as before. A database within the bound is
 * decompressed twice (counted, then read): the count took 0.5 s a GiB here.
 * @throws UtmpError UNSUPPORTED past the bound (databaseTooLarge's advice: gunzip -k it)
 */
export async function refuseLargeArchivedDatabase(path: string): Promise<void> {
  try {
    if (!isGzipFile(path) || !isSqlite(fileHead(path, 16))) return;
  } catch {
    return;
  }
  let total = 0;
  try {
    const { chunks } = await byteChunks(path);
    // leaving the loop stops the decompression there
    for await (const chunk of chunks ?? []) if ((total += chunk.length) > MAX_SQLITE_BYTES) break;
  } catch {
    return; // cut short or damaged: the reader reads what it can of it, or says why not
  }
  if (total > MAX_SQLITE_BYTES) throw databaseTooLarge({ name: path, path, compressed: true });
}
