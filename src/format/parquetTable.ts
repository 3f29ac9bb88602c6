// One Parquet file of rows of an export schema, written while rows come: rows
// are gathered into one row group's columns (typed arrays, strings as
// dictionary indexes: parquetColumns.ts), which are encoded and handed to the
// sink before the next is gathered, so memory holds one row group whatever
// the number of rows. Record rows are read from their batches a run at a time
// (parquetRecords.ts); other rows through their columns' value functions.
// Pages are written here (data page v2, one per column chunk); the page
// headers, file metadata and SNAPPY are hyparquet-writer's, loaded on first use.
import type { ExportColumn, ColumnKind, Cell } from "./exportSchema.ts";
import { compressorFor, type Compressor, type ParquetCodec } from "./parquetCodecs.ts";
import { BooleanValues, Int32Values, Int64Values, StringValues, type ColumnValues, type EncodedChunk } from "./parquetColumns.ts";
import { ByteBuffer } from "./parquetBytes.ts";
import { snappyInto } from "./parquetSnappy.ts";
import { addCell, recordFills, RecordRuns } from "./parquetRecords.ts";
import type { RecordRow } from "./exportSchema.ts";
import type { ByteWriter } from "hyparquet-writer/src/bytewriter.js";
import type { writeMetadata } from "hyparquet-writer/src/metadata.js";
import type { writePageHeader } from "hyparquet-writer/src/datapage.js";

/** Where the file's bytes go, in order. A returned promise is awaited before more are encoded (backpressure). */
export type ByteSink = (bytes: Uint8Array) => void | Promise<void>;

export interface ParquetOptions {
  /** Page compression: SNAPPY (default), GZIP, ZSTD or UNCOMPRESSED. */
  codec?: ParquetCodec | undefined;
  /** The compressor for GZIP or ZSTD where the runtime has none (a browser). */
  compressor?: Compressor | undefined;
  /** Rows per row group (default 65,536): what memory holds while writing. */
  rowGroupSize?: number | undefined;
}

type FileMetaData = Parameters<typeof writeMetadata>[1];
type SchemaElement = FileMetaData["schema"][number];
type RowGroup = FileMetaData["row_groups"][number];
type ColumnChunk = RowGroup["columns"][number];
type PageHeader = Parameters<typeof writePageHeader>[1];

