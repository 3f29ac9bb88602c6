// One Parquet file of rows of an export schema, written while rows come: rows
// are gathered into one row group's columns, which is encoded and handed to
// the sink before the next is gathered, so memory holds one row group whatever
// the number of rows. The encoding is hyparquet-writer's, loaded on first use.
import type { ExportColumn, ColumnKind, Cell } from "./exportSchema.ts";
import { compressorFor, type Compressor, type ParquetCodec } from "./parquetCodecs.ts";
import type { ParquetWriter } from "hyparquet-writer";

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

type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]["schema"][number];

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

const DEFAULT_ROW_GROUP = 65_536;
/** Bytes the writer's buffer gathers before they go to the sink, within a row group. */
const SINK_CHUNK = 1 << 20;

type HyparquetWriter = typeof import("hyparquet-writer");
let library: Promise<HyparquetWriter> | undefined;
const loadLibrary = (): Promise<HyparquetWriter> => (library ??= import("hyparquet-writer"));

export class ParquetTable<R> {
  private readonly cells: Cell[][];
  private count = 0;
  /** Rows written to the file so far (row groups flushed, plus those gathered). */
  rows = 0;
  private pending: Promise<void> = Promise.resolve();

  private constructor(
    private readonly columns: readonly ExportColumn<R>[],
    private readonly writer: ParquetWriter,
    private readonly groupSize: number,
  ) {
    this.cells = columns.map(() => new Array<Cell>(groupSize));
  }

  /**
   * A new file of `columns` written to `sink`.
   * @throws UtmpError BAD_INPUT for an unknown codec, UNSUPPORTED for a codec the runtime lacks
   */
  static async create<R>(columns: readonly ExportColumn<R>[], sink: ByteSink, options: ParquetOptions = {}): Promise<ParquetTable<R>> {
    const codec = options.codec ?? "SNAPPY";
    const compressor = await compressorFor(codec, options.compressor);
    const { ByteWriter, ParquetWriter } = await loadLibrary();
    // hyparquet-writer's Writer calls flush() after each row group and finish() at the end: both drain to the sink
    const out: InstanceType<HyparquetWriter["ByteWriter"]> & { flush?: () => Promise<void> } = new ByteWriter(SINK_CHUNK * 2);
    let sent = Promise.resolve();
    const drain = (): Promise<void> => {
      if (out.index === 0) return sent;
      const chunk = new Uint8Array(out.buffer, 0, out.index).slice();
      out.index = 0;
      sent = sent.then(() => sink(chunk));
      return sent;
    };
    // pages of a large row group go out as they are made, not all at its end
    const ensure = out.ensure.bind(out);
    out.ensure = (size: number) => {
      if (out.index > SINK_CHUNK) void drain();
      ensure(size);
    };
    out.flush = drain;
    out.finish = drain;
    const writer = new ParquetWriter({
      writer: out,
      schema: [{ name: "root", num_children: columns.length }, ...columns.map(schemaElement)],
      codec,
      ...(compressor ? { compressors: { [codec]: compressor } } : {}),
      createdBy: "utmpx (hyparquet-writer)",
    });
    const groupSize = Math.max(1, Math.floor(options.rowGroupSize ?? DEFAULT_ROW_GROUP));
    return new ParquetTable(columns, writer, groupSize);
  }

  /** Adds one row; resolves once the file can take more (a full row group written out). */
  add(row: R): Promise<void> | undefined {
    const n = this.count;
    const cols = this.columns;
    for (let k = 0; k < cols.length; k++) this.cells[k]![n] = cols[k]!.value(row);
    this.count = n + 1;
    this.rows++;
    return this.count === this.groupSize ? this.flushGroup() : undefined;
  }

  private flushGroup(): Promise<void> {
    const n = this.count;
    if (n === 0) return this.pending;
    const columnData = this.columns.map((c, k) => ({
      name: c.name, data: n === this.groupSize ? this.cells[k]! : this.cells[k]!.slice(0, n), statistics: c.statistics === true,
    }));
    this.count = 0;
    // the row group is encoded now (the cells are reused after), its bytes awaited in order
    const written = this.writer.write({ columnData, rowGroupSize: n });
    this.pending = this.pending.then(() => written);
    return this.pending;
  }

  /** Writes the last row group and the footer; the file is complete when this resolves. */
  async close(): Promise<void> {
    await this.flushGroup();
    await this.writer.finish();
  }
}
