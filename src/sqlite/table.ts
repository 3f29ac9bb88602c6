// A table found in sqlite_schema: its columns from the CREATE TABLE text and
// its rows in rowid order, with the rowid standing in for an INTEGER PRIMARY KEY.
import { VarintReader } from "./bytes.ts";
import { estimateRows, tableCells } from "./btree.ts";
import type { TableShape } from "./createTable.ts";
import type { DamageLog } from "./damage.ts";
import type { Pager } from "./pager.ts";
import { decodeRecord, RecordCells, type SqliteValue } from "./record.ts";

export interface SqliteRow {
  readonly rowid: number | bigint;
  /** One value per column of the table, in declaration order. */
  readonly values: SqliteValue[];
}

export class SqliteTable {
  readonly name: string;
  readonly rootPage: number;
  readonly sql: string;
  readonly columns: readonly string[];
  /** Index of the INTEGER PRIMARY KEY column, or -1. */
  readonly rowidAlias: number;
  readonly strict: boolean;
  private readonly pager: Pager;

  constructor(pager: Pager, name: string, rootPage: number, sql: string, shape: TableShape) {
    this.pager = pager;
    this.name = name;
    this.rootPage = rootPage;
    this.sql = sql;
    this.columns = shape.columns;
    this.rowidAlias = shape.rowidAlias;
    this.strict = shape.strict;
  }

  /** Index of a column by name (case-insensitive, as in SQL), or -1. */
  column(name: string): number {
    const lower = name.toLowerCase();
    return this.columns.findIndex((c) => c.toLowerCase() === lower);
  }

  /**
   * The rows in rowid order. A record shorter than the column list (a column
   * added by ALTER TABLE later) reads NULL for the missing columns; their
   * DEFAULT is not applied. Throws BAD_INPUT on a damaged tree or record, or
   * with `damage` passes over what is damaged below the root (see tableCells),
   * a record that cannot be read too, and notes it there.
   */
  *rows(damage?: DamageLog): Generator<SqliteRow> {
    const varint = new VarintReader();
    const cells = new RecordCells();
    const width = this.columns.length;
    for (const cell of tableCells(this.pager, this.rootPage, damage)) {
      let values: SqliteValue[];
      try {
        values = decodeRecord(cell.bytes, cell.start, cell.length, cell.offset, cell.file, varint, cells);
      } catch (err) {
        if (!damage) throw err;
        damage.note(err, `row ${cell.rowid} is not read`);
        continue;
      }
      while (values.length < width) values.push(null);
      // SQLite stores NULL for the alias and reads the rowid in its place
      if (this.rowidAlias >= 0 && values[this.rowidAlias] === null) values[this.rowidAlias] = cell.rowid;
      yield { rowid: cell.rowid, values };
    }
  }

  /** About how many rows the table holds, at most `limit` (see btree.ts estimateRows); 0 when it cannot tell. */
  estimateRows(limit: number): number {
    return estimateRows(this.pager, this.rootPage, limit);
  }

  /**
   * Each row in rowid order as a parsed record, its values not decoded (one
   * RecordCells, refilled per row: read it in `visit`). Value k of a record
   * shorter than the column list is NULL; the rowid alias's value is NULL
   * too: the rowid stands for it. Throws, or passes over damage, as rows() does.
   */
  eachRecord(visit: (rowid: number | bigint, cells: RecordCells) => void, damage?: DamageLog): void {
    const varint = new VarintReader();
    const cells = new RecordCells();
    for (const cell of tableCells(this.pager, this.rootPage, damage)) {
      try {
        cells.parse(cell.bytes, cell.start, cell.length, cell.offset, cell.file, varint);
      } catch (err) {
        if (!damage) throw err;
        damage.note(err, `row ${cell.rowid} is not read`);
        continue;
      }
      visit(cell.rowid, cells);
    }
  }
}
