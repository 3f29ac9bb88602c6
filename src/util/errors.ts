// The one error type the package throws for bad input, with stable codes.

export const UtmpErrorCode = {
  /** The bytes match no known layout well enough; the message names the best candidates. */
  UNKNOWN_LAYOUT: "UNKNOWN_LAYOUT",
  /** The bytes are a format we recognise but do not decode (SQLite wtmpdb/lastlog2, Berkeley DB lastlogx). */
  UNSUPPORTED_FORMAT: "UNSUPPORTED_FORMAT",
  /** A value does not fit the layout's field (a time after 2106 in a u32, before 1970 in an unsigned field): refused, never wrapped. */
  OUT_OF_RANGE: "OUT_OF_RANGE",
  /** Text input (utmpdump text) that is not in the expected form; the message names the line. */
  BAD_INPUT: "BAD_INPUT",
  /** A write refused because the file ends in a partial record (see AppendOptions.padPartial). */
  PARTIAL_RECORD: "PARTIAL_RECORD",
  /** `{ layout }` names no layout in the table. */
  BAD_LAYOUT_NAME: "BAD_LAYOUT_NAME",
  /** The file could not be opened or read. */
  IO: "IO",
  /** This runtime cannot do what was asked (e.g. read a path in a browser). */
  UNSUPPORTED: "UNSUPPORTED",
  /** The core reported a state that is our bug, not the input's. */
  INTERNAL: "INTERNAL",
} as const;

export type UtmpErrorCode = (typeof UtmpErrorCode)[keyof typeof UtmpErrorCode];

export interface UtmpErrorDetails {
  path?: string | undefined;
  offset?: number | undefined;
  cause?: unknown;
}

export class UtmpError extends Error {
  readonly code: UtmpErrorCode;
  readonly path: string | undefined;
  readonly offset: number | undefined;

  constructor(code: UtmpErrorCode, message: string, details: UtmpErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "UtmpError";
    this.code = code;
    this.path = details.path;
    this.offset = details.offset;
  }
}

/**
 * A problem with part of the input that did not stop decoding (a partial record,
 * a damaged one; VALUE_KIND: a wtmpdb value of another kind than wtmpdb writes,
 * read as wtmpdb reads it, its offset its row's cell; SQLITE_DAMAGED: a place of
 * a SQLite table damaged below its root, passed over, its offset the damage's).
 */
export interface UtmpWarning {
  readonly code: "PARTIAL_RECORD" | "BAD_TYPE" | "BAD_MICROSECONDS" | "RESYNC" | "WIDE_VALUE" | "DATE_RANGE" | "WAL_APPLIED" | "WAL_IGNORED" | "GZIP_TRUNCATED" | "GZIP_DAMAGED" | "VALUE_KIND" | "TEXT_CUT" | "SQLITE_DAMAGED";
  readonly message: string;
  /** Byte offset of the problem in the file. */
  readonly offset: number;
  /** Bytes concerned (for PARTIAL_RECORD: the length of the tail; for WAL_APPLIED: the frames applied). */
  readonly length: number;
}
