// Whether a file the CLI was given is a SQLite database (wtmpdb, lastlog2), gzip or not.
import { isSqlite } from "../sqlite/header.ts";
import { fileHead } from "../sources/fileHead.ts";

/** Whether the file (decompressed) starts as a SQLite database does; false when it cannot be read (its reader says why). */
export function isSqliteFile(path: string): boolean {
  try {
    return isSqlite(fileHead(path, 16));
  } catch {
    return false;
  }
}
