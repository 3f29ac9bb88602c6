// A Hive-partitioned Parquet dataset on disk: OUT/host=<host>/part-N.parquet,
// a new part every `rowsPerFile` rows, as DuckDB (hive_partitioning) and Spark
// (spark.read.parquet) read a folder. A part is written under a hidden
// temporary name and renamed when complete, so a reader never sees half a file.
import { mkdirSync, openSync, closeSync, writeSync, renameSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import type { ExportColumn } from "../format/exportSchema.ts";
import { ParquetTable, type ParquetOptions } from "../format/parquetTable.ts";

/** A partition value as Hive writes it in a folder name: characters outside a safe set as %XX. */
export function hiveValue(value: string): string {
  return value === "" ? "__HIVE_DEFAULT_PARTITION__" : value.replace(/[^A-Za-z0-9._-]/g, (c) =>
    [...new TextEncoder().encode(c)].map((b) => "%" + b.toString(16).toUpperCase().padStart(2, "0")).join(""));
}

interface OpenPart {
  readonly host: string;
  readonly table: ParquetTable<unknown>;
  readonly fd: number;
  readonly temporary: string;
  readonly final: string;
}

export class ParquetDataset<R> {
  private part: OpenPart | undefined;
  private readonly parts = new Map<string, number>();
  /** The files written, complete. */
  readonly files: string[] = [];

  constructor(
    private readonly root: string,
    private readonly columns: readonly ExportColumn<R>[],
    private readonly options: ParquetOptions & { rowsPerFile: number },
  ) {}

  /**
   * Refuses a folder that already holds files: parts of an earlier export
   * would mix with this one's.
   * @throws UtmpError IO when `root` is a non-empty folder or cannot be made
   */
  static prepare(root: string): void {
    let existing: string[] = [];
    try {
      existing = readdirSync(root);
    } catch { /* absent: made below */ }
    if (existing.length > 0) throw new UtmpError(UtmpErrorCode.IO, `utmpx: ${root} is not empty: export into a new or empty folder`, { path: root });
    try {
      mkdirSync(root, { recursive: true });
    } catch (err) {
      throw new UtmpError(UtmpErrorCode.IO, `utmpx: cannot make ${root}: ${(err as Error).message}`, { path: root, cause: err });
    }
  }

  /** Adds a row of `host`'s; a promise when the dataset must be waited for (a row group or a part written). */
  add(host: string, row: R): Promise<void> | undefined {
    const part = this.part;
    if (part && part.host === host && part.table.rows < this.options.rowsPerFile) return (part.table as ParquetTable<R>).add(row);
    return this.addToNewPart(host, row);
  }

  private async addToNewPart(host: string, row: R): Promise<void> {
    await this.closePart();
    const part = this.part = await this.openPart(host);
    await (part.table as ParquetTable<R>).add(row);
  }

  private async openPart(host: string): Promise<OpenPart> {
    const n = this.parts.get(host) ?? 0;
    this.parts.set(host, n + 1);
    const dir = join(this.root, `host=${hiveValue(host)}`);
    mkdirSync(dir, { recursive: true });
    const final = join(dir, `part-${n}.parquet`);
    const temporary = join(dir, `.part-${n}.parquet.tmp`);
    const fd = openSync(temporary, "w");
    const table = await ParquetTable.create(this.columns as readonly ExportColumn<unknown>[], (chunk) => {
      // synchronous writes: a part's bytes go out in order, and no chunk is held past its write
      for (let at = 0; at < chunk.length;) at += writeSync(fd, chunk, at);
    }, this.options);
    return { host, table, fd, temporary, final };
  }

  private async closePart(): Promise<void> {
    const part = this.part;
    if (!part) return;
    this.part = undefined;
    try {
      await part.table.close();
    } finally {
      closeSync(part.fd);
    }
    renameSync(part.temporary, part.final);
    this.files.push(part.final);
  }

  /** Completes the open part. */
  close(): Promise<void> {
    return this.closePart();
  }
}
