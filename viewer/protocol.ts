// The messages between the page and its decoding worker. Only plain data and
// typed arrays cross (the arrays transferred, not copied), so a million rows
// move in one message without a structured clone of a million objects.

/** Flag bits of RecordColumns.flags: the package's RECORD_FLAGS bits, plus the viewer's own. */
export const OUT_OF_ORDER = 16;

/** One file's records as columns, row i being the file's i-th record. */
export interface RecordColumns {
  readonly offset: Uint32Array | Float64Array;
  /** Index into TYPE_NAMES (types.ts). */
  readonly type: Uint8Array;
  /** The stored type number; -1 where the layout has none. (Some columns are as narrow as the layout's field: recordColumns.ts.) */
  readonly rawType: Int16Array | Int32Array;
  /** NaN where the layout has none. */
  readonly pid: Int32Array | Float64Array;
  readonly seconds: Int32Array | Uint32Array | Float64Array;
  readonly micros: Int32Array | Float64Array;
  /** Ids into the shared string dictionary (0 is ""). */
  readonly user: Uint32Array;
  readonly line: Uint32Array;
  readonly host: Uint32Array;
  readonly id: Uint32Array;
  readonly addr: Uint32Array;
  /** NaN where the layout has none. */
  readonly session: Int32Array | Float64Array;
  readonly exitTerm: Int16Array | Int32Array;
  readonly exitCode: Int16Array | Int32Array;
  readonly flags: Uint8Array;
}

/** A file's records' byte offsets, row by row (32-bit for a file under 4 GiB). */
export type Offsets = RecordColumns["offset"];

/** One file's sessions (sessions() rows) as columns. */
export interface SessionColumns {
  /** Index into SESSION_KINDS. */
  readonly kind: Uint8Array;
  /** Index into SESSION_STATUSES. */
  readonly status: Uint8Array;
  readonly user: Uint32Array;
  readonly line: Uint32Array;
  readonly host: Uint32Array;
  /** Seconds since the epoch, with the microseconds as the fraction. */
  readonly start: Float64Array;
  /** NaN when the row did not end. */
  readonly end: Float64Array;
  /** The file's row that opened it, and that closed it (-1: none). */
  readonly open: Uint32Array;
  readonly close: Int32Array;
}

/**
 * One of the audit's findings (src/audit) as the findings lane and list take
 * it: `records` are the row numbers in the file it points at (none when it is
 * about the host, or a SQLite row ID); `at` places it on the timeline
 * (seconds, NaN: nowhere).
 */
export interface Finding {
  readonly kind: string;
  readonly category: string;
  /** The audit's offset: bytes (a SQLite row ID for a database); null when none applies. */
  readonly offset: number | null;
  /** How many records the audit says it covers. */
  readonly count: number;
  readonly records: readonly number[];
  readonly explanation: string;
  readonly at: number;
}

export type ExportFormat = "csv" | "ndjson" | "utmpdump" | "parquet";

export type ToWorker =
  | { op: "open"; file: number; blob: Blob; wal?: Blob | undefined; name: string; layout?: string | undefined; btmp: boolean }
  | { op: "cancel"; file: number }
  | { op: "forget"; file: number }
  /** The file's rows are on screen: the worker's next steps for it (a second read) may take the cores now. */
  | { op: "shown"; file: number }
  | { op: "raw"; req: number; file: number; offset: number; length: number }
  /** refs: (file, row) pairs in the order of the view; zone for the CSV's time column. */
  | { op: "export"; req: number; format: ExportFormat; refs: Uint32Array; names: readonly string[]; zone: string };

/** The package's text of each row's time that no Date holds (outsideDates()): [row, text] pairs, few (garbage records). */
export type TimeTexts = readonly (readonly [number, string])[];

/**
 * A chunk of the texts the worker's dictionary added since its last message:
 * ids `start`, `start + 1`, ... in order, text k being the UTF-8
 * `bytes[ends[k - 1] ?? 0, ends[k])`. A message carries them as a list of
 * chunks, in order.
 */
export interface NewTexts {
  readonly start: number;
  readonly bytes: Uint8Array;
  readonly ends: Uint32Array;
}

export type FromWorker =
  | { op: "progress"; file: number; done: number; total: number }
  | { op: "layout"; file: number; layout: string; confidence: number | undefined; runnerUp: string | undefined; gzip: boolean }
  /**
   * The file's rows: `partial`, the first of them, sent ahead while the rest
   * is read (the final message then holds all of them); millis: from the open
   * to these columns, readMillis of it spent waiting for the browser's bytes.
   */
  | { op: "records"; file: number; partial: boolean; count: number; columns: RecordColumns; texts: readonly NewTexts[]; timeTexts: TimeTexts; warnings: string[]; millis: number; readMillis: number }
  | { op: "sessions"; file: number; sessions: SessionColumns; texts: readonly NewTexts[] }
  /** The audit of every file read so far: each file's findings (replacing any before), and what it could not read. */
  | { op: "findings"; byFile: { file: number; findings: Finding[] }[]; errors: string[] }
  | { op: "hash"; file: number; sha256: string }
  /** The worker has started up (the core compiled, the decoding path warmed up): once, first. */
  | { op: "ready" }
  /** `texts`: those the dictionary took in before the failure, which later files' ids count past. */
  | { op: "error"; file: number; message: string; cancelled: boolean; texts: readonly NewTexts[] }
  | { op: "raw"; req: number; bytes: Uint8Array }
  | { op: "export"; req: number; blob: Blob; rows: number; skipped: number };
