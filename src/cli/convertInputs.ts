// What convert's inputs hold: the text of records' byte strings as SQLite
// should store it, and which inputs are refused (whether a file is a SQLite
// database, read as rows rather than records, is cli/sqliteFile.ts).
import type { Layout } from "../layouts/table.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { stringBytes } from "../util/text.ts";
import { LargeMap } from "../util/largeMap.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });
const ASCII = /^[\x00-\x7f]*$/;

/**
 * A byte string (one char per byte) as SQLite should store it: the text it
 * spells when it is UTF-8, else its bytes (stored as TEXT unchanged, as C's
 * wtmpdb stores a Latin-1 name). Each distinct value is converted once.
 */
export class TextValues {
  private readonly seen = new LargeMap<string, string | Uint8Array>(); // a Map stops at 2^24 values

  of(bytes: string): string | Uint8Array {
    if (ASCII.test(bytes)) return bytes;
    let value = this.seen.get(bytes);
    if (value === undefined) {
      const raw = stringBytes(bytes);
      try {
        value = utf8.decode(raw);
      } catch {
        value = raw;
      }
      this.seen.set(bytes, value);
    }
    return value;
  }
}

/**
 * Refuses a lastlog read where a history is wanted: its records are each
 * uid's last login, not logins and logouts in time order, and would make a
 * wtmp (or wtmpdb) of nonsense.
 */
export function refuseLastlog(path: string, layout: Layout): void {
  if (layout.kind === "lastlog") {
    throw new UtmpError(UtmpErrorCode.BAD_INPUT, `utmpx: ${path} is a lastlog (${layout.id}), not a history of logins: convert it with --to lastlog2`, { path });
  }
}
