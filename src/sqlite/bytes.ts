// Bounds-checked reads for the SQLite reader: every failure is a UtmpError
// that names the file (database or WAL) and the absolute byte offset.
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";

/** Which file a byte came from: the database itself or its -wal file. */
export type SqliteFile = "database" | "WAL";

/** A malformed SQLite input: BAD_INPUT with the offset in the message and on the error. */
export function corrupt(message: string, offset: number, file: SqliteFile = "database"): UtmpError {
  return new UtmpError(UtmpErrorCode.BAD_INPUT, `SQLite ${file}: ${message} (at ${file} offset ${offset})`, { offset });
}

/**
 * `read()`, its errors of a database's bytes (a page past the end, a row of
 * the wrong kinds), which name no file, said of the file `name`: with several
 * files read, one could not tell which was damaged.
 */
export function namingFile<T>(name: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (!(err instanceof UtmpError) || err.message.startsWith("utmpx: ")) throw err;
    throw new UtmpError(err.code, `utmpx: ${name}: ${err.message}`, { path: err.path, offset: err.offset, cause: err });
  }
}

export function u16(b: Uint8Array, at: number): number {
  return (b[at]! << 8) | b[at + 1]!;
}

export function u32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) >>> 0) + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A 64-bit signed value as a number when exact, else a bigint: never rounded. */
export function exact(v: bigint): number | bigint {
  return v <= SAFE && v >= -SAFE ? Number(v) : v;
}

/**
 * Reads SQLite varints (1-9 bytes, big-endian 7-bit groups, the ninth byte
 * whole). One reader is reused per walk so a varint costs no allocation: the
 * value lands in `value`, the position after it in `pos`.
 */
export class VarintReader {
  value: number | bigint = 0;
  pos = 0;

  /** Reads at `at`, refusing to read at or past `end`; `base` turns page offsets into file offsets. */
  read(b: Uint8Array, at: number, end: number, base: number, file: SqliteFile): number | bigint {
    let v = 0;
    for (let i = 0; i < 8; i++) {
      if (at + i >= end) throw corrupt("varint runs past the end of its page", base + at + i, file);
      const byte = b[at + i]!;
      if (i < 7) {
        v = v * 128 + (byte & 0x7f); // at most 49 bits: exact in a double
        if (byte < 0x80) return this.done(v, at + i + 1);
      } else {
        // 8 or 9 bytes: 56 or 64 bits, so finish in bigint
        let big = BigInt(v) * 128n + BigInt(byte & 0x7f);
        if (byte < 0x80) return this.done(exact(BigInt.asIntN(64, big)), at + 8);
        if (at + 8 >= end) throw corrupt("varint runs past the end of its page", base + at + 8, file);
        big = (big << 8n) | BigInt(b[at + 8]!);
        return this.done(exact(BigInt.asIntN(64, big)), at + 9);
      }
    }
    /* c8 ignore next */
    throw corrupt("varint unreadable", base + at, file);
  }

  /** A varint that must be a non-negative count or size below `max`. */
  size(b: Uint8Array, at: number, end: number, base: number, file: SqliteFile, max: number, what: string): number {
    const v = this.read(b, at, end, base, file);
    if (typeof v !== "number" || v < 0 || v > max) throw corrupt(`${what} ${v} is out of range (0..${max})`, base + at, file);
    return v;
  }

  private done(v: number | bigint, pos: number): number | bigint {
    this.value = v;
    this.pos = pos;
    return v;
  }
}
