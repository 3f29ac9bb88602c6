// A .gz that is opened by path (open(), openLastlog(), openWtmpdbColumns()) is
// decompressed whole, synchronously: node:zlib's one-shot gunzipSync holds all
// it makes, so a gzip bomb (a few MB of GBs of zeros, after a SQLite first
// page or not) is held up to the 1 GiB limit before it is refused: 1.11 GB of
// RSS for utmpx last, who or lastlog of one. node:zlib streams only
// asynchronously, so an async caller (the CLI) counts the archive first, one
// chunk at a time as stream() does (read/gatherSqlite.ts), and refuses it past
// the limit before anything holds it, with the advice gunzipSync would give.
import { byteChunks, isGzipFile } from "./streamSources.ts";
import { fileHead } from "./fileHead.ts";
import { GUNZIP_LIMIT, gunzipTooLarge } from "./gunzipTooLarge.ts";

/**
 * Refuses the file at `path` when it is gzip and decompresses past
 * GUNZIP_LIMIT, having held one chunk at a time; anything else (a plain file,
 * a damaged, cut or missing one) is left to its reader, which says what is
 * wrong with it as before. An archive within the limit is decompressed twice
 * (counted, then read): the count took 0.5 s a GiB here.
 * @throws UtmpError UNSUPPORTED past the limit (gunzipTooLarge's advice: a database is gunzipped to a file)
 */
export async function refuseLargeArchive(path: string): Promise<void> {
  let head: Uint8Array;
  try {
    if (!isGzipFile(path)) return;
    head = fileHead(path, 16);
  } catch {
    return;
  }
  let total = 0;
  try {
    const { chunks } = await byteChunks(path);
    // leaving the loop stops the decompression there
    for await (const chunk of chunks ?? []) if ((total += chunk.length) > GUNZIP_LIMIT) break;
  } catch {
    return; // cut short or damaged: the reader reads what it can of it, or says why not
  }
  if (total > GUNZIP_LIMIT) throw gunzipTooLarge(path, head, path);
}
