// The export's record rows (exportSchema.ts, any selection of its columns) as
// a program the core writes them by (assembly/exportRows.ts, CoreText.exportText):
// per column, either a cell that is the same in every row (the host, the
// source, the layout, a field the layout lacks), folded into the bytes before
// the next cell, or an op the core does per row. The cells are those
// ExportRecordBytes writes (test/format/exportRecordBytes.test.ts holds them
// equal); a layout whose strings or types the core does not read as the host
// does gets no program.
import { TypeSource, type ExportCell, type ExportProgram, type RecordBatch } from "../core/recordBatch.ts";
import { UNKNOWN } from "../layouts/entryType.ts";
import { stringBytes } from "../util/text.ts";
import { concatBytes } from "../util/concatBytes.ts";
import type { CellSyntax } from "./exportCells.ts";
import type { ExportColumn, RecordOrigin, RecordRow } from "./exportSchema.ts";

const STRING_FIELDS = { user: "user", line: "line", id: "id", ut_host: "host" } as const;

/**
 * The program of `columns` for `batch`'s layout and `origin`, each cell after
 * `keys[k]` (a column's key, or CSV's comma); undefined where the core cannot
 * write these rows: types told by strings, binary ids, a host of counted length,
 * or a column it has no op for.
 */
export function exportProgram(columns: readonly ExportColumn<RecordRow>[], keys: readonly Uint8Array[], syntax: CellSyntax,
  batch: RecordBatch, origin: RecordOrigin): ExportProgram | undefined {
  const layout = batch.layout;
  if (batch.typeSource !== TypeSource.Table || layout.binaryId || layout.fields.hostLength) return undefined;
  const json = syntax.format === "ndjson";
  const cells: ExportCell[] = [];
  let before: Uint8Array[] = [stringBytes(json ? "{" : "")];
  const op = (cell: Omit<ExportCell, "before">) => {
    cells.push({ before: concatBytes(before), ...cell });
    before = [];
  };
  /** The column's op where the layout has the field, else its NULL in every row. */
  const opIf = (has: boolean, cell: Omit<ExportCell, "before">) => (has ? op(cell) : before.push(syntax.nullCell));
  for (const [k, c] of columns.entries()) {
    before.push(keys[k]!);
    switch (c.name) {
      case "host": before.push(syntax.encode(origin.host)); break;
      case "source": before.push(syntax.encode(origin.source)); break;
      case "layout": before.push(syntax.encode(layout.id)); break;
      case "offset": op({ op: "offset" }); break;
      case "type": op({ op: "type" }); break;
      case "raw_type": opIf(batch.hasType, { op: "int", arg: "raw_type" }); break;
      case "user": case "line": case "id": case "ut_host": {
        const field = STRING_FIELDS[c.name];
        opIf(!!layout.fields[field], { op: "string", arg: field });
        break;
      }
      case "addr": opIf(batch.hasAddr, { op: "addr" }); break;
      case "pid": opIf(batch.hasPid, { op: "int", arg: batch.unsignedPid ? "pid_unsigned" : "pid" }); break;
      case "session": opIf(batch.hasSession, { op: "session" }); break;
      case "exit_termination": case "exit_status": opIf(batch.hasExit, { op: "int", arg: c.name }); break;
      case "time": op({ op: "time" }); break;
      case "zeroed": op({ op: "zeroed" }); break;
      default: return undefined; // a column added to the schema since: ExportRecordBytes writes it
    }
  }
  before.push(stringBytes(json ? "}\n" : "\r\n"));
  const types = Array.from({ length: 256 }, (_, t) => syntax.encode(layout.types[t] ?? UNKNOWN));
  return { cells, end: concatBytes(before), types, csv: !json };
}