/** The Parquet physical and logical type of each kind of column. */
function schemaElement(c: Pick<ExportColumn<unknown>, "name" | "kind" | "nullable">): SchemaElement {
  const repetition_type = c.nullable ? "OPTIONAL" : "REQUIRED";
  const kinds: Record<ColumnKind, Omit<SchemaElement, "name" | "repetition_type">> = {
    string: { type: "BYTE_ARRAY", converted_type: "UTF8", logical_type: { type: "STRING" } },
    int32: { type: "INT32" },
    int64: { type: "INT64" },
    boolean: { type: "BOOLEAN" },
    // UTC instants in microseconds: DuckDB reads TIMESTAMP WITH TIME ZONE, Spark a TimestampType
    timestamp: { type: "INT64", converted_type: "TIMESTAMP_MICROS", logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MICROS" } },
  };
  return { name: c.name, repetition_type, ...kinds[c.kind] };
}

function columnValues(c: ExportColumn<unknown>, capacity: number): ColumnValues {
  const stats = c.statistics === true;
  switch (c.kind) {
    case "string": return new StringValues(capacity, c.nullable, stats);
    case "int32": return new Int32Values(capacity, c.nullable, stats);
    case "boolean": return new BooleanValues(capacity, c.nullable, stats);
    default: return new Int64Values(capacity, c.nullable, stats);
  }
}

const DEFAULT_ROW_GROUP = 65_536;
/**
 * Bytes gathered before they go to the sink, within a row group: small chunks
 * (a column chunk each, about) reuse the allocator's memory; megabyte chunks
 * each took fresh pages, and their faults cost as much as compressing.
 */
const SINK_CHUNK = 1 << 16;
const PAR1 = 0x31524150;

interface Library {
  ByteWriter: typeof ByteWriter;
  writeMetadata: typeof writeMetadata;
  writePageHeader: typeof writePageHeader;
}
let library: Promise<Library> | undefined;
const loadLibrary = (): Promise<Library> => (library ??= Promise.all([
  import("hyparquet-writer/src/bytewriter.js"), import("hyparquet-writer/src/metadata.js"),
  import("hyparquet-writer/src/datapage.js"),
]).then(([b, m, d]) => ({ ByteWriter: b.ByteWriter, writeMetadata: m.writeMetadata, writePageHeader: d.writePageHeader })));

export class ParquetTable<R> {
  private readonly values: ColumnValues[];
  private readonly schema: SchemaElement[];
  private readonly records: RecordRuns | undefined;
  private readonly rowGroups: RowGroup[] = [];
  private readonly scratch = { levels: new ByteBuffer(1 << 12), values: new ByteBuffer() };
  private readonly packed = new ByteBuffer();
  private count = 0;
  /** Rows written to the file so far (row groups flushed, plus those gathered). */
  rows = 0;
  private pending: Promise<void> = Promise.resolve();
  private sent: Promise<void> = Promise.resolve();

  private constructor(
    private readonly columns: readonly ExportColumn<R>[],
    private readonly lib: Library,
    private readonly out: ByteWriter,
    private readonly sink: ByteSink,
    private readonly codec: ParquetCodec,
    private readonly compress: Compressor | undefined,
    private readonly groupSize: number,
  ) {
    this.values = columns.map((c) => columnValues(c as ExportColumn<unknown>, groupSize));
    this.schema = [{ name: "root", num_children: columns.length }, ...columns.map(schemaElement)];
    const fills = recordFills(columns as readonly ExportColumn<unknown>[]);
    this.records = fills && new RecordRuns(fills, this.values);
    out.appendUint32(PAR1);
  }

  /**
   * A new file of `columns` written to `sink`.
   * @throws UtmpError BAD_INPUT for an unknown codec, UNSUPPORTED for a codec the runtime lacks
   */
  static async create<R>(columns: readonly ExportColumn<R>[], sink: ByteSink, options: ParquetOptions = {}): Promise<ParquetTable<R>> {
    const codec = options.codec ?? "SNAPPY";
    const given = await compressorFor(codec, options.compressor);
    const lib = await loadLibrary();
    const compress = codec === "UNCOMPRESSED" ? undefined : given;
    const groupSize = Math.max(1, Math.floor(options.rowGroupSize ?? DEFAULT_ROW_GROUP));
    return new ParquetTable(columns, lib, new lib.ByteWriter(SINK_CHUNK * 2), sink, codec, compress, groupSize);
  }

  /** Adds one row; resolves once the file can take more (a full row group written out). */
  add(row: R): Promise<void> | undefined {
    if (this.records) this.records.add(row as RecordRow);
    else {
      const cols = this.columns;
      for (let k = 0; k < cols.length; k++) addCell(this.values[k]!, cols[k]!.value(row) as Cell);
    }
    this.rows++;
    return ++this.count === this.groupSize ? this.flushGroup() : undefined;
  }

  /**
   * Adds rows `from`..`to` of a record batch at once (a table of record
   * columns only); resolves once the file can take more.
   */
  async addRecords(batch: RecordRow["batch"], origin: RecordRow["origin"], from = 0, to = batch.length): Promise<void> {
    if (!this.records) throw new TypeError("addRecords: the table's columns are not record columns");
    while (from < to) {
      const n = Math.min(to - from, this.groupSize - this.count);
      this.records.addRun(batch, from, from + n, origin);
      from += n;
      this.rows += n;
      this.count += n;
      if (this.count === this.groupSize) await this.flushGroup();
    }
  }

  /** Hands the gathered bytes to the sink (in order). */
  private drain(): Promise<void> {
    const out = this.out;
    if (out.index === 0) return this.sent;
    // ArrayBuffer.slice: a memcpy, where Node 20's TypedArray.slice copies some 20 times slower
    const chunk = new Uint8Array(out.buffer.slice(0, out.index));
    out.index = 0;
    const sink = this.sink;
    this.sent = this.sent.then(() => sink(chunk));
    return this.sent;
  }

  private flushGroup(): Promise<void> {
    this.records?.flush();
    const n = this.count;
    if (n === 0) return this.pending;
    const out = this.out;
    const start = out.offset;
    const chunks: ColumnChunk[] = [];
    let total = 0n;
    for (let k = 0; k < this.values.length; k++) {
      const v = this.values[k]!;
      const chunk = this.writeChunk(this.columns[k]!, this.schema[k + 1]!, v.encode(this.scratch), n);
      v.reset();
      total += chunk.meta_data!.total_uncompressed_size;
      chunks.push(chunk);
      if (out.index > SINK_CHUNK) void this.drain();
    }
    this.rowGroups.push({ columns: chunks, total_byte_size: total, num_rows: BigInt(n), total_compressed_size: BigInt(out.offset - start) });
    this.count = 0;
    const written = this.drain();
    this.pending = this.pending.then(() => written);
    return this.pending;
  }

  /** Writes a page: its header, then `levels` as they are and `body` compressed; the bytes it takes uncompressed. */
  private page(header: Omit<PageHeader, "uncompressed_page_size" | "compressed_page_size">, levels: Uint8Array, body: Uint8Array): number {
    const out = this.out;
    let packed = body;
    if (this.compress) packed = this.compress(body);
    else if (this.codec === "SNAPPY") {
      this.packed.clear();
      snappyInto(this.packed, body);
      packed = this.packed.buffer.subarray(0, this.packed.length);
    }
    const at = out.offset;
    this.lib.writePageHeader(out, {
      ...header, uncompressed_page_size: levels.length + body.length, compressed_page_size: levels.length + packed.length,
    } as PageHeader);
    const headerSize = out.offset - at;
    if (levels.length) out.appendBytes(levels);
    out.appendBytes(packed);
    return headerSize + levels.length + body.length;
  }

  private writeChunk(c: ExportColumn<R>, element: SchemaElement, e: EncodedChunk, n: number): ColumnChunk {
    const out = this.out;
    const start = out.offset;
    let uncompressed = 0;
    let dictionary_page_offset: bigint | undefined;
    if (e.dictionary) {
      dictionary_page_offset = BigInt(out.offset);
      uncompressed += this.page({ type: "DICTIONARY_PAGE", dictionary_page_header: { num_values: e.dictionary.count, encoding: "PLAIN" } } as PageHeader,
        new Uint8Array(0), e.dictionary.bytes);
    }
    const data_page_offset = BigInt(out.offset);
    uncompressed += this.page({
      type: "DATA_PAGE_V2",
      data_page_header_v2: {
        num_values: n, num_nulls: e.nulls, num_rows: n, encoding: e.encoding,
        definition_levels_byte_length: e.levels.length, repetition_levels_byte_length: 0, is_compressed: this.codec !== "UNCOMPRESSED",
      },
    } as PageHeader, e.levels, e.values);
    const stats = c.statistics === true;
    return {
      file_offset: BigInt(start),
      meta_data: {
        type: element.type!,
        encodings: e.dictionary ? ["PLAIN", "RLE_DICTIONARY"] : ["PLAIN"],
        path_in_schema: [c.name],
        codec: this.codec,
        num_values: BigInt(n),
        total_compressed_size: BigInt(out.offset - start),
        total_uncompressed_size: BigInt(uncompressed),
        data_page_offset,
        ...(dictionary_page_offset === undefined ? {} : { dictionary_page_offset }),
        ...(stats ? {
          statistics: { min_value: e.min, max_value: e.max, null_count: BigInt(e.nulls) },
          encoding_stats: [
            ...(e.dictionary ? [{ page_type: "DICTIONARY_PAGE", encoding: "PLAIN", count: 1 }] : []),
            { page_type: "DATA_PAGE_V2", encoding: e.encoding, count: 1 },
          ],
        } : {}),
      } as NonNullable<ColumnChunk["meta_data"]>,
    };
  }

  /** Writes the last row group and the footer; the file is complete when this resolves. */
  async close(): Promise<void> {
    await this.flushGroup();
    const metadata = {
      version: 2, created_by: "utmpx", schema: this.schema,
      num_rows: this.rowGroups.reduce((s, g) => s + g.num_rows, 0n), row_groups: this.rowGroups,
    };
    this.lib.writeMetadata(this.out, metadata as FileMetaData);
    this.out.appendUint32(PAR1);
    await this.drain();
  }
}
