// A read-only SQLite database over bytes in memory, with its WAL applied when
// given: the entry point of src/sqlite/. Pure TypeScript, so it runs the same
// in Node, Deno, Bun and the browser.
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { VarintReader, corrupt } from "./bytes.ts";
import { tableCells } from "./btree.ts";
import { parseCreateTable } from "./createTable.ts";
import type { SqliteHeader } from "./header.ts";
import { Pager, type DatabaseBytes } from "./pager.ts";
import { decodeRecord, type SqliteValue } from "./record.ts";
import { SqliteTable, type SqliteRow } from "./table.ts";

export interface SqliteOpenOptions {
  /** The bytes of the database's -wal file: its committed frames are applied. */
  readonly wal?: Uint8Array | undefined;
}

/** A row of sqlite_schema. */
export interface SchemaEntry {
  readonly type: string;
  readonly name: string;
  readonly tableName: string;
  readonly rootPage: number;
  readonly sql: string | null;
}

/** What the WAL added, for the caller's warning. */
export interface WalSummary {
  readonly framesApplied: number;
  readonly transactionsApplied: number;
  readonly framesIgnored: number;
  /** Why the whole log was ignored (as SQLite ignores it), if it was. */
  readonly ignored?: string | undefined;
}

export class SqliteDatabase {
  readonly header: SqliteHeader;
  readonly pageCount: number;
  /** Undefined when no WAL (or an empty one) was given. */
  readonly wal: WalSummary | undefined;
  private readonly pager: Pager;
  private schemaRows: SchemaEntry[] | undefined;

  /** @throws UtmpError BAD_INPUT when the database or WAL is malformed (the message names the offset). */
  constructor(bytes: DatabaseBytes, options: SqliteOpenOptions = {}) {
    this.pager = new Pager(bytes, options.wal);
    this.header = this.pager.header;
    this.pageCount = this.pager.pageCount;
    const w = this.pager.wal;
    this.wal = w === undefined ? undefined : { framesApplied: w.framesApplied, transactionsApplied: w.transactionsApplied, framesIgnored: w.framesIgnored, ignored: w.ignored };
  }

  /** The rows of sqlite_schema (tables, indexes, views, triggers), read once. */
  schema(): readonly SchemaEntry[] {
    if (this.schemaRows !== undefined) return this.schemaRows;
    const rows: SchemaEntry[] = [];
    for (const { values, offset } of this.rawRows(1)) {
      const [type, name, tableName, rootPage, sql] = values;
      if (typeof type !== "string" || typeof name !== "string" || typeof tableName !== "string" || typeof rootPage !== "number" || (sql !== null && typeof sql !== "string")) {
        throw corrupt("a sqlite_schema row is not (type, name, tbl_name, rootpage, sql)", offset);
      }
      rows.push({ type, name, tableName, rootPage, sql });
    }
    return (this.schemaRows = rows);
  }

  /**
   * The table of that name (case-insensitive, as in SQL), or undefined.
   * @throws UtmpError UNSUPPORTED_FORMAT for WITHOUT ROWID and virtual tables.
   */
  table(name: string): SqliteTable | undefined {
    const lower = name.toLowerCase();
    const entry = this.schema().find((e) => e.type === "table" && e.name.toLowerCase() === lower);
    if (entry === undefined) return undefined;
    const shape = entry.sql === null ? undefined : parseCreateTable(entry.sql);
    if (shape === undefined || shape.withoutRowid || entry.rootPage < 1) {
      throw new UtmpError(UtmpErrorCode.UNSUPPORTED_FORMAT, `SQLite table ${entry.name} is not an ordinary rowid table (WITHOUT ROWID, virtual or unparsed): not read`);
    }
    return new SqliteTable(this.pager, entry.name, entry.rootPage, entry.sql!, shape);
  }

  /** The records of any table B-tree by root page, as stored (an INTEGER PRIMARY KEY reads NULL). */
  *rawRows(rootPage: number): Generator<SqliteRow & { readonly offset: number }> {
    const varint = new VarintReader();
    for (const cell of tableCells(this.pager, rootPage)) {
      const values: SqliteValue[] = decodeRecord(cell.bytes, cell.start, cell.length, cell.offset, cell.file, varint);
      yield { rowid: cell.rowid, values, offset: cell.offset };
    }
  }
}
